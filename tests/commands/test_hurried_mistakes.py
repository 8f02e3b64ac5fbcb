"""What a hurried IT person or clinician gets wrong at the command line: an empty file named as the
database, an export into a folder that is not there, a misspelt time zone at set-up, Ctrl+C during
a backup or a chart. Each is refused in one line (or stops) and changes nothing: no clinic made
where none was asked for, no file left behind, no audit entry for an export that did not happen."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from iopdesk.cli import main
from iopdesk.domain.clinic.setup import ensure_local_setup
from iopdesk.store import files
from iopdesk.store.database import Target, open_database
from iopdesk.store.keyring import keys_path
from iopdesk.store.models import AuditEvent
from iopdesk.store.models import database as proxy
from tests.support import factories as f

DAY = dt.date(2025, 3, 10)  # a Monday


@pytest.fixture
def clinic(tmp_path: Path, iopdesk_home: Path) -> Path:
    """A small plain clinic on disk (accounts without passwords: commands act as --user tester)."""
    path = tmp_path / "clinic.sqlite3"
    db = open_database(Target(path=path))
    try:
        actor = ensure_local_setup("tester")
        group = f.group(actor, "Evening Recovery")
        sam = f.client(actor, "Samuel", "Rivera")
        f.enroll(actor, sam, group, dt.date(2025, 1, 6))
        f.attend(actor, f.session(actor, group, DAY, minutes=180), sam, "present")
    finally:
        db.close()
        proxy.initialize(None)
    return path


def run(capsys, *argv: str):  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def exports(path: Path) -> int:
    db = open_database(Target(path=path))
    try:
        return AuditEvent.select().where(AuditEvent.action.in_(("export", "print"))).count()
    finally:
        db.close()
        proxy.initialize(None)


def chart_of(path: Path) -> str:
    db = open_database(Target(path=path))
    try:
        from iopdesk.store.models import Client

        return str(Client.get().chart_number)
    finally:
        db.close()
        proxy.initialize(None)


# --- an empty file named as the database -------------------------------------------------------


@pytest.mark.parametrize("command", [["check"], ["staff", "list"], ["settings", "list"], ["audit", "verify"]])
def test_an_empty_file_is_no_clinic_and_stays_empty(capsys, tmp_path, iopdesk_home, command):
    empty = tmp_path / "clinic.sqlite3"
    empty.touch()
    code, _, err = run(capsys, "--db", str(empty), "--user", "tester", *command)
    assert code == 1 and "is an empty file, not an IOPdesk database" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert empty.stat().st_size == 0  # not turned into an unencrypted clinic


def test_setup_over_an_empty_file_makes_an_encrypted_clinic(capsys, monkeypatch, tmp_path, iopdesk_home):
    empty = tmp_path / "clinic.sqlite3"
    empty.touch()
    monkeypatch.setenv("IOPDESK_NEW_PASSWORD", "correct horse battery")
    code, out, err = run(
        capsys, "--db", str(empty), "setup", "--clinic", "Hope", "--site", "Main", "--timezone", "UTC",
        "--admin", "boss", "--name", "Bo Ss",
    )  # fmt: skip
    assert code == 0 and "Recovery key:" in out, err
    assert not files.is_plain_sqlite(empty) and keys_path(empty).is_file()
    assert empty.stat().st_mode & 0o077 == 0  # the owner's only


# --- set-up refused ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "password", "says"),
    [("Chicago", "correct horse battery", "not a time zone"), ("UTC", "short", "at least 12 characters")],
)
def test_a_refused_setup_leaves_no_files(capsys, monkeypatch, tmp_path, iopdesk_home, zone, password, says):
    path = tmp_path / "clinic.sqlite3"
    monkeypatch.setenv("IOPDESK_NEW_PASSWORD", password)
    code, _, err = run(
        capsys, "--db", str(path), "setup", "--clinic", "Hope", "--site", "Main", "--timezone", zone,
        "--admin", "boss", "--name", "Bo Ss",
    )  # fmt: skip
    assert code == 1 and says in err and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_setup_of_a_clinic_already_set_up_says_so_before_asking_anything(
    capsys, monkeypatch, tmp_path, iopdesk_home
):
    path = tmp_path / "clinic.sqlite3"
    monkeypatch.setenv("IOPDESK_NEW_PASSWORD", "correct horse battery")
    argv = ["--db", str(path), "setup", "--clinic", "Hope", "--site", "Main", "--timezone", "UTC"]
    assert run(capsys, *argv, "--admin", "boss", "--name", "Bo Ss")[0] == 0
    monkeypatch.delenv("IOPDESK_NEW_PASSWORD")
    monkeypatch.setattr("sys.stdin", None)  # no terminal, no password: it must not need either
    code, _, err = run(capsys, *argv, "--admin", "boss2", "--name", "Bo Two")
    assert code == 1 and err == "iopdesk: This clinic is already set up; sign in instead.\n"


# --- exports that cannot be written ----------------------------------------------------------------


def _export_commands(chart: str) -> list[list[str]]:
    return [
        ["export", "attendance", "--from", "2025-03-01", "--to", "2025-03-31"],
        ["export", "attendance", "--from", "2025-03-01", "--to", "2025-03-31", "--format", "pdf"],
        ["export", "hours", "--week", "2025-03-10"],
        ["export", "roster"],
        ["export", "notes", "--client", chart, "--from", "2025-03-01", "--to", "2025-03-31"],
        ["export", "chart", "--client", chart],
    ]


def test_an_export_into_a_folder_that_is_not_there_records_no_disclosure(capsys, clinic, tmp_path):
    before = exports(clinic)
    for command in _export_commands(chart_of(clinic)):
        target = tmp_path / "no-such-folder" / "report.out"
        code, _, err = run(capsys, "--db", str(clinic), "--user", "tester", *command, "-o", str(target))
        assert code == 1 and "the folder" in err and "does not exist" in err, command
        assert err.count("\n") == 1
    assert not (tmp_path / "no-such-folder").exists()
    assert exports(clinic) == before  # the trail claims no export that did not happen


def test_an_export_given_a_folder_is_usage_and_records_nothing(capsys, clinic, tmp_path):
    before = exports(clinic)
    for command in _export_commands(chart_of(clinic)):
        code, _, err = run(capsys, "--db", str(clinic), "--user", "tester", *command, "-o", str(tmp_path))
        assert code == 2 and "is a folder" in err and err.count("\n") == 1, command
    assert exports(clinic) == before


def test_audit_export_with_its_dates_swapped_is_usage(capsys, clinic, tmp_path):
    target = tmp_path / "trail.csv"
    code, _, err = run(
        capsys, "--db", str(clinic), "--user", "tester", "audit", "export",
        "--from", "2025-03-31", "--to", "2025-03-01", "-o", str(target),
    )  # fmt: skip
    assert code == 2 and err == "iopdesk: --to is before --from.\n"
    assert not target.exists()


def test_a_satellite_copy_into_a_folder_that_is_not_there_is_one_line(capsys, clinic, tmp_path):
    dest = tmp_path / "usb-stick" / "laptop.sqlite3"
    code, _, err = run(capsys, "--db", str(clinic), "--user", "tester", "sync", "satellite", str(dest))
    assert code == 1 and err.count("\n") == 1 and "does not exist" in err
    assert not dest.parent.exists()


# --- a key file that is not one ---------------------------------------------------------------------


@pytest.mark.parametrize("named", ["the backup itself", "a file that is not there"])
def test_audit_verify_against_the_wrong_file_is_one_line(capsys, clinic, tmp_path, named):
    against = tmp_path / "backup.sqlite3"
    if named == "the backup itself":  # the database, not its key file: binary, not text
        against.write_bytes(clinic.read_bytes())
    code, _, err = run(
        capsys, "--db", str(clinic), "--user", "tester", "audit", "verify", "--against", str(against)
    )
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert "is not a usable IOPdesk key file" in err or "There is no key file at" in err


def test_a_damaged_key_file_beside_the_database_is_one_line(capsys, tmp_path, iopdesk_home):
    path = tmp_path / "clinic.sqlite3"
    db = open_database(Target(path=path))
    db.close()
    proxy.initialize(None)
    keys_path(path).write_bytes(bytes(range(256)) * 4)  # not text at all
    code, _, err = run(capsys, "--db", str(path), "check")
    assert (
        code == 1
        and err == f"iopdesk: {keys_path(path)} is not a usable IOPdesk key file (not a text file).\n"
    )


# --- Ctrl+C ----------------------------------------------------------------------------------------


# In a child process: drawing a PDF makes a QGuiApplication, and one left in this process breaks
# every GUI test after it (pytest-qt wants its own QApplication).
CTRL_C_WHILE_DRAWING = """
import sys

import iopdesk.render.pages as pages
from iopdesk.cli import main


def interrupted(*_args):
    raise KeyboardInterrupt


pages.QPdfWriter = interrupted
sys.exit(main(sys.argv[1:]))
"""


def test_ctrl_c_while_a_chart_is_drawn_leaves_the_older_file_as_it_was(clinic, tmp_path):  # type: ignore[no-untyped-def]
    target = tmp_path / "chart.pdf"
    target.write_bytes(b"last week's chart")
    result = subprocess.run(
        [sys.executable, "-c", CTRL_C_WHILE_DRAWING, "--db", str(clinic), "--user", "tester",
         "export", "chart", "--client", chart_of(clinic), "-o", str(target)],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1 and result.stderr == "iopdesk: interrupted\n"
    assert target.read_bytes() == b"last week's chart"
    assert not any(p.name.endswith(".part") for p in tmp_path.iterdir())


@pytest.mark.parametrize("where", ["verifying", "recording"])
def test_ctrl_c_during_a_backup_leaves_no_backup(capsys, clinic, tmp_path, monkeypatch, where):
    import iopdesk.store.backup as backup
    from iopdesk.domain.access import maintenance

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    if where == "verifying":
        monkeypatch.setattr(backup, "inspect_file", interrupted)
    else:
        monkeypatch.setattr(maintenance, "record_backup", interrupted)
    folder = tmp_path / "backups"
    code, _, err = run(capsys, "--db", str(clinic), "--user", "tester", "backup", str(folder / "b.sqlite3"))
    assert code == 1 and err == "iopdesk: interrupted\n"
    assert list(folder.iterdir()) == []  # no copy of every record that was not verified or audited
