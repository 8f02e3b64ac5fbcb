"""A dialog's first size, within the screen it opens on.

Qt moves a dialog onto the screen but does not shrink one sized by hand: a dialog 780 pixels tall
on a 1366×768 laptop (the taskbar leaves about 730) kept its buttons below the screen's edge.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

FRAME = QSize(40, 40)  # a title bar and borders, drawn by the window system outside the dialog


def screen_of(widget: QWidget) -> QScreen | None:
    """The screen ``widget`` is on (a dialog not shown yet: its parent's), else the primary one.

    Never ``widget.screen()``: PySide makes the QScreen it returns a child of the widget's Python
    object, and when that object is collected the QScreen itself can be deleted with it. The next
    window made then crashed in QScreen::virtualSiblings (seen in the test suite, after a dialog the
    lock had put away was dropped with its window). The static lookups have no such tie."""
    parent = widget.parentWidget()
    anchor = widget if widget.isVisible() or parent is None else parent
    centre = anchor.mapToGlobal(anchor.rect().center())
    return QGuiApplication.screenAt(centre) or QGuiApplication.primaryScreen()


def room(widget: QWidget) -> QSize:
    """The most a window can be on the screen ``widget`` opens on, its frame left out."""
    screen = screen_of(widget)
    if screen is None:  # no screen at all (never on a desktop): nothing to bound by
        return QSize(1 << 16, 1 << 16)
    return screen.availableGeometry().size() - FRAME


def first_size(dialog: QWidget, width: int, height: int) -> None:
    """``width`` × ``height``, or less where the screen has no room for it."""
    free = room(dialog)
    dialog.resize(min(width, free.width()), min(height, free.height()))


class _LeastSize(QObject):
    def __init__(self, dialog: QWidget, least: QSize) -> None:
        super().__init__(dialog)
        self.least = least
        dialog.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show) and isinstance(watched, QWidget):
            layout = watched.layout()
            needs = layout.totalMinimumSize() if layout is not None else QSize(0, 0)
            watched.setMinimumSize(needs.expandedTo(self.least.boundedTo(room(watched))))
        return super().eventFilter(watched, event)


def least_size(dialog: QWidget, width: int, height: int = 0) -> None:
    """The dialog never smaller than ``width`` × ``height`` (within the screen), nor than its
    layout needs. Not ``setMinimumSize``: a minimum set by hand replaces the layout's own, and at
    large text the contents were cut (Snippets… stayed 860 wide around contents needing 976)."""
    _LeastSize(dialog, QSize(width, height))
