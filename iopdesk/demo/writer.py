"""Bulk writing for the demo build: many rows per INSERT, many INSERTs per transaction.

Per-row ``Model.create()`` would take hours for the large clinic; multi-row
inserts inside a handful of transactions take seconds. Rows are plain dicts
keyed by field name (every key given, so no Python default runs per row).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from peewee import Model, SqliteDatabase

from iopdesk.store import current, transaction

Row = dict[str, Any]


def _variable_limit() -> int:
    db = current()
    if isinstance(db, SqliteDatabase):
        # SQLite before 3.32 allowed only 999 bound parameters per statement.
        version = getattr(db, "server_version", (3, 0, 0))
        return 32_000 if tuple(version) >= (3, 32, 0) else 999
    return 30_000  # PostgreSQL allows 65,535


class BulkWriter:
    """Buffers rows per model and writes them in foreign-key order.

    ``order`` lists the models parents first: a flush writes every buffer in
    that order, so a row never reaches the database before the row it points to.
    """

    def __init__(
        self, order: Iterable[type[Model]], commit_rows: int, on_commit: Callable[[], None] | None = None
    ) -> None:
        self._order = list(order)
        self._rows: dict[type[Model], list[Row]] = {m: [] for m in self._order}
        self._pending = 0
        self._commit_rows = commit_rows
        self._on_commit = on_commit
        self._limit = _variable_limit()
        self.written: dict[type[Model], int] = {m: 0 for m in self._order}

    def add(self, model: type[Model], row: Row) -> None:
        self._rows[model].append(row)
        self._pending += 1
        if self._pending >= self._commit_rows:
            self.flush()

    def flush(self) -> None:
        """Write everything buffered, in one committed transaction."""
        if not self._pending:
            return
        with transaction():
            for model in self._order:
                rows = self._rows[model]
                if not rows:
                    continue
                per_statement = max(1, min(1000, self._limit // len(rows[0])))
                for i in range(0, len(rows), per_statement):
                    model.insert_many(rows[i : i + per_statement]).execute()
                self.written[model] += len(rows)
                self._rows[model] = []
        self._pending = 0
        if self._on_commit is not None:
            self._on_commit()
