"""A satellite laptop made from the clinic's server, and its sync with that server over the network
(issue 14). Needs the test server (``postgresql``): the hub is a database there, the laptops are
encrypted SQLite files whose key files the staff's own passwords open."""

from __future__ import annotations

import json
import secrets
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from iopdesk.domain.access import accounts
from iopdesk.domain.attendance import marking
from iopdesk.domain.kernel import audit
from iopdesk.domain.kernel.errors import PermissionDenied, ValidationError
from iopdesk.domain.sync import clone, hub, service
from iopdesk.store import cipher, keyring
from iopdesk.store.database import Target
from iopdesk.store.models import Attendance, AttendanceChange, AuditEvent, Note, NoteTemplate, Setting, Staff
from tests.support import factories as f
from tests.support import sync_places as sp

pytestmark = pytest.mark.postgresql


@pytest.fixture
def pgpass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_target: Target) -> None:
    """The test server's password in a .pgpass file (PGPASSFILE): what a laptop's stored address,
    kept without it, connects with."""
    parts = urlsplit(db_target.url or "")
    file = tmp_path / "pgpass"
    file.write_text(f"{parts.hostname}:{parts.port or 5432}:*:{parts.username}:{parts.password}\n")
    file.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(file))


def _username(actor) -> str:  # type: ignore[no-untyped-def]
    return str(Staff.get_by_id(actor.staff_id).username)


def test_the_copy_is_encrypted_and_opens_with_each_accounts_clinic_password(clinic) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    assert not laptop.path.read_bytes()[:16].startswith(b"SQLite format 3")
    keys = keyring.load(keyring.keys_path(laptop.path))
    with clinic.hub.open():
        names = [_username(who) for who in (clinic.admin, clinic.counselor, clinic.supervisor)]
        hub_notes = Note.select().count()
        hub_templates = NoteTemplate.select().count()
    for name in names:
        assert keys.unlock(name, sp.PASSWORD) == laptop.key
    with pytest.raises(cipher.WrongSecret):
        keys.unlock(names[0], "not the password at all")
    assert keys.screen["sites"] and keys.setup_complete
    with laptop.open():
        assert Note.select().count() == hub_notes > 0
        assert NoteTemplate.select().count() == hub_templates  # not synced later: the copy has them
        assert audit.verify_chain().ok
        url = json.loads(Setting.get(Setting.key == clone.HUB_URL_KEY).value)
    assert url.startswith("postgresql://") and ":" + "devpass" not in url
    assert clone.without_password("postgresql://ann:secret@db.local:5433/clinic?sslmode=require") == (
        "postgresql://ann@db.local:5433/clinic?sslmode=require"
    )


def test_sync_sends_the_laptops_work_and_brings_back_the_clinics(clinic, pgpass) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    hub_session, laptop_session = clinic.sessions
    client = clinic.clients[0]
    with clinic.hub.open():
        marking.mark(clinic.counselor, hub_session, client, "late", minutes=90)
    with laptop.open():
        marking.mark(clinic.counselor, laptop_session, client, "absent_unexcused")
        done = hub.sync_with_hub(clinic.counselor, clinic.hub.target.url)
        assert done.sent.rows_sent >= 1 and done.received.counts.rows_applied >= 1
        assert Attendance.get(session=hub_session, client=client).status == "late"
        assert audit.verify_chain().ok
        laptop_trail = sp.audit_ids()  # the first sync's entries included
        again = hub.sync_with_hub(clinic.counselor)  # the address it keeps
    assert again.received.counts.rows_applied == 0 and again.sent.entries_sent >= 2
    with clinic.hub.open():
        assert Attendance.get(session=laptop_session, client=client).status == "absent_unexcused"
        assert audit.verify_chain().ok
        assert laptop_trail <= sp.audit_ids()
        here = audit.this_device()
        actions = [(e.device_id == here, e.action) for e in AuditEvent.select().order_by(AuditEvent.seq)]
    assert actions.count((True, service.SYNC_IMPORT)) == 2  # one per sync, at the server
    assert actions.count((False, service.SYNC_IMPORT)) == 1  # the laptop's first, with the second


def test_a_password_changed_at_the_clinic_opens_the_laptop_after_a_sync(clinic) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    new = "another long pass phrase"
    with clinic.hub.open():
        accounts.set_password(clinic.counselor.staff_id, new, must_change=False)
        name = _username(clinic.counselor)
        gone = f.staff(clinic.supervisor, role="counselor", name="Gale Gone")
        accounts.set_password(gone.id, sp.PASSWORD, must_change=False)
    with laptop.open():
        hub.sync_with_hub(clinic.admin, clinic.hub.target.url)
    keys = keyring.load(keyring.keys_path(laptop.path))
    assert keys.unlock(name, new) == laptop.key
    with pytest.raises(cipher.WrongSecret):
        keys.unlock(name, sp.PASSWORD)


def test_a_server_of_another_clinic_is_refused_and_nothing_changes(
    clinic, tmp_path, server_databases
) -> None:  # type: ignore[no-untyped-def]
    url = server_databases.create()
    other = sp.make_clinic(tmp_path / "other", laptops=0, hub=Target(url=url))
    with other.hub.open():  # test databases are copies of one template: set up apart, each has its own
        for key, value in (("device_id", str(uuid.uuid4())), ("sync_key", secrets.token_hex(32))):
            Setting.update(value=json.dumps(value)).where(Setting.key == key).execute()
    laptop = clinic.laptops[0]
    with laptop.open():
        before = sp.dump()
        with pytest.raises(Exception, match="not the clinic this laptop was copied from|another clinic"):
            hub.sync_with_hub(clinic.counselor, other.hub.target.url)
        assert sp.dump() == before


def test_only_an_account_active_at_the_clinic_syncs(clinic) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with clinic.hub.open():
        Staff.update(active=False).where(Staff.id == clinic.counselor.staff_id).execute()
    with laptop.open(), pytest.raises(PermissionDenied, match="not active on the clinic's server"):
        hub.sync_with_hub(clinic.counselor, clinic.hub.target.url)


def test_the_server_itself_and_a_copy_with_no_hub_say_what_to_do(clinic) -> None:  # type: ignore[no-untyped-def]
    with clinic.hub.open(), pytest.raises(ValidationError, match="sync runs on a satellite laptop"):
        hub.sync_with_hub(clinic.admin)
    with clinic.laptops[0].open(), pytest.raises(ValidationError, match="not a PostgreSQL address"):
        hub.sync_with_hub(clinic.admin, "/tmp/some.sqlite3")


def test_an_export_file_from_a_server_laptop_still_reaches_the_server(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with laptop.open():
        marking.mark(clinic.counselor, clinic.sessions[0], clinic.clients[1], "absent_excused")
    sp.receive(clinic, clinic.hub, sp.send(clinic, laptop, clinic.hub, tmp_path))
    with clinic.hub.open():
        assert Attendance.get(session=clinic.sessions[0], client=clinic.clients[1]).status == "absent_excused"


@pytest.mark.parametrize("cut", ["sending", "receiving"])
def test_a_sync_cut_off_midway_resumes_without_duplicates_or_holes(clinic, monkeypatch, cut) -> None:  # type: ignore[no-untyped-def]
    """The network drops while the server applies the laptop's changes (nothing applied there), or
    after the server applied them but before the laptop got the answer: the next sync completes,
    and every mark and audit entry is there once."""
    laptop = clinic.laptops[0]
    hub_session, laptop_session = clinic.sessions
    client = clinic.clients[2]
    with clinic.hub.open():
        history = _history(client)
        marking.mark(clinic.counselor, hub_session, client, "late", minutes=95)
    real = service.apply_sealed
    calls = []

    def dropped(actor, data, name):  # type: ignore[no-untyped-def]
        calls.append(name)
        if (cut == "sending") == (len(calls) == 1):
            raise ConnectionError("server closed the connection unexpectedly")
        return real(actor, data, name)

    with laptop.open():
        marking.mark(clinic.counselor, laptop_session, client, "left_early", minutes=60)
        monkeypatch.setattr(service, "apply_sealed", dropped)
        with pytest.raises(ConnectionError):
            hub.sync_with_hub(clinic.counselor, clinic.hub.target.url)
        monkeypatch.setattr(service, "apply_sealed", real)
        hub.sync_with_hub(clinic.counselor, clinic.hub.target.url)
        laptop_trail = sp.audit_ids()
        hub.sync_with_hub(clinic.counselor, clinic.hub.target.url)  # brings the entries of the one before
        laptop_state = sp.dump()
        assert Attendance.get(session=hub_session, client=client).status == "late"
    with clinic.hub.open():
        hub_state, hub_trail = sp.dump(), sp.audit_ids()
        assert audit.verify_chain().ok
        changes = _history(client)
        assert AuditEvent.select().count() == len(hub_trail)  # no entry twice
    assert laptop_state == hub_state
    assert laptop_trail <= hub_trail
    assert changes == history + 2  # one history line per mark, none doubled


def _history(client) -> int:  # type: ignore[no-untyped-def]
    return AttendanceChange.select().join(Attendance).where(Attendance.client == client).count()
