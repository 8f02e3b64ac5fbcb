"""`iopdesk export chart --client CHART [--from --to] -o FILE.pdf`: the printed treatment chart.

Writing a PDF needs Qt (offscreen, no window), so the command runs as a subprocess; refusals come
before any Qt is loaded and run in-process. The disclosure is in the audit trail before the file
is written (a child process looks at the trail when the first byte goes out); an output folder that
is not there stops the export before its entry.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from iopdesk.cli import main
from iopdesk.domain.care import chart, discharge, note_goals
from iopdesk.domain.care.discharge import AftercareItem
from iopdesk.domain.clinic.setup import ensure_local_setup
from iopdesk.domain.kernel import clock
from iopdesk.store.database import Target, open_database
from iopdesk.store.models import AuditEvent, Client, Note
from iopdesk.store.models import database as proxy
from tests.commands.test_report_pdf_cli import page_count, run_subprocess
from tests.support import care_factories as cf
from tests.support import factories as f

CHART = "CH-0001"


def make_chart(actor) -> None:  # type: ignore[no-untyped-def]
    """A screened, admitted, planned, reviewed and discharged client (dates around the real today:
    the command runs on the real clock)."""
    today = clock.site_today(actor.site_id)
    client = cf.person(actor, "Robin", "River")
    Client.update(chart_number=CHART).where(Client.id == client.id).execute()
    cf.screened(actor, client.id, on=today - dt.timedelta(days=20))
    episode = cf.admitted(actor, client.id, on=today - dt.timedelta(days=14))
    plan = cf.signed_plan(actor, client.id)
    session = f.session(
        actor,
        None,
        today - dt.timedelta(days=3),
        kind="individual",
        who=Client.get_by_id(client.id),
        facilitator=actor.staff_id,
    )
    f.attend(actor, session, Client.get_by_id(client.id))
    note = Note.create(
        origin_site=actor.site_id,
        session=session.id,
        client=client.id,
        author=actor.staff_id,
        body=json.dumps({"subjective": "Cravings down."}),
        date=session.date,
    )
    note_goals.set_goals_addressed(actor, note.id, [next(plan.content.goals())[1].id])
    out = discharge.start_discharge(actor, episode.id, "completed", today)
    discharge.save_discharge(
        actor,
        out.id,
        summary={"condition": "Stable.", "recommendations": "Alumni group."},
        aftercare=[AftercareItem("referral", "Alumni group, Tuesdays")],
    )
    discharge.sign_discharge(actor, out.id, True)


@pytest.fixture
def clinic(tmp_path: Path, monkeypatch) -> Path:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cf, "TODAY", dt.date.today())
    path = tmp_path / "clinic.sqlite3"
    db = open_database(Target(path=path))
    try:
        make_chart(ensure_local_setup("tester"))
    finally:
        db.close()
        proxy.initialize(None)
    return path


def disclosures(path: Path) -> list[AuditEvent]:
    db = open_database(Target(path=path))
    try:
        return list(
            AuditEvent.select().where(
                (AuditEvent.record_type == "report") & (AuditEvent.record_id == "chart")
            )
        )
    finally:
        db.close()
        proxy.initialize(None)


def test_the_chart_is_written_and_the_disclosure_recorded(clinic, tmp_path, iopdesk_home) -> None:  # type: ignore[no-untyped-def]
    out_file = tmp_path / "chart.pdf"
    result = run_subprocess(
        iopdesk_home,
        "--db",
        str(clinic),
        "--user",
        "tester",
        "export",
        "chart",
        "--client",
        CHART.lower(),
        "-o",
        str(out_file),
    )
    assert result.returncode == 0, result.stderr
    assert "Written:" in result.stdout and "1 episode(s)" in result.stdout
    data = out_file.read_bytes()
    assert data.startswith(b"%PDF") and page_count(data) >= 2
    (entry,) = disclosures(clinic)
    assert entry.action == "export" and json.loads(entry.changes)["episodes"] == [1]


# Run in a child process: drawing the PDF makes a QGuiApplication, and one left in this process
# breaks every GUI test after it (pytest-qt wants its own QApplication).
SPY = """
import sys
from pathlib import Path

import iopdesk.commands.chart_cmd as chart_cmd
from iopdesk.cli import main
from iopdesk.commands.common import write_private
from iopdesk.store.driver import dbapi

clinic = sys.argv[1]


def spy(path: Path, data: bytes) -> None:
    # What the trail holds when the first byte is written, read beside the command's connection.
    conn = dbapi.connect(clinic)
    try:
        query = "SELECT COUNT(*) FROM audit_event WHERE record_type = 'report' AND record_id = 'chart'"
        print("disclosures when written:", conn.execute(query).fetchone()[0])
    finally:
        conn.close()
    write_private(path, data)


chart_cmd.write_private = spy
sys.exit(main(sys.argv[2:]))
"""


def test_the_disclosure_is_recorded_before_the_file_is_written(clinic, tmp_path, iopdesk_home) -> None:  # type: ignore[no-untyped-def]
    out_file = tmp_path / "chart.pdf"
    env = dict(os.environ, IOPDESK_HOME=str(iopdesk_home), QT_QPA_PLATFORM="offscreen")
    env.pop("IOPDESK_DB", None)
    result = subprocess.run(
        [sys.executable, "-c", SPY, str(clinic), "--db", str(clinic), "--user", "tester", "export", "chart",
         "--client", CHART, "--from", "2000-01-01", "-o", str(out_file)],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "disclosures when written: 1" in result.stdout
    assert out_file.read_bytes().startswith(b"%PDF")
    (entry,) = disclosures(clinic)
    assert json.loads(entry.changes)["start"] == "2000-01-01"


def test_a_folder_that_is_not_there_stops_the_export_before_its_disclosure(
    clinic, tmp_path, iopdesk_home
) -> None:  # type: ignore[no-untyped-def]
    out_file = tmp_path / "no-such-folder" / "chart.pdf"
    result = run_subprocess(
        iopdesk_home, "--db", str(clinic), "--user", "tester", "export", "chart", "--client", CHART,
        "--from", "2000-01-01", "-o", str(out_file),
    )  # fmt: skip
    assert result.returncode == 1 and "could not write" in result.stderr
    assert not out_file.exists()
    assert disclosures(clinic) == []  # the trail claims no export that did not happen


def run(capsys, *argv: str):  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("argv", "code", "says"),
    [
        (("--client", "NOPE-1"), 1, "There is no client with chart number 'NOPE-1'."),
        (("--client", CHART, "--from", "2025-03-10", "--to", "2025-03-01"), 2, "--to is before --from"),
        (("--client", CHART, "--from", "March"), 2, "is not a date"),
    ],
)
def test_refusals_are_one_line(capsys, clinic, tmp_path, argv, code, says) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "x.pdf"
    got, _, err = run(
        capsys, "--db", str(clinic), "--user", "tester", "export", "chart", *argv, "-o", str(target)
    )
    assert got == code and says in err and err.count("\n") == 1
    assert not target.exists() and disclosures(clinic) == []


def test_a_pdf_needs_a_file(capsys, clinic) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(
        capsys, "--db", str(clinic), "--user", "tester", "export", "chart", "--client", CHART, "-o", "-"
    )
    assert code == 2 and "cannot go to the terminal" in err


def test_the_page_says_what_the_chart_holds(actor, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from iopdesk.render.chart_pdf import chart_html

    monkeypatch.setattr(cf, "TODAY", dt.date.today())
    make_chart(actor)
    client = Client.get(Client.chart_number == CHART)
    page = chart_html(chart.chart_for_print(actor, client.id))
    for text in (
        "Treatment chart — Robin River",
        "not a diagnosis",
        "Episode 1: admitted",
        "Goal 1: stay abstinent",
        "Addressed in the notes of",
        "Discharge on",
        "Alumni group, Tuesdays",
        "Seal (SHA-256)",
        "Signed records only",
    ):
        assert text in page, text
