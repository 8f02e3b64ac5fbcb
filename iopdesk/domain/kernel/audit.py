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
from collections.abc import Iterable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from peewee import Model

from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.store import after_transaction, current, transaction
from iopdesk.store.audit_log import (
    CHAIN_COLUMNS,
    advance_anchor,
    last_entry,
    note_outside,
    raw_chain,
    read_anchor,
    write_entry,
)
from iopdesk.store.errors import StoreError, StoreFailure, StoreFull, StoreReadOnly
from iopdesk.store.models import Setting

log = logging.getLogger(__name__)

GENESIS = "0" * 64
HEAD_KEY = "audit_head"

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

_UUID_COLUMNS = {"id", "staff_id", "site_id", "client_id"}


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
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        values = {
            "seq": seq,
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
        values["hash"] = entry_hash([values[c] for c in CHAIN_COLUMNS[:-1]])
        write_entry(values, HEAD_KEY, json.dumps({"seq": seq, "hash": values["hash"]}))
        after_transaction(_anchor_soon)
    return seq


def _anchor_soon() -> None:
    """After the entry's transaction: move the trail's anchor in the key file (now and then)."""
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


# --- the chain ----------------------------------------------------------------


def _canonical(column: str, raw: Any) -> Any:
    """One stored value in a form independent of the database driver."""
    if raw is None:
        return None
    if column in _UUID_COLUMNS:
        if isinstance(raw, UUID):
            return raw.hex
        if isinstance(raw, bytes):
            return raw.hex()
        return str(raw).replace("-", "").lower() if isinstance(raw, str) else f"!{raw!r}"
    if column == "at":
        if isinstance(raw, str):
            try:
                raw = dt.datetime.fromisoformat(raw)
            except ValueError:
                return f"!{raw}"
        if isinstance(raw, dt.datetime):
            return raw.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        return f"!{raw!r}"
    if isinstance(raw, (int, str)) and not isinstance(raw, bool):
        return raw
    return f"!{raw!r}"


def entry_hash(values: Sequence[Any]) -> str:
    """SHA-256 over an entry's columns (CHAIN_COLUMNS but ``hash``), ``prev_hash`` last."""
    canonical = [_canonical(c, v) for c, v in zip(CHAIN_COLUMNS[:-1], values, strict=True)]
    text = json.dumps(canonical, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    entries: int  # entries read
    first_bad_seq: int | None  # the first entry that is wrong or missing
    problem: str  # what is wrong with it, for a person; "" when ok
    head_seq: int  # the newest entry's number (0: empty trail)
    head_hash: str  # its hash: write it down somewhere else to anchor the trail

    @property
    def message(self) -> str:
        if self.ok:
            if not self.entries:
                return "The audit trail is empty."
            head = f"{self.head_seq} ({self.head_hash[:16]}…)"
            return f"The audit trail is intact: {self.entries} entries, the last is {head}."
        return f"The audit trail has been tampered with at entry {self.first_bad_seq}: {self.problem}"


def verify_chain(anchor: tuple[int, str] | None = None) -> VerifyReport:
    """Re-check every entry's hash and its link to the one before, the head record, and the
    anchor kept outside the database (the key file's, or ``anchor`` = (seq, hash), e.g. from a
    backup's key file): the trail must still reach that entry, unchanged.

    Reads only: nothing is written while it runs (run it before signing in writes an entry)."""
    if anchor is None:
        anchor = read_anchor()
    prev, expected, count, last_hash = GENESIS, 1, 0, GENESIS
    anchored_hash: str | None = None
    for raw in raw_chain():
        count += 1
        seq = raw[0]
        if seq != expected:
            if isinstance(seq, int) and seq > expected:
                problem = (
                    f"entries {expected} to {seq - 1} are missing."
                    if seq > expected + 1
                    else "it is missing."
                )
            else:
                problem = f"it is out of place (an entry numbered {seq!r} stands where it should be)."
            return _bad(count, expected, problem)
        if raw[CHAIN_COLUMNS.index("prev_hash")] != prev:
            return _bad(count, seq, "it does not follow the entry before it (an entry was removed or moved).")
        if entry_hash(raw[:-1]) != raw[-1]:
            return _bad(count, seq, "it was changed after it was written.")
        prev = last_hash = raw[-1]
        if anchor is not None and seq == anchor[0]:
            anchored_hash = raw[-1]
        expected += 1
    last_seq = expected - 1
    if anchor is not None:
        anchor_seq, anchor_hash = anchor
        if anchor_seq > last_seq:
            return _bad(
                count,
                last_seq + 1,
                f"it is missing: the trail ends at entry {last_seq}, but entry {anchor_seq} existed "
                "(the key file recorded it), so entries were removed from its end.",
            )
        if anchored_hash != anchor_hash:
            return _bad(
                count,
                anchor_seq,
                "it is not the entry the key file recorded as written there: the trail was rewritten.",
            )
    head = Setting.get_or_none(Setting.key == HEAD_KEY)
    if head is None:
        if last_seq:
            return _bad(count, last_seq, "the record of the trail's last entry is missing.")
        return VerifyReport(True, 0, None, "", 0, "")
    try:
        recorded = json.loads(head.value)
        head_seq, head_hash = int(recorded["seq"]), str(recorded["hash"])
    except (ValueError, KeyError, TypeError):
        return _bad(count, last_seq or 1, "the record of the trail's last entry is damaged.")
    if head_seq > last_seq:
        return _bad(count, last_seq + 1, f"the trail ends at entry {last_seq} but reached {head_seq}.")
    if head_seq < last_seq:
        return _bad(count, head_seq + 1, f"entries after {head_seq} were added outside IOPdesk.")
    if head_hash != last_hash:
        return _bad(count, head_seq, "it does not match the record of the trail's last entry.")
    return VerifyReport(True, count, None, "", last_seq, last_hash)


def _bad(count: int, seq: int, problem: str) -> VerifyReport:
    log.warning("audit trail check failed at entry %s", seq)
    return VerifyReport(False, count, seq, problem, 0, "")
