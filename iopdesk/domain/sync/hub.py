"""A satellite laptop's sync with its clinic server over the network (``iopdesk sync``, the window's
Sync): what the laptop recorded goes to the server, what changed at the clinic comes back.

The same change sets as the change files (sealed with the clinic's sync key: a server of another
clinic cannot read or apply them), exchanged in one process: the laptop's set is built, the server
opened and the set applied there in one transaction, the server's set for this laptop built, the
server closed, and that set applied here. Interrupted anywhere, nothing half-applied stays at either
end, and the next sync sends again what was not acknowledged (applying twice changes nothing).
The person acting on the laptop acts on the server as the same staff account, which must be active
there; both ends record the sync in their audit trail.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from peewee import PostgresqlDatabase

from iopdesk.domain.kernel import audit
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError, PermissionDenied, ValidationError
from iopdesk.domain.kernel.permissions import SYNC_WITH_HUB, require
from iopdesk.domain.sync import exchange, service
from iopdesk.domain.sync.place import hub_url  # noqa: F401  (callers find it here)
from iopdesk.store import current, transaction
from iopdesk.store.database import visiting
from iopdesk.store.models import Staff
from iopdesk.store.sync_models import SyncPeer
from iopdesk.store.target import Target, is_server_url

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


class NotThisClinic(DomainError):
    """The server named is not the one this laptop was copied from."""


@dataclass(frozen=True)
class HubSync:
    sent: exchange.Counts
    received: service.SyncSummary

    @property
    def message(self) -> str:
        c = self.sent
        return (
            f"Synced with the clinic's server: sent {c.rows_sent} changed records and {c.entries_sent} audit "
            f"entries; {self.received.message[len('Sync: ') :]}"
        )


def sync_with_hub(actor: Actor, url: str | None = None, progress: Progress | None = None) -> HubSync:
    """Send this laptop's changes to its server and apply the server's changes here."""
    require(actor, SYNC_WITH_HUB)
    say = progress or (lambda _text: None)
    if isinstance(current(), PostgresqlDatabase):
        raise ValidationError(
            "This is the clinic's server; sync runs on a satellite laptop (iopdesk --db LAPTOP sync).",
            field="hub",
        )
    url = url or hub_url(actor)
    if not url:
        raise ValidationError(
            "This database has no clinic server to sync with: give it with --hub postgresql://…, or use "
            "change files (iopdesk sync export / import).",
            field="hub",
        )
    if not is_server_url(url):
        raise ValidationError(
            f"{url!r} is not a PostgreSQL address (postgresql://user@host/dbname).", field="hub"
        )
    hub = SyncPeer.get_or_none(SyncPeer.is_hub == True)  # noqa: E712 - peewee builds SQL from ==
    if hub is None:
        raise NotThisClinic("This database is not a satellite copy: it has no clinic server to sync with.")
    me = audit.this_device()
    say("Collecting this laptop's changes…")
    sent = exchange.Counts()
    with transaction():
        outgoing, _peer = service.sealed_changes(actor, hub.id, sent)
    say("Connecting to the clinic's server…")
    with visiting(Target(url=url)):
        if audit.this_device() != hub.id:
            raise NotThisClinic(
                "That server is not the clinic this laptop was copied from; nothing was sent."
            )
        there = _acting_there(actor)
        say(f"Sending {sent.rows_sent} changed records…")
        service.apply_sealed(there, outgoing, "this laptop's changes")
        say("Receiving the clinic's changes…")
        with transaction():
            incoming, _peer = service.sealed_changes(there, me, exchange.Counts())
    say("Applying the clinic's changes…")
    received = service.apply_sealed(actor, incoming, "the server's changes")
    log.info("hub sync done sent=%s received=%s", sent.rows_sent, received.counts.rows_applied)
    return HubSync(sent, received)


def _acting_there(actor: Actor) -> Actor:
    """The same person on the server: their account must be active there and allowed to sync."""
    staff = Staff.get_or_none(Staff.id == actor.staff_id)
    if staff is None or not staff.active:
        raise PermissionDenied(
            "Your account is not active on the clinic's server, so this laptop cannot sync as you."
        )
    there = Actor(
        staff_id=actor.staff_id,
        site_id=actor.site_id,
        role=staff.role,
        workstation=actor.workstation,
        also_clinical=staff.also_clinical,
    )
    require(there, SYNC_WITH_HUB)
    return there
