"""The Today view: the day's sessions (yours first), alerts, other days, and opening a session."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from iopdesk.ui.dialogs.client_hours import ClientHoursDialog
from iopdesk.ui.main_window import MainWindow
from iopdesk.ui.views import attendance as attendance_screen
from iopdesk.ui.views import today as today_screen
from iopdesk.ui.views.today.view import TodayView
from tests.support import attendance_data
from tests.support import factories as f

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def clinic(actor, monkeypatch):
    built = attendance_data.build(actor, monkeypatch, size=4)
    other_staff = f.staff(actor, name="Robin Other")
    other_group = f.group(actor, "Anger Management")
    f.enroll(actor, built.members[0], other_group, dt.date(2025, 1, 6))
    # Earlier in the day, led by someone else: still listed after the actor's own session.
    built.other = f.session(  # type: ignore[attr-defined]
        actor, other_group, attendance_data.TODAY, start=dt.time(8, 0), minutes=60, facilitator=other_staff.id
    )
    return built


@pytest.fixture
def window(qtbot, actor, clinic, tmp_path):
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    views = [("today", today_screen.build), ("attendance", attendance_screen.build)]
    win = MainWindow(actor, "/tmp/clinic.sqlite3", settings, views)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_lists_the_day_sessions_yours_first_with_states_in_words(window, clinic):
    today = window.views["today"]
    assert isinstance(today.view, TodayView)
    model = today.view.sessions
    assert model.rowCount() == 2
    titles = [model.data(model.index(r, 1)) for r in range(2)]
    assert titles == ["Relapse Prevention", "Anger Management"]
    assert model.data(model.index(0, 0)) == "9:00 am–12:00 pm"
    assert model.data(model.index(0, 2)) == "Not taken"
    assert model.data(model.index(0, 3)) == "0 of 4"
    assert model.data(model.index(0, model.columnCount() - 1)) == "Yours"
    assert model.data(model.index(1, model.columnCount() - 1)) == ""
    assert "2 sessions, 1 yours" in today.view.subtitle.text()


def test_state_follows_the_marks(window, clinic, actor):
    f.attend(actor, clinic.session, clinic.members[0], "present")
    today = window.views["today"]
    today.reload()
    assert today.view.sessions.data(today.view.sessions.index(0, 2)) == "Partly taken"
    for member in clinic.members[1:]:
        f.attend(actor, clinic.session, member, "absent_excused")
    today.reload()
    assert today.view.sessions.data(today.view.sessions.index(0, 2)) == "Taken"
    assert today.view.sessions.data(today.view.sessions.index(0, 3)) == "4 of 4"


def test_enter_on_a_session_opens_it_in_attendance(qtbot, window, clinic):
    today = window.views["today"]
    window.show_view("today")
    today.view.session_table.setCurrentIndex(today.view.sessions.index(1, 0))
    with qtbot.waitSignal(today.session_opened) as opened:
        qtbot.keyClick(today.view.session_table, Qt.Key.Key_Return)
    assert opened.args == [clinic.other.id]
    assert window.current_key() == "attendance"
    take = window.views["attendance"].take
    assert take.marking.session_id == clinic.other.id
    assert take.view.model.rowCount() == 1


def test_double_click_opens_the_session_too(qtbot, window, clinic):
    today = window.views["today"]
    window.show_view("today")
    rect = today.view.session_table.visualRect(today.view.sessions.index(0, 1))
    viewport = today.view.session_table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # a real double-click starts so
    with qtbot.waitSignal(window.view_changed):
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.views["attendance"].take.marking.session_id == clinic.session.id


def test_other_days_by_keyboard(qtbot, window, clinic, actor):
    f.session(actor, clinic.group, attendance_data.TODAY + dt.timedelta(days=1), start=dt.time(18, 0))
    today = window.views["today"]
    window.show_view("today")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    today.view.session_table.setFocus()
    with qtbot.waitSignal(today.view.picker.day_changed):
        qtbot.keyClick(today.view.session_table, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert today.day() == attendance_data.TODAY + dt.timedelta(days=1)
    assert today.view.sessions.rowCount() == 1
    assert today.view.heading.text() == "Thursday"
    assert "1 session, 1 yours" in today.view.subtitle.text()  # one session, not "1 sessions"
    with qtbot.waitSignal(today.view.picker.day_changed):
        qtbot.keyClick(today.view.session_table, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert today.day() == attendance_data.TODAY and today.view.heading.text() == "Today"


def test_alerts_listed_and_enter_shows_weekly_hours(qtbot, window, clinic, actor, qtmodeltester):
    # Two unexcused absences in a row for the first member.
    for days in (7, 5):
        past = f.session(actor, clinic.group, attendance_data.TODAY - dt.timedelta(days=days))
        f.attend(actor, past, clinic.members[0], "absent_unexcused")
    today = window.views["today"]
    today.reload()
    kinds = {(a.client_id, a.kind) for a in today.view.alerts.rows}
    assert (clinic.members[0].id, "unexcused_in_a_row") in kinds
    assert "Alerts for clients of these sessions" in today.view.alerts_title.text()
    row = next(i for i, a in enumerate(today.view.alerts.rows) if a.kind == "unexcused_in_a_row")
    assert today.view.alerts.data(today.view.alerts.index(row, 1)) == "Unexcused absences in a row"
    today.view.alert_table.setCurrentIndex(today.view.alerts.index(row, 0))
    qtbot.keyClick(today.view.alert_table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(today.dialog, ClientHoursDialog))
    qtmodeltester.check(today.dialog.model)
    today.dialog.reject()


def test_empty_day_says_so(qtbot, window):
    today = window.views["today"]
    today.view.picker.set_day(attendance_data.TODAY + dt.timedelta(days=3))
    assert today.view.sessions.rowCount() == 0
    assert today.view.sessions_empty.isVisibleTo(today.view)
    assert "No sessions" in today.view.sessions_empty.text()
    assert not today.view.session_table.isVisibleTo(today.view)


def test_today_models_pass_the_model_tester(window, qtmodeltester):
    today = window.views["today"]
    qtmodeltester.check(today.view.sessions)
    qtmodeltester.check(today.view.alerts)


def test_the_measures_lists_are_read_once_when_today_first_appears_and_again_when_it_comes_back(
    qtbot, actor, clinic, tmp_path, monkeypatch
):
    from iopdesk.ui.views.today import measures_lists

    reads: list[object] = []
    real = measures_lists.measures_today
    monkeypatch.setattr(measures_lists, "measures_today", lambda *a: reads.append(a) or real(*a))
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    views = [("today", today_screen.build), ("attendance", attendance_screen.build)]
    win = MainWindow(actor, "/tmp/clinic.sqlite3", settings, views)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert len(reads) == 1  # built, then shown: one read
    win.show_view("attendance")
    win.show_view("today")
    assert len(reads) == 2  # back on Today: fresh lists
