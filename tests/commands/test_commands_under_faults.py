"""Every command, when another workstation holds the write lock or the file is damaged or gone:
a one-line reason and exit 1 (or, for the commands that only read, a normal answer), never a
traceback, and no output file left behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from iopdesk.cli import main
from iopdesk.store import database as store_database
from iopdesk.store import keyring
from tests.support.clinic_files import CHART, as_admin, damage_table, encrypted_clinic, hold_write_lock

ROOT = Path(__file__).resolve().parents[2]
ROSTER = "First name,Last name,Date of birth\nNova,Tester,1990-02-03\n"


def commands(tmp_path: Path) -> dict[str, list[str]]:
    """Every command that opens the clinic, with what it needs; outputs go to tmp_path/out*."""
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    out = str(tmp_path / "out")
    return {
        "check": ["check"],
        "audit verify": ["audit", "verify"],
        "audit export": ["audit", "export", "-o", out + ".csv"],
        "export roster": ["export", "roster", "-o", out + ".csv"],
        "export attendance csv": [
            "export",
            "attendance",
            "--from",
            "2025-03-01",
            "--to",
            "2025-03-31",
            "-o",
            out,
        ],
        "export attendance pdf": [
            *("export", "attendance", "--from", "2025-03-01", "--to", "2025-03-31"),
            *("--format", "pdf", "-o", out + ".pdf"),
        ],
        "export hours": ["export", "hours", "--week", "2025-03-11", "--format", "pdf", "-o", out + ".pdf"],
        "export notes": [
            *("export", "notes", "--client", CHART, "--from", "2025-03-01", "--to", "2025-03-31"),
            *("-o", out + ".pdf"),
        ],
        "import-roster": ["import-roster", str(tmp_path / "roster.csv")],
        "staff list": ["staff", "list"],
        "staff add": ["staff", "add", "newbie", "--name", "New Bie", "--role", "counselor"],
        "backup": ["backup", str(tmp_path / "backup.sqlite3")],
        "password": ["password"],
        "setup": [
            "setup",
            "--clinic",
            "C",
            "--site",
            "S",
            "--timezone",
            "UTC",
            "--admin",
            "x",
            "--name",
            "X",
        ],
        "recover": ["recover"],
    }


def run(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def outputs(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("out", "backup")))


@pytest.fixture
def clinic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    as_admin(monkeypatch)
    monkeypatch.setenv("IOPDESK_NEW_PASSWORD", "a brand new pass phrase")
    monkeypatch.setenv("IOPDESK_RECOVERY_KEY", "AAAA-BBBB-CCCC-DDDD")
    return encrypted_clinic(tmp_path / "data")


@pytest.mark.slow
def test_every_command_under_a_held_write_lock(clinic, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(store_database, "BUSY_TIMEOUT_SECONDS", 0.3)  # not the clinic's 10 s
    results = {}
    with hold_write_lock(clinic):
        for name, argv in commands(tmp_path).items():
            code, out, err = run(capsys, "--db", str(clinic), *argv)
            results[name] = (code, err)
            assert "Traceback" not in err, name
            assert code in (0, 1), (name, code, err)
            if code:
                assert err.count("\n") == 1, (name, err)
    # Reading needs no write lock: the check and the trail's verification answer as usual.
    assert results["check"][0] == 0, results["check"]
    assert results["audit verify"][0] == 0, results["audit verify"]
    busy = {name for name, (code, err) in results.items() if code and "busy" in err}
    assert {"export roster", "export attendance pdf", "export notes", "backup", "staff add"} <= busy
    assert outputs(tmp_path) == []  # no export or backup was written without its audit entry
    code, _, err = run(capsys, "--db", str(clinic), "export", "roster", "-o", str(tmp_path / "out.csv"))
    assert code == 0, err  # and once the other workstation is done, the same command works


@pytest.mark.slow
def test_every_command_on_a_damaged_file(clinic, tmp_path, capsys):
    damage_table(clinic, "staff")  # every command signs in, and reads the staff table to do so
    for name, argv in commands(tmp_path).items():
        code, out, err = run(capsys, "--db", str(clinic), *argv)
        assert "Traceback" not in err, name
        assert code == 1, (name, out, err)
        assert err.count("\n") == 1, (name, err)
        if name in ("check", "audit verify"):
            assert err.startswith("iopdesk: damaged: "), (name, err)
    assert outputs(tmp_path) == []


def test_check_names_the_damage_and_writes_nothing(clinic, tmp_path, capsys):
    page = damage_table(clinic, "client")
    before = clinic.read_bytes()
    code, out, err = run(capsys, "--db", str(clinic), "check")
    assert code == 1 and "Traceback" not in err
    assert err == f"iopdesk: damaged: HMAC verification failed for page {page}\n"
    assert "result: PROBLEMS FOUND" in out
    assert clinic.read_bytes() == before
    assert not Path(f"{clinic}-wal").exists() or Path(f"{clinic}-wal").stat().st_size == 0


def test_a_key_file_without_its_database_is_said_and_restore_works_onto_it(clinic, tmp_path, capsys):
    backup = tmp_path / "saved" / "backup.sqlite3"
    code, _, err = run(capsys, "--db", str(clinic), "backup", str(backup))
    assert code == 0, err
    for suffix in ("", "-wal", "-shm"):
        Path(f"{clinic}{suffix}").unlink(missing_ok=True)  # the database is gone; its key file stays
    for argv in (["check"], ["export", "roster", "-o", str(tmp_path / "out.csv")], ["staff", "list"]):
        code, _, err = run(capsys, "--db", str(clinic), *argv)
        assert code == 1 and err.count("\n") == 1, err
        assert "clinic.sqlite3.keys is here, but its database" in err and "is missing" in err
        assert "not right" not in err  # not a password problem
        assert not clinic.exists()  # and no empty database was made in its place
    code, out, err = run(capsys, "--db", str(clinic), "restore", str(backup))
    assert code == 0, err
    kept = [p for p in clinic.parent.iterdir() if ".keys.before-restore-" in p.name]
    assert len(kept) == 1 and "kept" in out  # the orphaned key file is kept aside, not lost
    code, out, err = run(capsys, "--db", str(clinic), "check")
    assert code == 0 and "result: sound" in out, err


def test_a_failed_restore_onto_a_lone_key_file_puts_it_back(clinic, tmp_path, capsys, monkeypatch):
    backup = tmp_path / "saved" / "backup.sqlite3"
    assert run(capsys, "--db", str(clinic), "backup", str(backup))[0] == 0
    clinic.unlink()
    lone = keyring.keys_path(clinic).read_bytes()
    monkeypatch.setenv("IOPDESK_PASSWORD", "not the password")
    code, _, err = run(capsys, "--db", str(clinic), "restore", str(backup))
    assert code == 1 and "not right" in err
    assert not clinic.exists() and keyring.keys_path(clinic).read_bytes() == lone
    assert sorted(p.name for p in clinic.parent.iterdir()) == ["clinic.sqlite3.keys"]


def test_check_and_verify_write_nothing_into_the_database(clinic, capsys):
    before = {p.name: p.read_bytes() for p in clinic.parent.iterdir() if not p.name.endswith(".keys")}
    for argv in (["check"], ["audit", "verify"]):
        code, _, err = run(capsys, "--db", str(clinic), *argv)
        assert code == 0, err
    after = {
        p.name: p.read_bytes() for p in clinic.parent.iterdir() if not p.name.endswith((".keys", ".lock"))
    }
    assert {n: len(b) for n, b in after.items() if b} == {n: len(b) for n, b in before.items() if b}
    assert after[clinic.name] == before[clinic.name]
    noted = keyring.load(keyring.keys_path(clinic)).pending
    assert [e["action"] for e in noted] == ["sign_in.success", "sign_in.success"]  # for the trail
    code, _, err = run(capsys, "--db", str(clinic), "staff", "list")  # an ordinary sign-in copies them
    assert code == 0, err
    assert keyring.load(keyring.keys_path(clinic)).pending == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_exports_backups_and_key_files_are_private(clinic, tmp_path, capsys):
    old = os.umask(0o022)
    try:
        made = []
        for argv, path in (
            (["export", "roster", "-o", str(tmp_path / "out.csv")], tmp_path / "out.csv"),
            (["backup", str(tmp_path / "backup.sqlite3")], tmp_path / "backup.sqlite3"),
        ):
            code, _, err = run(capsys, "--db", str(clinic), *argv)
            assert code == 0, err
            made.append(path)
        # A PDF loads Qt: in its own process, so this one stays free of a QGuiApplication.
        pdf = tmp_path / "out.pdf"
        argv = ["--db", str(clinic), "export", "hours", "--week", "2025-03-11", "--format", "pdf", "-o"]
        command = [sys.executable, "-m", "iopdesk", *argv, str(pdf)]
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        made.append(pdf)
    finally:
        os.umask(old)
    made += [keyring.keys_path(tmp_path / "backup.sqlite3"), keyring.keys_path(clinic)]
    modes = {p.name: oct(p.stat().st_mode & 0o777) for p in made}
    assert modes == {p.name: "0o600" for p in made}


def test_the_support_clinic_opens(clinic, capsys):
    code, out, err = run(capsys, "--db", str(clinic), "check")
    assert code == 0 and "client: 1" in out and "attendance: 1" in out, err


PDF_UNDER_LOCK = """
import sys
from pathlib import Path
from iopdesk.commands import export_cmds
from iopdesk.front_door import Credentials, open_clinic
from iopdesk.store.errors import StoreBusy
from tests.support.clinic_files import ADMIN, DAY, PASSWORD
from tests.support.faults import inject

out = Path(sys.argv[2])
with open_clinic(sys.argv[1], credentials=Credentials(ADMIN, PASSWORD), act=True) as clinic:
    actor = clinic.acting
    with inject(clinic.database) as faults:
        faults.fail("busy", at="begin")  # another workstation takes the lock just before the entry
        try:
            export_cmds.write_pdf(actor, str(out), lambda: export_cmds.print_hours(actor, DAY))
        except StoreBusy:
            print("busy")
    print("written" if out.exists() else "no file", sorted(p.name for p in out.parent.iterdir()))
"""


def test_a_pdf_whose_audit_entry_cannot_be_committed_is_not_written(clinic, tmp_path):
    out = tmp_path / "reports" / "hours.pdf"
    out.parent.mkdir()
    done = subprocess.run(  # a PDF loads Qt: in its own process
        [sys.executable, "-c", PDF_UNDER_LOCK, str(clinic), str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["busy", "no file []"], done.stdout
