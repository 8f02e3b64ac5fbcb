"""A long import refreshes the server's planner statistics as its tables grow (store/planner.py):
without them, reading each batch's version vectors read every vector of that table so far."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from peewee import Database, PostgresqlDatabase

from iopdesk.store import current, planner
from tests.support import factories as f
from tests.support import sync_places as sp


def test_statistics_are_due_at_the_first_mark_then_each_time_a_table_doubles():
    growth = planner.Growth(first=5)
    assert [growth.note("client", n) for n in (3, 3, 5, 1, 11, 12)] == [False, True, False, True, False, True]
    # 3, 6 (>= 5: due), 11 (< 12), 12 (due), 23 (< 24), 35 (due)
    assert growth.note("sync_row", 5)  # each table counts apart


def test_a_large_import_analyzes_the_tables_it_fills_on_a_server_and_nothing_on_sqlite(
    clinic: sp.Clinic, tmp_path: Path, monkeypatch: Any
) -> None:
    laptop = clinic.laptops[0]
    with laptop.open():
        for n in range(12):
            f.client(clinic.supervisor, f"Walkin{n}", "Test", chart=f"W-{n}")
    file = sp.send(clinic, laptop, clinic.hub, tmp_path)
    sent: list[str] = []
    execute = Database.execute_sql

    def recorded(self: Database, sql: str, *args: Any, **kwargs: Any) -> Any:
        if sql.startswith("ANALYZE"):
            sent.append(sql)
        return execute(self, sql, *args, **kwargs)

    monkeypatch.setattr(Database, "execute_sql", recorded)
    monkeypatch.setattr(planner, "FIRST", 4)
    summary = sp.receive(clinic, clinic.hub, file)
    assert summary.counts.rows_applied >= 12
    with clinic.hub.open():
        on_server = isinstance(current(), PostgresqlDatabase)
        if on_server:
            # Really gathered, inside the import's transaction, and kept by its commit.
            found = (
                current()
                .execute_sql("SELECT count(*) FROM pg_stats WHERE tablename IN ('client', 'sync_row')")
                .fetchone()
            )
            assert found[0] > 0
    if on_server:
        assert 'ANALYZE "client"' in sent and 'ANALYZE "sync_row"' in sent
    else:
        assert sent == []
