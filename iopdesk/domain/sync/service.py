"""What the command line and the window call: export and import change files, make a satellite copy,
list and settle sync conflicts. Administrators only (permissions.SYNC_RUN), except when this copy last
synced, which every staff member's status bar shows (SYNC_WITH_HUB); every sync is audited with who,
when and how many changes went each way; logs carry ids and counts only."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from uuid import UUID

from peewee import PostgresqlDatabase

from iopdesk.domain.access import keys
from iopdesk.domain.kernel import audit, clock
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.errors import NotFound, ValidationError
from iopdesk.domain.kernel.permissions import SYNC_RUN, require
from iopdesk.domain.sync import exchange, sealing
from iopdesk.domain.sync.clone import SYNC_CLONE, Satellite, make_satellite  # noqa: F401  (callers find it here)
from iopdesk.domain.sync.conflict_texts import record_words
from iopdesk.domain.sync.place import last_synced  # noqa: F401  (callers find it here)
from iopdesk.store import current, files, transaction
from iopdesk.store.models import Client
from iopdesk.store.sync_models import SyncConflict, SyncPeer

log = logging.getLogger(__name__)

SYNC_EXPORT = "sync.export"
SYNC_IMPORT = "sync.import"
SYNC_RESOLVE = "sync.resolve"


@dataclass(frozen=True)
class SyncSummary:
    peer: UUID | None
    counts: exchange.Counts

    @property
    def message(self) -> str:
        c = self.counts
        if c.rows_sent or c.entries_sent:
            return f"Wrote {c.rows_sent} changed records and {c.entries_sent} audit entries."
        parts = [
            f"{c.rows_applied} records applied",
            f"{c.rows_unchanged} already here",
            f"{c.entries_added} audit entries added",
        ]
        if c.merged:
            parts.append(
                f"{c.merged} changed at both places (merged; {c.conflicts_kept} kept for a person to see)"
            )
        return "Sync: " + ", ".join(parts) + "."


@dataclass(frozen=True)
class ConflictView:
    id: UUID
    table: str
    row_id: str
    client_id: UUID | None
    created_at: dt.datetime | None
    resolved_at: dt.datetime | None
    client_chart: str = ""  # the client's chart number, to find them by (no name in a sync list)
    record: str = ""  # what the record is, in words: "Attendance mark", "Clinic setting: Clinic name"


def export_changes(actor: Actor, dest: Path, for_device: UUID | None = None) -> SyncSummary:
    """Write what ``for_device`` (default: this copy's hub; none: everything) has not yet received."""
    require(actor, SYNC_RUN)
    if dest.exists() and dest.is_dir():
        raise ValidationError(f"{dest} is a folder; give a file name for the change file.", field="output")
    counts = exchange.Counts()
    part = dest.with_name(dest.name + ".part")
    try:
        with transaction():
            data, for_device = sealed_changes(actor, for_device, counts)
            _write_private(part, dest, data)
        # Named only once committed: a file whose export was undone (the commit refused, the
        # process killed) would carry edit counts this place gives again to its next edits, and a
        # place that applied it would take those next edits for ones it has.
        try:
            os.replace(part, dest)
        except OSError as exc:
            raise ValidationError(f"Cannot write {dest}: {exc.strerror}", field="output") from exc
    finally:
        part.unlink(missing_ok=True)
    return SyncSummary(for_device, counts)


def sealed_changes(
    actor: Actor, for_device: UUID | None, counts: exchange.Counts
) -> tuple[bytes, UUID | None]:
    """The change set for ``for_device`` (None: this copy's hub, else everything), sealed and audited,
    inside the caller's transaction (the caller has checked the actor may sync)."""
    me = audit.this_device()
    if for_device is None:
        hub = SyncPeer.get_or_none(SyncPeer.is_hub == True)  # noqa: E712 - peewee builds SQL from ==
        for_device = hub.id if hub is not None else None
    data = sealing.seal(exchange.build(me, for_device, counts), sealing.clinic_key())
    audit.record(
        actor, SYNC_EXPORT, record_type="sync_peer", record_id=for_device or "", changes=asdict(counts)
    )
    log.info("sync export rows=%s entries=%s peer=%s", counts.rows_sent, counts.entries_sent, for_device)
    return data, for_device


def import_changes(actor: Actor, src: Path) -> SyncSummary:
    """Apply a change file made at another copy of this clinic: all of it, or (refused) nothing."""
    require(actor, SYNC_RUN)
    try:
        data = src.read_bytes()
    except OSError as exc:
        raise ValidationError(f"Cannot read {src}: {exc.strerror}", field="file") from exc
    return apply_sealed(actor, data, src.name)


def apply_sealed(actor: Actor, data: bytes, name: str) -> SyncSummary:
    """Apply a sealed change set in one transaction (the caller has checked the actor may sync)."""
    counts = exchange.Counts()
    with transaction():
        change_set = sealing.unseal(data, sealing.clinic_key(), name)
        _defer_foreign_keys()
        sender = exchange.apply(audit.this_device(), change_set, counts)
        if counts.tables.get("staff"):
            keys.staff_changed()  # a password set or an account closed at the other place holds here
        if counts.tables.get("clinic_setting"):
            keys.refresh_screen()  # the sign-in screen's clinic name and lockout rule follow too
        audit.record(actor, SYNC_IMPORT, record_type="sync_peer", record_id=sender, changes=asdict(counts))
    if counts.tables.get("site"):
        clock.forget_zones()  # a site's time zone changed at the other place holds here at once
    log.info(
        "sync import applied=%s unchanged=%s merged=%s kept=%s entries=%s peer=%s",
        counts.rows_applied,
        counts.rows_unchanged,
        counts.merged,
        counts.conflicts_kept,
        counts.entries_added,
        sender,
    )
    return SyncSummary(sender, counts)


def conflicts(actor: Actor, *, include_resolved: bool = False) -> list[ConflictView]:
    """Changes that lost a merge, kept for a person to look at (newest first)."""
    require(actor, SYNC_RUN)
    query = SyncConflict.select().order_by(SyncConflict.created_at.desc())
    if not include_resolved:
        query = query.where(SyncConflict.resolved_at.is_null())
    found = list(query)
    ids = {r.client_id for r in found if r.client_id is not None}
    charts: dict[UUID | None, str] = {}
    if ids:
        charts = {
            c.id: c.chart_number
            for c in Client.select(Client.id, Client.chart_number).where(Client.id.in_(ids))
        }
    return [
        ConflictView(
            r.id,
            r.table_name,
            r.row_id,
            r.client_id,
            r.created_at,
            r.resolved_at,
            charts.get(r.client_id, ""),
            record_words(r.table_name, _state_or_none(r.lost)),
        )
        for r in found
    ]


def _state_or_none(text: str) -> dict[str, object] | None:
    try:
        state = json.loads(text)
    except ValueError:
        return None
    return state if isinstance(state, dict) else None


def resolve(actor: Actor, conflict_id: UUID) -> None:
    """A person has looked at a kept change and settled it (it stays stored, marked as seen)."""
    require(actor, SYNC_RUN)
    with transaction():
        row = SyncConflict.get_or_none(SyncConflict.id == conflict_id)
        if row is None:
            raise NotFound("There is no such sync conflict.")
        if row.resolved_at is None:
            row.resolved_at = row.updated_at = utcnow()
            row.resolved_by_id = actor.staff_id
            row.save()
            audit.record(
                actor, SYNC_RESOLVE, client_id=row.client_id, record_type="sync_conflict", record_id=row.id
            )


def _defer_foreign_keys() -> None:
    """Rows of one table may point at each other (a staff member's supervisor): check at commit.
    On a server, the constraints that can wait (migration 0010 made the self-references so) wait."""
    db = current()
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("SET CONSTRAINTS ALL DEFERRED")
    else:
        db.execute_sql("PRAGMA defer_foreign_keys = ON")


def _write_private(part: Path, dest: Path, data: bytes) -> None:
    part.unlink(missing_ok=True)
    try:
        files.create_private(part)
        with part.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise ValidationError(f"Cannot write {dest}: {exc.strerror}", field="output") from exc
