"""A dialog that the lock put away keeps what was typed in it and comes back after unlocking.

The lock hides every window, so that nothing about a client shows over the lock
screen. Hiding a modal dialog ends its ``exec()`` as if it had been cancelled,
and that would throw away what the person typed. Every dialog IOPdesk runs
modally in a session is run by ``run_modal`` (through ``Prompts``, or directly:
the file choosers, a report's failure, the crash and About boxes): while it
runs it carries the RUNNING mark. Only the sign-in's own dialogs, before any
session and so before any lock, call ``exec()``. The lock *parks* such a dialog (``park``)
instead of only hiding it. When ``exec()`` returns, ``run_modal`` sees the
PARKED mark and waits until the window is unlocked (``Hold.wait``). Then it runs
the same dialog again, with its fields as they were and the keyboard where it
was. If the session ends behind the lock (switch user, the window closed, the
program quitting), the wait ends unanswered and the dialog counts as cancelled.

Only one session runs at a time, so one ``Hold`` serves the program (``hold()``).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QDialog, QLineEdit, QWidget

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


class Keyboard:
    """Where a dialog had the keyboard: the field, and in a line box the cursor and selection.

    Hiding a window moves its focus, and QDialog shows itself again by sending its focus field a
    Tab-focus event, on which a line box selects all its text: the next key would have replaced
    what the person typed. Both are put back as they were."""

    def __init__(self, dialog: QWidget) -> None:
        self.field = dialog.focusWidget()
        self.edit = _line_of(self.field)
        self.line = (
            (self.edit.cursorPosition(), self.edit.selectionStart(), len(self.edit.selectedText()))
            if self.edit is not None
            else None
        )

    def take(self, dialog: QWidget) -> None:
        """Before the dialog shows again: the field will have the keyboard."""
        if self.field is not None and shiboken6.isValid(self.field) and self.field.window() is dialog:
            self.field.setFocus(Qt.FocusReason.OtherFocusReason)
            QTimer.singleShot(0, self.put_back)  # runs once the dialog is up again

    def put_back(self) -> None:
        edit = self.edit
        if self.line is None or edit is None or not shiboken6.isValid(edit):
            return
        cursor, start, length = self.line
        if length:
            edit.setSelection(start, length)
        else:
            edit.deselect()
            edit.setCursorPosition(cursor)


def _line_of(field: QWidget | None) -> QLineEdit | None:
    """The line a person types in: the field itself, or the line inside a number, date or time box
    or an editable list (those select all their text on a Tab-focus event too)."""
    if isinstance(field, QLineEdit):
        return field
    if isinstance(field, QAbstractSpinBox | QComboBox):
        return field.findChild(QLineEdit)
    return None


_hold: Hold | None = None
_focus: dict[QWidget, Keyboard] = {}  # where each parked dialog had the keyboard


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
        keyboard = _focus.pop(dialog, None)
        try:
            back = hold().wait(dialog)
        finally:
            dialog.setProperty(PARKED, False)  # marked while it waits: ``parked()`` finds it
        if not back:
            return int(QDialog.DialogCode.Rejected)
        if keyboard is not None:
            keyboard.take(dialog)


def is_running(widget: QWidget) -> bool:
    return bool(widget.property(RUNNING))


def park(widget: QWidget) -> None:
    """Hide a dialog running under ``run_modal``; it comes back once the window is unlocked."""
    if shiboken6.isValid(widget) and widget.isVisible():
        _focus[widget] = Keyboard(widget)
        widget.setProperty(PARKED, True)
        widget.hide()  # its exec() returns; run_modal sees the mark and waits


def parked() -> list[QWidget]:
    """The dialogs waiting behind the lock now (outermost first)."""
    return [widget for widget in QApplication.topLevelWidgets() if widget.property(PARKED)]
