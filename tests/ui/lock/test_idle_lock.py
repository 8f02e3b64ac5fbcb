"""The idle lock with a fake clock: drafts saved, nothing about clients on screen, the right password back
(checked off the GUI thread, as the sign-in screen's)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from iopdesk.domain.access.accounts import sign_in
from iopdesk.domain.clients.clients import ClientDraft, add_client
from iopdesk.store.models import AuditEvent, Staff
from iopdesk.ui.admin.password_dialog import ChangePasswordDialog
from iopdesk.ui.lock import clipboard
from iopdesk.ui.lock import controller as lock_controller
from iopdesk.ui.lock.controller import SIGNED_OUT, SWITCH_USER, install_session
from iopdesk.ui.main_window import MainWindow
from tests.support.clock import IdleClock
from tests.support.enter_keys import ENTERS, press_enter, tab_to
from tests.support.roster_support import ScriptedPrompts
from tests.support.signin_support import PASSWORD, add_staff

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform

IDLE = 600.0
SURNAME = "Quixotefield"  # an invented client; must never show on a locked screen


def visible_texts() -> list[str]:
    """Every text a person could read now: labels, fields, buttons, lists and window titles."""
    texts: list[str] = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        texts.append(top.windowTitle())
        for widget in [top, *top.findChildren(QWidget)]:
            if not widget.isVisible():
                continue
            if isinstance(widget, (QLabel, QLineEdit, QAbstractButton)):
                texts.append(widget.text())
            elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
                texts.append(widget.toPlainText())
            elif isinstance(widget, QComboBox):
                texts.append(widget.currentText())
            elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
                model = widget.model()
                for row in range(model.rowCount()):
                    for column in range(model.columnCount()):
                        texts.append(str(model.index(row, column).data() or ""))
    return texts


def shows_client() -> bool:
    return any(SURNAME in text for text in visible_texts())


@pytest.fixture
def session(qtbot, admin, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    counselor = add_staff(admin, "casey", name="Casey Counselor")
    client = add_client(counselor, ClientDraft("Zebedee", SURNAME, dt.date(1980, 5, 6)))
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(counselor, "/tmp/clinic.sqlite3", settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_view("clients")
    window.views["clients"].open_client(client.id)
    saved: list[str] = []
    for key in ("notes", "clients"):
        if key in window.views:
            view = window.views[key]
            original = view.save_state

            def spy(key: str = key, original=original) -> None:  # type: ignore[no-untyped-def]
                saved.append(key)
                original()

            monkeypatch.setattr(view, "save_state", spy)
    window.show_view("clients")
    clock = IdleClock()
    controls = install_session(window, counselor, clock=clock, check_ms=10, idle_seconds=IDLE)
    yield window, controls, clock, saved
    controls.finish()


def test_after_the_idle_time_the_window_locks_and_shows_no_client(qtbot, session):
    window, controls, clock, saved = session
    assert shows_client()  # the check below would prove nothing otherwise
    note = QMessageBox(QMessageBox.Icon.Information, "Reminder", f"Call {SURNAME} back", parent=window)
    note.setWindowModality(Qt.WindowModality.NonModal)
    note.show()
    qtbot.waitExposed(note)
    question = QMessageBox(QMessageBox.Icon.Question, "Discharge", f"Discharge {SURNAME}?", parent=window)
    question.open()  # window-modal, as a form dialog would be
    qtbot.waitExposed(question)
    clock.now += IDLE + 1
    with qtbot.waitSignal(controls.locked, timeout=3000):
        pass
    assert controls.is_locked and controls.lock_screen.isVisible()
    assert not shows_client()
    assert not note.isVisible() and not question.isVisible() and not window.centralWidget().isVisible()
    assert "clients" in saved  # drafts were flushed before the screen went
    if "notes" in window.views and window.views.is_built("notes"):
        assert "notes" in saved
    assert "Casey Counselor" in controls.lock_screen.who_label.text()
    entry = AuditEvent.select().where(AuditEvent.action == "screen.lock").get()
    assert '"idle"' in entry.changes


def test_typing_keeps_the_window_unlocked(qtbot, session):
    window, controls, clock, _saved = session
    clock.now += IDLE - 100
    qtbot.keyClick(window, Qt.Key.Key_Shift)
    clock.now += 200  # 200 s since the key press: not idle yet
    controls.watcher.check()
    assert not controls.is_locked
    clock.now += IDLE
    with qtbot.waitSignal(controls.locked, timeout=3000):
        pass


def test_only_the_right_password_unlocks(qtbot, session):
    window, controls, _clock, _saved = session
    controls.lock_action.trigger()
    assert controls.is_locked and not shows_client()
    controls.lock_screen.password.setText("not my password at all")
    with qtbot.waitSignal(controls.attempt_ended):
        controls.lock_screen.unlock_button.click()
    assert controls.is_locked and "not right" in controls.lock_screen.shown_error()
    assert not shows_client()
    controls.lock_screen.password.setText(PASSWORD)
    with qtbot.waitSignal(controls.unlocked):
        controls.lock_screen.unlock_button.click()
    assert not controls.lock_screen.isVisible() and window.centralWidget().isVisible()
    assert shows_client()
    assert window.windowTitle() == "IOPdesk"
    resumed = (
        AuditEvent.select()
        .where(AuditEvent.action == "sign_in.success")
        .order_by(AuditEvent.seq.desc())
        .get()
    )
    assert "resumed" in resumed.changes


def test_shortcuts_do_nothing_while_locked(qtbot, session):
    window, controls, _clock, _saved = session
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    controls.lock_now()
    before = window.current_key()
    qtbot.keyClick(controls.lock_screen.password, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == before and controls.is_locked


def test_switch_user_ends_the_session_and_signs_out(qtbot, session):
    window, controls, _clock, _saved = session
    controls.lock_now()
    with qtbot.waitSignal(controls.ended) as blocker:
        controls.lock_screen.switch_button.click()
    assert blocker.args == [SWITCH_USER] and controls.outcome == SWITCH_USER
    assert not window.isVisible()
    assert AuditEvent.select().where(AuditEvent.action == "sign_out").count() == 1
    controls.finish()  # what the start-up loop does next: no second sign-out entry
    assert AuditEvent.select().where(AuditEvent.action == "sign_out").count() == 1


def test_unlocking_brings_back_windows_that_were_open(qtbot, session):
    window, controls, _clock, _saved = session
    note = QMessageBox(QMessageBox.Icon.Information, "Reminder", "Call back", parent=window)
    note.setWindowModality(Qt.WindowModality.NonModal)
    note.show()
    controls.lock_now()
    assert not note.isVisible()
    late = QMessageBox(QMessageBox.Icon.Information, "Import finished", f"{SURNAME} imported", parent=window)
    late.setWindowModality(Qt.WindowModality.NonModal)
    late.show()  # a window that opens over the lock screen is hidden straight away
    qtbot.waitUntil(lambda: not late.isVisible())
    assert not shows_client()
    with qtbot.waitSignal(controls.unlocked):
        controls.unlock(PASSWORD)
    assert note.isVisible()
    assert late.isVisible()  # what happened while the person was away is shown when they are back


def test_sign_out_from_the_file_menu(qtbot, session):
    window, controls, _clock, saved = session
    file_actions = [a.text().replace("&", "") for a in window.file_menu.actions()]
    assert "Lock now" in file_actions and "Sign out" in file_actions and "Change my password…" in file_actions
    assert "Staff accounts…" not in file_actions  # administrators only
    assert controls.lock_action.shortcut().toString() == "Ctrl+Alt+L"
    with qtbot.waitSignal(controls.ended) as blocker:
        controls.sign_out_action.trigger()
    assert blocker.args == [SIGNED_OUT] and not window.isVisible() and "clients" in saved
    assert AuditEvent.select().where(AuditEvent.action == "sign_out").exists()


def test_change_my_password_from_the_file_menu(qtbot, session):
    window, controls, _clock, _saved = session
    prompts = ScriptedPrompts()
    controls.prompts = prompts

    def change(dialog: ChangePasswordDialog) -> None:
        dialog.current.setText(PASSWORD)
        dialog.password.setText("a brand new pass phrase")
        dialog.again.setText("a brand new pass phrase")
        dialog.try_accept()

    prompts.steps.append(change)
    controls.password_action.trigger()
    assert "password was changed" in window.statusBar().currentMessage()
    assert sign_in("casey", "a brand new pass phrase").role == "counselor"


def test_the_lock_screen_tells_the_sites_time_not_this_computers(qtbot, session, frozen_clock, monkeypatch):
    import time

    window, controls, _clock, _saved = session
    monkeypatch.setenv("TZ", "Asia/Tokyo")  # the laptop still on its owner's holiday time
    time.tzset()
    try:
        frozen_clock.set(dt.datetime(2025, 3, 10, 20, 17))  # UTC: 4:17 pm in New York, 5:17 am in Tokyo
        keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        qtbot.keyClick(window, Qt.Key.Key_L, keys)  # Ctrl+Alt+L: File → Lock now
        qtbot.waitUntil(lambda: controls.is_locked)
        assert controls.lock_screen.when_label.text() == "Locked at 4:17 pm. Your work was saved."
    finally:
        monkeypatch.undo()
        time.tzset()


def test_enter_on_an_empty_lock_screen_uses_up_no_try(qtbot, session):
    window, controls, _clock, _saved = session
    controls.lock_now()
    field = controls.lock_screen.password
    for _ in range(6):  # more than the five tries before the lock
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert controls.is_locked and controls.lock_screen.shown_error() == "Type your password to unlock."
    assert Staff.get_by_id(controls.actor.staff_id).failed_attempts == 0
    assert not AuditEvent.select().where(AuditEvent.action == "sign_in.failure").exists()
    qtbot.keyClicks(field, PASSWORD)
    with qtbot.waitSignal(controls.unlocked):
        qtbot.keyClick(field, Qt.Key.Key_Return)


def test_the_password_is_checked_off_the_gui_thread_and_the_screen_says_so(qtbot, session, monkeypatch):
    window, controls, _clock, _saved = session
    controls.lock_now()
    release = threading.Event()
    checked_on: list[threading.Thread] = []
    confirm = lock_controller.confirm_password

    def held_confirm(actor, password):  # type: ignore[no-untyped-def]
        checked_on.append(threading.current_thread())
        assert release.wait(30)  # on the worker thread, until the GUI thread has looked
        confirm(actor, password)

    monkeypatch.setattr(lock_controller, "confirm_password", held_confirm)
    field = controls.lock_screen.password
    qtbot.keyClicks(field, PASSWORD)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert controls.unlocking and controls.lock_screen.info_label.text() == "Unlocking…"
    assert field.isReadOnly() and not controls.lock_screen.unlock_button.isEnabled()
    assert not controls.lock_screen.switch_button.isEnabled()
    qtbot.keyClick(field, Qt.Key.Key_Return)  # again: not a second attempt
    ticks: list[bool] = []  # the event loop keeps turning while the check waits
    timer = QTimer(window)
    timer.timeout.connect(lambda: ticks.append(controls.unlocking))
    timer.start(5)
    qtbot.waitUntil(lambda: len(ticks) >= 3)
    assert controls.is_locked and not shows_client()
    with qtbot.waitSignal(controls.unlocked):
        release.set()
    timer.stop()
    assert checked_on and checked_on[0] is not threading.main_thread() and len(checked_on) == 1
    assert not controls.is_locked and shows_client() and window.centralWidget().isVisible()
    qtbot.waitUntil(lambda: not controls.unlocking)


def test_a_wrong_password_typed_and_entered_is_refused_calmly_then_the_right_one_unlocks(qtbot, session):
    window, controls, _clock, _saved = session
    controls.lock_now()
    field = controls.lock_screen.password
    qtbot.keyClicks(field, "not my password at all")
    with qtbot.waitSignal(controls.attempt_ended):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert controls.is_locked and not shows_client()
    assert controls.lock_screen.shown_error() == "That password is not right."
    assert field.text() == "" and not field.isReadOnly() and window.focusWidget() is field
    assert not controls.lock_screen.info_label.isVisible()
    assert Staff.get_by_id(controls.actor.staff_id).failed_attempts == 1
    qtbot.keyClicks(field, PASSWORD)
    with qtbot.waitSignal(controls.unlocked):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert not controls.lock_screen.isVisible() and shows_client()


def locked_at_the_keyboard(qtbot, session):  # type: ignore[no-untyped-def]
    """Lock now, and the keyboard in the lock screen's password field, as a person finds it."""
    window, controls, _clock, _saved = session
    controls.lock_now()
    window.activateWindow()
    qtbot.waitUntil(controls.lock_screen.password.hasFocus)
    return controls


@ENTERS
def test_tab_after_the_password_reaches_unlock_and_enter_there_unlocks(qtbot, session, key, modifier):  # type: ignore[no-untyped-def]
    controls = locked_at_the_keyboard(qtbot, session)
    qtbot.keyClicks(controls.lock_screen.password, PASSWORD)
    assert tab_to(qtbot, controls.lock_screen.unlock_button) == 1  # Unlock first, not Switch user
    with qtbot.waitSignal(controls.unlocked):
        press_enter(qtbot, key, modifier)
    assert not controls.is_locked and shows_client()


@ENTERS
def test_enter_on_switch_user_reached_with_tab_switches(qtbot, session, key, modifier):  # type: ignore[no-untyped-def]
    controls = locked_at_the_keyboard(qtbot, session)
    assert tab_to(qtbot, controls.lock_screen.switch_button) == 2
    with qtbot.waitSignal(controls.ended) as ended:
        press_enter(qtbot, key, modifier)
    assert ended.args == [SWITCH_USER]


def copy_the_name(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Select the client's name in a field of the window and press Ctrl+C, as a person would."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    field = QLineEdit(f"Zebedee {SURNAME}", window.centralWidget())
    field.show()
    field.setFocus()
    field.selectAll()
    with qtbot.waitSignal(QApplication.clipboard().dataChanged):
        qtbot.keyClick(field, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert SURNAME in QApplication.clipboard().text()


def test_locking_takes_what_was_copied_here_off_the_clipboard(qtbot, session):
    window, controls, clock, _saved = session
    copy_the_name(qtbot, window)
    clock.now += IDLE + 1
    with qtbot.waitSignal(controls.locked, timeout=3000):
        pass
    assert QApplication.clipboard().text() == ""


def test_signing_out_takes_it_off_too(qtbot, session):
    window, controls, _clock, _saved = session
    copy_the_name(qtbot, window)
    with qtbot.waitSignal(controls.ended):
        controls.sign_out_action.trigger()
    assert QApplication.clipboard().text() == ""


def test_what_another_program_copied_stays(qtbot, session, monkeypatch):
    _window, controls, _clock, _saved = session
    inactive = Qt.ApplicationState.ApplicationInactive  # the person is in their browser
    monkeypatch.setattr(clipboard.QGuiApplication, "applicationState", staticmethod(lambda: inactive))
    with qtbot.waitSignal(QApplication.clipboard().dataChanged):
        QApplication.clipboard().setText("a recipe from the browser")
    controls.lock_now()
    assert QApplication.clipboard().text() == "a recipe from the browser"
    QApplication.clipboard().clear()
