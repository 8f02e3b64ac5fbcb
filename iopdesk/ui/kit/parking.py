"""A dialog that the lock put away keeps what was typed in it and comes back after unlocking.

The lock hides every window, so that nothing about a client shows over the lock
screen. Hiding a modal dialog ends its ``exec()`` as if it had been cancelled,
and that would throw away what the person typed. Every dialog IOPdesk runs
modally goes through ``Prompts``, which runs it with ``run_modal``: while it
runs it carries the RUNNING mark. The lock *parks* such a dialog (``park``)
instead of only hiding it. When ``exec()`` returns, ``run_modal`` sees the
PARKED mark and waits until the window is unlocked (``Hold.wait``). Then it runs
the same dialog again, with its fields as they were and the keyboard where it
was. If the session ends behind the lock (switch user, the window closed, the
program quitting), the wait ends unanswered and the dialog counts as cancelled.

Only one session runs at a time, so one ``Hold`` serves the program (``hold()``).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QDialog, QWidget

RUNNING = "iopdeskRunningModal"  # a widget property: its exec() runs under run_modal
PARKED = "iopdeskParked"  # a widget property: the lock hid it while it ran


class Hold(QObject):
    """Whether the window is locked, and what the last lock ended in."""

    waiting = Signal(object)
    """A parked dialog waits for the window to be unlocked; carries the dialog."""
    over = Signal()
    """The lock ended: unlocked (``released``) or the session is over."""

    def __init__(self) -> None:
        super().__init__()
        self.held = False
        self.released = False

    def hold(self) -> None:
        """The window locked: parked dialogs wait."""
        self.held, self.released = True, False

    def release(self) -> None:
        """The right password was typed: parked dialogs come back."""
        if self.held:
            self.held, self.released = False, True
            self.over.emit()

    def end(self) -> None:
        """The session ended behind the lock: parked dialogs count as cancelled."""
        if self.held:
            self.held, self.released = False, False
            self.over.emit()

    def wait(self, dialog: QDialog) -> bool:
        """Wait while the window is locked; True when it was unlocked (the dialog runs again)."""
        if self.held:
            loop = QEventLoop()
            self.over.connect(loop.quit)
            self.waiting.emit(dialog)
            try:
                if self.held:  # whoever heard ``waiting`` may have unlocked already
                    loop.exec()  # also ends when the program quits: then still held, not released
            finally:
                self.over.disconnect(loop.quit)
        return not self.held and self.released


_hold: Hold | None = None
_focus: dict[QWidget, QWidget | None] = {}  # a parked dialog's field that had the keyboard


def hold() -> Hold:
    """The program's one Hold (made on first use, on the GUI thread)."""
    global _hold
    if _hold is None:
        _hold = Hold()
    return _hold


def run_modal(dialog: QDialog) -> int:
    """``dialog.exec()``, run again with its typing when the lock put it away meanwhile."""
    while True:
        dialog.setProperty(RUNNING, True)
        try:
            code = dialog.exec()
        finally:
            dialog.setProperty(RUNNING, False)
        if not dialog.property(PARKED):
            return code
        focus = _focus.pop(dialog, None)
        try:
            back = hold().wait(dialog)
        finally:
            dialog.setProperty(PARKED, False)  # marked while it waits: ``parked()`` finds it
        if not back:
            return int(QDialog.DialogCode.Rejected)
        if focus is not None and shiboken6.isValid(focus) and focus.window() is dialog:
            focus.setFocus(Qt.FocusReason.OtherFocusReason)  # taken when the dialog shows again


def is_running(widget: QWidget) -> bool:
    return bool(widget.property(RUNNING))


def park(widget: QWidget) -> None:
    """Hide a dialog running under ``run_modal``; it comes back once the window is unlocked."""
    if shiboken6.isValid(widget) and widget.isVisible():
        _focus[widget] = widget.focusWidget()  # hiding a window moves its focus: put back after
        widget.setProperty(PARKED, True)
        widget.hide()  # its exec() returns; run_modal sees the mark and waits


def parked() -> list[QWidget]:
    """The dialogs waiting behind the lock now (outermost first)."""
    return [widget for widget in QApplication.topLevelWidgets() if widget.property(PARKED)]
