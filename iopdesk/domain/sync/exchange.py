"""A change set: what one place sends another, and applying it (inside one transaction).

Built from the changes the other place has not acknowledged yet (``sync_change`` lines after its
acknowledgement, audit entries after the last one it has), or from everything for a first copy.
Applied in table order, parents first, a batch at a time (``applying``); every row is merged by its
version vector (``versions``) and, where two places changed it, by the clinic's rules (``merge``).
Audit entries are added only in their device's chain order, each checked against its hash and the
entry before it in that chain.
Applying the same set twice, or an older one after a newer, changes nothing.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from peewee import fn

from iopdesk.domain.kernel import audit
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.sync import applying, versions
from iopdesk.domain.sync.counts import Counts
from iopdesk.domain.sync.rows import BY_TABLE, ORDER, PARAMETERS, SYNCED, decode, encode, row_key
from iopdesk.store.audit_log import DEVICE_CHAIN_COLUMNS, RAW_COLUMNS, device_tail
from iopdesk.store.database import known_migrations
from iopdesk.store.models import AuditEvent
from iopdesk.store.sync_models import SyncChange, SyncPeer

FORMAT = 1


class ChangeSetRefused(DomainError):
    """The change set cannot be applied as it is (its audit entries do not follow on, …)."""


def peer(device: UUID) -> SyncPeer:
    row = SyncPeer.get_or_none(SyncPeer.id == device)
    if row is None:
        SyncPeer.insert(id=device).execute()
        row = SyncPeer.get(SyncPeer.id == device)
    return row


def build(me: UUID, for_device: UUID | None, counts: Counts) -> dict[str, Any]:
    """The change set for ``for_device`` (None: everything), inside the caller's transaction."""
    newest = versions.settle(me)
    audit_newest = AuditEvent.select(fn.MAX(AuditEvent.seq)).scalar() or 0
    known = peer(for_device) if for_device is not None else None
    if known is not None:
        changed = (
            SyncChange.select(SyncChange.table_name, SyncChange.row_id)
            .where(SyncChange.id > known.acked_change)
            .distinct()
            .tuples()
        )
        keys = sorted(
            {(t, row_key(r)) for t, r in changed if t in BY_TABLE}, key=lambda k: (ORDER[k[0]], k[1])
        )
    else:
        keys = [
            (m._meta.table_name, row_key(i))
            for m in SYNCED
            for (i,) in m.select(m._meta.primary_key).tuples()
        ]
    rows = []
    for start in range(0, len(keys), versions.BATCH):  # a table's rows a batch at a time (sorted by table)
        batch = keys[start : start + versions.BATCH]
        for table in dict.fromkeys(t for t, _ in batch):
            ids = [k for t, k in batch if t == table]
            states = versions.states(table, ids)
            vectors = versions.load_many(table, ids)
            for key in ids:
                if key not in states:
                    continue  # settle() refused hard deletes; a row gone since is not ours to invent
                rows.append([table, key, vectors.get(key, ({}, ""))[0], states[key]])
    entries = [
        _entry(raw)
        for raw in AuditEvent.select(*(getattr(AuditEvent, c) for c in RAW_COLUMNS))
        .where(AuditEvent.seq > (known.acked_audit if known else 0))
        .order_by(AuditEvent.seq)
        .tuples()
    ]
    counts.rows_sent, counts.entries_sent = len(rows), len(entries)
    return {
        "format": FORMAT,
        "schema": known_migrations()[-1],  # the sender's newest schema step (every place migrates on open)
        "from": me.hex,
        "for": for_device.hex if for_device else None,
        "upto_change": newest,
        "upto_audit": audit_newest,
        "received_change": known.received_change if known else 0,
        "received_audit": known.received_audit if known else 0,
        "made_at": utcnow().isoformat(sep=" "),
        "rows": rows,
        "audit": entries,
    }


def _entry(raw: tuple[Any, ...]) -> dict[str, Any]:
    return {c: encode(getattr(AuditEvent, c), v) for c, v in zip(RAW_COLUMNS[1:], raw[1:], strict=True)}


def apply(me: UUID, change_set: dict[str, Any], counts: Counts) -> UUID:
    """Apply a change set here (inside the caller's transaction); returns the sender's device."""
    _check_version(change_set)
    sender = UUID(change_set["from"])
    if sender == me:
        raise ChangeSetRefused("This change file was made by this database itself; nothing to apply.")
    versions.settle(me)
    rows = sorted(change_set["rows"], key=lambda r: ORDER.get(r[0], 99))
    for table, *_rest in rows:
        if table not in BY_TABLE:
            raise ChangeSetRefused(f"The change file holds records of an unknown kind ({table}).")
    applying.apply_rows(rows, counts)
    _apply_entries(change_set["audit"], counts)
    known = peer(sender)
    known.received_change = max(known.received_change, int(change_set["upto_change"]))
    known.received_audit = max(known.received_audit, int(change_set["upto_audit"]))
    if change_set.get("for") == me.hex:
        known.acked_change = max(known.acked_change, int(change_set["received_change"]))
        known.acked_audit = max(known.acked_audit, int(change_set["received_audit"]))
    known.last_synced_at = utcnow()
    known.save()
    return sender


def _check_version(change_set: dict[str, Any]) -> None:
    """Refuse a set made by a newer IOPdesk: its rows may hold columns or tables this one does not
    have, which applying would drop without a word (and send back without, at every sync). A set
    from an older one (no ``schema``, or a step this one has) lacks only what was added since: the
    rows it adds take the defaults, the rows it changes keep what it does not name."""
    schema = change_set.get("schema")
    if int(change_set.get("format", FORMAT)) > FORMAT or (schema and schema not in known_migrations()):
        step = f" (its database has schema step {schema}, which this one does not know)" if schema else ""
        raise ChangeSetRefused(
            f"The change file was made by a newer version of IOPdesk{step}: install that version here, "
            "then import the file again; nothing was applied."
        )


def _apply_entries(entries: list[dict[str, Any]], counts: Counts) -> None:
    """Append the set's audit entries to this trail, each device's chain checked link by link.

    In few statements: the entries this trail holds already are read a batch at a time, and the new
    ones inserted together at the end (on a server each statement is a round trip; a laptop's week
    is thousands of entries). A refusal raises before anything is written here."""
    seq = AuditEvent.select(fn.MAX(AuditEvent.seq)).scalar() or 0
    tails: dict[str, tuple[int, str]] = {}
    for entry in entries:
        device = entry["device_id"]
        if device is None:
            raise ChangeSetRefused("The change file holds an audit entry that names no device.")
        if device not in tails:
            tails[device] = device_tail(UUID(device)) or (0, audit.GENESIS)
    held = _held_here(entries, {device: tail[0] for device, tail in tails.items()})
    new: list[dict[str, Any]] = []
    head_hash = ""
    for entry in entries:
        device = entry["device_id"]
        number, prev = tails[device]
        position = int(entry["device_seq"])
        if position <= number:
            if held.get((device, position)) != entry["id"]:
                raise ChangeSetRefused(
                    f"The change file's audit entry {position} of device {device[:8]} differs from the one "
                    "here: the two trails disagree, so nothing was applied."
                )
            counts.entries_known += 1
            continue
        if position != number + 1:
            raise ChangeSetRefused(
                f"The change file's audit entries of device {device[:8]} skip from {number} to {position}: "
                "it is incomplete, so nothing was applied. Make a new one at the other place."
            )
        raw = [entry[c] for c in DEVICE_CHAIN_COLUMNS]
        matches, _legacy = audit.stored_hash_matches([None, *raw], legacy_allowed=True)
        if entry["prev_hash"] != prev or not matches:
            raise ChangeSetRefused(
                f"The change file's audit entry {position} of device {device[:8]} does not verify: "
                "nothing was applied."
            )
        seq += 1
        values = {c: decode(getattr(AuditEvent, c), entry[c]) for c in DEVICE_CHAIN_COLUMNS}
        new.append({"seq": seq, **values})
        held[(device, position)] = entry["id"]  # the same entry again later in the set is known
        tails[device] = (position, entry["hash"])
        head_hash = entry["hash"]  # the trail's head once they are in
        counts.entries_added += 1
    if new:
        most = max(1, PARAMETERS // len(new[0]))
        for start in range(0, len(new), most):
            AuditEvent.insert_many(new[start : start + most]).execute()
        audit.move_head(seq, head_hash)


def _held_here(entries: list[dict[str, Any]], tails: dict[str, int]) -> dict[tuple[str, int], str]:
    """(device, position) -> entry id (32 hex digits) of the set's entries this trail already holds
    (at or below that device's tail here), read a batch of positions at a time."""
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        position = int(entry["device_seq"])
        if position <= tails[entry["device_id"]]:
            wanted.setdefault(entry["device_id"], set()).add(position)
    held: dict[tuple[str, int], str] = {}
    for device, positions in wanted.items():
        ordered = sorted(positions)
        for start in range(0, len(ordered), versions.BATCH):
            query = AuditEvent.select(AuditEvent.device_seq, AuditEvent.id).where(
                (AuditEvent.device_id == UUID(device))
                & AuditEvent.device_seq.in_(ordered[start : start + versions.BATCH])
            )
            held.update(((device, int(n)), row_id.hex) for n, row_id in query.tuples())
    return held
