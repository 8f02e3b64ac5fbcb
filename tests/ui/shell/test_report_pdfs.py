"""The Reports menu's PDF exports: drawn on the GUI thread from a packet built off it, then disclosed."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from PySide6.QtCore import QSettings

from iopdesk.store.models import AuditEvent
from iopdesk.ui.kit.day_picker import to_qdate
from iopdesk.ui.main_window import MainWindow
from iopdesk.ui.views import attendance as attendance_screen
from iopdesk.ui.views import today as today_screen
from iopdesk.ui.views.attendance import reports
from tests.support import attendance_data
from tests.support import factories as f

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
TODAY = attendance_data.TODAY


@pytest.fixture
def clinic(actor, monkeypatch):
    built = attendance_data.build(actor, monkeypatch, size=3)
    a, b, _c = built.members
    last_week = f.session(actor, built.group, TODAY - dt.timedelta(days=7))
    f.attend(actor, last_week, a, "present")
    f.attend(actor, last_week, b, "absent_unexcused")
    f.attend(actor, built.session, a, "late", minutes=150)
    return built


@pytest.fixture
def window(qtbot, actor, clinic, tmp_path):
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    views = [("today", today_screen.build), ("attendance", attendance_screen.build)]
    win = MainWindow(actor, "/tmp/clinic.sqlite3", settings, views)
    qtbot.addWidget(win)
    return win


def pdf_disclosures(report: str) -> list[dict]:
    rows = AuditEvent.select().where((AuditEvent.record_type == "report") & (AuditEvent.record_id == report))
    return [json.loads(r.changes) for r in rows if json.loads(r.changes).get("format") == "pdf"]


def pages_of(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def test_reports_menu_exports_attendance_as_pdf(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "attendance.pdf"
    asked: list[str] = []

    def choose(parent, title, name):  # type: ignore[no-untyped-def]
        asked.append(name)
        return str(target)

    monkeypatch.setattr(reports, "choose_path", choose)
    window.reports.attendance_action.trigger()
    dialog = window.reports.dialog
    assert isinstance(dialog, reports.AttendanceExportDialog)
    dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
    dialog.accept()
    qtbot.waitUntil(lambda: window.reports.runs and all(r.done for r in window.reports.runs))
    qtbot.waitUntil(target.exists)
    assert asked[0].endswith(".pdf")
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and pages_of(data) == 1
    assert "saved to" in window.statusBar().currentMessage()
    (event,) = pdf_disclosures("attendance")
    assert event["rows"] == 6 and event["pages"] == 1


def test_reports_menu_exports_weekly_hours_as_pdf(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "hours.pdf"
    monkeypatch.setattr(reports, "choose_path", lambda parent, title, name: str(target))
    window.reports.hours_action.trigger()
    dialog = window.reports.dialog
    dialog.week.setDate(to_qdate(TODAY))
    dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
    dialog.accept()
    qtbot.waitUntil(lambda: target.exists() and all(r.done for r in window.reports.runs))
    assert target.read_bytes().startswith(b"%PDF")
    (event,) = pdf_disclosures("hours")
    assert event["rows"] == 3


def test_a_pdf_that_cannot_be_written_says_so_and_discloses_nothing(qtbot, window, tmp_path, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(reports, "show_error", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(reports, "choose_path", lambda *args: str(tmp_path / "missing" / "a.pdf"))
    window.reports.hours_action.trigger()
    dialog = window.reports.dialog
    dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
    dialog.accept()
    qtbot.waitUntil(lambda: bool(shown))
    assert "Could not write" in shown[0]
    assert pdf_disclosures("hours") == []
