"""The key file follows the database's accounts only when their save commits.

A password change, an account deactivated or a new recovery key is written to the key file inside
the database's transaction, so that a key file that cannot be written stops the save. When the
database then fails at COMMIT (a full disk, an I/O error), the person is told it was not saved: the
key file must say the same, or the password they still have no longer opens the clinic.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iopdesk.domain.access import accounts
from iopdesk.domain.access import staff_accounts as staff
from iopdesk.store import driver, keyring
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
