"""iopdesk import-roster and iopdesk export roster, called in-process on a temporary database."""

import datetime as dt

import pytest

from iopdesk.cli import main
from iopdesk.domain.clients.clients import search_clients
from iopdesk.domain.clinic.setup import ensure_local_setup
from iopdesk.domain.groups.groups import GroupDraft, ScheduleSlot, create_group
from iopdesk.domain.overviews.rosters import group_roster
from iopdesk.store.database import Target, open_database
from iopdesk.store.models import database as proxy

GOOD = "First name,Last name,DOB,MRN\r\nMaria,Lopez,3/14/1985,MRN-1\r\nJohn,Smith,1990-07-02,MRN-2\r\n"
BAD = (
    "First name,Last name,DOB,MRN\r\n"
    "Maria,Lopez,3/14/1985,MRN-1\r\n"
    ",Smith,1990-07-02,MRN-2\r\n"
    "Ann,Lee,soon,MRN-3\r\n"
)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def clinic(tmp_path):
    """A database file with one staff member and the group "Morning"; closed again for the CLI."""
    path = tmp_path / "clinic.sqlite3"
    db = open_database(Target(path=path))
    actor = ensure_local_setup("tester")
    create_group(
        actor,
        GroupDraft(name="Morning", kind="process", facilitator_ids=(actor.staff_id,)),
        [ScheduleSlot(d, dt.time(9), 180) for d in (0, 2, 4)],
    )
    db.close()
    return path


def look(path, fn):
    db = open_database(Target(path=path))
    try:
        return fn(ensure_local_setup("tester"))
    finally:
        db.close()
        proxy.initialize(None)


def test_dry_run_reports_and_changes_nothing(capsys, clinic, tmp_path):
    csv = tmp_path / "r.csv"
    csv.write_text(GOOD)
    code, out, err = run(
        capsys, "--db", str(clinic), "--user", "tester", "import-roster", str(csv), "--dry-run"
    )
    assert code == 0, err
    assert "would create 2 client(s)" in out and "dry run: nothing was changed." in out
    assert "line 2: Maria Lopez (MRN-1, new)" in out
    assert look(clinic, lambda actor: search_clients(actor, "")) == []


def test_import_with_group_enrolls(capsys, clinic, tmp_path):
    csv = tmp_path / "r.csv"
    csv.write_text(GOOD)
    code, out, err = run(
        capsys, "--db", str(clinic), "--user", "tester", "import-roster", str(csv), "--group", "Morning"
    )
    assert code == 0, err
    assert "created 2 client(s)" in out and "enrolled 2" in out and out.rstrip().endswith("imported.")
    names = look(
        clinic, lambda actor: sorted(m.display_name for m in group_roster(actor, _group_id(actor)).members)
    )
    assert names == ["John Smith", "Maria Lopez"]
    again = run(
        capsys, "--db", str(clinic), "--user", "tester", "import-roster", str(csv), "--group", "Morning"
    )
    assert again[0] == 0 and "matched 2" in again[1] and "created 0" in again[1]


def _group_id(actor):
    from iopdesk.domain.groups.groups import list_groups

    return list_groups(actor)[0].id


def test_bad_rows_are_all_listed_and_exit_1(capsys, clinic, tmp_path):
    csv = tmp_path / "bad.csv"
    csv.write_text(BAD)
    code, out, err = run(capsys, "--db", str(clinic), "--user", "tester", "import-roster", str(csv))
    assert code == 1
    assert "nothing was imported" in out
    assert "line 3, First name: " in out and "line 4, DOB: " in out
    assert "Traceback" not in err
    assert look(clinic, lambda actor: search_clients(actor, "")) == []


def test_unknown_group_is_a_bad_row(capsys, clinic, tmp_path):
    csv = tmp_path / "r.csv"
    csv.write_text(GOOD)
    code, out, _ = run(
        capsys, "--db", str(clinic), "--user", "tester", "import-roster", str(csv), "--group", "Nope"
    )
    assert code == 1 and "line 1, group: There is no group called 'Nope'." in out


@pytest.mark.parametrize("make", ["missing", "folder", "unreadable"])
def test_missing_or_unreadable_file_is_one_line(capsys, clinic, tmp_path, make):
    target = tmp_path / "x.csv"
    if make == "folder":
        target.mkdir()
    elif make == "unreadable":
        target.write_text(GOOD)
        target.chmod(0)
        try:
            target.read_bytes()
            pytest.skip("running as a user who can read anything")
        except PermissionError:
            pass
    code, out, err = run(capsys, "--db", str(clinic), "import-roster", str(target))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("iopdesk: ") and "Traceback" not in err


def test_missing_database_is_one_line(capsys, tmp_path):
    csv = tmp_path / "r.csv"
    csv.write_text(GOOD)
    code, _, err = run(capsys, "--db", str(tmp_path / "none.sqlite3"), "import-roster", str(csv))
    assert code == 1 and err.count("\n") == 1 and not (tmp_path / "none.sqlite3").exists()


def test_export_roster_to_file_and_stdout(capsys, clinic, tmp_path):
    csv = tmp_path / "r.csv"
    csv.write_text(GOOD)
    run(capsys, "--db", str(clinic), "--user", "tester", "import-roster", str(csv), "--group", "Morning")
    out_file = tmp_path / "roster.csv"
    code, out, err = run(
        capsys,
        "--db",
        str(clinic),
        "--user",
        "tester",
        "export",
        "roster",
        "--group",
        "Morning",
        "-o",
        str(out_file),
    )
    assert code == 0, err
    assert "Roster written" in out and "(2 row(s))" in out
    text = out_file.read_text(encoding="utf-8-sig")
    assert text.startswith("Chart number,Last name,First name") and "Lopez" in text and "Morning" in text
    code, out, _ = run(capsys, "--db", str(clinic), "--user", "tester", "export", "roster", "-o", "-")
    assert code == 0 and out.startswith("Chart number,") and "Groups" in out.splitlines()[0]
    back = run(capsys, "--db", str(clinic), "--user", "tester", "import-roster", str(out_file), "--dry-run")
    assert back[0] == 0 and "matched 2" in back[1]  # the export reads back in


def test_export_unknown_group_and_unwritable_file(capsys, clinic, tmp_path):
    code, _, err = run(
        capsys,
        "--db",
        str(clinic),
        "--user",
        "tester",
        "export",
        "roster",
        "--group",
        "Nope",
        "-o",
        str(tmp_path / "a.csv"),
    )
    assert code == 1 and "There is no group called 'Nope'" in err and err.count("\n") == 1
    code, _, err = run(
        capsys,
        "--db",
        str(clinic),
        "--user",
        "tester",
        "export",
        "roster",
        "-o",
        str(tmp_path / "no" / "a.csv"),
    )
    assert code == 1 and err.count("\n") == 1 and "could not write" in err and "does not exist" in err


def test_export_needs_output(capsys, clinic):
    with pytest.raises(SystemExit) as exit_:
        main(["--db", str(clinic), "export", "roster"])
    assert exit_.value.code == 2


def test_the_roster_export_carries_the_part2_notice_and_still_reads_back(capsys, clinic, tmp_path):
    # Issue 17: names, birth dates, phones and emergency contacts leave without the Part 2 notice.
    from iopdesk.domain.kernel.settings import PART2_NOTICE

    source = tmp_path / "r.csv"
    source.write_text(GOOD)
    run(capsys, "--db", str(clinic), "--user", "tester", "import-roster", str(source), "--group", "Morning")
    out_file = tmp_path / "roster.csv"
    code, out, _ = run(
        capsys, "--db", str(clinic), "--user", "tester", "export", "roster", "-o", str(out_file)
    )
    assert code == 0 and "(2 row(s))" in out
    lines = out_file.read_bytes().decode("utf-8-sig").split("\r\n")
    assert lines[-3:] == ["", f'"{PART2_NOTICE}"', ""]  # a blank line, the notice in one cell, the end
    code, out, err = run(capsys, "--db", str(clinic), "--user", "tester", "import-roster", str(out_file))
    assert code == 0, err
    assert "created 0 client(s), matched 2" in out and "columns not used: Groups" in out
