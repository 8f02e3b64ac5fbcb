"""Version vectors: telling "this is a later version of mine" from "we both changed it".

Each synced row has, in ``sync_row``, a version vector — for each place (device), how many of its
edits the row's state includes — and the hash of that state. Local writes are captured by the
database's triggers (``sync_change``); before anything is sent or received they are *settled*: a row
whose state no longer has its recorded hash gets one more edit of this device. Several edits between
two syncs count as one: what travels is the row's state, not each keystroke.

Comparing two vectors: one includes the other (a later version: take it, or keep ours), or neither
does (both places changed the row: the merge rules decide, ``merge``).
"""

from __future__ import annotations

import json
import logging
from enum import Enum
from uuid import UUID

from peewee import EXCLUDED, Field, fn

from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.sync.rows import BY_TABLE, row_key, state_hash, state_of
from iopdesk.store.models import Setting
from iopdesk.store.sync_models import SyncChange, SyncRow

log = logging.getLogger(__name__)

SETTLED_KEY = "sync_settled"  # setting: the last sync_change line settled
Vector = dict[str, int]


class Order(Enum):
    SAME = "same"
    NEWER = "newer"  # the first includes the second and more
    OLDER = "older"
    CONCURRENT = "concurrent"


def compare(a: Vector, b: Vector) -> Order:
    a_more = any(n > b.get(k, 0) for k, n in a.items())
    b_more = any(n > a.get(k, 0) for k, n in b.items())
    if a_more and b_more:
        return Order.CONCURRENT
    if a_more:
        return Order.NEWER
    if b_more:
        return Order.OLDER
    return Order.SAME


def joined(a: Vector, b: Vector) -> Vector:
    return {k: max(a.get(k, 0), b.get(k, 0)) for k in sorted({*a, *b})}


def load(table: str, row_id: str) -> tuple[Vector, str] | None:
    row = SyncRow.get_or_none((SyncRow.table_name == table) & (SyncRow.row_id == row_id))
    return None if row is None else (json.loads(row.vv), row.state_hash)


def store(table: str, row_id: str, vector: Vector, digest: str) -> None:
    text = json.dumps(vector, sort_keys=True, separators=(",", ":"))
    updated = (
        SyncRow.update(vv=text, state_hash=digest)
        .where((SyncRow.table_name == table) & (SyncRow.row_id == row_id))
        .execute()
    )
    if not updated:
        SyncRow.insert(table_name=table, row_id=row_id, vv=text, state_hash=digest).execute()


def store_many(table: str, vectors: dict[str, tuple[Vector, str]]) -> None:
    """``store`` for many rows of one table: one upsert per batch (sync_row is unique by table and
    row, which both SQLite and PostgreSQL's ON CONFLICT name)."""
    rows = [
        {
            "table_name": table,
            "row_id": row_id,
            "vv": json.dumps(vector, sort_keys=True, separators=(",", ":")),
            "state_hash": digest,
        }
        for row_id, (vector, digest) in vectors.items()
    ]
    for start in range(0, len(rows), BATCH):
        SyncRow.insert_many(rows[start : start + BATCH]).on_conflict(
            conflict_target=[SyncRow.table_name, SyncRow.row_id],
            update={SyncRow.vv: EXCLUDED.vv, SyncRow.state_hash: EXCLUDED.state_hash},
        ).execute()


class HardDeleteRefused(DomainError):
    """A synced row was deleted outright: IOPdesk retires rows, it never deletes them."""


def settle(device: UUID) -> int:
    """Give every row changed here since the last settling this device's next edit (inside the
    caller's transaction). Returns the last sync_change line settled.

    Read a table's rows and their vectors a batch at a time: the first settling of a clinic that
    has worked for months before its first satellite covers every row it has (hundreds of
    thousands on the large demo), which one query per row would take many minutes for."""
    mark_row = Setting.get_or_none(Setting.key == SETTLED_KEY)
    mark = int(json.loads(mark_row.value)) if mark_row else 0
    newest = SyncChange.select(fn.MAX(SyncChange.id)).scalar() or 0
    if newest <= mark:
        return mark
    changed = (
        SyncChange.select(SyncChange.table_name, SyncChange.row_id)
        .where((SyncChange.id > mark) & (SyncChange.id <= newest))
        .distinct()
        .tuples()
    )
    by_table: dict[str, set[str]] = {}
    for table, raw_id in changed:
        if table in BY_TABLE:
            by_table.setdefault(table, set()).add(row_key(raw_id))
    for table, keys in by_table.items():
        ordered = sorted(keys)
        for start in range(0, len(ordered), BATCH):
            _settle_batch(device.hex, table, ordered[start : start + BATCH])
    Setting.insert(key=SETTLED_KEY, value=json.dumps(newest)).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: json.dumps(newest)}
    ).execute()
    return newest


BATCH = 500


def states(table: str, keys: list[str]) -> dict[str, dict[str, object]]:
    """The states of the rows of ``table`` with these ids that exist (one query)."""
    model = BY_TABLE[table]
    primary: Field = model._meta.primary_key  # type: ignore[assignment]  # every synced table has one
    rows = model.select().where(primary.in_([UUID(k) for k in keys]))
    return {getattr(row, primary.name).hex: state_of(row) for row in rows}


def load_many(table: str, keys: list[str]) -> dict[str, tuple[Vector, str]]:
    """``load`` for many rows of one table (one query)."""
    return {
        row_id: (json.loads(vv), digest)
        for row_id, vv, digest in SyncRow.select(SyncRow.row_id, SyncRow.vv, SyncRow.state_hash)
        .where((SyncRow.table_name == table) & SyncRow.row_id.in_(keys))
        .tuples()
    }


def _settle_batch(me: str, table: str, keys: list[str]) -> None:
    states_now, known = states(table, keys), load_many(table, keys)
    new_rows = []
    for key in keys:
        state = states_now.get(key)
        if state is None:
            log.warning("a synced row was hard-deleted: table=%s row=%s", table, key)
            raise HardDeleteRefused(
                f"A record was deleted outright ({table} {key}); IOPdesk never deletes records, so "
                "nothing was synced. Restore the latest backup, or ask your IT contact."
            )
        digest = state_hash(state)
        vector_hash = known.get(key)
        if vector_hash is not None and vector_hash[1] == digest:
            continue
        vector = dict(vector_hash[0]) if vector_hash else {}
        vector[me] = vector.get(me, 0) + 1
        if vector_hash is None:
            text = json.dumps(vector, sort_keys=True, separators=(",", ":"))
            new_rows.append({"table_name": table, "row_id": key, "vv": text, "state_hash": digest})
        else:
            store(table, key, vector, digest)
    for start in range(0, len(new_rows), BATCH):
        SyncRow.insert_many(new_rows[start : start + BATCH]).execute()
