"""Encryption at rest: the key file, signing in as what opens the clinic, locks before it is open,
passwords and accounts kept in step with the key file, the recovery key, backups and restores.

Everything runs through the real code (argon2id, AES-GCM, SQLCipher) with cheap KDF costs
(tests/conftest.py); nothing here is mocked but the clock. All names are made up.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import pytest
from peewee import Database

from iopdesk.cli import main
from iopdesk.domain.access import accounts, unlock
from iopdesk.domain.access import staff_accounts as staff
from iopdesk.domain.access.accounts import SignInError
from iopdesk.domain.clinic.setup import ensure_local_setup
from iopdesk.domain.kernel import audit
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.store import cipher, driver, keyring
from iopdesk.store.backup import backup_to
from iopdesk.store.database import SQLITE_HEADER, EncryptedError, Target, open_database
from iopdesk.store.errors import StoreError
from iopdesk.store.models import AuditEvent, Staff
from iopdesk.store.models import database as proxy
from tests.support.clock import FrozenClock
from tests.support.keys_support import keyed_database, raw_connection, stdlib_sqlite_read, unwrap_key

pytestmark = [
    pytest.mark.skipif(not driver.HAS_CIPHER, reason="needs SQLCipher (sqlcipher3)"),
    pytest.mark.sqlite_only("SQLCipher and the key file"),
]

ADMIN_PW = "correct horse battery"
CASEY_PW = "a long enough pass phrase"
DANA_PW = "front desk pass phrase"
NEW_PW = "a brand new pass phrase"
WRONG_PW = "wrong password!"
NOW = dt.datetime(2031, 5, 6, 14, 0)  # UTC, naive: where the frozen clock starts
Capsys = pytest.CaptureFixture[str]


# --- fixtures and helpers -------------------------------------------------------------


@dataclass(frozen=True)
class Clinic:
    path: Path
    recovery_key: str
    admin_id: UUID
    casey_id: UUID
    dana_id: UUID

    @property
    def target(self) -> Target:
        return Target(path=self.path)

    @property
    def keys(self) -> Path:
        return keyring.keys_path(self.path)


def close(db: Database) -> None:
    db.close()
    proxy.initialize(None)


def make_clinic(path: Path) -> Clinic:
    """A new encrypted clinic, set up (administrator "boss") with a counselor and a front-desk account."""
    db = unlock.create_clinic(Target(path=path))
    try:
        admin, recovery_key = accounts.first_run_setup("Hope IOP", "Main", "UTC", "boss", "Bo Ss", ADMIN_PW)
        casey = staff.create_staff(admin, "casey", "Casey Counselor", "counselor", CASEY_PW)
        dana = staff.create_staff(admin, "dana", "Dana Desk", "frontdesk", DANA_PW)
    finally:
        close(db)
    return Clinic(path, recovery_key, admin.staff_id, casey.id, dana.id)


@pytest.fixture
def clinic(tmp_path: Path) -> Clinic:
    return make_clinic(tmp_path / "clinic.sqlite3")


@contextlib.contextmanager
def signed_in(clinic: Clinic, username: str, password: str, **kwargs: object) -> Iterator[Actor]:
    db, actor = unlock.open_clinic(clinic.target, username, password, **kwargs)  # type: ignore[arg-type]
    try:
        yield actor
    finally:
        close(db)


def opens(clinic: Clinic, username: str, password: str) -> bool:
    try:
        with signed_in(clinic, username, password):
            return True
    except SignInError:
        return False


@pytest.fixture
def clock(frozen_clock: FrozenClock) -> FrozenClock:
    """Time as the sign-in and lock rules see it (the key file's side and the database's side)."""
    frozen_clock.set(NOW)
    return frozen_clock


def entry_json(path: Path, tag: str) -> str:
    """One account's entry in the key file, exactly as stored."""
    return json.dumps(json.loads(path.read_text(encoding="utf-8"))["accounts"][tag], sort_keys=True)


def stdlib_refuses(path: Path) -> None:
    done = stdlib_sqlite_read(path)
    assert done.returncode != 0, done.stdout
    assert "file is not a database" in done.stderr, done.stderr


# --- the key file on its own -------------------------------------------------------------


def test_wrap_and_unwrap_round_trip_and_a_wrong_secret_is_told_apart() -> None:
    key = cipher.new_key()
    wrapped = cipher.wrap(key, CASEY_PW)
    assert cipher.unwrap(wrapped, CASEY_PW) == key
    assert key not in wrapped.sealed  # the sealed copy is not the key itself
    with pytest.raises(cipher.WrongSecret):
        cipher.unwrap(wrapped, CASEY_PW + "!")
    flipped = bytes([wrapped.sealed[0] ^ 1]) + wrapped.sealed[1:]
    tampered = cipher.WrappedKey(wrapped.salt, wrapped.nonce, flipped, wrapped.profile)
    with pytest.raises(cipher.WrongSecret):
        cipher.unwrap(tampered, CASEY_PW)
    # Two wraps of the same key with the same secret share nothing (fresh salt and nonce).
    again = cipher.wrap(key, CASEY_PW)
    assert again.salt != wrapped.salt and again.sealed != wrapped.sealed


def test_key_file_accounts_round_trip_through_disk(tmp_path: Path) -> None:
    key = cipher.new_key()
    keys = keyring.KeyFile.new()
    keys.set_account("casey", key, CASEY_PW)
    keys.set_recovery(key, "RECOVERYKEYTEXT")
    path = tmp_path / "c.sqlite3.keys"
    keyring.save(path, keys)
    loaded = keyring.load(path)
    assert loaded.unlock("casey", CASEY_PW) == key
    assert loaded.unlock_recovery("RECOVERYKEYTEXT") == key
    with pytest.raises(cipher.WrongSecret):
        loaded.unlock("casey", WRONG_PW)
    with pytest.raises(cipher.WrongSecret):
        loaded.unlock("nobody", CASEY_PW)  # an unknown name: the same answer
    with pytest.raises(cipher.WrongSecret):
        loaded.unlock_recovery("NOTTHEKEY")


def test_saving_leaves_no_part_file_and_only_the_owner_may_read(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3.keys"
    first = keyring.KeyFile.new()
    keyring.save(path, first)
    second = keyring.KeyFile.new()
    second.set_account("casey", cipher.new_key(), CASEY_PW)
    keyring.save(path, second)  # over the old one
    assert keyring.load(path).has_account("casey")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.sqlite3.keys"]
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


def test_a_failed_save_keeps_the_old_file_whole_and_leaves_no_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.sqlite3.keys"
    old = keyring.KeyFile.new()
    old.set_account("casey", cipher.new_key(), CASEY_PW)
    keyring.save(path, old)
    before = path.read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(keyring.os, "fsync", disk_full)
    with pytest.raises(StoreError, match="Cannot write the key file"):
        keyring.save(path, keyring.KeyFile.new())
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert keyring.load(path).has_account("casey")
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "not a usable IOPdesk key file"),
        ("{not json", "not a usable IOPdesk key file"),
        ('{"format": "someone-elses-keys", "version": 1}', "not an IOPdesk key file"),
        ('{"format": "iopdesk-keys", "version": 99, "tag_salt": ""}', "newer IOPdesk"),
        ('{"format": "iopdesk-keys", "version": 1}', "not a usable IOPdesk key file"),
        ('["a", "list"]', "not a usable IOPdesk key file"),
    ],
)
def test_a_corrupt_or_foreign_key_file_is_a_clear_store_error(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "c.sqlite3.keys"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(StoreError, match=message):
        keyring.load(path)


def test_a_missing_key_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is missing"):
        keyring.load(tmp_path / "nothing.sqlite3.keys")


def test_a_damaged_key_file_beside_a_clinic_refuses_sign_in_plainly(clinic: Clinic) -> None:
    clinic.keys.write_text('{"format": "iopdesk-keys", "accounts": ', encoding="utf-8")
    with pytest.raises(StoreError, match="not a usable IOPdesk key file"):
        unlock.open_clinic(clinic.target, "boss", ADMIN_PW)
    assert proxy.obj is None


def test_another_clinics_key_file_does_not_open_this_one(clinic: Clinic, tmp_path: Path) -> None:
    other = make_clinic(tmp_path / "other" / "clinic.sqlite3")  # same names and passwords, other key
    clinic.keys.write_bytes(other.keys.read_bytes())
    with pytest.raises(StoreError, match="does not open with this key"):
        unlock.open_clinic(clinic.target, "boss", ADMIN_PW)


def test_the_key_file_names_no_one(clinic: Clinic, clock: FrozenClock) -> None:
    for name in ("casey", "nobody"):
        with pytest.raises(SignInError):
            unlock.open_clinic(clinic.target, name, WRONG_PW, workstation="desk-2")
    text = clinic.keys.read_text(encoding="utf-8")
    key = unwrap_key(clinic.path, "boss", ADMIN_PW)
    secrets = ["boss", "casey", "dana", "nobody", "Bo Ss", "Casey Counselor", "Dana Desk"]
    secrets += [ADMIN_PW, CASEY_PW, WRONG_PW, clinic.recovery_key]
    secrets += [accounts.normalize_recovery_key(clinic.recovery_key), key.hex(), key.hex().upper()]
    for secret in secrets:
        assert secret not in text, secret
    data = json.loads(text)
    assert len(data["accounts"]) == 3 and data["setup_complete"] is True
    assert [e["details"].get("reason") for e in data["pending"]] == [
        "wrong password",
        "unknown user name or no copy of the key",
    ]
    assert data["screen"]["clinic"] == "Hope IOP" and data["screen"]["demo_accounts"] is None


# --- the encrypted file -----------------------------------------------------------------


def test_a_new_clinic_is_encrypted_and_opens_only_by_signing_in(clinic: Clinic) -> None:
    assert clinic.path.read_bytes()[:16] != SQLITE_HEADER
    assert b"SQLite format 3" not in clinic.path.read_bytes()[:4096]
    stdlib_refuses(clinic.path)
    with pytest.raises(driver.DatabaseError, match="not a database"):
        driver.connect(str(clinic.path), cipher.new_key())
    with pytest.raises(driver.DatabaseError, match="not a database"):
        driver.connect(str(clinic.path))
    with pytest.raises(EncryptedError, match="sign in"):
        open_database(clinic.target)
    assert unlock.needs_unlock(clinic.target)

    with signed_in(clinic, "Boss ", ADMIN_PW, workstation="desk-1") as actor:
        assert (actor.staff_id, actor.role, actor.workstation) == (clinic.admin_id, "administrator", "desk-1")
        last = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
        assert (last.action, last.staff_id) == (audit.SIGN_IN, clinic.admin_id)
        assert json.loads(last.changes) == {"unlocked": True}
        assert audit.verify_chain().ok
    conn = raw_connection(clinic.path, "dana", DANA_PW)
    try:
        assert conn.execute("SELECT count(*) FROM staff").fetchone()[0] == 3
    finally:
        conn.close()


def test_a_wrong_password_opens_nothing(clinic: Clinic, clock: FrozenClock) -> None:
    for name in ("casey", "nobody"):
        with pytest.raises(SignInError) as refused:
            unlock.open_clinic(clinic.target, name, WRONG_PW)
        assert str(refused.value) == accounts.WRONG and refused.value.locked_until is None
    assert proxy.obj is None


# --- the lock after failed attempts, before the file is open ---------------------------------


def lock_casey(clinic: Clinic) -> dt.datetime:
    for _ in range(4):
        with pytest.raises(SignInError) as refused:
            unlock.open_clinic(clinic.target, "casey", WRONG_PW, workstation="desk-2")
        assert refused.value.locked_until is None
    with pytest.raises(SignInError, match=r"locked until \d\d:\d\d") as locked:
        unlock.open_clinic(clinic.target, "casey", WRONG_PW, workstation="desk-2")
    assert str(locked.value).startswith(accounts.WRONG)
    until = locked.value.locked_until
    assert until == NOW + dt.timedelta(minutes=15)
    return until


def test_five_wrong_passwords_lock_the_account_and_the_lock_survives_a_restart(
    clinic: Clinic, clock: FrozenClock
) -> None:
    until = lock_casey(clinic)
    # A restart: everything the lock needs is read back from the key file on disk.
    reloaded = keyring.load(clinic.keys)
    assert reloaded.accounts[reloaded.tag("casey")].locked_until == until
    clock.set(NOW + dt.timedelta(minutes=14))
    with pytest.raises(SignInError, match="locked until") as refused:
        unlock.open_clinic(clinic.target, "casey", CASEY_PW)  # the right password, while locked
    assert refused.value.locked_until == until
    assert proxy.obj is None
    # Other accounts are not affected.
    assert opens(clinic, "dana", DANA_PW)
    # Once the time has passed, the right password opens it again, and the count starts over.
    clock.advance(minutes=2)  # sixteen minutes after the lock
    assert opens(clinic, "casey", CASEY_PW)
    entry = keyring.load(clinic.keys).accounts[reloaded.tag("casey")]
    assert (entry.failures, entry.locked_until) == (0, None)


def test_the_failures_and_the_lock_reach_the_audit_trail_at_the_next_sign_in(
    clinic: Clinic, clock: FrozenClock
) -> None:
    until = lock_casey(clinic)
    with pytest.raises(SignInError):
        unlock.open_clinic(clinic.target, "casey", CASEY_PW, workstation="desk-2")  # refused: locked
    with pytest.raises(SignInError):
        unlock.open_clinic(clinic.target, "nobody", WRONG_PW, workstation="desk-9")
    assert len(keyring.load(clinic.keys).pending) == 8  # 5 wrong, 1 lock, 1 while locked, 1 unknown

    with signed_in(clinic, "dana", DANA_PW):
        noted = [
            (e, json.loads(e.changes))
            for e in AuditEvent.select().order_by(AuditEvent.seq)
            if json.loads(e.changes).get("before_unlock")
        ]
        assert [(e.action, c.get("reason")) for e, c in noted] == [
            *[(audit.SIGN_IN_FAILED, "wrong password")] * 4,
            (audit.SIGN_IN_FAILED, "wrong password"),
            (audit.LOCK, None),
            (audit.SIGN_IN_FAILED, "locked"),
            (audit.SIGN_IN_FAILED, "unknown user name or no copy of the key"),
        ]
        assert [c.get("attempt") for _, c in noted[:5]] == [1, 2, 3, 4, 5]
        assert all(e.staff_id == clinic.casey_id and e.workstation == "desk-2" for e, _ in noted[:7])
        assert noted[7][0].staff_id is None and noted[7][0].workstation == "desk-9"
        lock_entry = noted[5][1]
        assert lock_entry["until"] == until.isoformat() and lock_entry["attempts"] == 5
        assert all(c["noted_at"] for _, c in noted)
        assert WRONG_PW not in str([c for _, c in noted]) and "nobody" not in str([c for _, c in noted])
        assert audit.verify_chain().ok
        # The lock is on the account itself now, as if the failures had happened with the file open.
        assert Staff.get_by_id(clinic.casey_id).locked_until == until
    assert keyring.load(clinic.keys).pending == []

    # Copied once only: the next sign-in adds no second copy.
    with signed_in(clinic, "boss", ADMIN_PW):
        assert AuditEvent.select().where(AuditEvent.changes.contains('"before_unlock"')).count() == 8


def test_an_administrators_unlock_clears_the_key_files_lock(clinic: Clinic, clock: FrozenClock) -> None:
    lock_casey(clinic)
    with signed_in(clinic, "boss", ADMIN_PW) as admin:
        assert staff.get_account(admin, clinic.casey_id).locked
        staff.unlock_account(admin, clinic.casey_id)
        assert not staff.get_account(admin, clinic.casey_id).locked
        assert AuditEvent.select().order_by(AuditEvent.seq.desc()).first().action == audit.UNLOCK
    keys = keyring.load(clinic.keys)
    entry = keys.accounts[keys.tag("casey")]
    assert (entry.failures, entry.locked_until) == (0, None)
    assert clock.now == NOW  # still within the fifteen minutes: only the unlock lets casey in
    assert opens(clinic, "casey", CASEY_PW)


def test_lockout_settings_reach_the_key_file(clinic: Clinic, clock: FrozenClock) -> None:
    from iopdesk.domain.kernel import settings

    with signed_in(clinic, "boss", ADMIN_PW) as admin:
        settings.set_value(admin, "lockout_attempts", 2)
        settings.set_value(admin, "lockout_minutes", 60)
    with signed_in(clinic, "boss", ADMIN_PW):
        pass  # each sign-in brings the key file's copy of the rule up to date
    keys = keyring.load(clinic.keys)
    assert (keys.lockout_attempts, keys.lockout_minutes) == (2, 60)
    with pytest.raises(SignInError) as first:
        unlock.open_clinic(clinic.target, "casey", WRONG_PW)
    assert first.value.locked_until is None
    with pytest.raises(SignInError) as second:
        unlock.open_clinic(clinic.target, "casey", WRONG_PW)
    assert second.value.locked_until == NOW + dt.timedelta(minutes=60)


# --- passwords and accounts kept in step with the key file ----------------------------------


@pytest.mark.parametrize("how", ["own change", "administrator reset"])
def test_a_new_password_rewraps_only_that_accounts_copy(clinic: Clinic, how: str) -> None:
    keys = keyring.load(clinic.keys)
    tags = {name: keys.tag(name) for name in ("boss", "casey", "dana")}
    with signed_in(clinic, "boss", ADMIN_PW):
        pass  # signing in rewrites the file's other parts (screen, lock state): settle them first
    with signed_in(clinic, "casey", CASEY_PW):
        pass
    before_text = json.loads(clinic.keys.read_text(encoding="utf-8"))
    before = {name: entry_json(clinic.keys, tag) for name, tag in tags.items()}

    if how == "own change":
        with signed_in(clinic, "casey", CASEY_PW) as casey:
            accounts.change_password(casey, CASEY_PW, NEW_PW)
        before_boss = before["boss"]
    else:
        with signed_in(clinic, "boss", ADMIN_PW) as admin:
            staff.reset_password(admin, clinic.casey_id, NEW_PW)
        before_boss = entry_json(clinic.keys, tags["boss"])  # boss's sign-in itself touched nothing else

    after = {name: entry_json(clinic.keys, tag) for name, tag in tags.items()}
    after_text = json.loads(clinic.keys.read_text(encoding="utf-8"))
    assert after["casey"] != before["casey"]
    assert after["dana"] == before["dana"]  # byte for byte
    assert after["boss"] == before_boss == before["boss"]
    assert after_text["recovery"] == before_text["recovery"]
    assert after_text["tag_salt"] == before_text["tag_salt"]
    assert set(after_text["accounts"]) == set(before_text["accounts"])

    assert not opens(clinic, "casey", CASEY_PW)  # the old password no longer opens the file
    assert opens(clinic, "casey", NEW_PW)
    assert opens(clinic, "dana", DANA_PW) and opens(clinic, "boss", ADMIN_PW)


def test_a_wrong_current_password_changes_nothing(clinic: Clinic) -> None:
    with signed_in(clinic, "casey", CASEY_PW) as casey:
        before = clinic.keys.read_bytes()
        with pytest.raises(SignInError):
            accounts.change_password(casey, WRONG_PW, NEW_PW)
        keys = keyring.load(clinic.keys)
        assert keys.accounts[keys.tag("casey")].failures == 1  # counted, like a failed sign-in
        assert json.loads(before)["accounts"][keys.tag("casey")]["wrapped"] == json.loads(
            clinic.keys.read_bytes()
        )["accounts"][keys.tag("casey")]["wrapped"]
    assert opens(clinic, "casey", CASEY_PW) and not opens(clinic, "casey", NEW_PW)


def test_deactivating_an_account_removes_its_copy_of_the_key(clinic: Clinic) -> None:
    with signed_in(clinic, "boss", ADMIN_PW) as admin:
        staff.deactivate_staff(admin, clinic.casey_id)
    assert not keyring.load(clinic.keys).has_account("casey")
    assert len(keyring.load(clinic.keys).accounts) == 2
    with pytest.raises(SignInError) as refused:
        unlock.open_clinic(clinic.target, "casey", CASEY_PW)
    assert str(refused.value) == accounts.WRONG  # the same answer as a wrong password
    with pytest.raises(cipher.WrongSecret):
        unwrap_key(clinic.path, "casey", CASEY_PW)

    # Reactivated, the account gets a copy again once someone opens the clinic and it signs in
    # with its password there (switch user), since only then is its password known to be right.
    with signed_in(clinic, "boss", ADMIN_PW) as admin:
        staff.reactivate_staff(admin, clinic.casey_id)
        assert not keyring.load(clinic.keys).has_account("casey")
        assert accounts.sign_in("casey", CASEY_PW).staff_id == clinic.casey_id
    assert keyring.load(clinic.keys).has_account("casey")
    assert opens(clinic, "casey", CASEY_PW)


# --- the recovery key --------------------------------------------------------------------


def test_the_recovery_key_opens_the_file_and_sets_a_new_administrator_password(clinic: Clinic) -> None:
    typed = clinic.recovery_key.lower().replace("-", " ")  # forgiving of how it is typed
    db = unlock.recover(clinic.target, typed, "boss", NEW_PW, workstation="desk-1")
    try:
        last = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
        assert (last.action, last.staff_id) == (audit.UNLOCK, clinic.admin_id)
    finally:
        close(db)
    assert opens(clinic, "boss", NEW_PW)
    assert not opens(clinic, "boss", ADMIN_PW)
    assert opens(clinic, "casey", CASEY_PW)  # nobody else's copy changed


def test_a_wrong_recovery_key_is_refused_and_opens_nothing(clinic: Clinic) -> None:
    before = clinic.keys.read_bytes()
    with pytest.raises(SignInError, match="recovery key is not right"):
        unlock.recover(clinic.target, accounts.new_recovery_key(), "boss", NEW_PW)
    assert proxy.obj is None
    assert clinic.keys.read_bytes() == before
    with pytest.raises(ValidationError, match="active administrator"):
        unlock.recover(clinic.target, clinic.recovery_key, "casey", NEW_PW)  # not an administrator
    proxy.initialize(None)
    assert opens(clinic, "boss", ADMIN_PW) and not opens(clinic, "casey", NEW_PW)


def test_a_new_recovery_key_replaces_the_old_one_in_the_key_file(clinic: Clinic) -> None:
    with signed_in(clinic, "boss", ADMIN_PW) as admin:
        fresh = accounts.regenerate_recovery_key(admin)
    with pytest.raises(SignInError, match="recovery key is not right"):
        unlock.recover(clinic.target, clinic.recovery_key, "boss", NEW_PW)
    close(unlock.recover(clinic.target, fresh, "boss", NEW_PW))
    assert opens(clinic, "boss", NEW_PW)


# --- backups and restores ------------------------------------------------------------------


@pytest.fixture
def as_boss(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOPDESK_USER", "boss")
    monkeypatch.setenv("IOPDESK_PASSWORD", ADMIN_PW)


def cli(capsys: Capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def backup_of(clinic: Clinic, dest: Path, capsys: Capsys) -> Path:
    code, out, err = cli(capsys, "--db", str(clinic.path), "backup", str(dest))
    assert code == 0, err
    assert "It is encrypted" in out and dest.name + ".keys" in out
    return dest


def test_a_backup_is_encrypted_and_carries_a_clean_key_file(
    clinic: Clinic, tmp_path: Path, capsys: Capsys, as_boss: None, clock: FrozenClock
) -> None:
    with pytest.raises(SignInError):
        unlock.open_clinic(clinic.target, "casey", WRONG_PW)  # a failure waiting in the clinic's key file
    dest = backup_of(clinic, tmp_path / "backups" / "copy.sqlite3", capsys)
    keys = keyring.keys_path(dest)
    assert keys.name == "copy.sqlite3.keys" and keys.is_file()
    assert dest.read_bytes()[:16] != SQLITE_HEADER
    stdlib_refuses(dest)
    with pytest.raises(driver.DatabaseError, match="not a database"):
        driver.connect(str(dest), cipher.new_key())
    # The copy opens with the same passwords and the same recovery key as the clinic.
    copied = keyring.load(keys)
    assert copied.pending == []
    assert all((a.failures, a.locked_until) == (0, None) for a in copied.accounts.values())
    key = copied.unlock_recovery(accounts.normalize_recovery_key(clinic.recovery_key))
    assert key == unwrap_key(clinic.path, "boss", ADMIN_PW)
    conn = raw_connection(dest, "casey", CASEY_PW)
    try:
        assert conn.execute("SELECT count(*) FROM staff").fetchone()[0] == 3
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file, no -wal to lose
    finally:
        conn.close()
    with keyed_database(clinic.path, "boss", ADMIN_PW):
        last = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
        assert (last.action, last.staff_id) == (audit.BACKUP, clinic.admin_id)


def test_a_backup_is_for_administrators(
    clinic: Clinic, tmp_path: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOPDESK_USER", "casey")
    monkeypatch.setenv("IOPDESK_PASSWORD", CASEY_PW)
    dest = tmp_path / "copy.sqlite3"
    code, _, err = cli(capsys, "--db", str(clinic.path), "backup", str(dest))
    assert code == 1 and "Traceback" not in err
    assert not dest.exists() and not keyring.keys_path(dest).exists()


def test_restore_onto_a_new_computer_with_an_administrators_password(
    clinic: Clinic, tmp_path: Path, capsys: Capsys, as_boss: None
) -> None:
    dest = backup_of(clinic, tmp_path / "copy.sqlite3", capsys)
    fresh = tmp_path / "new-computer" / "clinic.sqlite3"
    code, out, err = cli(capsys, "--db", str(fresh), "restore", str(dest))
    assert code == 0, err
    assert "there was no database there before" in out
    assert fresh.read_bytes()[:16] != SQLITE_HEADER and keyring.keys_path(fresh).is_file()
    with keyed_database(fresh, "dana", DANA_PW):
        last = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
        assert (last.action, last.staff_id) == (audit.RESTORE, clinic.admin_id)
        assert Staff.select().count() == 3
    assert opens(dataclasses.replace(clinic, path=fresh), "casey", CASEY_PW)


@pytest.mark.parametrize(
    "user, password, why",
    [
        ("casey", CASEY_PW, "cannot back up or restore"),
        ("boss", WRONG_PW, "not right"),
        ("nobody", ADMIN_PW, "not right"),
    ],
)
def test_restore_onto_a_new_computer_is_refused_and_leaves_nothing(
    clinic: Clinic,
    tmp_path: Path,
    capsys: Capsys,
    as_boss: None,
    monkeypatch: pytest.MonkeyPatch,
    user: str,
    password: str,
    why: str,
) -> None:
    dest = backup_of(clinic, tmp_path / "copy.sqlite3", capsys)
    before = {p.name: p.read_bytes() for p in (dest, keyring.keys_path(dest))}
    folder = tmp_path / "new-computer"
    folder.mkdir()
    monkeypatch.setenv("IOPDESK_USER", user)
    monkeypatch.setenv("IOPDESK_PASSWORD", password)
    code, _, err = cli(capsys, "--db", str(folder / "clinic.sqlite3"), "restore", str(dest))
    assert code == 1 and why in err and err.count("\n") == 1 and "Traceback" not in err
    # Neither the database nor its key file (nor a -wal, -shm or the key file's lock) is left.
    left = sorted(p.name for p in folder.iterdir())
    assert left == [], left
    assert {p.name: p.read_bytes() for p in (dest, keyring.keys_path(dest))} == before  # backup untouched
    monkeypatch.setenv("IOPDESK_USER", "boss")
    monkeypatch.setenv("IOPDESK_PASSWORD", ADMIN_PW)
    code, _, err = cli(capsys, "--db", str(folder / "clinic.sqlite3"), "restore", str(dest))
    assert code == 0, err  # an administrator can still restore there afterwards


def test_a_refused_restore_onto_a_new_computer_leaves_not_even_a_lock_file(
    clinic: Clinic, tmp_path: Path, capsys: Capsys, as_boss: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = backup_of(clinic, tmp_path / "copy.sqlite3", capsys)
    folder = tmp_path / "new-computer"
    folder.mkdir()
    monkeypatch.setenv("IOPDESK_PASSWORD", WRONG_PW)
    assert cli(capsys, "--db", str(folder / "clinic.sqlite3"), "restore", str(dest))[0] == 1
    assert sorted(p.name for p in folder.iterdir()) == []


def test_restore_over_the_clinic_from_its_own_backup(
    clinic: Clinic, tmp_path: Path, capsys: Capsys, as_boss: None
) -> None:
    dest = backup_of(clinic, tmp_path / "copy.sqlite3", capsys)
    with signed_in(clinic, "boss", ADMIN_PW) as admin:
        staff.create_staff(admin, "erin", "Erin Extra", "counselor", NEW_PW)
    code, out, err = cli(capsys, "--db", str(clinic.path), "restore", str(dest))
    assert code == 0, err
    kept = list(tmp_path.glob("clinic.before-restore-*.sqlite3"))
    assert len(kept) == 1 and kept[0].read_bytes()[:16] != SQLITE_HEADER
    assert keyring.keys_path(kept[0]).is_file()  # the kept copy opens like the clinic did
    with keyed_database(kept[0], "boss", ADMIN_PW):
        assert Staff.select().where(Staff.username == "erin").exists()
    with keyed_database(clinic.path, "boss", ADMIN_PW):
        assert not Staff.select().where(Staff.username == "erin").exists()


def test_a_plain_backup_is_not_restored_into_an_encrypted_clinic(
    clinic: Clinic, tmp_path: Path, capsys: Capsys, as_boss: None
) -> None:
    plain_db = open_database(Target(path=tmp_path / "plain" / "old.sqlite3"))
    try:
        ensure_local_setup("tester")
        plain = backup_to(plain_db, tmp_path / "plain-backup.sqlite3").path
    finally:
        close(plain_db)
    assert plain is not None and plain.read_bytes()[:16] == SQLITE_HEADER
    before = clinic.path.read_bytes()
    code, _, err = cli(capsys, "--db", str(clinic.path), "restore", str(plain))
    assert code == 1 and "not encrypted" in err and "Traceback" not in err
    assert not list(tmp_path.glob("clinic.before-restore-*"))
    assert clinic.path.read_bytes()[:16] != SQLITE_HEADER
    with keyed_database(clinic.path, "boss", ADMIN_PW):
        assert Staff.select().count() == 3 and not Staff.select().where(Staff.username == "tester").exists()
    assert len(before) > 0


def test_another_clinics_backup_is_not_restored_over_this_one(
    clinic: Clinic, tmp_path: Path, capsys: Capsys, as_boss: None
) -> None:
    other = make_clinic(tmp_path / "other" / "clinic.sqlite3")
    dest = backup_of(other, tmp_path / "other-copy.sqlite3", capsys)
    code, _, err = cli(capsys, "--db", str(clinic.path), "restore", str(dest))
    assert code == 1 and "another clinic" in err
    assert not list(tmp_path.glob("clinic.before-restore-*"))
    assert opens(clinic, "boss", ADMIN_PW)


@pytest.mark.parametrize(
    "content",
    [b"user:x:1000:1000::/home/user:/bin/sh\n", b"PK\x03\x04" + bytes(4092), b"%PDF-1.7\n" * 600],
    ids=["text", "workbook", "pdf"],
)
def test_a_file_that_is_no_database_is_named_so_not_another_clinics_backup(
    clinic: Clinic, tmp_path: Path, capsys: Capsys, as_boss: None, content: bytes
) -> None:
    # An encrypted clinic tries its key on any file; one that is not whole pages cannot be a
    # database at all, and "another clinic's backup" would send the person looking for a key.
    # (The workbook is whole pages but is still not another clinic's: the key is what decides.)
    picked = tmp_path / "picked.bin"
    picked.write_bytes(content)
    code, _, err = cli(capsys, "--db", str(clinic.path), "restore", str(picked))
    assert code == 1 and "Traceback" not in err
    if len(content) % 512:
        assert "is not an IOPdesk database or backup" in err and "another clinic" not in err
    assert not list(tmp_path.glob("clinic.before-restore-*"))
    assert opens(clinic, "boss", ADMIN_PW)


# --- a first run that never finished, and the demo --------------------------------------------


def test_an_unfinished_first_run_is_discarded_and_a_new_one_works(tmp_path: Path) -> None:
    target = Target(path=tmp_path / "clinic.sqlite3")
    close(unlock.create_clinic(target))  # the program stopped before the first administrator existed
    assert target.path is not None and target.path.exists()
    assert not keyring.load(keyring.keys_path(target.path)).setup_complete
    with pytest.raises(StoreError, match="already exists"):
        unlock.create_clinic(target)

    assert unlock.discard_unfinished(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    assert not unlock.discard_unfinished(target)  # nothing left to remove

    db = unlock.create_clinic(target)
    try:
        accounts.first_run_setup("Hope IOP", "Main", "UTC", "boss", "Bo Ss", ADMIN_PW)
    finally:
        close(db)
    assert keyring.load(keyring.keys_path(target.path)).setup_complete
    assert not unlock.discard_unfinished(target)  # a finished clinic is never removed
    assert target.path.exists()
    db, actor = unlock.open_clinic(target, "boss", ADMIN_PW)
    close(db)
    assert actor.role == "administrator"


def test_the_demo_is_encrypted_and_every_demo_account_opens_it(tmp_path: Path) -> None:
    from iopdesk.demo import DEMO_PASSWORD
    from iopdesk.demo.clinic_file import build_demo_database
    from iopdesk.domain.clinic.workstation import DEMO_ACCOUNTS

    target = Target(path=tmp_path / "demo.sqlite3")
    build_demo_database(target, "small", 1)
    assert target.path is not None and target.path.read_bytes()[:16] != SQLITE_HEADER
    stdlib_refuses(target.path)
    assert unlock.screen(target).demo_accounts == DEMO_ACCOUNTS
    roles = {}
    for name in DEMO_ACCOUNTS:
        db, actor = unlock.open_clinic(target, name, DEMO_PASSWORD)
        try:
            roles[name] = actor.role
            assert Staff.get_by_id(actor.staff_id).username == name
        finally:
            close(db)
    assert roles == {
        "admin": "administrator",
        "supervisor": "supervisor",
        "counselor": "counselor",
        "frontdesk": "frontdesk",
        "auditor": "auditor",
    }
    with pytest.raises(SignInError):
        unlock.open_clinic(target, "counselor", "not the demo password")


@pytest.mark.skipif(sys.platform == "win32", reason="file modes are POSIX")
def test_the_key_file_beside_a_new_clinic_is_private(clinic: Clinic) -> None:
    assert stat.S_IMODE(clinic.keys.stat().st_mode) & 0o077 == 0


def test_an_empty_password_on_a_locked_clinic_counts_no_failure(clinic: Clinic, clock: FrozenClock) -> None:
    before = clinic.keys.read_text(encoding="utf-8")
    for _ in range(6):
        with pytest.raises(SignInError, match="Type your password"):
            unlock.open_clinic(clinic.target, "casey", "")
    assert clinic.keys.read_text(encoding="utf-8") == before  # no failure noted, no lock
    assert proxy.obj is None
    assert opens(clinic, "casey", CASEY_PW)
