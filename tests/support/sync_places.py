"""Several copies of one clinic in one test (issue 14): the hub and its satellite laptops.

Each laptop is its own SQLite file; the hub is one too, or (``make_clinic(hub=Target(url=…))``, the
suite on PostgreSQL) a database on the test server. One place is open (bound) at a time. The hub is
set up with a group, its members, sessions and their note parts, then copied to the laptops the way
an administrator does (``sync.service.make_satellite``; from a server hub, which the program cannot
copy yet, the tests copy its rows into a plain SQLite file: ``_copy_from_server``). Every name is
made up.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock
from uuid import UUID

from peewee import Database

from iopdesk.domain import notes
from iopdesk.domain.clinic.setup import ensure_local_setup
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.sync import rows, service
from iopdesk.store.database import Target, open_database
from iopdesk.store.models import ALL_MODELS, AuditEvent, Client, Note, Session, Setting
from iopdesk.store.models import database as proxy
from iopdesk.store.sync_models import SyncChange, SyncPeer
from tests.support import factories as f
from tests.support.note_factories import require_nothing, writer

DAY = dt.date(2025, 3, 10)
TODAY = DAY + dt.timedelta(days=3)  # after every session the place has, within a week of them


@dataclass
class Place:
    name: str
    target: Target

    @property
    def path(self) -> Path:
        assert self.target.path is not None
        return self.target.path

    @contextlib.contextmanager
    def open(self) -> Iterator[None]:
        db = open_database(self.target)
        try:
            yield
        finally:
            db.close()
            proxy.initialize(None)


@dataclass
class Clinic:
    hub: Place
    laptops: list[Place]
    admin: Actor
    counselor: Actor
    supervisor: Actor
    sessions: list[Any] = field(default_factory=list)
    clients: list[Any] = field(default_factory=list)
    group: Any = None

    @property
    def places(self) -> list[Place]:
        return [self.hub, *self.laptops]


def make_clinic(
    folder: Path, laptops: int = 1, sessions: int = 2, members: int = 3, hub: Target | None = None
) -> Clinic:
    """The hub at ``hub`` (default: a SQLite file in ``folder``) and its laptops in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    hub_place = Place("hub", hub or Target(path=folder / "hub.sqlite3"))
    return _make_clinic(hub_place, folder, laptops, sessions, members)


def _make_clinic(hub: Place, folder: Path, laptops: int, sessions: int, members: int) -> Clinic:
    with hub.open():
        supervisor = ensure_local_setup("tester")
        admin = f.actor_as(supervisor, f.staff(supervisor, role="administrator", name="Avery Admin"))
        counselor = writer(supervisor)
        require_nothing(supervisor)
        grp = f.group(supervisor, "Relapse Prevention")
        f.facilitate(grp, counselor.staff_id)
        clients = [f.client(supervisor, f"Member{i}", "Test", chart=f"H-{i}") for i in range(members)]
        for who in clients:
            f.enroll(supervisor, who, grp, DAY - dt.timedelta(days=14))
        made = []
        for n in range(sessions):
            sess = f.session(supervisor, grp, DAY + dt.timedelta(days=n), facilitator=counselor.staff_id)
            for who in clients:
                f.attend(supervisor, sess, who, "present")
            notes.open_session_note(counselor, sess.id)
            made.append(sess.id)
        client_ids = [c.id for c in clients]
        grp_id = grp.id
    clinic = Clinic(hub, [], admin, counselor, supervisor, made, client_ids, grp_id)
    for i in range(laptops):
        clinic.laptops.append(add_laptop(clinic, folder, f"laptop{i + 1}"))
    return clinic


def add_laptop(clinic: Clinic, folder: Path, name: str) -> Place:
    place = Place(name, Target(path=folder / f"{name}.sqlite3"))
    with clinic.hub.open():
        if clinic.hub.target.url is None:
            service.make_satellite(clinic.admin, place.path)
        else:
            with mock.patch.object(service, "make_satellite_copy", _copy_from_server):
                service.make_satellite(clinic.admin, place.path)
    return place


def _copy_from_server(db: Database, dest: Path, *, hub: UUID, change_mark: int, audit_mark: int) -> UUID:
    """What ``store.satellite.make_satellite_copy`` does for a SQLite hub, from a server hub, for the
    tests only: every model's rows into a new plain SQLite file (the program cannot give a server's
    copy its staff's keys yet), as a new device with the hub as its peer."""
    order = [*(m for m in ALL_MODELS if m is not SyncChange), SyncChange]
    rows = {model: list(model.select().tuples()) for model in order}
    copy = open_database(Target(path=dest))  # migrated, empty but for its own settings
    try:
        copy.execute_sql("PRAGMA foreign_keys = OFF")  # rows of one table point at each other
        with copy.atomic():
            Setting.delete().execute()
            for model, values in rows.items():
                if values:
                    model.insert_many(values, fields=model._meta.sorted_fields).execute()
                if model is not SyncChange:  # the capture triggers saw these as new: not this copy's
                    SyncChange.delete().execute()
            device = uuid.uuid4()
            Setting.update(value=json.dumps(str(device))).where(Setting.key == "device_id").execute()
            SyncPeer.delete().where(SyncPeer.id == hub).execute()
            SyncPeer.insert(
                id=hub,
                is_hub=True,
                acked_change=change_mark,
                received_change=change_mark,
                acked_audit=audit_mark,
                received_audit=audit_mark,
            ).execute()
        assert not copy.execute_sql("PRAGMA foreign_key_check").fetchall()
    finally:
        copy.close()
        proxy.initialize(db)
    return device


def send(clinic: Clinic, src: Place, dst: Place, folder: Path, *, tag: str = "") -> Path:
    """Export at ``src`` for ``dst`` and return the file (not applied yet)."""
    with dst.open():
        from iopdesk.domain.kernel import audit

        dst_device = audit.this_device()
    out = folder / f"{src.name}-to-{dst.name}{tag}.iopsync"
    with src.open():
        service.export_changes(clinic.admin, out, dst_device)
    return out


def receive(clinic: Clinic, dst: Place, file: Path) -> service.SyncSummary:
    with dst.open():
        return service.import_changes(clinic.admin, file)


def exchange(clinic: Clinic, a: Place, b: Place, folder: Path) -> None:
    receive(clinic, b, send(clinic, a, b, folder))
    receive(clinic, a, send(clinic, b, a, folder))


def dump() -> dict[str, dict[str, dict[str, Any]]]:
    """Every synced table's rows as states (the open place), for comparing places."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for model in rows.SYNCED:
        out[model._meta.table_name] = {r.id.hex: rows.state_of(r) for r in model.select()}
    return out


def audit_ids() -> set[str]:
    return {r.id.hex for r in AuditEvent.select(AuditEvent.id)}


def note_parts() -> list[Note]:
    return list(Note.select().where(Note.client.is_null(False)).order_by(Note.id))


__all__ = ["Client", "Session"]
