"""setup, staff, password and audit from the command line; commands that touch client data sign in."""

from __future__ import annotations

import pytest

from iopdesk.cli import main
from iopdesk.store.database import Target
from tests.support.keys_support import raw_connection
from tests.support.raw_sql import another_connection

ADMIN_PW = "correct horse battery"


def run(capsys, *argv):  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def clinic(new_clinic, capsys, monkeypatch):  # type: ignore[no-untyped-def]
    path = new_clinic  # an encrypted file, or a server database when the suite runs on one
    monkeypatch.setenv("IOPDESK_NEW_PASSWORD", ADMIN_PW)
    code, out, _ = run(
        capsys,
        "--db",
        path,
        "setup",
        "--clinic",
        "Hope",
        "--site",
        "Main",
        "--timezone",
        "UTC",
        "--admin",
        "boss",
        "--name",
        "Bo Ss",
    )
    assert code == 0 and "Recovery key:" in out
    monkeypatch.delenv("IOPDESK_NEW_PASSWORD")
    return path


def test_commands_sign_in_once_accounts_have_passwords(clinic, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdin", None)
    code, _, err = run(
        capsys, "--db", clinic, "--user", "boss", "export", "hours", "--week", "2025-03-10", "-o", "-"
    )
    assert code == 1 and "IOPDESK_PASSWORD" in err and err.count("\n") == 1
    monkeypatch.setenv("IOPDESK_PASSWORD", "not the password")
    code, _, err = run(
        capsys, "--db", clinic, "--user", "boss", "export", "hours", "--week", "2025-03-10", "-o", "-"
    )
    assert code == 1 and "not right" in err
    monkeypatch.setenv("IOPDESK_PASSWORD", ADMIN_PW)
    code, out, _ = run(
        capsys, "--db", clinic, "--user", "boss", "export", "hours", "--week", "2025-03-10", "-o", "-"
    )
    assert code == 0 and out.startswith("Week of")


def test_staff_add_lock_unlock_and_reset(clinic, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("IOPDESK_PASSWORD", ADMIN_PW)
    monkeypatch.setenv("IOPDESK_NEW_PASSWORD", "casey first password")
    code, out, err = run(
        capsys,
        "--db",
        clinic,
        "--user",
        "boss",
        "staff",
        "add",
        "casey",
        "--name",
        "Casey C",
        "--role",
        "counselor",
    )
    assert code == 0, err
    monkeypatch.setenv("IOPDESK_PASSWORD", "wrong password!!")
    for _ in range(5):
        assert (
            run(
                capsys,
                "--db",
                clinic,
                "--user",
                "casey",
                "export",
                "hours",
                "--week",
                "2025-03-10",
                "-o",
                "-",
            )[0]
            == 1
        )
    monkeypatch.setenv("IOPDESK_PASSWORD", ADMIN_PW)
    code, out, _ = run(capsys, "--db", clinic, "--user", "boss", "staff", "list")
    assert "casey" in out and "locked" in out
    code, out, _ = run(capsys, "--db", clinic, "--user", "boss", "staff", "unlock", "casey")
    assert code == 0 and "unlocked" in out
    monkeypatch.setenv("IOPDESK_PASSWORD", "casey first password")
    monkeypatch.setenv("IOPDESK_NEW_PASSWORD", "casey chose this one")
    code, out, err = run(capsys, "--db", clinic, "--user", "casey", "password")
    assert code == 0, err
    code, _, err = run(capsys, "--db", clinic, "--user", "casey", "staff", "list")
    assert code == 1 and "not right" in err  # the old password no longer works
    monkeypatch.setenv("IOPDESK_PASSWORD", "casey chose this one")
    code, _, err = run(capsys, "--db", clinic, "--user", "casey", "staff", "list")
    assert code == 1 and "cannot manage staff accounts" in err


@pytest.mark.expect_warnings(r"audit trail check failed")  # the tampering is the test
def test_audit_verify_exit_status(clinic, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The clinic is encrypted: verifying its trail means signing in, which is what opens it.
    monkeypatch.setenv("IOPDESK_USER", "boss")
    monkeypatch.setenv("IOPDESK_PASSWORD", ADMIN_PW)
    code, out, _ = run(capsys, "--db", clinic, "audit", "verify")
    assert code == 0 and "intact" in out
    target = Target.parse(clinic)
    if target.path is not None:
        conn = raw_connection(clinic, "boss", ADMIN_PW)  # someone with the key, going round the program
        conn.execute("DROP TRIGGER audit_event_no_update")
        conn.execute("UPDATE audit_event SET workstation = 'elsewhere' WHERE seq = 1")
        conn.commit()
        conn.close()
    else:
        with another_connection(target) as (conn, _):  # the tables' owner, going round the program
            conn.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
            conn.execute("UPDATE audit_event SET workstation = 'elsewhere' WHERE seq = 1")
    code, _, err = run(capsys, "--db", clinic, "audit", "verify")
    assert code == 1 and "entry 1" in err and err.count("\n") == 1


def test_audit_export_needs_a_supervisor_or_auditor(clinic, capsys, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("IOPDESK_PASSWORD", ADMIN_PW)
    code, _, err = run(capsys, "--db", clinic, "--user", "boss", "audit", "export", "-o", "-")
    assert code == 1 and "audit trail" in err
    monkeypatch.setenv("IOPDESK_NEW_PASSWORD", "auditor password")
    run(
        capsys, "--db", clinic, "--user", "boss", "staff", "add", "aud", "--name", "A Ud", "--role", "auditor"
    )
    monkeypatch.setenv("IOPDESK_PASSWORD", "auditor password")
    out_file = tmp_path / "trail.csv"
    code, out, err = run(
        capsys, "--db", clinic, "--user", "aud", "audit", "export", "--action", "sign_in", "-o", str(out_file)
    )
    assert code == 0, err
    text = out_file.read_text(encoding="utf-8-sig")
    assert text.startswith("Entry,When (UTC)") and "sign_in.success" in text


def test_password_on_a_plain_clinic_with_passwords_signs_in_after_opening_it(
    tmp_path, capsys, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # A clinic made before encryption whose accounts got passwords; nothing open beforehand (as in a
    # fresh process): the demo check that picks the default user must wait until the file is open.
    from iopdesk.domain.access.accounts import first_run_setup, sign_in
    from iopdesk.store.database import Target, open_database
    from iopdesk.store.models import database as proxy

    path = tmp_path / "plain.sqlite3"
    db = open_database(Target(path=path))
    first_run_setup("Hope", "Main", "UTC", "boss", "Bo Ss", ADMIN_PW)
    db.close()
    proxy.initialize(None)
    monkeypatch.setenv("IOPDESK_PASSWORD", ADMIN_PW)
    monkeypatch.setenv("IOPDESK_NEW_PASSWORD", "a new admin pass phrase")
    code, out, err = run(capsys, "--db", str(path), "--user", "boss", "password")
    assert code == 0 and "Your password is changed." in out, err
    assert sign_in("boss", "a new admin pass phrase").role == "administrator"
