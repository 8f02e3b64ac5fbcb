"""`iopdesk export notes`: a client's notes as a PDF from a terminal, and its one-line refusals.

The PDF is drawn by Qt (offscreen, no window), so the command that writes one
runs as a subprocess: this test process stays free of a QGuiApplication that
the GUI tests would otherwise inherit.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from iopdesk.cli import main
from iopdesk.domain import notes
from iopdesk.domain.clinic.setup import ensure_local_setup
from iopdesk.store.database import Target, open_database
from iopdesk.store.models import database as proxy
from tests.support import note_factories as nf

ROOT = Path(__file__).resolve().parents[2]
CHART = "NTS-0001"


@pytest.fixture
def clinic(tmp_path):
    """A group session on disk whose note is signed, with an addendum; then closed."""
    path = tmp_path / "clinic.sqlite3"
    db = open_database(Target(path=path))
    try:
        actor = ensure_local_setup("tester")
        setup = nf.group_with(actor, [("Samuel", "Rivera", "Sam"), ("Ana", "Lopez")], facilitator=actor)
        from iopdesk.store.models import Client

        Client.update(chart_number=CHART).where(Client.id == setup.members[0].id).execute()
        view = notes.open_session_note(actor, setup.session.id)
        for note in [view.shared] + [m.note for m in view.members]:
            notes.save_draft(
                actor, note.id, {next(iter(note.body)): "Practised refusal skills."}, note.version
            )
            nf.fill_required(actor, note.id)
        notes.sign_group_note(actor, setup.session.id, confirm=True)
        signed = notes.open_session_note(actor, setup.session.id).part(setup.members[0].id).note
        notes.add_addendum(actor, signed.id, "Late entry: client called after group.")
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


def test_export_notes_writes_a_pdf(clinic, tmp_path, iopdesk_home):
    out_file = tmp_path / "notes.pdf"
    result = run_subprocess(
        iopdesk_home, "--db", str(clinic), "--user", "tester", "export", "notes", "--client", CHART.lower(),
        "--from", "2025-03-01", "--to", "2025-03-31", "-o", str(out_file),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Written:" in result.stdout and "1 note(s)" in result.stdout
    data = out_file.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 2000
    assert "Traceback" not in result.stderr


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_unknown_chart_is_one_line_and_exit_1(capsys, clinic, tmp_path):
    code, out, err = run(
        capsys, "--db", str(clinic), "--user", "tester", "export", "notes", "--client", "NOPE-9",
        "--from", "2025-03-01", "--to", "2025-03-31", "-o", str(tmp_path / "x.pdf"),
    )  # fmt: skip
    assert code == 1
    assert err.strip() == "iopdesk: There is no client with chart number 'NOPE-9'."
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(
    ("start", "end", "output", "says"),
    [
        ("2025-02-30", "2025-03-31", "x.pdf", "--from '2025-02-30' is not a date"),
        ("2025-03-31", "2025-03-01", "x.pdf", "--to is before --from."),
        ("2025-03-01", "2025-03-31", "-", "A PDF cannot go to the terminal"),
    ],
)
def test_bad_usage_is_one_line_and_exit_2(capsys, clinic, tmp_path, start, end, output, says):
    target = output if output == "-" else str(tmp_path / output)
    code, out, err = run(
        capsys, "--db", str(clinic), "--user", "tester", "export", "notes", "--client", CHART,
        "--from", start, "--to", end, "-o", target,
    )  # fmt: skip
    assert code == 2
    assert says in err and err.count("\n") == 1


def test_a_folder_that_does_not_exist_is_exit_1(clinic, tmp_path, iopdesk_home):
    result = run_subprocess(
        iopdesk_home, "--db", str(clinic), "--user", "tester", "export", "notes", "--client", CHART,
        "--from", "2025-03-01", "--to", "2025-03-31", "-o", str(tmp_path / "missing" / "notes.pdf"),
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith("iopdesk: could not write") and "Traceback" not in result.stderr


def test_the_printed_note_shows_the_members_own_time_and_the_facilitators_of_its_day(actor, monkeypatch):
    """Issue 17: a member's time (arrived 10:45 at a 09:00–12:00 group) appears on their printout, and
    an old note keeps the facilitators it was signed with. (notes_html draws no page: no Qt application.)"""
    import datetime as dt

    from iopdesk.domain.attendance.marking import mark
    from iopdesk.render.notes_pdf import notes_html
    from iopdesk.store.models import GroupFacilitator
    from tests.support import factories as f

    f.pin_today(monkeypatch, nf.DAY)
    me = nf.writer(actor, "Casey Counselor")
    setup = nf.group_with(actor, [("Samuel", "Rivera", "Sam")], facilitator=me)
    sam = setup.members[0]
    mark(me, setup.session.id, sam.id, "late", arrived=dt.time(10, 45))
    part = notes.open_session_note(me, setup.session.id).part(sam.id).note
    notes.save_draft(me, part.id, {"data": "Arrived late; engaged.", **nf.REQUIRED_TEXT}, part.version)
    notes.sign_note(me, part.id, confirm=True)
    GroupFacilitator.delete().where(GroupFacilitator.group == setup.group.id).execute()
    f.facilitate(setup.group, f.staff(actor, name="Nia Newcomer").id)
    setup.session.facilitator = None
    setup.session.save()
    html = notes_html(notes.notes_for_print(me, sam.id, nf.DAY, nf.DAY))
    assert "This client&#x27;s time: Late: arrived 10:45 · attended 10:45–12:00 (75 min)" in html
    assert "Facilitators: Casey Counselor" in html and "Nia Newcomer" not in html
