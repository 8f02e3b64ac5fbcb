"""The program's other windows while the main window is locked: put away, then brought back.

Nothing about a client may show over the lock screen, so locking hides every
other window: popups and tooltips close, a window or a dialog opened with
``open()`` is hidden and shown again after unlocking, and a dialog or question
being run by ``Prompts`` is parked (kit/parking.py): it waits, with its typing,
and runs again after unlocking. A window that opens while locked (a late
message box) is put away the same way. Ending the session over the lock while
a parked dialog holds typing asks first (``may_lose_parked``), naming no one.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from iopdesk.ui.kit import parking
from iopdesk.ui.kit.fields import tr
from iopdesk.ui.kit.keep_typing import parked_typing
from iopdesk.ui.kit.prompts import Prompts

log = logging.getLogger(__name__)


class OtherWindows:
    """Every window but ``window`` and the ``lock_screen`` (and what belongs to it)."""

    def __init__(self, window: QWidget, lock_screen: QWidget) -> None:
        self.window = window
        self.lock_screen = lock_screen
        self.hidden: list[tuple[QWidget, parking.Keyboard]] = []  # shown again after unlocking

    def put_away_all(self) -> None:
        QToolTip.hideText()
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()
            if popup.isVisible():  # a popup that refuses to close is hidden instead
                popup.hide()
        self.hidden = []
        for widget in QApplication.topLevelWidgets():
            if widget is not self.window and widget.isVisible() and not self.belongs_to_lock(widget):
                self.put_away(widget)

    def put_away(self, widget: QWidget) -> None:
        if not shiboken6.isValid(widget) or not widget.isVisible():
            return
        if parking.is_running(widget):
            parking.park(widget)  # its exec() waits, and runs again after unlocking
        else:
            self.hidden.append((widget, parking.Keyboard(widget)))
            widget.hide()  # a window, or a dialog opened with open()

    def bring_back(self) -> None:
        for widget, keyboard in self.hidden:
            if shiboken6.isValid(widget):  # a dialog its owner deleted meanwhile stays gone
                keyboard.take(widget)
                widget.show()
        self.hidden = []

    def belongs_to_lock(self, widget: QWidget) -> bool:
        node: QObject | None = widget
        while node is not None:
            if node is self.lock_screen:
                return True
            node = node.parent()
        return False


def may_lose_parked(prompts: Prompts, lock_screen: QWidget, doing: str) -> bool:
    """Over the lock: True when no dialog behind it holds typing, or the person at the keyboard
    chose to lose it (``doing`` is "switch" or "close"). The question names no one: the person at
    the keyboard may not be the one who typed."""
    if not parked_typing():
        return True
    lose = tr("Switch user and lose it") if doing == "switch" else tr("Close and lose it")
    chosen = prompts.confirm(
        lock_screen,
        tr("Not saved"),
        tr(
            "A window left open before the lock holds typing that is not saved. "
            "Unlocking brings it back; going on closes it and the typing is lost."
        ),
        lose,
        tr("Stay locked"),
    )
    log.info("typing in a dialog behind the lock, before %s: %s", doing, "dropped" if chosen else "kept")
    return chosen
