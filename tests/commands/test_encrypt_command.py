"""``iopdesk encrypt``: a plain clinic from an earlier IOPdesk becomes an encrypted one, losing nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from iopdesk.cli import main
from iopdesk.domain.access import unlock
from iopdesk.domain.access.accounts import check_recovery_key, first_run_setup, sign_in
from iopdesk.domain.access.staff_accounts import create_staff, find_account, reset_password
from iopdesk.domain.clients.clients import ClientDraft, add_client
from iopdesk.store import keyring
from iopdesk.store.database import SQLITE_HEADER, Target, open_database
from iopdesk.store.models import AuditEvent, Client
from iopdesk.store.models import database as proxy

pytestmark = pytest.mark.sqlite_only("SQLCipher")

ADMIN_PW = "the old admin phrase"


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    path = tmp_path / "old.sqlite3"
    db = open_database(Target(path=path))
    admin, _key = first_run_setup("Old Clinic", "Main", "UTC", "boss", "Bo Boss", ADMIN_PW)
    create_staff(admin, "casey", "Casey Counselor", "counselor", "casey temporary 1")
    create_staff(admin, "sam", "Sam Supervisor", "supervisor", "sam temporary 12")
    supervisor = sign_in("sam", "sam temporary 12")
    add_client(supervisor, ClientDraft("Orlindra", "Quillfeather", dt.date(1990, 4, 2)))
    db.close()
    proxy.initialize(None)
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_encrypt_replaces_the_plain_file_and_keeps_every_record(plain, capsys, monkeypatch):
    monkeypatch.setenv("IOPDESK_USER", "boss")
    monkeypatch.setenv("IOPDESK_PASSWORD", ADMIN_PW)
    code, out, err = run(capsys, "--db", str(plain), "encrypt")
    assert code == 0, err
    recovery = next(line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("Recovery key:"))
    assert plain.read_bytes()[:16] != SQLITE_HEADER
    assert b"Quillfeather" not in plain.read_bytes()
    assert not list(plain.parent.glob("*.encrypted*"))

    db, actor = unlock.open_clinic(Target(path=plain), "boss", ADMIN_PW)
    try:
        assert Client.get().legal_last == "Quillfeather"
        assert check_recovery_key(recovery)  # the new key; its hash travelled with the copy
        assert AuditEvent.select().where(AuditEvent.changes.contains('"encrypted":true')).exists()
        # casey had no copy of the key: an administrator's reset gives one.
        reset_password(actor, find_account(actor, "casey").id, "casey reset phrase 2")
    finally:
        db.close()
        proxy.initialize(None)
    unlock.open_clinic(Target(path=plain), "casey", "casey reset phrase 2")[0].close()
    proxy.initialize(None)
    keyring.load(keyring.keys_path(plain)).unlock_recovery(recovery.replace("-", ""))

    code, _, err = run(capsys, "--db", str(plain), "encrypt")
    assert code == 1 and "already encrypted" in err


def test_only_an_administrator_with_the_right_password_encrypts(plain, capsys, monkeypatch):
    monkeypatch.setenv("IOPDESK_USER", "casey")
    monkeypatch.setenv("IOPDESK_PASSWORD", "casey temporary 1")
    code, _, err = run(capsys, "--db", str(plain), "encrypt")
    assert code == 1 and "Traceback" not in err
    monkeypatch.setenv("IOPDESK_USER", "boss")
    monkeypatch.setenv("IOPDESK_PASSWORD", "a wrong phrase entirely")
    code, _, err = run(capsys, "--db", str(plain), "encrypt")
    assert code == 1 and "not right" in err
    assert plain.read_bytes()[:16] == SQLITE_HEADER and not keyring.keys_path(plain).exists()


def test_encrypt_refuses_while_another_program_has_the_file_open(plain, capsys, monkeypatch):
    from iopdesk.store import driver

    other = driver.connect(str(plain))  # another IOPdesk, idle but connected
    other.execute("SELECT count(*) FROM client").fetchone()
    try:
        monkeypatch.setenv("IOPDESK_USER", "boss")
        monkeypatch.setenv("IOPDESK_PASSWORD", ADMIN_PW)
        code, _, err = run(capsys, "--db", str(plain), "encrypt")
    finally:
        other.close()
    assert code == 1 and "Another IOPdesk has this database open" in err
    assert plain.read_bytes()[:16] == SQLITE_HEADER and not keyring.keys_path(plain).exists()


def test_without_sqlcipher_the_demo_is_built_plain_with_a_warning(tmp_path, capsys, monkeypatch):
    from iopdesk.demo.clinic_file import build_demo_database
    from iopdesk.store import driver

    monkeypatch.setattr(driver, "HAS_CIPHER", False)
    target = Target(path=tmp_path / "demo.sqlite3")
    build_demo_database(target, "small", 1)
    assert "built unencrypted" in capsys.readouterr().err
    assert target.path.read_bytes()[:16] == SQLITE_HEADER and not keyring.keys_path(target.path).exists()
    # A real clinic is not made plain behind anyone's back: creating one is refused, saying why.
    with pytest.raises(Exception, match="SQLCipher"):
        unlock.create_clinic(Target(path=tmp_path / "real.sqlite3"))
