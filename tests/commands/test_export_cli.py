"""`iopdesk export attendance|hours`, called in-process against a temp database."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from iopdesk.cli import main
from iopdesk.domain.clinic.setup import ensure_local_setup
from iopdesk.store.database import Target, open_database
from iopdesk.store.models import database as proxy
from tests.support import factories as f

DAY = dt.date(2025, 3, 10)  # a Monday


@pytest.fixture
def clinic(tmp_path):
    """A small clinic on disk: one group, two members, one session with marks; then closed."""
    path = tmp_path / "clinic.sqlite3"
    db = open_database(Target(path=path))
    try:
        actor = ensure_local_setup("tester")
        group = f.group(actor, "Evening Recovery")
        sam = f.client(actor, "Samuel", "Rivera", preferred="Sam")
        ana = f.client(actor, "Ana", "Lopez")
        for who in (sam, ana):
            f.enroll(actor, who, group, dt.date(2025, 1, 6))
        session = f.session(actor, group, DAY, minutes=180)
        f.attend(actor, session, sam, "present")
        f.attend(actor, session, ana, "absent_unexcused")
    finally:
        db.close()
        proxy.initialize(None)
    return path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_export_attendance_writes_csv(capsys, clinic, tmp_path):
    out_file = tmp_path / "attendance.csv"
    code, out, err = run(
        capsys, "--db", str(clinic), "--user", "tester", "export", "attendance",
        "--from", "2025-03-01", "--to", "2025-03-31", "-o", str(out_file),
    )  # fmt: skip
    assert code == 0, err
    assert str(out_file) in out
    assert out_file.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, for Excel
    rows = rows_of(out_file.read_text(encoding="utf-8"))
    assert rows[0][:3] == ["Date", "Start", "Group"]
    body = [r for r in rows[1:] if len(r) > 3]
    assert {(r[4], r[5]) for r in body} == {("Sam R.", "Present"), ("Ana L.", "Absent (unexcused)")}
    assert all(r[0] == "2025-03-10" and r[2] == "Evening Recovery" for r in body)
    assert "42 CFR part 2" in rows[-1][0]


def test_export_attendance_for_one_group_by_name(capsys, clinic):
    code, out, err = run(
        capsys, "--db", str(clinic), "--user", "tester", "export", "attendance",
        "--from", "2025-03-10", "--to", "2025-03-10", "--group", "evening recovery", "-o", "-",
    )  # fmt: skip
    assert code == 0, err
    rows = rows_of(out)
    assert sum(1 for r in rows[1:] if len(r) > 3) == 2


def test_unknown_group_is_exit_1_with_one_line(capsys, clinic, tmp_path):
    out_file = tmp_path / "x.csv"
    code, out, err = run(
        capsys, "--db", str(clinic), "--user", "tester", "export", "attendance",
        "--from", "2025-03-01", "--to", "2025-03-31", "--group", "Nope", "-o", str(out_file),
    )  # fmt: skip
    assert code == 1
    assert "Nope" in err and err.count("\n") == 1 and "Traceback" not in err
    assert not out_file.exists()


@pytest.mark.parametrize(
    "dates",
    [("2025-13-01", "2025-03-31"), ("03/01/2025", "2025-03-31"), ("2025-03-31", "2025-03-01")],
)
def test_bad_dates_are_usage_errors(capsys, clinic, tmp_path, dates):
    code, out, err = run(
        capsys, "--db", str(clinic), "--user", "tester", "export", "attendance",
        "--from", dates[0], "--to", dates[1], "-o", str(tmp_path / "x.csv"),
    )  # fmt: skip
    assert code == 2
    assert err.startswith("iopdesk: ") and err.count("\n") == 1


def test_a_format_not_offered_is_refused_on_the_command_line(capsys, clinic, tmp_path):
    code, _, err = run(
        capsys, "--db", str(clinic), "--user", "tester", "export", "hours",
        "--week", "2025-03-12", "--format", "xlsx", "-o", str(tmp_path / "x.xlsx"),
    )  # fmt: skip
    assert code == 2 and "csv" in err and err.count("\n") == 1


def test_export_hours_writes_each_client_for_the_week(capsys, clinic, tmp_path):
    out_file = tmp_path / "hours.csv"
    code, out, err = run(
        capsys, "--db", str(clinic), "--user", "tester", "export", "hours",
        "--week", "2025-03-12", "-o", str(out_file),
    )  # fmt: skip
    assert code == 0, err
    rows = rows_of(out_file.read_text(encoding="utf-8"))
    assert rows[0][0] == "Week of"
    body = {r[2]: r for r in rows[1:] if len(r) > 3}
    assert body["Sam R."][0] == "2025-03-10"  # the week's Monday
    assert body["Sam R."][3] == "180" and body["Sam R."][7] == "yes"  # 3 h: below the 9 h floor
    # ... of the 3 h the group met that week: the program's shortfall, said so (issue 17).
    assert body["Sam R."][9:11] == ["180", "The program offered only 3 h this week"]


def test_unwritable_output_is_exit_1(capsys, clinic, tmp_path):
    code, _, err = run(
        capsys, "--db", str(clinic), "--user", "tester", "export", "hours",
        "--week", "2025-03-12", "-o", str(tmp_path / "no" / "such" / "dir" / "h.csv"),
    )  # fmt: skip
    assert code == 1 and "could not write" in err and "Traceback" not in err


def test_missing_database_is_exit_1(capsys, tmp_path):
    code, _, err = run(
        capsys, "--db", str(tmp_path / "none.sqlite3"), "export", "hours",
        "--week", "2025-03-12", "-o", str(tmp_path / "h.csv"),
    )  # fmt: skip
    assert code == 1 and err.count("\n") == 1
    assert not (tmp_path / "none.sqlite3").exists()
