"""Applying a change set's rows here (inside the caller's transaction), table by table, parents first.

Every row is merged by its version vector (``versions``) and, where two places changed it, by the
clinic's rules (``merge``). A row this database refuses (it collides with one made here, or it
replaces a note signed here) is kept as a sync conflict for a person, and the rest goes on.

A batch at a time: a clinic's first "everything" change set holds hundreds of thousands of rows, and
reading each row and its vector, then writing them, a query at a time took many minutes. Each batch
is one table's rows, at most ``versions.BATCH`` of them (ids in one IN list: SQLite and PostgreSQL
both take that many), and what it decides is what row by row decided (``_Batch`` says why).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any
from uuid import UUID

from peewee import Field, ForeignKeyField, IntegrityError

from iopdesk.domain.sync import merge, versions
from iopdesk.domain.sync.counts import Counts
from iopdesk.domain.sync.rows import (
    BY_TABLE,
    State,
    fields_of,
    insert_states,
    read_state,
    row_key,
    state_hash,
    write_state,
)
from iopdesk.store import planner, transaction
from iopdesk.store.sync_models import SyncConflict, SyncRow

log = logging.getLogger(__name__)

Row = list[Any]  # [table, row id, version vector, state], as a change set holds it
VECTORS = "sync_row"  # every row applied may add its version vector there


def apply_rows(rows: list[Row], counts: Counts) -> None:
    """Apply ``rows`` (sorted parents first) here. On a server, the planner's statistics of the
    tables that grow are refreshed as they grow (store/planner.py says why)."""
    absent = kept_not_here(rows)
    growth = planner.Growth()
    for table, batch in _batches(rows):
        _Batch(table, batch, counts, absent).apply()
        due = [BY_TABLE[table]] if growth.note(table, len(batch)) else []
        if growth.note(VECTORS, len(batch)):
            due.append(SyncRow)
        if due:
            planner.analyze(*due)


def _batches(rows: list[Row]) -> Iterator[tuple[str, list[Row]]]:
    """Each table's rows (the set comes sorted by table) a batch at a time. A row a set holds twice
    (none that IOPdesk makes does) starts a new batch: it is read after its first one is written."""
    table, batch, seen = "", list[Row](), set[str]()
    for row in rows:
        key = row_key(row[1])
        if row[0] != table or len(batch) >= versions.BATCH or key in seen:
            if batch:
                yield table, batch
            table, batch, seen = row[0], [], set()
        batch.append(row)
        seen.add(key)
    if batch:
        yield table, batch


class _Batch:
    """One table's rows, applied as row by row, in fewer statements:

    - Every row here and its vector are read before any row of the batch is written: a row's writes
      change no other row of it (no trigger or cascade does), except a kept conflict (``_keep``)
      written into this same table (a sync conflict about a sync conflict), which is read again.
    - A row new here waits, with the new rows after it, until the batch writes anything else (or
      ends); they are inserted together in a savepoint. Should the database refuse that, they are
      inserted one by one instead, as before: which one is refused, and so which later rows belong
      to a refused one, is decided as row by row.
    - Version vectors are written at the end (one upsert), and only those that change: nothing
      reads them in between, and a batch holds a row once.
    """

    def __init__(self, table: str, rows: list[Row], counts: Counts, absent: set[str]) -> None:
        self.table, self.rows, self.counts, self.absent = table, rows, counts, absent
        keys = [key for _table, key, _vector, _state in rows]
        self.here = versions.states(table, keys)  # by 32 hex digits
        self.known = versions.load_many(table, keys)  # by the id as the set gives it
        self.reread: set[str] = set()
        self.new: list[tuple[str, versions.Vector, State, str]] = []
        self.vectors: dict[str, tuple[versions.Vector, str]] = {}

    def apply(self) -> None:
        for _table, key, vector, state in self.rows:
            self._row(key, vector, state)
        self._insert_new()
        versions.store_many(self.table, self.vectors)

    def _row(self, key: str, vector: versions.Vector, state: State) -> None:
        table, counts = self.table, self.counts
        digest = state_hash(state)
        local = self._local(key)
        known = self.known.get(key)
        if local is None:
            if self._parents_absent(state):
                self._refuse(key, state)
            else:
                self.new.append((key, vector, state, digest))
            return
        local_vector, local_hash = known if known else ({}, state_hash(local))
        if local_hash == digest:
            self._store(key, versions.joined(local_vector, vector), digest)
            counts.rows_unchanged += 1
            return
        order = versions.compare(vector, local_vector)
        if order in (versions.Order.OLDER, versions.Order.SAME) and known is not None:
            counts.rows_unchanged += 1
            return
        if order is versions.Order.NEWER:
            if self._replaced(key, local, state):
                self._store(key, vector, digest)
            else:
                self._store(key, versions.joined(local_vector, vector), state_hash(local))
            return
        winner, _loser, kept = merge.join(table, local, state)
        counts.merged += 1
        counts.merged_tables[table] = counts.merged_tables.get(table, 0) + 1
        log.info("sync merged concurrent changes: table=%s row=%s", table, key)
        if winner is not local and not self._replaced(key, local, state):
            winner, kept = local, []
        self._store(key, versions.joined(local_vector, vector), state_hash(winner))
        self._keep(kept)

    def _local(self, key: str) -> State | None:
        hex_key = row_key(key)
        if hex_key in self.reread:
            return read_state(self.table, key)
        return self.here.get(hex_key)

    def _store(self, key: str, vector: versions.Vector, digest: str) -> None:
        if self.known.get(key) != (vector, digest):  # the same vector and hash: nothing to write
            self.vectors[key] = (vector, digest)

    def _parents_absent(self, state: State) -> bool:
        return bool(parents(self.table, state) & self.absent)

    def _insert_new(self) -> None:
        """Insert the rows new here that wait, together; refused, one by one (``_added``)."""
        new, self.new = self.new, []
        if not new:
            return
        if len(new) > 1:
            try:
                with transaction():  # a savepoint: a refusal must not undo the rest of the import
                    insert_states(self.table, [state for _key, _vector, state, _digest in new])
            except IntegrityError:
                pass  # one of them collides with a row here: find which, as row by row did
            else:
                for key, vector, _state, digest in new:
                    self._store(key, vector, digest)
                    self.counts.applied(self.table)
                return
        for key, vector, state, digest in new:
            if self._added(key, state):
                self._store(key, vector, digest)
                self.counts.applied(self.table)

    def _added(self, key: str, state: State) -> bool:
        """Insert a row new here. When this database refuses it (it collides with a record made here:
        the same client admitted at both places, one result corrected at both), or it belongs to a
        row that was refused before, the rest of the import goes on: the row is kept as a sync
        conflict for a person to settle, and so is every row of this set that belongs to it.
        A staff member assigned to one group at two places apart does not come here: the link's id
        is derived from the two (``ids.facilitator_id``), as a session's or an attendance's is, so
        it arrives as the same row and ``merge`` keeps one link (no conflict for a person)."""
        if not self._parents_absent(state):
            try:
                with transaction():  # a savepoint: the refusal must not undo the rest of the import
                    write_state(self.table, state, exists=False)
                return True
            except IntegrityError:
                log.warning(
                    "sync could not add a row that collides with one here: table=%s row=%s", self.table, key
                )
        self._refuse(key, state)
        return False

    def _refuse(self, key: str, state: State) -> None:
        self._insert_new()  # the rows before it were looked at before it was refused: first them
        self.absent.add(key)
        self._keep([("sync_conflict", merge.sync_conflict(self.table, {}, state))])

    def _replaced(self, key: str, local: State, state: State) -> bool:
        """Write ``state`` over the row; False when the database refuses (a note signed here is never
        changed, migration 0005): ours stays, theirs is kept as a sync conflict for a person."""
        self._insert_new()  # the rows before it first, as row by row (a freed unique value…)
        try:
            with transaction():  # a savepoint: the refusal must not undo the rest of the import
                write_state(self.table, _past_open_drafts(self.table, local, state), exists=True)
        except IntegrityError:
            log.warning("sync could not replace a locked row: table=%s row=%s", self.table, key)
            kept = [("sync_conflict", merge.sync_conflict(self.table, local, state))]
            if self.table == "note":  # signed at both places: the other text is also shown on the note
                kept += merge.note_kept(local, state)
            self._keep(kept)
            return False
        self.counts.applied(self.table)
        return True

    def _keep(self, kept: list[tuple[str, State]]) -> None:
        if kept:
            self._insert_new()  # the rows before it first: a kept row may be one of them
        for kept_table, kept_state in kept:
            if kept_table == self.table:
                self.reread.add(row_key(kept_state["id"]))
            if read_state(kept_table, kept_state["id"]) is None:
                write_state(kept_table, kept_state, exists=False)
                self.counts.conflicts_kept += 1


def _past_open_drafts(table: str, local: State, state: State) -> State:
    """``state`` to write over a draft note here, with a version above the one here.

    A version is a note's save token: an editor open here saves only if the note still has the
    version it last saved. A draft from another place (a later version, or the winner of a merge)
    may have the same number with other words, and the editor's next save would then replace them
    without a conflict. Written above it, that save keeps its text as a note conflict instead. The
    row's vector keeps the hash of ``state``, so the next settling counts this as this place's edit
    and sends it on: every place ends with this version."""
    if (
        table == "note"
        and local.get("status") == state.get("status") == "draft"
        and int(state.get("version") or 0) <= int(local.get("version") or 0)
    ):
        return dict(state, version=int(local.get("version") or 0) + 1)
    return state


_FOREIGN: dict[str, list[str]] = {}


def parents(table: str, state: State) -> set[str]:
    """The ids ``state`` points at (its foreign keys), as text."""
    if table not in _FOREIGN:
        fields = fields_of(BY_TABLE[table])
        _FOREIGN[table] = [f.column_name for f in fields if isinstance(f, ForeignKeyField)]
    return {str(state.get(column)) for column in _FOREIGN[table]}


def kept_not_here(rows: list[Row]) -> set[str]:
    """Rows an earlier import could not add (kept as sync conflicts, resolved or not, and still not
    here): what belongs to them cannot be added either. Only the ones this set's rows point at are
    looked for; the others could not change what it does."""
    wanted = sorted({p for table, _key, _vector, state in rows for p in parents(table, state)} - {"None"})
    kept: dict[str, set[str]] = {}
    for start in range(0, len(wanted), versions.BATCH):
        found = (
            SyncConflict.select(SyncConflict.table_name, SyncConflict.row_id)
            .where(SyncConflict.row_id.in_(wanted[start : start + versions.BATCH]))
            .distinct()
            .tuples()
        )
        for table, row_id in found:
            if table in BY_TABLE:
                kept.setdefault(table, set()).add(row_id)
    absent = set()
    for table, ids in kept.items():
        ordered = sorted(ids)
        for start in range(0, len(ordered), versions.BATCH):
            batch = ordered[start : start + versions.BATCH]
            here = _present(table, batch)
            absent |= {row_id for row_id in batch if UUID(row_id).hex not in here}
    return absent


def _present(table: str, ids: list[str]) -> set[str]:
    model = BY_TABLE[table]
    primary: Field = model._meta.primary_key  # type: ignore[assignment]  # every synced table has one
    found = model.select(primary).where(primary.in_([UUID(i) for i in ids])).tuples()
    return {value.hex for (value,) in found}
