"""First run, sign-in, the recovery key and the password change, on a real temporary database."""

from __future__ import annotations

import html
import logging
import sys

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QFormLayout, QWidget

from iopdesk.domain.access import accounts
from iopdesk.domain.access.accounts import WRONG, check_recovery_key, password_change_due, sign_in
from iopdesk.domain.access.staff_accounts import create_staff
from iopdesk.domain.clinic.setup import DEMO_FLAG
from iopdesk.domain.clinic.workstation import clinic_is_new
from iopdesk.front_door import Opened
from iopdesk.store.database import Target
from iopdesk.store.models import AuditEvent, Setting, Site, Staff
from iopdesk.ui.admin.password_dialog import ChangePasswordDialog
from iopdesk.ui.signin import flow
from iopdesk.ui.signin.first_run import FirstRunDialog
from iopdesk.ui.signin.flow import Gate
from iopdesk.ui.signin.recover_dialog import RecoverDialog
from iopdesk.ui.signin.recovery_key import RecoveryKeyDialog
from iopdesk.ui.signin.sign_in_dialog import SignInDialog, escaped
from tests.support.signin_support import (
    ADMIN_PASSWORD,
    NEW_ADMIN_PASSWORD,
    PASSWORD,
    TEMPORARY,
    ScriptedRunner,
    add_staff,
    fill_first_run,
    finish_attempt,
    gui_args,
)

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform

def sign_in_dialog(qtbot, **kw) -> SignInDialog:  # type: ignore[no-untyped-def]
    dialog = SignInDialog(None, **kw)
    qtbot.addWidget(dialog)
    return dialog


def type_and_sign_in(dialog: SignInDialog, username: str, password: str) -> None:
    dialog.username.setText(username)
    dialog.password.setText(password)
    dialog.sign_in_button.click()
    finish_attempt(dialog)


# --- first run ------------------------------------------------------------------------


def test_first_run_creates_the_administrator_and_shows_the_recovery_key_once(qtbot, db, caplog):
    caplog.set_level(logging.DEBUG)
    assert clinic_is_new()
    shown: list[str] = []

    def store_key(dialog: QDialog) -> None:
        assert isinstance(dialog, RecoveryKeyDialog)
        shown.append(dialog.key_label.text())
        dialog.reject()  # Esc does not lose the key
        assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
        dialog.done_button.click()
        assert dialog.key_label.text() == ""

    runner = ScriptedRunner(qtbot, fill_first_run, store_key)
    actor = Gate(gui_args(), None, runner).first_actor()

    assert actor is not None and actor.role == "administrator"
    assert [type(d).__name__ for d in runner.seen] == ["FirstRunDialog", "RecoveryKeyDialog"]
    assert len(shown) == 1 and check_recovery_key(shown[0])
    assert shown[0] not in caplog.text
    assert Site.get(Site.name == "Harbor Street").timezone == "America/Chicago"
    assert sign_in("boss", NEW_ADMIN_PASSWORD).staff_id == actor.staff_id
    assert runner.seen[0].take_recovery_key() == ""  # the dialog let go of it


def test_first_run_says_what_is_wrong_under_the_field_and_changes_nothing(qtbot, db):
    dialog = FirstRunDialog(None)
    qtbot.addWidget(dialog)
    fill_first_run(dialog, again="something else entirely")
    assert any("differ" in text for text in dialog.shown_errors())
    dialog.password.setText("short")
    dialog.again.setText("short")
    dialog.try_accept()
    assert any("at least 12 characters" in text for text in dialog.shown_errors())
    dialog.clinic.clear()
    dialog.password.setText(NEW_ADMIN_PASSWORD)
    dialog.again.setText(NEW_ADMIN_PASSWORD)
    dialog.try_accept()
    assert dialog.field_errors["clinic_name"].isVisibleTo(dialog)
    assert dialog.actor is None and clinic_is_new()


def test_cancelling_the_first_run_leaves_the_database_empty(qtbot, db):
    runner = ScriptedRunner(qtbot, lambda d: d.reject())
    assert Gate(gui_args(), None, runner).first_actor() is None
    assert clinic_is_new() and not AuditEvent.select().exists()


def test_a_clinic_without_passwords_still_opens_as_its_local_staff_member(qtbot, actor):
    runner = ScriptedRunner(qtbot)  # no dialog expected
    again = Gate(gui_args(user="tester"), None, runner).first_actor()
    assert again is not None and again.staff_id == actor.staff_id and not runner.seen


def test_timing_start_up_on_a_new_database_shows_no_dialog(qtbot, db):
    runner = ScriptedRunner(qtbot)
    assert Gate(gui_args(exit_after_startup=True), None, runner).first_actor() is not None
    assert not runner.seen


# --- signing in -------------------------------------------------------------------------


def test_sign_in_gives_one_message_for_unknown_user_and_wrong_password(qtbot, admin):
    add_staff(admin, "casey")
    dialog = sign_in_dialog(qtbot)
    assert dialog.demo_label.isHidden() and dialog.site.isHidden()
    type_and_sign_in(dialog, "casey", "not the password at all")
    wrong = dialog.shown_error()
    type_and_sign_in(dialog, "nobody-here", "not the password at all")
    assert wrong == dialog.shown_error() == WRONG
    assert dialog.password.text() == "" and dialog.actor is None
    with qtbot.waitSignal(dialog.signed_in) as blocker:
        type_and_sign_in(dialog, "Casey", PASSWORD)
    assert blocker.args[0].role == "counselor"
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_too_many_failures_say_until_when_the_account_is_locked(qtbot, admin):
    add_staff(admin, "casey")
    dialog = sign_in_dialog(qtbot)
    for _ in range(5):
        type_and_sign_in(dialog, "casey", "wrong wrong wrong")
    assert "locked until" in dialog.shown_error()
    type_and_sign_in(dialog, "casey", PASSWORD)  # even the right password waits for the lock
    assert "locked until" in dialog.shown_error() and dialog.actor is None


def test_a_clinic_with_two_sites_asks_where_you_work_today(qtbot, admin, tmp_path):
    add_staff(admin, "casey")
    second = Site.create(name="Lakeside", timezone="America/Chicago")
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    dialog = sign_in_dialog(qtbot, settings=settings)
    assert not dialog.site.isHidden()
    assert dialog.site.currentData() is None  # "My home site" unless chosen
    dialog.site.setCurrentIndex(dialog.site.findData(str(second.id)))
    type_and_sign_in(dialog, "casey", PASSWORD)
    assert dialog.actor is not None and dialog.actor.site_id == second.id
    again = sign_in_dialog(qtbot, settings=settings)
    assert again.site.currentData() == str(second.id)  # this computer remembers the site


def test_the_demo_clinic_shows_its_accounts_and_password(qtbot, admin):
    Setting.create(key=DEMO_FLAG, value="true")
    add_staff(admin, "counselor")
    add_staff(admin, "auditor", "auditor")
    dialog = sign_in_dialog(qtbot)
    hint = dialog.demo_label.text()
    assert not dialog.demo_label.isHidden()
    assert "iopdesk-demo" in hint and "admin" in hint and "counselor" in hint and "auditor" in hint
    assert dialog.username.text() == "counselor"
    # Set by name through Qt's property system (kit/fields.set_by_name), so checked here.
    assert dialog.demo_label.textFormat() == Qt.TextFormat.RichText
    assert dialog.demo_label.textInteractionFlags() == Qt.TextInteractionFlag.TextSelectableByMouse
    (form,) = dialog.findChildren(QFormLayout)
    assert form.labelAlignment() == Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def test_the_demo_hint_shows_names_as_typed_not_as_markup():
    assert escaped("""<b>&'"x""") == html.escape("""<b>&'"x""")


def test_a_password_set_by_an_administrator_must_be_replaced_right_after_signing_in(qtbot, admin):
    create_staff(admin, "newbie", "New Person", "counselor", TEMPORARY)

    def choose_own(dialog: QDialog) -> None:
        assert isinstance(dialog, ChangePasswordDialog)
        assert dialog.current.isHidden()  # the password just typed is the current one
        dialog.password.setText(PASSWORD)
        dialog.again.setText(PASSWORD)
        dialog.try_accept()

    runner = ScriptedRunner(qtbot, lambda d: type_and_sign_in(d, "newbie", TEMPORARY), choose_own)
    actor = Gate(gui_args(), None, runner).first_actor()
    assert actor is not None and not password_change_due(actor)
    assert sign_in("newbie", PASSWORD).staff_id == actor.staff_id


def test_declining_the_password_change_signs_out_and_asks_again(qtbot, admin):
    create_staff(admin, "newbie", "New Person", "counselor", TEMPORARY)
    runner = ScriptedRunner(
        qtbot,
        lambda d: type_and_sign_in(d, "newbie", TEMPORARY),
        lambda d: d.reject(),
        lambda d: d.reject(),  # the sign-in dialog again: Quit
    )
    assert Gate(gui_args(), None, runner).first_actor() is None
    assert [type(d).__name__ for d in runner.seen] == ["SignInDialog", "ChangePasswordDialog", "SignInDialog"]
    assert AuditEvent.select().where(AuditEvent.action == "sign_out").exists()


def test_a_password_in_the_environment_signs_in_without_any_dialog(qtbot, admin, monkeypatch):
    add_staff(admin, "casey")
    monkeypatch.setenv("IOPDESK_PASSWORD", PASSWORD)
    runner = ScriptedRunner(qtbot)
    actor = Gate(gui_args(user="casey"), None, runner).first_actor()
    assert actor is not None and actor.role == "counselor" and not runner.seen


def test_a_wrong_password_in_the_environment_falls_back_to_the_dialog(qtbot, admin, monkeypatch):
    add_staff(admin, "casey")
    monkeypatch.setenv("IOPDESK_PASSWORD", "not the one")
    messages: list[str] = []

    def look(dialog: QDialog) -> None:
        assert isinstance(dialog, SignInDialog)
        messages.append(dialog.shown_error())
        dialog.reject()

    assert Gate(gui_args(user="casey"), None, ScriptedRunner(qtbot, look)).first_actor() is None
    assert messages == [WRONG]


def test_quitting_at_sign_in_changes_nothing_and_exits_0(qtbot, admin, db, db_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_program installs the crash hook
    monkeypatch.setattr(flow.ExecRunner, "run", lambda self, dialog: qtbot.addWidget(dialog) or False)
    before = AuditEvent.select().count()
    from iopdesk.paths import resolve_paths

    opened = Opened(db, Target(path=db_path), resolve_paths().ensure())
    assert flow.run_program(opened, gui_args()) == 0
    assert AuditEvent.select().count() == before  # (the closed database reopens for this check)
    assert Staff.select().count() == 1


# --- the recovery key -------------------------------------------------------------------


def test_an_administrator_gets_back_in_with_the_recovery_key(qtbot, db):
    _actor, key = accounts.first_run_setup("C", "S", "America/New_York", "admin", "Ada", ADMIN_PASSWORD)
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = RecoverDialog(parent, "admin")
    dialog.key.setText("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    dialog.password.setText(NEW_ADMIN_PASSWORD)
    dialog.again.setText(NEW_ADMIN_PASSWORD)
    dialog.try_accept()
    assert "recovery key is not right" in dialog.field_errors["recovery_key"].text()
    dialog.key.setText(key.lower())  # typed carelessly: still the key
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert sign_in("admin", NEW_ADMIN_PASSWORD).role == "administrator"


def test_switch_user_comes_back_to_sign_in_and_quit_exits_0(qtbot, admin, db, db_path, monkeypatch):
    """The whole loop: sign in, the window, lock, Switch user, the sign-in dialog again, Quit."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from iopdesk.paths import resolve_paths
    from iopdesk.ui.lock.controller import SessionControls
    from iopdesk.ui.main_window import MainWindow

    add_staff(admin, "casey")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_program installs the crash hook
    dialogs: list[str] = []

    def switch_user() -> None:
        window = next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        )
        controls = window.findChild(SessionControls)
        controls.lock_now()
        controls.lock_screen.switch_button.click()

    def run(self, dialog: QDialog) -> bool:  # type: ignore[no-untyped-def]
        qtbot.addWidget(dialog)
        dialogs.append(type(dialog).__name__)
        if len(dialogs) > 1:
            return False  # the second sign-in: Quit
        type_and_sign_in(dialog, "casey", PASSWORD)
        QTimer.singleShot(0, switch_user)  # runs once the window's event loop starts
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(flow.ExecRunner, "run", run)
    opened = Opened(db, Target(path=db_path), resolve_paths().ensure())
    assert flow.run_program(opened, gui_args()) == 0
    assert dialogs == ["SignInDialog", "SignInDialog"]
    actions = [e.action for e in AuditEvent.select().order_by(AuditEvent.seq.desc()).limit(3)]
    assert actions == ["sign_out", "screen.lock", "sign_in.success"]


def test_enter_with_no_password_asks_for_it_and_uses_up_no_try(qtbot, admin):
    """Enter pressed before the password is typed: a calm prompt, not one of the five tries."""
    add_staff(admin, "casey")
    asked: list[str] = []
    dialog = sign_in_dialog(qtbot, username="casey")
    original = dialog.door.sign_in
    dialog.door.sign_in = lambda *args: asked.append("asked") or original(*args)  # type: ignore[method-assign]
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.password
    for _ in range(6):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.shown_error() == "Type your password." and asked == []
    assert dialog.focusWidget() is dialog.password and dialog.isVisible()
    assert Staff.get(Staff.username == "casey").failed_attempts == 0
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(dialog.signed_in):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_the_window_icon_is_set_once_the_sign_in_screen_is_painted(qtbot, admin, monkeypatch):
    """The icon's class and the SVG engine load after the screen is drawn (ui/application.py)."""
    monkeypatch.setattr(flow.warm_up, "start", lambda *modules: None)  # this test's modules are loaded
    app = QApplication.instance()
    assert isinstance(app, QApplication)

    class ShowAndWait:
        def run(self, dialog: QDialog) -> bool:
            app.setWindowIcon(QIcon())
            qtbot.addWidget(dialog)
            dialog.show()
            qtbot.waitUntil(lambda: not app.windowIcon().isNull())
            dialog.reject()
            return False

    assert Gate(flow.StartOptions(), None, ShowAndWait()).sign_in() is None
    assert app.windowIcon().availableSizes() or not app.windowIcon().pixmap(32, 32).isNull()
