"""The key file follows the database's accounts only when their save commits.

A password change, an account deactivated or a new recovery key is written to the key file inside
the database's transaction, so that a key file that cannot be written stops the save. When the
database then fails at COMMIT (a full disk, an I/O error), the person is told it was not saved: the
key file must say the same, or the password they still have no longer opens the clinic. A program
killed between the two writes leaves nothing out of step either: the next sign-in settles a
password's copy, and a restore's audit anchor fits the trail before and after the switch.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from iopdesk.cli import main
from iopdesk.domain.access import accounts
from iopdesk.domain.access import staff_accounts as staff
from iopdesk.store import cipher, driver, keyring
from iopdesk.store.errors import StoreError
from tests.domain.access.test_encryption import (
    ADMIN_PW,
    CASEY_PW,
    NEW_PW,
    Clinic,
    make_clinic,
    opens,
    signed_in,
)
from tests.support.faults import inject

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def clinic(tmp_path: Path) -> Clinic:
    return make_clinic(tmp_path / "clinic.sqlite3")


pytestmark = [
    pytest.mark.skipif(not driver.HAS_CIPHER, reason="needs SQLCipher (sqlcipher3)"),
    pytest.mark.sqlite_only("SQLCipher and the key file"),
]


@pytest.mark.parametrize("kind", ["full", "io"])
def test_a_password_change_that_did_not_commit_leaves_the_old_password_opening(
    clinic: Clinic, kind: str
) -> None:
    with signed_in(clinic, "casey", CASEY_PW) as casey:
        with inject() as faults:
            faults.fail(kind, at="commit")
            with pytest.raises(StoreError):
                accounts.change_password(casey, CASEY_PW, NEW_PW)
        assert not faults.pending
    assert opens(clinic, "casey", CASEY_PW)
    assert not opens(clinic, "casey", NEW_PW)

    with signed_in(clinic, "casey", CASEY_PW) as casey:  # tried again once the disk has room
        accounts.change_password(casey, CASEY_PW, NEW_PW)
    assert opens(clinic, "casey", NEW_PW)
    assert not opens(clinic, "casey", CASEY_PW)


def test_an_administrators_reset_that_did_not_commit_changes_no_copy(clinic: Clinic) -> None:
    with signed_in(clinic, "boss", ADMIN_PW) as admin:
        copies = json.loads(clinic.keys.read_text(encoding="utf-8"))["accounts"]
        with inject() as faults:
            faults.fail("full", at="commit")
            with pytest.raises(StoreError):
                staff.reset_password(admin, clinic.casey_id, NEW_PW)
        assert json.loads(clinic.keys.read_text(encoding="utf-8"))["accounts"] == copies
    assert opens(clinic, "casey", CASEY_PW)
    assert not opens(clinic, "casey", NEW_PW)


def test_a_deactivation_that_did_not_commit_keeps_the_accounts_copy(clinic: Clinic) -> None:
    with signed_in(clinic, "boss", ADMIN_PW) as admin:
        with inject() as faults:
            faults.fail("full", at="commit")
            with pytest.raises(StoreError):
                staff.deactivate_staff(admin, clinic.casey_id)
    assert keyring.load(clinic.keys).has_account("casey")
    assert opens(clinic, "casey", CASEY_PW)  # still active, and still able to open the clinic


def test_a_new_recovery_key_that_did_not_commit_leaves_the_old_one_working(clinic: Clinic) -> None:
    with signed_in(clinic, "boss", ADMIN_PW) as admin:
        with inject() as faults:
            faults.fail("full", at="commit")
            with pytest.raises(StoreError):
                accounts.regenerate_recovery_key(admin)
    old = accounts.normalize_recovery_key(clinic.recovery_key)
    keyring.load(clinic.keys).unlock_recovery(old)  # raises WrongSecret if it was replaced


# --- killed between the key file and COMMIT ------------------------------------------------------

KILLED_AT_COMMIT = """
import os, signal, sys
from pathlib import Path
from iopdesk.domain.access import passwords, unlock
from iopdesk.domain.access import staff_accounts as staff
from iopdesk.store import cipher, current
from iopdesk.store.database import Target
passwords.use_profile(passwords.TEST_PROFILE)
cipher.use_profile(cipher.TEST_PROFILE)
path, when, casey, new = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
_db, admin = unlock.open_clinic(Target(path=Path(path)), "boss", {admin_pw!r})
db = current()
real = db.commit
def commit():
    if when == "after":
        real()
    os.kill(os.getpid(), signal.SIGKILL)
db.commit = commit
from uuid import UUID
if new == "recovery":
    from iopdesk.domain.access import accounts
    accounts.regenerate_recovery_key(admin)
else:
    staff.reset_password(admin, UUID(casey), new)
"""


def killed_resetting(clinic: Clinic, when: str, new: str = NEW_PW) -> None:
    """An administrator resets casey's password (``new``; "recovery": makes a new recovery key) in
    another process, killed just before (or just after) its COMMIT: the key file is written, the
    rest of the program never runs."""
    code = KILLED_AT_COMMIT.replace("{admin_pw!r}", repr(ADMIN_PW))
    argv = [sys.executable, "-c", code, str(clinic.path), when, str(clinic.casey_id), new]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == -signal.SIGKILL, done.stderr


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
@pytest.mark.parametrize(
    ("when", "saved", "lost"), [("before", CASEY_PW, NEW_PW), ("after", NEW_PW, CASEY_PW)]
)
def test_a_password_save_killed_at_commit_is_settled_at_the_next_sign_in(
    clinic: Clinic, when: str, saved: str, lost: str
) -> None:
    killed_resetting(clinic, when)
    # Either password may open the file for now: the one that was saved, and the other one until
    # a sign-in settles which the database holds.
    entry = keyring.load(clinic.keys).accounts[keyring.load(clinic.keys).tag("casey")]
    assert entry.settles_with is not None and entry.previous is not None

    with signed_in(clinic, "boss", ADMIN_PW):  # any account's sign-in settles every account's copy
        assert accounts.sign_in("casey", saved).staff_id == clinic.casey_id  # the database's password
    entry = keyring.load(clinic.keys).accounts[keyring.load(clinic.keys).tag("casey")]
    assert entry.settles_with is None and entry.previous is None
    assert opens(clinic, "casey", saved)
    assert not opens(clinic, "casey", lost)


def test_a_copy_made_from_the_databases_hash_is_settled_by_construction() -> None:
    """A sync that brings staff changes rewraps copies from the database's hashes (follow_staff):
    a copy left unsettled by a crash must not be turned back to its old key afterwards."""
    keys = keyring.KeyFile.new()
    key = cipher.new_key()
    keys.set_account("casey", key, CASEY_PW)
    keys.set_account("casey", key, NEW_PW, settles_with="0123456789abcdef")
    entry = keys.accounts[keys.tag("casey")]
    assert entry.previous is not None and keys.unlock("casey", CASEY_PW) == key  # both open meanwhile
    keys.set_wrapped("casey", cipher.wrap(key, NEW_PW))
    assert entry.previous is None and entry.settles_with is None
    with pytest.raises(cipher.WrongSecret):
        keys.unlock("casey", CASEY_PW)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
@pytest.mark.parametrize("when", ["before", "after"])
def test_a_new_recovery_key_killed_at_commit_is_settled_at_the_next_sign_in(
    clinic: Clinic, when: str
) -> None:
    old = accounts.normalize_recovery_key(clinic.recovery_key)
    killed_resetting(clinic, when, "recovery")
    keys = keyring.load(clinic.keys)
    assert keys.recovery_settles_with is not None
    keys.unlock_recovery(old)  # the key in the safe still opens the file meanwhile

    with signed_in(clinic, "boss", ADMIN_PW):
        assert accounts.check_recovery_key(old) is (when == "before")
    keys = keyring.load(clinic.keys)
    assert keys.recovery_settles_with is None and keys.recovery_previous is None
    if when == "before":  # the new key was never saved: the old one is still the clinic's
        keys.unlock_recovery(old)
    else:  # saved, though never shown (the program died first): the old one opens no more
        with pytest.raises(cipher.WrongSecret):
            keys.unlock_recovery(old)


# --- a restore killed between switching the records and moving the anchor -----------------------


class Killed(BaseException):
    """The process dies here: nothing after it runs, no handler catches it."""


def test_a_restore_killed_right_after_the_switch_leaves_an_anchor_the_trail_still_reaches(
    clinic: Clinic, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from iopdesk.store import backup as backup_module

    monkeypatch.setenv("IOPDESK_USER", "boss")
    monkeypatch.setenv("IOPDESK_PASSWORD", ADMIN_PW)
    dest = tmp_path / "copy.sqlite3"
    assert main(["--db", str(clinic.path), "backup", str(dest)]) == 0
    with signed_in(clinic, "boss", ADMIN_PW) as admin:  # entries the backup does not have
        staff.create_staff(admin, "erin", "Erin Extra", "counselor", NEW_PW)
    real_connect = backup_module.driver.connect

    class DiesAfterBackup:
        def __init__(self, conn: object) -> None:
            self.conn = conn

        def backup(self, target: object) -> None:
            self.conn.backup(target)  # type: ignore[attr-defined]  # the records are the backup's now…
            raise Killed  # …and the program dies before anything else

        def __getattr__(self, name: str) -> object:  # any other use of the connection, as it is
            return getattr(self.conn, name)

    def connect(*args: object, **kwargs: object) -> object:
        conn = real_connect(*args, **kwargs)  # type: ignore[arg-type]
        reads_the_backup = str(args[0]).startswith("file:") and str(dest) in str(args[0])
        return DiesAfterBackup(conn) if reads_the_backup else conn

    monkeypatch.setattr(backup_module.driver, "connect", connect)
    with pytest.raises(Killed):
        main(["--db", str(clinic.path), "restore", str(dest)])
    monkeypatch.setattr(backup_module.driver, "connect", real_connect)
    capsys.readouterr()

    code = main(["--db", str(clinic.path), "audit", "verify"])
    out, err = capsys.readouterr()
    assert code == 0, err  # not "entries were removed from its end": nobody tampered with anything
    assert "intact" in out
