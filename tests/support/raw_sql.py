"""Plain SQL against the open clinic, as a person with a database tool would send it, on either engine.

Tests write it SQLite's way (``?`` for each value, ids as 32 hex digits); on a PostgreSQL
server the ``?`` become its ``%s`` (the server reads hex ids as UUIDs).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from peewee import SqliteDatabase

from iopdesk.store import current, driver
from iopdesk.store.database import Target


def execute(sql: str, params: Sequence[Any] = ()) -> Any:
    db = current()
    if not isinstance(db, SqliteDatabase):
        sql = sql.replace("?", db.param)
    return db.execute_sql(sql, tuple(params))


@contextmanager
def foreign_keys_off() -> Iterator[None]:
    """SQLite checks a foreign key before its triggers can refuse a change: switch the keys off so
    that the trigger is what refuses. A server's BEFORE trigger refuses before any key is checked."""
    db = current()
    if not isinstance(db, SqliteDatabase):
        yield
        return
    db.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        db.execute_sql("PRAGMA foreign_keys = ON")


@contextmanager
def another_connection(target: Target) -> Iterator[tuple[Any, type[Exception]]]:
    """A second connection to the clinic, not through IOPdesk (a database tool's), and its
    driver's IntegrityError: the file through the process's SQLite library, or the server."""
    if target.path is not None:
        conn = driver.connect(str(target.path))
        error: type[Exception] = driver.IntegrityError
    else:
        import psycopg

        assert target.url is not None
        conn = psycopg.connect(target.url, autocommit=True)
        error = psycopg.IntegrityError
    try:
        yield conn, error
    finally:
        conn.close()
