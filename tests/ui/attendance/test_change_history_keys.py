"""A member's attendance history (H on the roll), by keys: the list has the keyboard, arrows move in it,
Tab reaches Close, and Enter or Escape closes it; nothing in it can change, so nothing is asked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from iopdesk.domain.attendance import marking as attendance
from iopdesk.ui.views.attendance.changes import ChangeHistoryDialog
from tests.support import attendance_data
from tests.support.attendance_view import shown_screen
from tests.support.enter_keys import KEYPAD, focused

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def clinic(actor, monkeypatch):  # type: ignore[no-untyped-def]
    return attendance_data.build(actor, monkeypatch)


@pytest.fixture
def view(qtbot, actor, clinic):  # type: ignore[no-untyped-def]
    return shown_screen(qtbot, actor, clinic.session.id, active=True)


def history_of_first(qtbot, view) -> ChangeHistoryDialog:  # type: ignore[no-untyped-def]
    """Mark the first member present (P), then open their history (H)."""
    table = view.take.view.table
    table.move_to_row(0)
    qtbot.keyClick(table, "p")
    table.move_to_row(0)
    qtbot.keyClick(table, "h")
    qtbot.waitUntil(
        lambda: isinstance(view.take.dialog, ChangeHistoryDialog) and view.take.dialog.isVisible()
    )
    dialog = view.take.dialog
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_the_list_has_the_keyboard_and_tab_reaches_close(qtbot, view):
    dialog = history_of_first(qtbot, view)
    assert focused() is dialog.table and dialog.model.rowCount() == 1
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # arrows stay in the list
    assert dialog.isVisible() and focused() is dialog.table
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    assert focused() is close
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is dialog.table
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.take.dialog is None)
    assert dialog.result() == QDialog.DialogCode.Rejected


@pytest.mark.parametrize("modifier", [Qt.KeyboardModifier.NoModifier, KEYPAD], ids=["Return", "keypad Enter"])
def test_enter_closes_and_changes_nothing(qtbot, view, clinic, actor, modifier):
    dialog = history_of_first(qtbot, view)
    key = Qt.Key.Key_Enter if modifier == KEYPAD else Qt.Key.Key_Return
    qtbot.keyPress(focused(), key, modifier)
    qtbot.waitUntil(lambda: view.take.dialog is None)
    assert not dialog.isVisible()
    row = attendance.session_attendance(actor, clinic.session.id).rows[0]
    assert row.status == "present" and not row.comment  # only the P pressed before: Enter changed nothing
