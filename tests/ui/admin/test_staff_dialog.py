"""File → Staff accounts…: an administrator adds, edits, unlocks, resets and deactivates accounts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from iopdesk.domain.access.accounts import SignInError, password_change_due, sign_in
from iopdesk.domain.access.staff_accounts import find_account
from iopdesk.store.models import Staff
from iopdesk.ui.admin.staff_dialog import StaffAccountsDialog
from iopdesk.ui.admin.staff_form import ResetPasswordDialog, StaffFormDialog
from tests.support.enter_keys import ENTERS, press_enter, tab_to
from tests.support.roster_support import ScriptedPrompts
from tests.support.signin_support import PASSWORD, TEMPORARY, add_staff

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform


@pytest.fixture
def staff_dialog(qtbot, admin):  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    prompts = ScriptedPrompts()
    dialog = StaffAccountsDialog(parent, admin, prompts)
    dialog.show()
    yield dialog, prompts, admin
    del parent  # kept alive until here: qtbot holds widgets only weakly


def lock_out(username: str) -> None:
    for _ in range(5):
        with pytest.raises(SignInError):
            sign_in(username, "wrong wrong wrong")


def test_an_administrator_unlocks_a_locked_account(qtbot, staff_dialog):
    dialog, _prompts, admin = staff_dialog
    casey = add_staff(admin, "casey")
    lock_out("casey")
    dialog.refresh()
    dialog.select(casey.staff_id)
    assert "Locked until" in dialog.model.data(dialog.model.index(dialog.model.row_of_id(casey.staff_id), 6))
    assert dialog.unlock_button.isEnabled()
    with qtbot.waitSignal(dialog.accounts_changed) as blocker:
        dialog.unlock_button.click()
    assert blocker.args == [casey.staff_id]
    assert "can sign in again" in dialog.shown_message()
    assert sign_in("casey", PASSWORD).staff_id == casey.staff_id
    assert not dialog.unlock_button.isEnabled()


def test_adding_an_account_shows_mistakes_under_their_fields(qtbot, staff_dialog):
    dialog, prompts, _admin = staff_dialog
    errors: list[list[str]] = []

    def fill(form: StaffFormDialog) -> None:
        form.username.setText("Not A Name!")
        form.display_name.setText("Dana Doe")
        form.password.setText(TEMPORARY)
        form.try_accept()
        errors.append(form.shown_errors())
        assert form.field_errors["username"].isVisibleTo(form)
        form.username.setText("ddoe")
        form.password.setText("short")
        form.try_accept()
        assert form.field_errors["password"].isVisibleTo(form)
        form.password.setText(TEMPORARY)
        form.credentials.setText("LPC")
        form.try_accept()

    prompts.steps.append(fill)
    dialog.add_button.click()
    assert errors and "user name" in errors[0][0].lower()
    account = find_account(dialog.actor, "ddoe")
    assert account.display_name == "Dana Doe" and account.must_change_password
    assert dialog.current() is not None and dialog.current().username == "ddoe"
    assert "ddoe was added" in dialog.shown_message()


def test_edit_reset_deactivate_and_reactivate(qtbot, staff_dialog):
    dialog, prompts, admin = staff_dialog
    casey = add_staff(admin, "casey")
    dialog.refresh()
    dialog.select(casey.staff_id)

    def edit(form: StaffFormDialog) -> None:
        assert form.username.isReadOnly()
        form.display_name.setText("Casey Jones")
        form.try_accept()

    prompts.steps.append(edit)
    dialog.edit_button.click()
    assert Staff.get_by_id(casey.staff_id).display_name == "Casey Jones"

    def reset(form: ResetPasswordDialog) -> None:
        form.password.setText(TEMPORARY)
        form.try_accept()

    prompts.steps.append(reset)
    dialog.reset_button.click()
    assert password_change_due(sign_in("casey", TEMPORARY))

    prompts.answers.append(True)
    dialog.active_button.click()
    assert "Casey Jones" in prompts.questions[-1]
    assert not Staff.get_by_id(casey.staff_id).active
    assert dialog.active_button.text().replace("&", "") == "Reactivate"
    dialog.active_button.click()
    assert Staff.get_by_id(casey.staff_id).active


def test_an_administrator_cannot_deactivate_their_own_account(qtbot, staff_dialog):
    dialog, prompts, admin = staff_dialog
    dialog.select(admin.staff_id)
    prompts.answers.append(True)
    dialog.active_button.click()
    assert "cannot deactivate your own account" in dialog.shown_message()
    assert Staff.get_by_id(admin.staff_id).active


@ENTERS
def test_enter_in_the_list_edits_and_on_a_button_tab_reached_presses_it(qtbot, staff_dialog, key, modifier):  # type: ignore[no-untyped-def]
    dialog, prompts, admin = staff_dialog
    casey = add_staff(admin, "casey")
    lock_out("casey")
    dialog.refresh()
    dialog.select(casey.staff_id)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.table.hasFocus)  # the keyboard starts in the list
    edited: list[str] = []
    prompts.steps.append(lambda form: (edited.append(form.username.text()), form.reject()))
    press_enter(qtbot, key, modifier)  # in the list: Edit…, as before (no button is pressed)
    assert edited == ["casey"] and Staff.get_by_id(casey.staff_id).locked_until is not None  # not unlocked
    dialog.activateWindow()
    qtbot.waitUntil(dialog.table.hasFocus)
    tab_to(qtbot, dialog.unlock_button)
    with qtbot.waitSignal(dialog.accounts_changed) as blocker:
        press_enter(qtbot, key, modifier)
    assert blocker.args == [casey.staff_id] and "can sign in again" in dialog.shown_message()
    assert dialog.isVisible() and not prompts.steps  # Unlock, not Edit, and the dialog stays
    tab_to(qtbot, dialog.close_button)
    with qtbot.waitSignal(dialog.finished):
        press_enter(qtbot, key, modifier)


def test_alt_a_adds_and_alt_t_reactivates_when_a_deactivated_account_is_chosen(qtbot, staff_dialog):  # type: ignore[no-untyped-def]
    """Reactivate once took Alt+A too, Add's letter: with a deactivated account chosen, Alt+A only
    moved between the two buttons and pressed neither."""
    dialog, prompts, admin = staff_dialog
    casey = add_staff(admin, "casey")
    prompts.answers.append(True)  # "Deactivate"
    dialog.refresh()
    dialog.select(casey.staff_id)
    dialog.active_button.click()
    assert not Staff.get_by_id(casey.staff_id).active
    dialog.activateWindow()
    dialog.table.setFocus()
    qtbot.waitUntil(dialog.table.hasFocus)
    added: list[str] = []
    prompts.steps.append(lambda form: (added.append(form.windowTitle()), form.reject()))
    qtbot.keyClick(dialog.table, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: added == ["New staff account"])  # Qt shows the button pressed first
    dialog.activateWindow()
    dialog.table.setFocus()
    qtbot.waitUntil(dialog.table.hasFocus)
    with qtbot.waitSignal(dialog.accounts_changed):
        qtbot.keyClick(dialog.table, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert Staff.get_by_id(casey.staff_id).active
