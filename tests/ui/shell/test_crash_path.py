"""The crash path: a database failing is a calm message; only a bug gets the crash dialog."""

from __future__ import annotations

import sys

import peewee
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from iopdesk.store.driver import dbapi
from iopdesk.store.errors import StoreBusy, StoreFull
from iopdesk.ui import crash
from iopdesk.ui.crash_dialogs import CrashDialog, StoreProblemBox

pytestmark = [
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),  # offscreen platform
    pytest.mark.expect_warnings(),  # the crash path logs what it shows: that is its job
]


def raise_into(handler: crash.CrashHandler, exc: BaseException) -> None:
    try:
        raise exc
    except BaseException:
        handler.hook(*sys.exc_info())


def answer_with(qtbot, key: Qt.Key, seen: list[QDialog]) -> None:  # type: ignore[no-untyped-def]
    """Once the modal dialog is up, note it and press ``key`` on it, as a person would."""

    def press() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        seen.append(dialog)
        qtbot.keyClick(dialog, key)

    QTimer.singleShot(0, press)


def test_a_busy_database_is_a_message_box_not_the_crash_dialog(qtbot, tmp_path):
    handler = crash.CrashHandler(tmp_path)
    seen: list[QDialog] = []
    answer_with(qtbot, Qt.Key.Key_Return, seen)
    driver_error = dbapi.OperationalError("database is locked")
    raise_into(handler, peewee.OperationalError(driver_error, *driver_error.args))  # a read, untouched
    assert len(seen) == 1 and isinstance(seen[0], StoreProblemBox)
    assert seen[0].text() == StoreBusy.MESSAGE
    assert seen[0].windowTitle() == "IOPdesk could not use the database"
    assert not seen[0].isVisible()  # Enter closed it


def test_a_store_error_from_a_transaction_is_shown_calmly(qtbot, tmp_path):
    handler = crash.CrashHandler(tmp_path)
    seen: list[QDialog] = []
    answer_with(qtbot, Qt.Key.Key_Return, seen)
    raise_into(handler, StoreFull())
    assert [type(d) for d in seen] == [StoreProblemBox]
    assert seen[0].text().startswith("The disk is full:")


def test_a_bug_still_gets_the_crash_dialog(qtbot, tmp_path):
    handler = crash.CrashHandler(tmp_path)
    seen: list[QDialog] = []
    answer_with(qtbot, Qt.Key.Key_Escape, seen)
    raise_into(handler, peewee.OperationalError("no such table: client"))
    assert len(seen) == 1 and isinstance(seen[0], CrashDialog)
    assert "peewee.OperationalError" in seen[0].details.toPlainText()
    assert "raise_into" in seen[0].details.toPlainText()  # where it happened


def test_the_details_to_copy_never_carry_the_exceptions_message(qtbot, tmp_path):
    """They go to the IT contact, through the clipboard: a message may quote a row's values or a
    path holding a client's name. The log has the same lines (types and frames)."""
    handler = crash.CrashHandler(tmp_path)
    seen: list[QDialog] = []
    answer_with(qtbot, Qt.Key.Key_Escape, seen)
    try:
        try:
            open(tmp_path / "Zelda Quarrington intake.pdf")  # noqa: SIM115 - raises
        except FileNotFoundError as exc:
            raise ValueError("Failing row contains (Zelda, Quarrington, 1990-06-18)") from exc
    except ValueError:
        handler.hook(*sys.exc_info())
    details = seen[0].details.toPlainText()
    assert "Quarrington" not in details and "1990-06-18" not in details
    assert "builtins.FileNotFoundError" in details and "builtins.ValueError" in details


def test_a_crash_dialog_is_never_the_child_of_a_box_already_closed(qtbot, tmp_path):
    """Offscreen (and on some desktops) the last box closed stays the "active window". A crash
    dialog made its child was deleted with it, in the middle of its exec(): a segfault when this
    file ran on its own (a store problem box, then a crash dialog)."""
    handler = crash.CrashHandler(tmp_path)
    seen: list[QDialog] = []
    answer_with(qtbot, Qt.Key.Key_Return, seen)
    raise_into(handler, StoreFull())
    assert not seen[0].isVisible()
    answer_with(qtbot, Qt.Key.Key_Escape, seen)
    raise_into(handler, RuntimeError("a bug"))
    assert isinstance(seen[1], CrashDialog)
    assert seen[1].parent() is not seen[0]
