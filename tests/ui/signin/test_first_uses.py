"""While the person types their password, Qt's first uses are paid and the Today page is made
(ui/first_uses.py); the main window then takes that page and sets it to the site's clock. Signing in
early stops it, and the window makes its own page."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from iopdesk.ui import first_uses
from iopdesk.ui.main_window import MainWindow
from iopdesk.ui.signin.sign_in_dialog import SignInDialog
from iopdesk.ui.views.today import prepared
from iopdesk.ui.views.today.measures_lists import MeasuresLists
from tests.support.signin_support import PASSWORD, finish_attempt, shown_dialog

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform

NOW = dt.datetime(2030, 1, 1, 3, 0)  # UTC: still New Year's Eve at the clinic (New York)
SITE_TODAY = dt.date(2029, 12, 31)


def sign_in_with_keys(qtbot, dialog: SignInDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(dialog.username, "casey")
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(dialog.signed_in, timeout=30_000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    finish_attempt(dialog)


def main_window(qtbot, dialog: SignInDialog, tmp_path) -> MainWindow:  # type: ignore[no-untyped-def]
    assert dialog.actor is not None
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(dialog.actor, "clinic", settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_page_made_while_typing_is_the_one_the_window_shows_on_the_sites_clock(
    qtbot, locked, frozen_clock, tmp_path
):
    frozen_clock.set(NOW)
    opened, _key = locked
    dialog = shown_dialog(qtbot, opened)
    first_uses.start(dialog, lambda: dialog.isVisible() and not dialog.signing_in)
    qtbot.waitUntil(first_uses.done, timeout=30_000)
    page = prepared.waiting()  # the scroller, with the Today page in it
    assert page is not None
    made = page.widget()
    assert made.picker.day() == dt.date.today()  # the computer's clock: nobody had signed in
    made_lists = made.findChild(MeasuresLists)
    assert made_lists is not None and made_lists.actor is None  # bound once someone signs in
    sign_in_with_keys(qtbot, dialog)
    window = main_window(qtbot, dialog, tmp_path)
    today = window.views["today"]
    assert today.view is made and window.views.page("today") is page
    assert today.measures is made_lists and made_lists.actor == dialog.actor  # a counselor reads them
    assert made.picker.day() == SITE_TODAY  # the site's day, not the computer's
    assert made.subtitle.text().startswith("Monday, December 31, 2029")
    # The picker's Today (Ctrl+T) follows the site's clock too.
    made.picker.step(-3)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    made.session_table.setFocus()
    with qtbot.waitSignal(made.picker.day_changed):
        qtbot.keyClick(made.session_table, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert made.picker.day() == SITE_TODAY
    assert prepared.take() is None  # taken once


def test_signing_in_before_it_is_done_stops_it_and_the_window_makes_its_own_page(qtbot, locked, tmp_path):
    opened, _key = locked
    dialog = shown_dialog(qtbot, opened)
    first_uses.start(dialog, lambda: dialog.isVisible() and not dialog.signing_in)
    assert not first_uses.done()  # its first step waits for the event loop
    sign_in_with_keys(qtbot, dialog)  # Enter, before any step ran
    qtbot.waitUntil(first_uses.done)
    assert prepared.take() is None
    window = main_window(qtbot, dialog, tmp_path)
    assert window.views["today"].view.picker.day() is not None


def test_the_key_file_writes_of_signing_in_wait_for_the_window_to_be_painted(
    qtbot, locked, monkeypatch, tmp_path
):
    from iopdesk.store import audit_log, keyring
    from iopdesk.ui.signin import flow

    opened, _key = locked
    monkeypatch.setattr(audit_log, "_anchored_at", -audit_log.ANCHOR_INTERVAL)  # due at the next entry
    path = keyring.keys_path(opened.target.path)

    def failures() -> int:
        keys = keyring.load(path)
        return keys.accounts[keys.tag("casey")].failures

    dialog = shown_dialog(qtbot, opened)
    dialog.username.setText("casey")
    dialog.password.setText("not the password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    finish_attempt(dialog)
    assert failures() == 1
    dialog.username.clear()
    sign_in_with_keys(qtbot, dialog)
    assert failures() == 1  # forgotten once the window is up, not while the person waits for it

    def anchored() -> int:
        anchor = keyring.load(path).audit_anchor
        return int(str(anchor["seq"])) if anchor is not None else 0

    last = audit_log.last_entry()
    assert last is not None and anchored() < last[0]  # held: no flush to disk before Today shows
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    assert dialog.actor is not None
    app = QApplication.instance()

    def window_runs() -> int:  # the window's event loop, until the anchor has moved
        qtbot.waitUntil(lambda: anchored() >= last[0], timeout=10_000)
        return 0

    monkeypatch.setattr(app, "exec", window_runs)
    code, _outcome = flow.run_session(app, opened, dialog.actor, settings)
    assert code == 0  # it moved once the window had been painted, before the session ended
    assert failures() == 0
