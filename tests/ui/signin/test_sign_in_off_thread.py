"""The password is checked off the GUI thread: the sign-in screen keeps painting and answering while
argon2id derives the key (a third of a second or more on purpose), and a refusal is said calmly."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QTimer

from iopdesk.domain.access.accounts import WRONG
from iopdesk.store import cipher, keyring
from iopdesk.ui.signin.sign_in_dialog import SignInDialog
from tests.support.signin_support import ADMIN_PASSWORD, PASSWORD, finish_attempt, shown_dialog

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform



@pytest.mark.slow
def test_the_event_loop_keeps_turning_while_the_real_key_derivation_runs(qtbot, locked):
    opened, _recovery_key = locked
    # casey's copy of the key wrapped at the cost a real clinic's has (the suite's is cheap)
    path = keyring.keys_path(opened.target.path)
    keys = keyring.load(path)
    db_key = keys.unlock("admin", ADMIN_PASSWORD)
    cipher.use_profile(cipher.PRODUCTION)
    try:
        keys.set_account("casey", db_key, PASSWORD)
        keyring.save(path, keys)
    finally:
        cipher.use_profile(cipher.TEST_PROFILE)
    dialog = shown_dialog(qtbot, opened)
    ticks: list[bool] = []  # one per turn of the event loop's timer, noting whether it fell mid-check
    timer = QTimer(dialog)
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(dialog.signing_in))
    timer.start()
    qtbot.keyClicks(dialog.username, "casey")
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(dialog.signed_in, timeout=30_000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        assert dialog.signing_in  # the key is being derived, and Enter has returned already
    timer.stop()
    assert ticks.count(True) >= 5, f"the GUI thread stalled during the derivation: {ticks.count(True)} ticks"
    assert dialog.actor is not None and opened.db is not None


def test_while_the_password_is_checked_the_screen_waits_and_says_so(qtbot, locked):
    opened, _key = locked
    dialog = shown_dialog(qtbot, opened)
    release = threading.Event()
    check = dialog.door.check

    def held_check(*args):  # type: ignore[no-untyped-def]
        assert release.wait(30)  # on the worker thread, until the GUI thread has looked
        return check(*args)

    dialog.door.check = held_check  # type: ignore[method-assign]
    dialog.username.setText("casey")
    dialog.password.setText(PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.signing_in and dialog.info_label.text() == "Signing in…"
    assert dialog.password.isReadOnly() and not dialog.sign_in_button.isEnabled()
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)  # again: not a second attempt
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # the check finishes first
    assert dialog.isVisible() and dialog.signing_in
    release.set()
    finish_attempt(dialog)
    assert dialog.actor is not None and dialog.result() == SignInDialog.DialogCode.Accepted


def test_a_wrong_password_is_said_calmly_and_the_screen_takes_input_again(qtbot, locked):
    opened, _key = locked
    dialog = shown_dialog(qtbot, opened)
    qtbot.keyClicks(dialog.username, "casey")
    qtbot.keyClicks(dialog.password, "not the right phrase")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    finish_attempt(dialog)
    assert dialog.shown_error() == WRONG and dialog.isVisible() and opened.db is None
    assert dialog.password.text() == "" and not dialog.password.isReadOnly()
    assert dialog.sign_in_button.isEnabled() and dialog.info_label.isHidden()
    assert dialog.focusWidget() is dialog.password
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(dialog.signed_in):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert opened.db is not None
