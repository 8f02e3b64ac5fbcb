"""Reading the audit trail exactly as stored, for checking its hash chain.

Verification must see the bytes in the table, not values peewee has already
converted (a tampered id that is not a UUID would make conversion fail, and a
conversion could hide a change), so this reads through a raw cursor.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

from peewee import PostgresqlDatabase

from iopdesk.store import current, keyring, server
from iopdesk.store.database import database_key
from iopdesk.store.errors import StoreError
from iopdesk.store.models import AuditEvent, Setting

log = logging.getLogger(__name__)

# The columns the chain covers, in the order they are hashed.
CHAIN_COLUMNS = (
    "seq",
    "id",
    "at",
    "staff_id",
    "workstation",
    "site_id",
    "action",
    "client_id",
    "record_type",
    "record_id",
    "changes",
    "prev_hash",
    "hash",
)


# Migration 0010: one chain per device. An entry's hash covers these (``seq`` is only the order in
# which entries reached this database, so it is not covered); entries from before 0010 keep the
# form above, with ``device_seq`` (= their ``seq`` then) standing in for ``seq``.
DEVICE_CHAIN_COLUMNS = ("device_id", "device_seq", *CHAIN_COLUMNS[1:])
# What verification reads: the arrival number, then the device columns and the rest.
RAW_COLUMNS = ("seq", *DEVICE_CHAIN_COLUMNS)


def raw_chain() -> Iterator[tuple[Any, ...]]:
    """Every audit row as stored (columns as RAW_COLUMNS), in ``seq`` order."""
    query = AuditEvent.select(*(getattr(AuditEvent, name) for name in RAW_COLUMNS)).order_by(AuditEvent.seq)
    cursor = current().execute(query)
    while True:
        rows = cursor.fetchmany(1000)
        if not rows:
            return
        yield from rows


def last_entry() -> tuple[int, str] | None:
    """(seq, hash) of the newest entry, or None for an empty trail.

    On a server, a write transaction read it with its write lock (store/server.py): no one else
    can have appended since, so it is not read again (one round trip less per entry)."""
    known = getattr(current(), "audit_head", server.UNKNOWN)
    if known is not server.UNKNOWN:
        return known  # type: ignore[return-value]
    query = AuditEvent.select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    row = current().execute(query).fetchone()  # raw: a damaged row must not stop new entries
    if row is None:
        return None
    seq, digest = row
    return (seq if isinstance(seq, int) else 0), str(digest)


def device_tail(device: Any) -> tuple[int, str] | None:
    """(device_seq, hash) of the newest entry in ``device``'s chain, or None when it has none.

    On a server, a write transaction read this device's tail with its write lock, in the same round
    trip as the trail's last entry (store/server.py): no one else can have appended since."""
    known = getattr(current(), "device_head", server.UNKNOWN)
    if known is not server.UNKNOWN and known[0] == device:  # type: ignore[index]
        return known[1]  # type: ignore[index,no-any-return]
    query = (
        AuditEvent.select(AuditEvent.device_seq, AuditEvent.hash)
        .where(AuditEvent.device_id == device)
        .order_by(AuditEvent.device_seq.desc())
        .limit(1)
    )
    row = current().execute(query).fetchone()
    if row is None:
        return None
    number, digest = row
    return (number if isinstance(number, int) else 0), str(digest)


def known_device() -> UUID | None:
    """This database's device id as a server's write transaction read it with its lock, else None."""
    known = getattr(current(), "device_head", server.UNKNOWN)
    return None if known is server.UNKNOWN else known[0]  # type: ignore[index,no-any-return]


def write_entry(values: dict[str, Any], head_key: str, head: str) -> None:
    """Insert one entry and move the head record (``setting`` ``head_key``) to it: on a server in
    one statement (one round trip), on SQLite as two."""
    entry = AuditEvent.insert(**values)
    move = _move_head(head_key, head)
    db = current()
    if not isinstance(db, PostgresqlDatabase):
        entry.execute()
        move.execute()
        return
    context = db.get_sql_context()
    entry_sql, entry_params = context.sql(entry).query()
    move_sql, move_params = db.get_sql_context().sql(move).query()
    db.execute_sql(f"WITH entry AS ({entry_sql}) {move_sql}", [*entry_params, *move_params])
    if isinstance(db, server.ServerDatabase) and db.in_transaction():
        # the next entry of this transaction: the trail's last, and this device's chain's last
        db.audit_head = (int(values["seq"]), str(values["hash"]))
        db.device_head = (values["device_id"], (int(values["device_seq"]), str(values["hash"])))


def write_head(head_key: str, head: str, seq: int, digest: str) -> None:
    """Move the head record after entries were added some other way (entries of other devices,
    brought by a sync): a server's transaction forgets what it read with its lock."""
    _move_head(head_key, head).execute()
    db = current()
    if isinstance(db, server.ServerDatabase) and db.in_transaction():
        db.audit_head = (seq, digest)
        db.device_head = server.UNKNOWN


def _move_head(head_key: str, head: str) -> Any:
    return Setting.insert(key=head_key, value=head).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: head}
    )


# --- the anchor: the trail's last entry, kept outside the database --------------------------
#
# Someone who can write the database file (it takes the database key) could cut entries off
# the end of the trail and fix up the head record inside it. The key file beside the
# database (and every backup's) therefore also keeps the number and hash of the last entry
# it knew of, the "anchor": ``audit verify`` fails when the trail no longer reaches it or
# holds another entry there. Writing the key file costs a flush to disk (about 3 ms), so a
# process moves the anchor at most every ANCHOR_INTERVAL seconds while it saves, and always
# when the clinic is closed, signed out of or backed up. A plain (unencrypted) clinic has no
# key file, and so no anchor.

ANCHOR_INTERVAL = 2.0
_anchored_at = -ANCHOR_INTERVAL


def anchor_file() -> Path | None:
    """The open clinic's key file (where the anchor lives); None for a plain file or a server."""
    db = current()
    if database_key(db) is None:
        return None
    path = keyring.keys_path(Path(db.database))
    return path if path.exists() else None


def read_anchor(path: Path | None = None) -> tuple[int, str] | None:
    """(seq, hash) of the last entry the key file knows of; None when it records none."""
    path = path or anchor_file()
    if path is None:
        return None
    anchor = keyring.load(path).audit_anchor
    return (int(str(anchor["seq"])), str(anchor["hash"])) if anchor else None


def hash_at(seq: int) -> str | None:
    query = AuditEvent.select(AuditEvent.hash).where(AuditEvent.seq == seq)
    row = current().execute(query).fetchone()
    return str(row[0]) if row is not None else None


def advance_anchor(*, now: bool = False) -> None:
    """Move the anchor to the trail's last committed entry (at most every ANCHOR_INTERVAL seconds
    unless ``now``). It only moves forward, and only along the same trail: when the entry it
    points at is gone or changed, it stays where it is, as evidence for ``audit verify``."""
    global _anchored_at
    moment = time.monotonic()
    if not now and moment - _anchored_at < ANCHOR_INTERVAL:
        return
    path = anchor_file()
    if path is None:
        return
    last = last_entry()
    if last is None:
        return
    _anchored_at = moment

    def move(keys: keyring.KeyFile) -> None:
        known = keys.audit_anchor
        if known is not None:
            seq, digest = int(str(known["seq"])), str(known["hash"])
            if seq >= last[0]:
                return
            if hash_at(seq) != digest:
                log.warning("audit trail no longer matches its anchor at entry %s; anchor kept", seq)
                return
        keys.audit_anchor = {"seq": last[0], "hash": last[1]}

    keyring.update(path, move)


def note_outside(event: dict[str, object]) -> bool:
    """Keep an audit entry the database cannot take (a full disk, a read-only file) in the key
    file's queue, to be copied into the trail at the next sign-in that can write. False when
    there is no key file (a plain clinic) or it cannot be written either."""
    path = anchor_file()
    if path is None:
        return False
    try:
        keyring.update(path, lambda keys: keys.note_event(event))
    except StoreError:
        return False
    return True
