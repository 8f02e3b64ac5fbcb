"""The audit trail: who viewed, changed, signed, printed or exported what, when and where.

Entries are appended inside the caller's transaction (a rolled-back change
leaves no entry; a committed one always has its entry) and never updated or
deleted (migration 0003's triggers refuse it). Each entry carries the SHA-256
of its own canonical form and of the entry before it (``prev_hash``), and the
newest entry's number and hash are kept apart as the trail's "head", so
``verify_chain`` finds any entry that was edited, removed or reordered, the
last one included.

What goes in ``changes``: for "create" and "change" entries about a record,
{field: [old, new]} (the trail lives inside the protected database, so values
may be kept); for other entries (exports, imports, sign-ins, refusals), what
they covered, e.g. {"report": …, "rows": 40}. A note's text never goes in:
callers pass ``text_digest(text)`` (a hash and a length) instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import uuid
from collections.abc import Iterable, Mapping
from contextlib import nullcontext
from typing import Any
from uuid import UUID

from peewee import Model

from iopdesk.domain.kernel import held
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.audit_chain import (  # re-exported: the trail's one public face
    CHAIN_COLUMNS,
    GENESIS,
    HEAD_KEY,
    VerifyReport,
    device_entry_hash,
    entry_hash,
    rehashed,
    stored_hash_matches,
    verify_chain,
)
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.store import after_transaction, current, transaction
from iopdesk.store.audit_log import (
    DEVICE_CHAIN_COLUMNS,
    advance_anchor,
    device_tail,
    known_device,
    last_entry,
    note_outside,
    write_entry,
    write_head,
)
from iopdesk.store.errors import StoreError, StoreFailure, StoreFull, StoreReadOnly
from iopdesk.store.models import Setting

log = logging.getLogger(__name__)

__all__ = [
    "CHAIN_COLUMNS",
    "GENESIS",
    "HEAD_KEY",
    "VerifyReport",
    "device_entry_hash",
    "entry_hash",
    "rehashed",
    "stored_hash_matches",
    "verify_chain",
]

DEVICE_KEY = "device_id"  # setting (migration 0010): this database's device, made at setup and clone

# Actions (the trail's vocabulary).
SIGN_IN = "sign_in.success"
SIGN_IN_FAILED = "sign_in.failure"
SIGN_OUT = "sign_out"
LOCK = "lock"  # an account locked after too many failed sign-ins
UNLOCK = "unlock"  # an administrator lifted the lock
VIEW = "view"
CREATE = "create"
CHANGE = "change"
SIGN = "sign"
ADDENDUM = "addendum"
PRINT = "print"
EXPORT = "export"
IMPORT = "import"
BACKUP = "backup"
RESTORE = "restore"
DENIED = "permission.denied"



# --- values ------------------------------------------------------------------


def jsonable(value: Any) -> Any:
    """A value as the trail stores it: dates ISO, ids as text, rows by id."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Model):
        return str(value.get_id())
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    return str(value)


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field whose value changed."""
    out = {}
    for key in after:
        old, new = jsonable(before.get(key)), jsonable(after[key])
        if old != new:
            out[key] = [old, new]
    return out


def created(values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [None, value]}: the changes of a new record."""
    return {key: [None, jsonable(v)] for key, v in values.items() if v not in (None, "")}


def snapshot(row: Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: jsonable(getattr(row, name + "_id" if _is_fk(row, name) else name)) for name in fields}


def _is_fk(row: Model, name: str) -> bool:
    return name in row._meta.fields and hasattr(row._meta.fields[name], "rel_model")


def text_digest(text: str) -> dict[str, Any]:
    """What stands in the trail for a note's text: its SHA-256 and length, never the words."""
    data = (text or "").encode("utf-8")
    return {"sha256": hashlib.sha256(data).hexdigest(), "length": len(text or "")}


# --- appending ----------------------------------------------------------------


def record(
    actor: Actor,
    action: str,
    *,
    client_id: UUID | None = None,
    record_type: str = "",
    record_id: Any = "",
    changes: Mapping[str, Any] | None = None,
) -> int:
    """Append one entry for ``actor`` (inside the caller's transaction); returns its number."""
    return append(
        actor.staff_id,
        actor.site_id,
        actor.workstation,
        action,
        client_id=client_id,
        record_type=record_type,
        record_id=record_id,
        changes=changes,
    )


def record_read(
    actor: Actor,
    action: str,
    *,
    client_id: UUID | None = None,
    record_type: str = "",
    record_id: Any = "",
    changes: Mapping[str, Any] | None = None,
) -> None:
    """The entry of a reading (a sign-in, a view, an export, a printout), in its own transaction.

    When the database cannot take it because the disk is full or the file can only be read
    here, the entry is kept in the key file instead (flushed to disk like any change to it)
    and copied into the trail at the next sign-in that can write: what is already there can
    still be read. If the key file cannot take it either, the reading is refused, saying why.
    Changes are never kept this way: they fail with the cause."""
    try:
        with transaction():
            record(
                actor,
                action,
                client_id=client_id,
                record_type=record_type,
                record_id=record_id,
                changes=changes,
            )
        return
    except (StoreFull, StoreReadOnly) as failure:
        kept = note_outside(
            {
                "at": utcnow().isoformat(),
                "staff_id": str(actor.staff_id),
                "site_id": str(actor.site_id),
                "station": actor.workstation,
                "action": action,
                "client_id": str(client_id) if client_id else None,
                "record_type": record_type,
                "record_id": str(jsonable(record_id) or ""),
                "details": jsonable(dict(changes or {})),
            }
        )
        if not kept:
            raise type(failure)(NOT_RECORDED[type(failure)]) from failure
    log.info("audit entry kept in the key file until the database can be written: %s", action)


_STILL = "and IOPdesk does not show what it cannot record (iopdesk check and audit verify still work)."
NOT_RECORDED: dict[type[StoreFailure], str] = {
    StoreFull: "The disk is full, so this access cannot be recorded in the audit trail (neither in the "
    f"database nor in its key file), {_STILL} Free some space on the disk that holds the database, "
    "then try again.",
    StoreReadOnly: "The database and its key file can only be read here, so this access cannot be recorded "
    f"in the audit trail, {_STILL} Copy both files to a writable disk, or ask your IT contact to check "
    "their permissions.",
}


def record_row(actor: Actor, action: str, row: Model, changes: Mapping[str, Any], **kw: Any) -> int:
    """An entry about one row: its table, id and client (override with ``client_id=``)."""
    client_id = kw.pop("client_id", _client_of(row))
    return record(
        actor,
        action,
        client_id=client_id,
        record_type=row._meta.table_name,
        record_id=row.get_id(),
        changes=changes,
        **kw,
    )


def _client_of(row: Model) -> UUID | None:
    if row._meta.table_name == "client":
        return row.get_id()
    value = getattr(row, "client_id", None)
    return value if isinstance(value, UUID) else None


def append(
    staff_id: UUID | None,
    site_id: UUID | None,
    workstation: str,
    action: str,
    *,
    client_id: UUID | None = None,
    record_type: str = "",
    record_id: Any = "",
    changes: Mapping[str, Any] | None = None,
) -> int:
    # Inside the caller's transaction as it is (a savepoint would cost a server two more round
    # trips per entry and undo nothing the caller's own rollback does not); else its own.
    with nullcontext() if current().in_transaction() else transaction():
        last = last_entry()
        device = this_device()
        tail = device_tail(device)
        number, prev = (tail[0] + 1, tail[1]) if tail else (1, GENESIS)
        seq = last[0] + 1 if last else 1
        values: dict[str, Any] = {
            "seq": seq,
            "device_id": device,
            "device_seq": number,
            "id": uuid.uuid4(),
            "at": utcnow(),
            "staff_id": staff_id,
            "workstation": (workstation or "")[:120],
            "site_id": site_id,
            "action": action,
            "client_id": client_id,
            "record_type": record_type,
            "record_id": str(jsonable(record_id) or "")[:64],
            "changes": json.dumps(
                jsonable(dict(changes or {})), sort_keys=True, ensure_ascii=False, separators=(",", ":")
            ),
            "prev_hash": prev,
        }
        digest = values["hash"] = device_entry_hash([values[c] for c in DEVICE_CHAIN_COLUMNS[:-1]])
        write_entry(values, HEAD_KEY, json.dumps({"seq": seq, "hash": digest}))
        after_transaction(_anchor_soon)
    return seq


def move_head(seq: int, digest: str) -> None:
    """Record the trail's newest entry after entries were added by a sync (inside its transaction)."""
    write_head(HEAD_KEY, json.dumps({"seq": seq, "hash": digest}), seq, digest)


def this_device() -> UUID:
    """This database's device id (migration 0010 makes it; a satellite copy gets its own)."""
    known = known_device()  # a server's write transaction read it with its lock
    if known is not None:
        return known
    row = Setting.get_or_none(Setting.key == DEVICE_KEY)
    if row is None:
        raise StoreError("This database has no device id; open it once with this IOPdesk to upgrade it.")
    return UUID(json.loads(row.value))


def _anchor_soon() -> None:
    """After the entry's transaction: move the trail's anchor in the key file (now and then; after
    the window is painted when signing in: ``held``)."""
    held.later("audit anchor", _move_anchor)


def _move_anchor() -> None:
    try:
        advance_anchor()
    except (StoreError, OSError):  # the entry is saved; its anchor follows at the next chance
        log.warning("the audit trail's anchor could not be written to the key file")


def anchor_now() -> None:
    """Anchor the trail's last entry in the key file now (closing, signing out, backing up)."""
    try:
        advance_anchor(now=True)
    except Exception:  # closing a database that failed: the trail itself says what it holds
        log.warning("the audit trail's anchor could not be written to the key file")
