"""Audit → Choose client…, by keys: type, Enter picks the client; a search that finds no one says so;
Tab goes search, list, the buttons; Escape leaves the trail as it was."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from iopdesk.domain.clients.clients import ClientDraft, add_client
from iopdesk.domain.clinic.setup import ensure_local_setup
from iopdesk.ui.views import audit as audit_screen
from iopdesk.ui.views.audit.client_dialog import ClientFilterDialog
from tests.support.enter_keys import KEYPAD, focused
from tests.support.roster_support import ScriptedPrompts, open_view

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def audit(qtbot, actor):  # type: ignore[no-untyped-def]
    other = ensure_local_setup("other")
    add_client(actor, ClientDraft("Ona", "Auditfield", dt.date(1985, 2, 3)))
    add_client(other, ClientDraft("Ezra", "Otherbrook", dt.date(1979, 7, 8)))
    return open_view(qtbot, audit_screen.build, actor, ScriptedPrompts(qtbot))


def open_with_keys(qtbot, audit, step) -> None:  # type: ignore[no-untyped-def]
    """Tab to Choose client… and press Space, as a person without a mouse does."""
    audit.prompts.steps.append(step)
    audit.view.client_button.setFocus()
    qtbot.keyClick(audit.view.client_button, Qt.Key.Key_Space)
    assert not audit.prompts.steps


@pytest.mark.parametrize("modifier", [Qt.KeyboardModifier.NoModifier, KEYPAD], ids=["Return", "keypad Enter"])
def test_type_and_enter_shows_that_clients_entries(qtbot, audit, modifier):
    def pick(dialog: QDialog) -> None:
        assert isinstance(dialog, ClientFilterDialog)
        assert focused() is dialog.picker.search_edit
        qtbot.keyClicks(focused(), "auditf")
        key = Qt.Key.Key_Enter if modifier == KEYPAD else Qt.Key.Key_Return
        qtbot.keyPress(focused(), key, modifier)
        assert dialog.result() == QDialog.DialogCode.Accepted

    open_with_keys(qtbot, audit, pick)
    assert audit.client is not None and audit.client.legal_last == "Auditfield"
    assert "Auditfield" in audit.view.client_label.text()


def test_tab_goes_search_list_buttons_and_enter_on_the_button_chooses(qtbot, audit):
    def walk(dialog: QDialog) -> None:
        assert isinstance(dialog, ClientFilterDialog)
        qtbot.keyClicks(focused(), "otherb")
        qtbot.waitUntil(lambda: dialog.picker.current() is not None)
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        assert focused() is dialog.picker.table
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        assert focused() is dialog.ok_button
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        cancel = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel)
        assert focused() is cancel
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        assert focused() is dialog.picker.search_edit
        assert dialog.picker.search_edit.text() == "otherb"  # the search as typed, round again
        qtbot.keyClick(focused(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
        qtbot.keyClick(focused(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
        assert focused() is dialog.ok_button
        qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Enter on the focused button presses it
        assert dialog.result() == QDialog.DialogCode.Accepted

    open_with_keys(qtbot, audit, walk)
    assert audit.client is not None and audit.client.legal_last == "Otherbrook"


def test_a_search_that_finds_no_one_says_so_and_stays_open(qtbot, audit):
    def nobody(dialog: QDialog) -> None:
        assert isinstance(dialog, ClientFilterDialog)
        qtbot.keyClicks(focused(), "zzzz")
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
        qtbot.waitUntil(dialog.message.isVisible)
        assert "No client matches “zzzz”" in dialog.message.text()
        assert dialog.picker.search_edit.text() == "zzzz" and focused() is dialog.picker.search_edit
        qtbot.keyClick(focused(), Qt.Key.Key_Escape)
        assert dialog.result() == QDialog.DialogCode.Rejected

    open_with_keys(qtbot, audit, nobody)
    assert audit.client is None


def test_the_button_with_no_one_chosen_says_what_to_do(qtbot, audit):
    def empty(dialog: QDialog) -> None:
        assert isinstance(dialog, ClientFilterDialog)
        dialog.ok_button.setFocus()
        qtbot.keyClick(focused(), Qt.Key.Key_Space)
        assert dialog.isVisible() and "Choose a client first" in dialog.message.text()
        assert focused() is dialog.picker.search_edit
        dialog.reject()

    open_with_keys(qtbot, audit, empty)
    assert audit.client is None


def test_escape_leaves_the_trail_for_every_client(qtbot, audit):
    def escape(dialog: QDialog) -> None:
        qtbot.keyClicks(focused(), "auditf")
        qtbot.keyClick(focused(), Qt.Key.Key_Escape)
        assert dialog.result() == QDialog.DialogCode.Rejected

    open_with_keys(qtbot, audit, escape)
    assert audit.client is None and not audit.view.clear_client_button.isVisibleTo(audit.view)
