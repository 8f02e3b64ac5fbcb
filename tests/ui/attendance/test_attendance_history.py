"""The history grid (letters, not colour alone) and the Reports menu's CSV exports."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from PySide6.QtCore import QSettings, Qt

from iopdesk.domain.kernel import clock
from iopdesk.ui.kit.day_picker import to_qdate
from iopdesk.ui.main_window import MainWindow
from iopdesk.ui.views import attendance as attendance_screen
from iopdesk.ui.views import today as today_screen
from iopdesk.ui.views.attendance import reports
from iopdesk.ui.views.attendance.history import HistoryPanel
from iopdesk.ui.views.attendance.history_controller import HistoryController
from tests.support import attendance_data
from tests.support import factories as f

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
TODAY = attendance_data.TODAY


@pytest.fixture
def clinic(actor, monkeypatch):
    built = attendance_data.build(actor, monkeypatch, size=3)
    a, b, c = built.members
    last_week = f.session(actor, built.group, TODAY - dt.timedelta(days=7))
    cancelled = f.session(actor, built.group, TODAY - dt.timedelta(days=5), status="cancelled")
    f.attend(actor, last_week, a, "present")
    f.attend(actor, last_week, b, "absent_unexcused")
    f.attend(actor, built.session, a, "late", minutes=150)
    built.last_week, built.cancelled = last_week, cancelled  # type: ignore[attr-defined]
    return built


@pytest.fixture
def panel(qtbot, actor, clinic):
    widget = HistoryPanel(lambda: clock.site_today(actor.site_id))
    qtbot.addWidget(widget)
    return HistoryController(widget, actor, widget)


def test_grid_shows_letters_for_each_member_and_date(panel, clinic, qtmodeltester):
    model = panel.view.model
    assert panel.view.chosen_group() is not None and panel.view.chosen_group().name == "Relapse Prevention"
    assert model.rowCount() == 3
    assert model.columnCount() == 4  # three sessions and the total
    cells = [[model.data(model.index(r, col)) for col in range(3)] for r in range(3)]
    assert cells[0] == ["P", "×", "L"]
    assert cells[1] == ["U", "×", "–"]
    assert cells[2] == ["–", "×", "–"]
    assert model.data(model.index(0, 3)) == "2 of 2"
    assert model.data(model.index(1, 3)) == "0 of 2"
    assert model.headerData(1, Qt.Orientation.Horizontal).startswith("×")
    assert "cancelled" in model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(0, Qt.Orientation.Vertical).startswith("Alex T.")
    assert "Present" in model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is not None
    qtmodeltester.check(model)


def test_period_filters_the_dates(panel, clinic):
    panel.view.from_edit.setDate(to_qdate(TODAY - dt.timedelta(days=1)))
    assert panel.view.model.columnCount() == 2
    assert panel.view.model.data(panel.view.model.index(0, 0)) == "L"
    panel.view.to_edit.setDate(to_qdate(TODAY - dt.timedelta(days=3)))  # before "from": the domain refuses
    assert "before the start date" in panel.view.message.text()
    assert panel.view.model.rowCount() == 0


def test_default_period_is_the_last_twelve_weeks(panel):
    start = panel.view.from_edit.date().toPython()
    assert panel.view.to_edit.date().toPython() == TODAY
    assert (TODAY - start).days == 12 * 7 - 1


def test_enter_on_a_cell_opens_that_session(qtbot, actor, clinic):
    screen = attendance_screen.build(actor)
    view = screen.view
    qtbot.addWidget(view)
    history = view.history
    assert not screen.history.loaded and history.model.rowCount() == 0  # read when its tab is shown
    view.tabs.setCurrentWidget(history)
    assert screen.history.loaded and history.model.rowCount() == 3
    history.table.setCurrentIndex(history.model.index(1, 0))
    qtbot.keyClick(history.table, Qt.Key.Key_Return)
    assert view.tabs.currentWidget() is view.take
    assert screen.take.marking.session_id == clinic.last_week.id


def test_w_on_a_member_asks_for_weekly_hours(qtbot, panel, clinic):
    panel.view.table.setCurrentIndex(panel.view.model.index(0, 0))
    with qtbot.waitSignal(panel.view.hours_requested) as asked:
        qtbot.keyClick(panel.view.table, Qt.Key.Key_W)
    assert asked.args == [clinic.members[0].id, "Alex T."]


# --- Reports menu -------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot, actor, clinic, tmp_path):
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    views = [("today", today_screen.build), ("attendance", attendance_screen.build)]
    win = MainWindow(actor, "/tmp/clinic.sqlite3", settings, views)
    qtbot.addWidget(win)
    return win


def test_reports_menu_exports_attendance_csv(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "attendance.csv"
    monkeypatch.setattr(reports, "choose_path", lambda parent, title, name: str(target))
    titles = [a.text() for a in window.menuBar().actions()]
    assert "&Reports" in titles
    window.reports.attendance_action.trigger()
    dialog = window.reports.dialog
    assert isinstance(dialog, reports.AttendanceExportDialog)
    assert dialog.groups.rowCount() == 2  # all groups, and the one group
    assert dialog.group.currentText() == "All groups"
    dialog.group.setCurrentIndex(1)
    dialog.accept()
    qtbot.waitUntil(lambda: window.reports.runs and all(r.done for r in window.reports.runs))
    qtbot.waitUntil(target.exists)
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "Date"
    body = [r for r in rows[1:] if len(r) > 3]
    assert {r[0] for r in body} == {(TODAY - dt.timedelta(days=7)).isoformat(), TODAY.isoformat()}
    assert "saved to" in window.statusBar().currentMessage()


def test_reports_menu_exports_weekly_hours(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "hours.csv"
    monkeypatch.setattr(reports, "choose_path", lambda parent, title, name: str(target))
    window.reports.hours_action.trigger()
    dialog = window.reports.dialog
    assert isinstance(dialog, reports.HoursExportDialog)
    dialog.week.setDate(to_qdate(TODAY))
    dialog.accept()
    qtbot.waitUntil(lambda: target.exists() and all(r.done for r in window.reports.runs))
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    by_name = {r[2]: r for r in rows[1:] if len(r) > 3}
    assert by_name["Alex T."][3] == "150"


def test_export_errors_are_shown_with_their_message(qtbot, window, tmp_path, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(reports, "show_error", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(reports, "choose_path", lambda *args: str(tmp_path / "missing" / "dir" / "a.csv"))
    window.reports.hours_action.trigger()
    window.reports.dialog.accept()
    qtbot.waitUntil(lambda: bool(shown))
    assert "Could not write" in shown[0]


def test_cancelling_the_file_dialog_keeps_the_choices(qtbot, window, monkeypatch):
    monkeypatch.setattr(reports, "choose_path", lambda *args: None)
    window.reports.attendance_action.trigger()
    dialog = window.reports.dialog
    dialog.accept()
    assert dialog.isVisible() and not window.reports.runs
    dialog.reject()
