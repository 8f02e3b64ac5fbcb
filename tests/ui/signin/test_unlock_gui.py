"""An encrypted clinic in the window: the sign-in screen opens it, the first run creates it."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QDialog

from iopdesk.domain.access import unlock
from iopdesk.domain.access.accounts import WRONG
from iopdesk.front_door import Opened
from iopdesk.paths import resolve_paths
from iopdesk.store import cipher, keyring
from iopdesk.store.database import Target
from iopdesk.store.models import AuditEvent, Staff
from iopdesk.store.models import database as proxy
from iopdesk.ui.signin.flow import Gate
from iopdesk.ui.signin.recover_dialog import RecoverDialog
from iopdesk.ui.signin.sign_in_dialog import SignInDialog
from tests.support.signin_support import (
    ADMIN_PASSWORD,
    NEW_ADMIN_PASSWORD,
    PASSWORD,
    ScriptedRunner,
    fill_first_run,
    finish_attempt,
    gui_args,
)

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform

NEW_PASSWORD = "a brand new admin phrase"


def test_the_sign_in_screen_of_a_locked_clinic_shows_its_name_and_opens_it(qtbot, locked):
    opened, _key = locked
    attempts: list[str] = []

    def wrong_then_right(dialog: QDialog) -> None:
        assert isinstance(dialog, SignInDialog)
        assert dialog.door.locked and dialog.demo_label.isHidden() and dialog.site.isHidden()
        assert "Lakeside Recovery" in [w.text() for w in dialog.findChildren(type(dialog.error_label))]
        dialog.username.setText("casey")
        dialog.password.setText("not the right phrase")
        dialog.sign_in_button.click()
        finish_attempt(dialog)
        attempts.append(dialog.shown_error())
        assert opened.db is None  # still locked: nothing was opened
        dialog.password.setText(PASSWORD)
        dialog.sign_in_button.click()
        finish_attempt(dialog)

    runner = ScriptedRunner(qtbot, wrong_then_right)
    actor = Gate(gui_args(), None, runner, opened=opened).first_actor()
    assert attempts == [WRONG]
    assert actor is not None and actor.role == "counselor"
    assert opened.db is not None and not opened.db.is_closed()
    failed = (
        AuditEvent.select()
        .where(AuditEvent.action == "sign_in.failure")
        .order_by(AuditEvent.seq.desc())
        .first()
    )
    assert failed is not None and json.loads(failed.changes)["before_unlock"] is True


def test_the_recovery_key_opens_a_locked_clinic_and_sets_a_new_password(qtbot, locked):
    opened, key = locked

    def recover_then_sign_in(dialog: QDialog) -> None:
        assert isinstance(dialog, SignInDialog)
        recover = RecoverDialog(dialog, "admin", dialog.door)
        recover.key.setText("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
        recover.password.setText(NEW_PASSWORD)
        recover.again.setText(NEW_PASSWORD)
        recover.try_accept()
        assert "recovery key is not right" in recover.field_errors["recovery_key"].text()
        assert opened.db is None
        recover.key.setText(key.lower())
        recover.try_accept()
        assert recover.result() == QDialog.DialogCode.Accepted
        dialog.username.setText("admin")
        dialog.password.setText(NEW_PASSWORD)
        dialog.sign_in_button.click()
        finish_attempt(dialog)

    runner = ScriptedRunner(qtbot, recover_then_sign_in)
    actor = Gate(gui_args(), None, runner, opened=opened).first_actor()
    assert actor is not None and actor.role == "administrator"
    # The new password also opens the file next time, and the old one no longer does.
    keys = keyring.load(keyring.keys_path(opened.target.path))
    keys.unlock("admin", NEW_PASSWORD)
    with pytest.raises(cipher.WrongSecret):
        keys.unlock("admin", ADMIN_PASSWORD)


def test_the_first_run_of_a_new_encrypted_clinic_wraps_its_key_for_the_administrator(qtbot, tmp_path):
    target = Target(path=tmp_path / "new.sqlite3")
    opened = Opened(unlock.create_clinic(target), target, resolve_paths().ensure())
    keys_file = keyring.keys_path(target.path)
    assert not keyring.load(keys_file).setup_complete

    runner = ScriptedRunner(
        qtbot, lambda d: fill_first_run(d, clinic="Hillside IOP"), lambda d: d.done_button.click()
    )
    try:
        actor = Gate(gui_args(), None, runner, opened=opened).first_actor()
        assert actor is not None and Staff.select().count() == 1
    finally:
        opened.db.close()
        proxy.initialize(None)
    keys = keyring.load(keys_file)
    assert keys.setup_complete and keys.screen["clinic"] == "Hillside IOP"
    db, again = unlock.open_clinic(target, "boss", NEW_ADMIN_PASSWORD)
    try:
        assert again.staff_id == actor.staff_id
    finally:
        db.close()
        proxy.initialize(None)
