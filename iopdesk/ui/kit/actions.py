"""Actions with keyboard shortcuts that live on a view, and buttons that mirror them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QPushButton, QWidget


def make_action(owner: QWidget, text: str, shortcut: str | None, slot: Callable[[], None]) -> QAction:
    """An action whose shortcut works while the focus is anywhere inside ``owner``."""
    action = QAction(text, owner)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(lambda _checked=False: slot())
    owner.addAction(action)
    return action


def action_button(action: QAction, *, primary: bool = False) -> QPushButton:
    button = QPushButton(action.text())
    if primary:
        button.setObjectName("primary")
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    plain = action.text().replace("&", "")
    button.setToolTip(f"{plain} ({keys})" if keys else plain)
    button.clicked.connect(lambda _checked=False: action.trigger())
    action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
    button.setEnabled(action.isEnabled())
    return button


def ctrl_enter_presses(owner: QWidget, button: QAbstractButton) -> None:
    """Ctrl+Enter (either Enter key) anywhere inside ``owner`` presses ``button`` while it is shown
    and enabled: from a text box, where Enter starts a new line, as from any other field."""

    def press() -> None:
        if button.isEnabled() and button.isVisible():
            button.click()

    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        shortcut = QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | key), owner)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(press)


def plain_enter(event: QKeyEvent) -> bool:
    """Return, or Enter on the keypad, with no Ctrl, Shift or Alt (the keypad's Enter always comes
    with KeypadModifier, which says where the key is, not that another key is held)."""
    held = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and held == Qt.KeyboardModifier.NoModifier


class EnterOpens(QObject):
    """Enter or Return (the keypad's too) on a table/list calls ``slot`` (double-click too),
    whatever the platform's "activated" rule is (some desktops activate on a single click)."""

    def __init__(self, view: QAbstractItemView, slot: Callable[[], None]) -> None:
        super().__init__(view)
        self.slot = slot
        view.installEventFilter(self)
        view.doubleClicked.connect(lambda _index: slot())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if plain_enter(event):
                self.slot()
                return True
        return super().eventFilter(watched, event)


class EnterPresses(QObject):
    """Enter or Return on a button that has the focus presses it, as Space does.

    For dialogs whose buttons are not auto-default (so that Enter in a list or a field never
    presses one by chance): Qt then gives Enter nothing to do on the button itself, and a person
    who tabbed to it presses Enter and waits."""

    def __init__(self, *buttons: QAbstractButton) -> None:
        super().__init__(buttons[0])
        for button in buttons:
            button.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, QAbstractButton):
            assert isinstance(event, QKeyEvent)
            if plain_enter(event):
                if watched.isEnabled():
                    watched.animateClick()
                return True
        return super().eventFilter(watched, event)


class DownToList(QObject):
    """Down (or Enter) in a filter box moves the focus to the list it filters."""

    def __init__(self, edit: QWidget, view: QAbstractItemView) -> None:
        super().__init__(edit)
        self.view = view
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.view.setFocus()
                return True
        return super().eventFilter(watched, event)
