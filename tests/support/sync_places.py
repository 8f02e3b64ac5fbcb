"""Several copies of one clinic in one test (issue 14): the hub and its satellite laptops.

Each laptop is its own SQLite file; the hub is one too, or (``make_clinic(hub=Target(url=…))``, the
suite on PostgreSQL) a database on the test server. One place is open (bound) at a time. The hub is
set up with a group, its members, sessions and their note parts, then copied to the laptops the way
an administrator does (``sync.service.make_satellite``: from a server hub, an encrypted file that
the staff's passwords open). Every name is made up.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iopdesk.domain import notes
from iopdesk.domain.access import accounts
from iopdesk.domain.clinic.setup import ensure_local_setup
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.sync import rows, service
from iopdesk.store import keyring
from iopdesk.store.database import Target, open_database
from iopdesk.store.models import AuditEvent, Client, Note, Session, Staff
from iopdesk.store.models import database as proxy
from tests.support import factories as f
from tests.support.note_factories import require_nothing, writer

PASSWORD = "a long test pass phrase"
DAY = dt.date(2025, 3, 10)
TODAY = DAY + dt.timedelta(days=3)  # after every session the place has, within a week of them


@dataclass
class Place:
    name: str
    target: Target
    key: bytes | None = None  # a server's satellite is encrypted (its staff's own passwords open it)

    @property
    def path(self) -> Path:
        assert self.target.path is not None
        return self.target.path

    @contextlib.contextmanager
    def open(self) -> Iterator[None]:
        db = open_database(self.target, key=self.key)
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
        if hub.target.url is not None:  # a server's satellite opens with its staff's passwords
            for who in (supervisor, admin, counselor):
                accounts.set_password(who.staff_id, PASSWORD, must_change=False)
        client_ids = [c.id for c in clients]
        grp_id = grp.id
    clinic = Clinic(hub, [], admin, counselor, supervisor, made, client_ids, grp_id)
    for i in range(laptops):
        clinic.laptops.append(add_laptop(clinic, folder, f"laptop{i + 1}"))
    return clinic


def add_laptop(clinic: Clinic, folder: Path, name: str) -> Place:
    """A satellite copy made the way an administrator makes one. From a server hub it is encrypted,
    its key file wrapped from the staff's password hashes: the admin's password opens it here."""
    place = Place(name, Target(path=folder / f"{name}.sqlite3"))
    with clinic.hub.open():
        service.make_satellite(clinic.admin, place.path, clinic.hub.target.url)
        username = Staff.get_by_id(clinic.admin.staff_id).username
    if clinic.hub.target.url is not None:
        keys = keyring.load(keyring.keys_path(place.path))
        place.key = keys.unlock(username, PASSWORD)
    return place


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


def note_signed_apart(clinic: Clinic, folder: Path) -> None:
    """A client's session note written and signed at both places in different words: neither can
    change a signed note, so each keeps the other's text as a sync conflict (a note's values, which
    an administrator who is not clinical sees withheld). Logs "sync could not replace a locked row"."""
    laptop = clinic.laptops[0]
    with laptop.open():
        part = note_parts()[0]
    for place, words in ((laptop, "laptop words"), (clinic.hub, "clinic words")):
        with place.open():
            row = Note.get_by_id(part.id)
            body = dict(json.loads(row.body), data=words)
            assert notes.save_draft(clinic.counselor, part.id, body, row.version).saved
            notes.sign_note(clinic.counselor, part.id, True)
    exchange(clinic, laptop, clinic.hub, folder)
