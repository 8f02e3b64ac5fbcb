"""The query planner's picture of tables that grow inside one long transaction.

A server database that is new (or a large import into it) has no statistics for PostgreSQL's
planner, and autovacuum cannot gather any for rows a transaction has not committed yet. A first
"everything" change set inserts hundreds of thousands of rows in one transaction; reading the
version vectors of the next batch (sync_row by table and row id) was then planned on the table
name alone, and each batch read every row of that table so far: the large demo's import took
809 s on a server, 118 s on SQLite. ANALYZE inside the transaction sees the rows it inserted, and
the planner uses both columns of the index again (263 s with these refreshes).

SQLite plans by its indexes without statistics, so nothing is sent there.
"""

from __future__ import annotations

import logging

from peewee import Model, PostgresqlDatabase

from iopdesk.store import current

log = logging.getLogger(__name__)

FIRST = 5000  # rows added to a table before its statistics are first refreshed


def analyze(*models: type[Model]) -> None:
    """Refresh the server's statistics of these tables, inside the caller's transaction. A role
    that does not own a table gets PostgreSQL's warning, not an error: the import goes on."""
    db = current()
    if not isinstance(db, PostgresqlDatabase):
        return
    for model in models:
        db.execute_sql(f'ANALYZE "{model._meta.table_name}"')  # a model's own name, never input
        log.info("planner statistics refreshed: table=%s", model._meta.table_name)


class Growth:
    """Rows added per table during one long transaction, and when their statistics are due again:
    at ``first`` rows, then each time a table has doubled since (a few ANALYZEs however large the
    import: each samples at most some 30,000 rows, tens of milliseconds)."""

    def __init__(self, first: int | None = None) -> None:
        self.first = FIRST if first is None else first
        self.added: dict[str, int] = {}
        self.analyzed_at: dict[str, int] = {}

    def note(self, key: str, rows: int) -> bool:
        """``rows`` more rows in ``key``'s table; True when its statistics are due now."""
        total = self.added.get(key, 0) + rows
        self.added[key] = total
        due = max(self.first, 2 * self.analyzed_at.get(key, 0))
        if total < due:
            return False
        self.analyzed_at[key] = total
        return True
