"""`iopdesk export attendance|hours --format pdf`: printable reports, and what they record.

Writing a PDF needs Qt (offscreen, no window), so those commands run as a
subprocess and this test process stays free of a QGuiApplication; refusals
come before any Qt is loaded and are run in-process.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from iopdesk.cli import main
from iopdesk.domain.clinic.setup import ensure_local_setup
from iopdesk.domain.overviews import attendance_print
from iopdesk.store.database import Target, open_database
from iopdesk.store.models import AuditEvent
from iopdesk.store.models import database as proxy
from tests.support import factories as f

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2025, 3, 10)  # a Monday


def make_clinic(actor):  # type: ignore[no-untyped-def]
    """Two groups with marks over three weeks, and one individual session."""
    evening = f.group(actor, "Evening Recovery")
    morning = f.group(actor, "Morning Skills")
    sam = f.client(actor, "Samuel", "Rivera", preferred="Sam")
    ana = f.client(actor, "Ana", "Lopez")
    kim = f.client(actor, "Kim", "Park")
    for who in (sam, ana):
        f.enroll(actor, who, evening, dt.date(2025, 1, 6))
    f.enroll(actor, kim, morning, dt.date(2025, 1, 6))
    for week in range(3):
        for weekday in (0, 2, 4):
            day = DAY + dt.timedelta(days=7 * week + weekday)
            session = f.session(actor, evening, day, start=dt.time(18, 0))
            f.attend(actor, session, sam, "present")
            f.attend(actor, session, ana, "late" if weekday else "absent_unexcused", minutes=150)
            f.attend(actor, f.session(actor, morning, day), kim, "present")
    individual = f.session(actor, None, DAY, kind="individual", who=sam, start=dt.time(13, 0), minutes=60)
    f.attend(actor, individual, sam, "present")


@pytest.fixture
def clinic(tmp_path):
    path = tmp_path / "clinic.sqlite3"
    db = open_database(Target(path=path))
    try:
        make_clinic(ensure_local_setup("tester"))
    finally:
        db.close()
        proxy.initialize(None)
    return path


def run_subprocess(home: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, IOPDESK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    env.pop("IOPDESK_DB", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *argv], env=env, capture_output=True, text=True, timeout=120
    )


def page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def disclosures_of(path: Path, report: str) -> list[dict]:
    db = open_database(Target(path=path))
    try:
        rows = AuditEvent.select().where(
            (AuditEvent.record_type == "report") & (AuditEvent.record_id == report)
        )
        return [dict(json.loads(r.changes), action=r.action) for r in rows]
    finally:
        db.close()
        proxy.initialize(None)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_attendance_pdf_has_a_page_per_group_and_records_the_disclosure(clinic, tmp_path, iopdesk_home):
    out_file = tmp_path / "attendance.pdf"
    result = run_subprocess(
        iopdesk_home, "--db", str(clinic), "--user", "tester", "export", "attendance",
        "--from", "2025-03-01", "--to", "2025-03-31", "--format", "PDF", "-o", str(out_file),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Written:" in result.stdout and "page(s)" in result.stdout
    data = out_file.read_bytes()
    assert data.startswith(b"%PDF")
    assert page_count(data) >= 3  # two groups and the individual sessions, each on its own page
    (event,) = disclosures_of(clinic, "attendance")
    assert event["action"] == "export" and event["format"] == "pdf"
    assert event["rows"] == 9 * 2 + 9 + 1 and event["pages"] == page_count(data)


def test_attendance_pdf_for_one_group(clinic, tmp_path, iopdesk_home):
    out_file = tmp_path / "evening.pdf"
    result = run_subprocess(
        iopdesk_home, "--db", str(clinic), "--user", "tester", "export", "attendance",
        "--from", "2025-03-10", "--to", "2025-03-16", "--group", "evening recovery",
        "--format", "pdf", "-o", str(out_file),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = out_file.read_bytes()
    assert data.startswith(b"%PDF") and page_count(data) == 1
    (event,) = disclosures_of(clinic, "attendance")
    assert event["group"] == "Evening Recovery" and event["rows"] == 6


def test_hours_pdf(clinic, tmp_path, iopdesk_home):
    out_file = tmp_path / "hours.pdf"
    result = run_subprocess(
        iopdesk_home, "--db", str(clinic), "--user", "tester", "export", "hours",
        "--week", "2025-03-12", "--format", "pdf", "-o", str(out_file),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = out_file.read_bytes()
    assert data.startswith(b"%PDF") and page_count(data) == 1
    (event,) = disclosures_of(clinic, "hours")
    assert event["week_of"] == "2025-03-10" and event["rows"] == 3


@pytest.mark.parametrize("fmt", ["xlsx", "", "html"])
def test_a_format_not_offered_is_exit_2(capsys, clinic, tmp_path, fmt):
    code, _, err = run(
        capsys, "--db", str(clinic), "--user", "tester", "export", "hours",
        "--week", "2025-03-12", "--format", fmt, "-o", str(tmp_path / "x.out"),
    )  # fmt: skip
    assert code == 2 and "csv or pdf" in err and err.count("\n") == 1


def test_unknown_group_is_exit_1_with_one_line(capsys, clinic, tmp_path):
    target = tmp_path / "x.pdf"
    code, _, err = run(
        capsys, "--db", str(clinic), "--user", "tester", "export", "attendance",
        "--from", "2025-03-01", "--to", "2025-03-31", "--group", "Nope", "--format", "pdf", "-o", str(target),
    )  # fmt: skip
    assert code == 1
    assert err == "iopdesk: There is no group called 'Nope'.\n"
    assert not target.exists()


@pytest.mark.parametrize(("output", "says"), [("-", "cannot go to the terminal"), (".", "is a folder")])
def test_a_pdf_needs_a_file(capsys, clinic, tmp_path, output, says):
    target = str(tmp_path) if output == "." else output
    code, _, err = run(
        capsys, "--db", str(clinic), "--user", "tester", "export", "hours",
        "--week", "2025-03-12", "--format", "pdf", "-o", target,
    )  # fmt: skip
    assert code == 2 and says in err and err.count("\n") == 1


def test_the_packet_has_a_section_per_group_then_the_client_sessions(actor):
    make_clinic(actor)
    packet = attendance_print.attendance_for_print(actor, dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert [s.title for s in packet.sections] == [
        "Evening Recovery",
        "Morning Skills",
        attendance_print.CLIENT_SESSIONS_TITLE,
    ]
    evening = packet.sections[0]
    assert evening.is_group and len(evening.sessions) == 9 and len(evening.rows) == 18
    assert [s.date for s in evening.sessions] == sorted(s.date for s in evening.sessions)
    assert not packet.sections[2].is_group and len(packet.sections[2].rows) == 1
    assert packet.head.part2_notice and packet.head.clinic_name
    hours = attendance_print.hours_for_print(actor, DAY + dt.timedelta(days=2))
    assert hours.week_start == DAY and {r.client_name for r in hours.rows} == {"Sam R.", "Ana L.", "Kim P."}


def test_the_hours_report_names_h0015_and_the_programs_shortfall(actor):
    """Issue 17: the program-day rule is named, and a week the program offered less than the floor
    is said to be the program's (hours_html draws no page: no Qt application)."""
    from iopdesk.render.hours_pdf import hours_html
    from iopdesk.store.models import Session, TherapyGroup

    make_clinic(actor)  # Sam: three 3 h evenings a week; Kim: the same in the morning group
    morning = TherapyGroup.get(TherapyGroup.name == "Morning Skills")
    Session.update(status="cancelled").where((Session.group == morning.id) & (Session.date == DAY)).execute()
    hours = attendance_print.hours_for_print(actor, DAY)
    assert hours.program_rule == "H0015 (≥ 3 h on ≥ 3 days)"
    rows = {r.client_name: r for r in hours.rows}
    assert rows["Sam R."].meets_program_rule and rows["Sam R."].offered_minutes == 600  # and his own hour
    assert (rows["Kim P."].offered_minutes, rows["Kim P."].short_offer) == (360, True)  # Monday closed
    assert rows["Ana L."].floor_text == "Below the weekly floor"  # 5 h of the 9 h offered
    html = hours_html(hours)
    assert "Meets H0015 (≥ 3 h on ≥ 3 days)" in html and "HCPCS H0015" in html
    assert "The program offered only 6 h this week" in html and "1 below the weekly floor" in html


def test_the_attendance_sheet_does_not_round_8_h_59_min_up_to_9_hours(actor):
    """One minute short of the adult floor was printed as "9.0" hours (attendance_html draws no page)."""
    from iopdesk.render.attendance_pdf import attendance_html

    grp = f.group(actor, "Evening Recovery")
    who = f.client(actor, "Samuel", "Rivera")
    f.enroll(actor, who, grp, dt.date(2025, 1, 6))
    for weekday, minutes in ((0, 180), (2, 180), (4, 179)):
        session = f.session(actor, grp, DAY + dt.timedelta(days=weekday))
        f.attend(actor, session, who, "present", minutes=minutes)
    html = attendance_html(attendance_print.attendance_for_print(actor, DAY, DAY + dt.timedelta(days=6)))
    assert "8 h 59 min" in html and "9.0" not in html
