"""Store faults on demand, for domain and GUI tests: the database fails the way a real one does.

    from tests.support.faults import store_faults  # the fixture (or use ``inject`` directly)

    def test_a_save_on_a_full_disk(db, actor, store_faults):
        store_faults.fail("full", at="commit")     # the next commit: SQLITE_FULL, rolled back by SQLite
        with pytest.raises(StoreFull): ...
        store_faults.fail("busy", times=3)         # the next 3 write transactions cannot get the lock
        store_faults.vanish()                      # the database file is deleted under the program

Each failure is the driver's own exception class (``driver.dbapi.OperationalError``)
with SQLite's result code and message, raised where SQLite would raise it:

- ``at="begin"``: when a write transaction starts (BEGIN IMMEDIATE): how "busy" arrives
  now that writers take the lock up front;
- ``at="write"``: at the next INSERT/UPDATE/DELETE; ``at="statement"``: at any statement
  (reads too; savepoints are not counted);
- ``at="commit"``: at COMMIT. For "full" and "io" SQLite has then already rolled the
  transaction back (``rolled_back``, default True for those), as it does for real.

``vanish()`` deletes (or moves, ``to=PATH``) the database file while it is open, as
someone cleaning a folder would; the program must notice before it acknowledges a save.
The real causes are covered too (tests/store/test_store_faults.py): a held write lock,
a file size limit, a read-only file, an unlinked file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from peewee import Database

from iopdesk.store import current, driver

# kind -> (SQLite primary result code, its name, SQLite's message)
KINDS: dict[str, tuple[int, str, str]] = {
    "busy": (5, "SQLITE_BUSY", "database is locked"),
    "readonly": (8, "SQLITE_READONLY", "attempt to write a readonly database"),
    "io": (10, "SQLITE_IOERR", "disk I/O error"),
    "corrupt": (11, "SQLITE_CORRUPT", "database disk image is malformed"),
    "full": (13, "SQLITE_FULL", "database or disk is full"),
}
PLACES = ("begin", "statement", "write", "commit")
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
_NOT_COUNTED = ("SAVEPOINT", "RELEASE", "ROLLBACK")


def driver_error(kind: str) -> Exception:
    """The exception the SQLite driver raises for ``kind``, with its result code."""
    code, name, message = KINDS[kind]
    exc = driver.dbapi.OperationalError(message)
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    exc.sqlite_errorname = name  # type: ignore[attr-defined]
    return exc


@dataclass
class _Planned:
    kind: str
    at: str
    times: int
    rolled_back: bool


@dataclass
class StoreFaults:
    """The faults planned for one open database (see the module's docstring)."""

    db: Database
    planned: list[_Planned] = field(default_factory=list)
    raised: list[str] = field(default_factory=list)  # "kind@place" for each failure raised

    def fail(self, kind: str, *, at: str = "begin", times: int = 1, rolled_back: bool | None = None) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown fault {kind!r}: one of {', '.join(KINDS)}")
        if at not in PLACES:
            raise ValueError(f"unknown place {at!r}: one of {', '.join(PLACES)}")
        if rolled_back is None:
            rolled_back = kind in ("full", "io") and at == "commit"
        self.planned.append(_Planned(kind, at, times, rolled_back))

    def clear(self) -> None:
        self.planned.clear()

    @property
    def pending(self) -> int:
        return sum(p.times for p in self.planned)

    def vanish(self, *, to: Path | None = None) -> None:
        """The open database file is deleted (or moved to ``to``); its -wal and -shm stay, as
        after ``rm clinic.sqlite3``."""
        path = Path(self.db.database)
        if to is None:
            path.unlink()
        else:
            os.replace(path, to)

    # --- the hooks -------------------------------------------------------------------

    def _take(self, place: str) -> _Planned | None:
        for plan in self.planned:
            if plan.at == place and plan.times > 0:
                plan.times -= 1
                if not plan.times:
                    self.planned.remove(plan)
                self.raised.append(f"{plan.kind}@{place}")
                return plan
        return None

    def _statement(self, sql: str) -> None:
        head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
        if head in _NOT_COUNTED:
            return
        # On a server an audit entry and its head move in one "WITH entry AS (INSERT …) INSERT …".
        writes = head in _WRITES or (head == "WITH" and any(w in sql.upper() for w in _WRITES))
        plan = self._take("statement") or (self._take("write") if writes else None)
        if plan is not None:
            raise driver_error(plan.kind)

    def _commit(self) -> None:
        plan = self._take("commit")
        if plan is None:
            return
        if plan.rolled_back:
            self.db.connection().execute("ROLLBACK")  # what SQLite does on a failed COMMIT of this kind
        raise driver_error(plan.kind)

    def _begin(self) -> None:
        plan = self._take("begin")
        if plan is not None:
            raise driver_error(plan.kind)


@contextmanager
def inject(db: Database | None = None) -> Iterator[StoreFaults]:
    """Faults for ``db`` (default: the bound database) until the block ends."""
    target = db if db is not None else current()
    faults = StoreFaults(target)
    originals = {name: getattr(target, name) for name in ("execute_sql", "commit", "begin")}

    def execute_sql(sql: str, params: Any = None) -> Any:
        faults._statement(sql)
        return originals["execute_sql"](sql, params)

    def commit() -> Any:
        faults._commit()
        return originals["commit"]()

    def begin(*args: Any, **kwargs: Any) -> Any:
        faults._begin()
        return originals["begin"](*args, **kwargs)

    target.execute_sql = execute_sql  # type: ignore[method-assign]
    target.commit = commit  # type: ignore[method-assign]
    target.begin = begin  # type: ignore[method-assign]
    try:
        yield faults
    finally:
        for name in originals:
            delattr(target, name)  # back to the class's methods


@pytest.fixture
def store_faults(db: Database) -> Iterator[StoreFaults]:
    """Faults for the test's database (the ``db`` fixture): ``store_faults.fail("full", at="commit")``."""
    with inject(db) as faults:
        yield faults
