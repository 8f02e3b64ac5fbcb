"""A file that discloses client information is written only after its audit entry is committed
(issue 12, item 4): if the entry cannot be written, no file is, and the message says why.

Before: the window wrote the PDF, then recorded it; a failing database left an unaudited file (and
the crash path). Files are also written whole or not at all (no ``.part`` left behind).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import QSettings

from iopdesk.domain.enrollment.enrollment import enroll
from iopdesk.store.models import AuditEvent
from iopdesk.ui.main_window import MainWindow
from iopdesk.ui.views import attendance as attendance_screen
from iopdesk.ui.views import groups as groups_screen
from iopdesk.ui.views import today as today_screen
from iopdesk.ui.views.attendance import reports
from tests.support import attendance_data
from tests.support import factories as f
from tests.support.roster_helpers import TODAY as ROSTER_TODAY
from tests.support.roster_helpers import make_client, make_group
from tests.support.roster_support import ScriptedPrompts, cancel, click, open_view, pinned  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
TODAY = attendance_data.TODAY


def disclosures(report: str) -> list[dict]:
    rows = AuditEvent.select().where((AuditEvent.record_type == "report") & (AuditEvent.record_id == report))
    return [json.loads(r.changes) for r in rows]


@pytest.fixture
def window(qtbot, actor, tmp_path, monkeypatch):
    built = attendance_data.build(actor, monkeypatch, size=3)
    f.attend(actor, built.session, built.members[0], "present")
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    views = [("today", today_screen.build), ("attendance", attendance_screen.build)]
    win = MainWindow(actor, "/tmp/clinic.sqlite3", settings, views)
    qtbot.addWidget(win)
    return win


@pytest.mark.parametrize(("fmt", "report", "kind"), [("pdf", "hours", "busy"), ("csv", "hours", "io")])
def test_an_export_whose_disclosure_fails_writes_nothing_and_says_why(
    qtbot, window, tmp_path, monkeypatch, store_faults, fmt, report, kind
):
    out = tmp_path / "out"
    out.mkdir()
    target = out / f"hours.{fmt}"
    shown: list[str] = []
    monkeypatch.setattr(reports, "show_error", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(reports, "choose_path", lambda *args: str(target))
    window.reports.hours_action.trigger()
    dialog = window.reports.dialog
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    store_faults.fail(kind, at="write", times=1000)
    dialog.accept()
    qtbot.waitUntil(lambda: bool(shown))
    assert "could not be" in shown[0] or "not saved" in shown[0].lower()
    assert ("busy" if kind == "busy" else "input/output") in shown[0]
    qtbot.waitUntil(lambda: all(r.done for r in window.reports.runs))
    assert list(out.iterdir()) == []  # no file, no half-written one
    store_faults.clear()
    assert [d for d in disclosures(report) if d.get("format", "csv") == fmt] == []


def test_a_pdf_export_records_its_disclosure_before_the_file_is_written(qtbot, window, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "hours.pdf"
    order: list[str] = []
    record = reports.attendance_print.record_pdf

    def recorded(*args, **kwargs):  # type: ignore[no-untyped-def]
        order.append("recorded" + (" after the file" if target.exists() else ""))
        record(*args, **kwargs)

    monkeypatch.setattr(reports.attendance_print, "record_pdf", recorded)
    monkeypatch.setattr(reports, "choose_path", lambda *args: str(target))
    window.reports.hours_action.trigger()
    dialog = window.reports.dialog
    dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
    dialog.accept()
    qtbot.waitUntil(lambda: target.exists() and all(r.done for r in window.reports.runs))
    assert order == ["recorded"]
    assert [p.name for p in out.iterdir()] == ["hours.pdf"]


@pytest.fixture
def groups_view(qtbot, actor, pinned):  # noqa: F811
    prompts = ScriptedPrompts(qtbot)
    group = make_group(actor, "Morning Skills")
    for first, last in (("Samuel", "Reyes"), ("Ana", "Diaz")):
        enroll(actor, make_client(actor, first, last).id, group.id, ROSTER_TODAY, today=ROSTER_TODAY)
    v = open_view(qtbot, groups_screen.build, actor, prompts)
    v.view.filter_edit.setText("Morning Skills")
    return v, prompts


def test_a_sign_in_sheet_is_recorded_before_its_file_and_not_written_when_it_cannot_be(
    qtbot, groups_view, tmp_path, store_faults
):
    v, prompts = groups_view
    out = tmp_path / "out"
    out.mkdir()
    target = out / "sheet.pdf"
    seen: list[str] = []

    def refused_then_cancelled(dialog):  # type: ignore[no-untyped-def]
        store_faults.fail("busy", times=1000)
        click(qtbot, dialog.ok_button)
        seen.extend(dialog.shown_errors())
        store_faults.clear()
        cancel(dialog)

    prompts.paths.append(str(target))
    prompts.steps.append(refused_then_cancelled)
    v.a_print.trigger()
    assert seen and "Nothing was saved" in seen[0] and "busy" in seen[0]
    assert list(out.iterdir()) == []
    assert disclosures("sign_in_sheet") == []

    prompts.paths.append(str(target))
    prompts.steps.append(lambda dialog: click(qtbot, dialog.ok_button))
    v.a_print.trigger()
    assert target.read_bytes().startswith(b"%PDF")
    (entry,) = disclosures("sign_in_sheet")
    assert entry["group"] == "Morning Skills" and entry["rows"] == 2
    assert dt.date.fromisoformat(entry["date"]) == ROSTER_TODAY
