"""The first start, set up with the keyboard alone: type, Tab, Enter; Escape quits and changes nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from iopdesk.domain.access.accounts import sign_in
from iopdesk.domain.clinic.workstation import clinic_is_new
from iopdesk.store.models import Site
from iopdesk.ui.signin.first_run import FirstRunDialog
from iopdesk.ui.signin.flow import Gate
from iopdesk.ui.signin.recovery_key import RecoveryKeyDialog
from tests.support.enter_keys import KEYPAD, focused
from tests.support.roster_support import ScriptedPrompts
from tests.support.signin_support import NEW_ADMIN_PASSWORD, ScriptedRunner, gui_args

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def on_screen(qtbot, dialog: QDialog) -> None:  # type: ignore[no-untyped-def]
    # Closing a form typed in asks first ("Close and lose it?"), the test's end closing it too:
    # the answer is scripted, to lose it (the real question box would wait for a click).
    dialog.prompts = ScriptedPrompts(qtbot)  # type: ignore[attr-defined]
    dialog.prompts.answers.append(True)  # type: ignore[attr-defined]
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)


def tab(qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def type_in(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(focused(), text)


def fill_by_keys(qtbot, dialog: FirstRunDialog, again: str = NEW_ADMIN_PASSWORD) -> None:  # type: ignore[no-untyped-def]
    assert focused() is dialog.clinic  # the cursor starts on the clinic's name
    type_in(qtbot, "Riverside Recovery")
    tab(qtbot)
    assert focused() is dialog.site
    type_in(qtbot, "Harbor Street")
    tab(qtbot)
    assert dialog.zone.isAncestorOf(focused()) or focused() is dialog.zone
    qtbot.keyClick(focused(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # all of it, then type
    type_in(qtbot, "America/Chicago")
    tab(qtbot)
    assert focused() is dialog.username
    type_in(qtbot, "boss")
    tab(qtbot)
    assert focused() is dialog.display_name
    type_in(qtbot, "Bo Boss")
    tab(qtbot)
    assert focused() is dialog.password
    type_in(qtbot, NEW_ADMIN_PASSWORD)
    tab(qtbot)
    assert focused() is dialog.again
    type_in(qtbot, again)


def test_tab_walks_the_fields_in_order_and_ends_on_set_up_then_quit(qtbot, db):
    dialog = FirstRunDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    on_screen(qtbot, dialog)
    fill_by_keys(qtbot, dialog)
    tab(qtbot)
    assert focused() is dialog.ok_button and dialog.ok_button.text() == "Set up the clinic"
    tab(qtbot)
    assert focused() is dialog.cancel_button and dialog.cancel_button.text() == "Quit"
    tab(qtbot)
    assert focused() is dialog.clinic  # round again


@pytest.mark.parametrize("modifier", [Qt.KeyboardModifier.NoModifier, KEYPAD], ids=["Return", "keypad Enter"])
def test_enter_in_the_last_field_sets_the_clinic_up(qtbot, db, modifier):
    keys: list[str] = []

    def set_up(dialog: QDialog) -> None:
        assert isinstance(dialog, FirstRunDialog)
        on_screen(qtbot, dialog)
        fill_by_keys(qtbot, dialog)
        key = Qt.Key.Key_Enter if modifier == KEYPAD else Qt.Key.Key_Return
        qtbot.keyPress(focused(), key, modifier)
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.shown_errors()

    def store_key(dialog: QDialog) -> None:
        assert isinstance(dialog, RecoveryKeyDialog)
        keys.append(dialog.key_label.text())
        dialog.done_button.click()

    runner = ScriptedRunner(qtbot, set_up, store_key)
    actor = Gate(gui_args(), None, runner).first_actor()
    assert actor is not None and actor.role == "administrator" and len(keys) == 1
    assert Site.get(Site.name == "Harbor Street").timezone == "America/Chicago"
    assert sign_in("boss", NEW_ADMIN_PASSWORD).staff_id == actor.staff_id


def test_enter_in_the_time_zone_box_does_not_lose_the_form(qtbot, db):
    dialog = FirstRunDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    on_screen(qtbot, dialog)
    type_in(qtbot, "Riverside Recovery")
    tab(qtbot)
    tab(qtbot)
    assert dialog.zone.isAncestorOf(focused())
    qtbot.keyClick(focused(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # all of it, then type
    type_in(qtbot, "Mars/Olympus")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.isVisible(), "Enter in the zone closed the first run"
    assert dialog.shown_errors(), "open: the dialog must say why"
    assert dialog.clinic.text() == "Riverside Recovery" and dialog.zone.currentText() == "Mars/Olympus"
    assert clinic_is_new()


def test_differing_passwords_are_said_under_the_field_and_the_typing_stays(qtbot, db):
    dialog = FirstRunDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    on_screen(qtbot, dialog)
    fill_by_keys(qtbot, dialog, again="something else entirely")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.actor is None and clinic_is_new()
    error = dialog.field_errors["password_again"]
    assert error.isVisibleTo(dialog) and "differ" in error.text()
    assert focused() is dialog.again
    assert dialog.clinic.text() == "Riverside Recovery" and dialog.username.text() == "boss"


def test_escape_quits_and_changes_nothing(qtbot, db):
    def quit_(dialog: QDialog) -> None:
        on_screen(qtbot, dialog)
        type_in(qtbot, "Riverside Recovery")
        qtbot.keyClick(focused(), Qt.Key.Key_Escape)
        assert dialog.prompts.questions == ["What you typed here is not saved. Close and lose it?"]  # type: ignore[attr-defined]
        assert dialog.result() == QDialog.DialogCode.Rejected

    runner = ScriptedRunner(qtbot, quit_)
    assert Gate(gui_args(), None, runner).first_actor() is None
    assert clinic_is_new()
