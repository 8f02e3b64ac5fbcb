"""The command line on a PostgreSQL clinic: setup, check, demo, and what the server's own tools do.

Runs only when the suite has a server (IOPDESK_TEST_PG_URL).
"""

from __future__ import annotations

import psycopg
import pytest

from iopdesk.cli import main

pytestmark = pytest.mark.postgresql

ADMIN_PW = "correct horse battery"


def run(capsys, *argv):  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def set_up(capsys, monkeypatch, url: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("IOPDESK_NEW_PASSWORD", ADMIN_PW)
    code, out, err = run(
        capsys, "--db", url, "setup", "--clinic", "Hope", "--site", "Main", "--timezone", "UTC",
        "--admin", "boss", "--name", "Bo Ss",
    )  # fmt: skip
    assert code == 0 and "Recovery key:" in out, err
    monkeypatch.delenv("IOPDESK_NEW_PASSWORD")


@pytest.fixture
def empty(server_databases) -> str:  # type: ignore[no-untyped-def]
    return server_databases.create(template=None)


def test_check_on_an_empty_database_says_to_set_it_up(capsys, empty):
    code, out, err = run(capsys, "--db", empty, "check")
    assert code == 1 and "Traceback" not in err and err.count("\n") == 1
    assert "holds no IOPdesk clinic yet" in err and "setup" in err


def test_setup_then_check_reports_the_server_its_guards_schema_and_rows(capsys, monkeypatch, empty):
    set_up(capsys, monkeypatch, empty)
    code, out, err = run(capsys, "--db", empty, "check")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("database: postgresql://") and "iopdesk:" not in lines[0]
    assert lines[1].startswith("server: PostgreSQL ") and "unencrypted connection" in lines[1]
    assert "guards: ok" in lines and "integrity: ok" not in out
    assert "schema: 0014_sync_settings" in out and "staff: 1" in out and "result: sound" in out


def test_check_fails_when_a_guard_was_switched_off(capsys, monkeypatch, empty):
    set_up(capsys, monkeypatch, empty)
    with psycopg.connect(empty, autocommit=True) as conn:
        conn.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
    code, out, err = run(capsys, "--db", empty, "check")
    assert code == 1 and "guards disabled: audit_event_append_only" in out
    assert err.count("\n") == 1 and "ENABLE TRIGGER" in err


def test_setup_twice_is_refused(capsys, monkeypatch, empty):
    set_up(capsys, monkeypatch, empty)
    monkeypatch.setenv("IOPDESK_NEW_PASSWORD", ADMIN_PW)
    code, _, err = run(
        capsys, "--db", empty, "setup", "--clinic", "Hope", "--site", "Main", "--timezone", "UTC",
        "--admin", "boss2", "--name", "Bo Ss",
    )  # fmt: skip
    assert code == 1 and err.count("\n") == 1


def test_backup_restore_and_encrypt_name_the_servers_own_tools(capsys, monkeypatch, empty, tmp_path):
    set_up(capsys, monkeypatch, empty)
    monkeypatch.setenv("IOPDESK_PASSWORD", ADMIN_PW)
    code, _, err = run(capsys, "--db", empty, "--user", "boss", "backup", str(tmp_path / "b.sqlite3"))
    assert code == 1 and "pg_dump" in err and err.count("\n") == 1
    (tmp_path / "b.sqlite3").write_bytes(b"")
    code, _, err = run(capsys, "--db", empty, "--user", "boss", "restore", str(tmp_path / "b.sqlite3"))
    assert code == 1 and "pg_restore" in err and err.count("\n") == 1
    code, _, err = run(capsys, "--db", empty, "--user", "boss", "encrypt")
    assert code == 1 and "encrypts its own storage" in err


@pytest.mark.slow
def test_the_demo_is_built_on_a_server_replaced_there_and_never_over_a_real_clinic(
    capsys, monkeypatch, empty, server_databases
):
    code, out, err = run(capsys, "--db", empty, "demo")
    assert code == 0, err
    assert "Demo clinic (small, seed 1) built" in out and "iopdesk:" not in out
    code, out, err = run(capsys, "--db", empty, "check")
    assert code == 0 and "result: sound" in out, err
    clients = next(line for line in out.splitlines() if line.startswith("client: "))
    code, out, err = run(capsys, "--db", empty, "demo", "--seed", "2")  # an earlier demo is replaced
    assert code == 0, err
    code, out, err = run(capsys, "--db", empty, "check")
    assert code == 0 and clients in out  # the same size again, not twice the clients

    real = server_databases.create(template=None)
    set_up(capsys, monkeypatch, real)
    code, _, err = run(capsys, "--db", real, "demo")
    assert code == 1 and "holds a real clinic" in err and err.count("\n") == 1
    with psycopg.connect(real) as conn:
        assert conn.execute("SELECT count(*) FROM staff").fetchone()[0] == 1


def test_a_satellite_laptop_is_made_from_the_server_then_syncs_with_it(capsys, monkeypatch, empty, tmp_path):
    """The README's satellite steps: `--db LAPTOP sync --hub URL` with no LAPTOP yet makes it, signed in
    at the server; `--db LAPTOP sync` then syncs, signed in on the laptop with the same password."""
    set_up(capsys, monkeypatch, empty)
    monkeypatch.setenv("IOPDESK_PASSWORD", ADMIN_PW)
    laptop = tmp_path / "laptop.sqlite3"
    code, out, err = run(capsys, "--db", str(laptop), "--user", "boss", "sync")
    assert code == 2 and "give the clinic's server with --hub" in err and not laptop.exists()
    code, out, err = run(capsys, "--db", str(laptop), "--user", "boss", "sync", "--hub", empty)
    assert code == 0, err
    assert "Satellite copy written" in out and "1 account can sign in on it, with its clinic password" in out
    assert laptop.exists() and (tmp_path / "laptop.sqlite3.keys").exists()
    code, out, err = run(capsys, "--db", str(laptop), "--user", "boss", "sync", "--hub", empty)
    assert code == 0, err
    assert out.startswith("Synced with the clinic's server: sent ") and "Connecting" in err
    code, out, err = run(capsys, "--db", str(laptop), "--user", "boss", "check")
    assert code == 0 and "result: sound" in out, err
    monkeypatch.setenv("IOPDESK_PASSWORD", "not the password at all")
    code, out, err = run(capsys, "--db", str(laptop), "--user", "boss", "sync", "--hub", empty)
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
