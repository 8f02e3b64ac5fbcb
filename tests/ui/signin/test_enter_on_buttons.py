"""Enter on a sign-in button Tab reached does what the button says, as Space does: "Forgot
password?" opens the recovery, Quit quits; Enter in the fields still signs in. The recovery key's
dialog starts on Print, never on "I have stored it safely": a stray Enter at most offers to print
the key, and Enter on the Done button Tab reached is taken as meant."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from iopdesk.ui.signin.recovery_key import RecoveryKeyDialog
from iopdesk.ui.signin.sign_in_dialog import SignInDialog
from tests.support.enter_keys import ENTERS, press_enter, tab_to
from tests.support.roster_support import ScriptedPrompts
from tests.support.signin_support import PASSWORD, add_staff, finish_attempt
from tests.support.windows import shown_active

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform


@ENTERS
def test_enter_on_forgot_opens_the_recovery_and_on_quit_quits_without_signing_in(qtbot, admin, key, modifier):  # type: ignore[no-untyped-def]
    add_staff(admin, "casey")
    prompts = ScriptedPrompts(qtbot)
    seen: list[str] = []
    prompts.steps.append(lambda recover: (seen.append(type(recover).__name__), recover.reject()))
    dialog = shown_active(qtbot, SignInDialog(None, username="casey", prompts=prompts))
    assert dialog.password.hasFocus()
    qtbot.keyClicks(dialog.password, PASSWORD)
    tab_to(qtbot, dialog.forgot_button)
    press_enter(qtbot, key, modifier)  # the recovery, not a sign-in (before, Enter here signed in)
    qtbot.waitUntil(lambda: seen == ["RecoverDialog"])
    assert not dialog.signing_in and dialog.actor is None and dialog.isVisible()
    assert dialog.password.text() == PASSWORD  # the recovery, cancelled, kept what was typed
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    tab_to(qtbot, dialog.quit_button)
    with qtbot.waitSignal(dialog.finished) as blocker:
        press_enter(qtbot, key, modifier)  # Quit (before, Enter here signed in)
    assert blocker.args == [QDialog.DialogCode.Rejected.value] and dialog.actor is None


@ENTERS
def test_enter_in_the_fields_signs_in_after_tab_passed_the_buttons(qtbot, admin, key, modifier):  # type: ignore[no-untyped-def]
    add_staff(admin, "casey")
    dialog = shown_active(qtbot, SignInDialog(None, username="casey", prompts=ScriptedPrompts(qtbot)))
    qtbot.keyClicks(dialog.password, PASSWORD)
    tab_to(qtbot, dialog.quit_button)  # past Forgot and Sign in…
    tab_to(qtbot, dialog.password)  # …and round to the password again
    with qtbot.waitSignal(dialog.signed_in):
        press_enter(qtbot, key, modifier)
    finish_attempt(dialog)
    assert dialog.actor is not None


@ENTERS
def test_the_recovery_key_starts_on_print_and_enter_on_done_tab_reached_closes(
    qtbot, monkeypatch, key, modifier
) -> None:  # type: ignore[no-untyped-def]
    printed: list[bool] = []
    monkeypatch.setattr(RecoveryKeyDialog, "print_key", lambda self: printed.append(True))
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = shown_active(qtbot, RecoveryKeyDialog("ABCD-EFGH-IJKL-MNOP", "Lakeside Recovery", parent))
    assert dialog.print_button.hasFocus() and not dialog.done_button.hasFocus()
    press_enter(qtbot, key, modifier)  # a stray Enter: offers to print, the key stays on screen
    qtbot.waitUntil(lambda: printed == [True])
    assert dialog.isVisible() and dialog.key_label.text() == "ABCD-EFGH-IJKL-MNOP"
    tab_to(qtbot, dialog.done_button)
    with qtbot.waitSignal(dialog.finished):
        press_enter(qtbot, key, modifier)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.key_label.text() == ""
