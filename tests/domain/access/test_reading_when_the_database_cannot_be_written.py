"""A full disk or a read-only database: what is already there can still be read, and who read it
is still recorded.

The audit entry of a reading (signing in, an export) that the database cannot take is kept in
the key file, flushed like any change to it, and copied into the trail at the next sign-in that
can write. If the key file cannot take it either, the reading is refused, saying why. Changes are
never kept that way: they fail, naming the cause.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from iopdesk.domain.access import accounts, unlock
from iopdesk.domain.access.unlock import create_clinic
from iopdesk.domain.kernel import audit, disclosures
from iopdesk.domain.kernel.actor import Actor
from iopdesk.store import keyring
from iopdesk.store.database import Target
from iopdesk.store.errors import StoreError, StoreFull, StoreReadOnly
from iopdesk.store.models import AuditEvent, Client
from iopdesk.store.models import database as proxy
from tests.support import factories as f
from tests.support.faults import inject

PASSWORD = "admin pass phrase for tests"


@pytest.fixture
def clinic(tmp_path: Path) -> Iterator[tuple[Path, Actor]]:
    path = tmp_path / "clinic.sqlite3"
    db = create_clinic(Target(path=path))
    admin, _ = accounts.first_run_setup("Full Disk IOP", "Main", "UTC", "boss", "Bo Ss", PASSWORD)
    yield path, admin
    db.close()
    proxy.initialize(None)


def noted(path: Path) -> list[dict[str, object]]:
    return keyring.load(keyring.keys_path(path)).pending


@pytest.mark.parametrize("kind", ["full", "readonly"])
def test_signing_in_when_the_database_cannot_take_the_entry_keeps_it_in_the_key_file(clinic, kind):
    path, admin = clinic
    entries = AuditEvent.select().count()
    with inject() as faults:
        faults.fail(kind, at="write")
        actor = accounts.sign_in("boss", PASSWORD)  # failed with the disk full before
    assert actor.staff_id == admin.staff_id
    assert AuditEvent.select().count() == entries
    [event] = noted(path)
    assert event["action"] == audit.SIGN_IN and event["staff_id"] == str(admin.staff_id)


def test_the_kept_entries_reach_the_trail_at_the_next_sign_in(clinic):
    path, admin = clinic
    with inject() as faults:
        faults.fail("full", at="write", times=2)
        accounts.sign_in("boss", PASSWORD)
        disclosures.disclosed(admin, audit.EXPORT, "roster", rows=3)
    assert [e["action"] for e in noted(path)] == [audit.SIGN_IN, audit.EXPORT]
    proxy.obj.close()
    db, _actor = unlock.open_clinic(Target(path=path), "boss", PASSWORD)
    try:
        assert noted(path) == []
        copied = list(AuditEvent.select().order_by(AuditEvent.seq.desc()).limit(3))[::-1]
        assert [e.action for e in copied] == [audit.SIGN_IN, audit.EXPORT, audit.SIGN_IN]
        assert copied[1].record_id == "roster" and '"kept_in_key_file":true' in copied[1].changes
        assert audit.verify_chain().ok
    finally:
        db.close()


@pytest.mark.parametrize(("kind", "failure"), [("full", StoreFull), ("readonly", StoreReadOnly)])
def test_a_reading_that_cannot_be_recorded_anywhere_is_refused(clinic, monkeypatch, kind, failure):
    path, admin = clinic

    def unwritable(*_args: object) -> None:
        raise StoreError("Cannot write the key file: the disk is full")

    monkeypatch.setattr(keyring, "update", unwritable)
    with inject() as faults:
        faults.fail(kind, at="write")
        with pytest.raises(failure, match="cannot be recorded in the audit trail"):
            disclosures.disclosed(admin, audit.EXPORT, "roster", rows=3)


def test_a_change_is_never_kept_outside_the_database(clinic):
    path, admin = clinic
    with inject() as faults:
        faults.fail("full", at="commit")
        with pytest.raises(StoreFull, match="the last change was not saved"):
            _add_client(admin)
    assert not Client.select().exists() and noted(path) == []


def _add_client(admin: Actor) -> None:
    from iopdesk.store import transaction

    with transaction():
        f.client(admin, "Nova", "Tester")
        audit.record(admin, audit.CREATE, record_type="client")


def test_a_plain_clinic_has_no_key_file_to_keep_it(db, actor):
    with inject() as faults:
        faults.fail("full", at="write")
        with pytest.raises(StoreFull, match="cannot be recorded"):
            disclosures.disclosed(actor, audit.EXPORT, "roster", rows=1)
