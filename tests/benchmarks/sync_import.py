"""python -m tests.benchmarks.sync_import [--size small|large] [--db postgresql://user@host/dbname]

What applying a first "everything" change set costs: the demo clinic (the benchmarks' cached plain
file) builds the change set every row of it is in (``exchange.build`` for no peer, unsealed: the
sealing is not what is measured), and it is applied twice to a new, empty clinic database: first
every row is new there, then the same set again finds every row already there (what a satellite
copy, which has the rows, does with such a set). Each is one transaction, timed, with the statements
sent counted (every execute_sql, BEGIN, COMMIT and ROLLBACK: on a server each is a round trip).

The new clinic is a SQLite file, or with --db a database made beside the URL's on that server (the
role needs CREATEDB; it is dropped afterwards). A new server database has no planner statistics
(the test server also runs without autovacuum): there, reading the version vectors of a table that
grows in the same transaction used only sync_row's table name as its index condition, and the first
import slowed down as it went (the large demo: 809 s, for 118 s on SQLite). The import now refreshes
the statistics as its tables grow (iopdesk/store/planner.py): 263 s for the large demo.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.benchmarks.clinic import PLAIN, demo_database


class Counter:
    """Counts the statements a database object sends."""

    def __init__(self, db: Any) -> None:
        self.sent = 0
        for name in ("execute_sql", "begin", "commit", "rollback"):
            original = getattr(db, name)

            def counted(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
                self.sent += 1
                return _original(*args, **kwargs)

            setattr(db, name, counted)


def everything(demo: Path) -> dict[str, Any]:
    from iopdesk.domain.kernel import audit
    from iopdesk.domain.sync import exchange
    from iopdesk.store import transaction
    from iopdesk.store.database import Target, open_database
    from iopdesk.store.models import database as proxy

    db = open_database(Target(path=demo))
    try:
        with transaction():
            return exchange.build(audit.this_device(), None, exchange.Counts())
    finally:
        db.close()
        proxy.initialize(None)


def apply_twice(target: Any, change_set: dict[str, Any]) -> list[tuple[str, float, int, str]]:
    from iopdesk.domain.kernel import audit
    from iopdesk.domain.sync import exchange, service
    from iopdesk.store import transaction
    from iopdesk.store.database import open_database
    from iopdesk.store.models import database as proxy

    db = open_database(target, create=True)
    out = []
    try:
        counter = Counter(db)
        for label in ("new clinic: every row new", "the same set again: every row here"):
            counts = exchange.Counts()
            before, started = counter.sent, time.perf_counter()
            with transaction():
                service._defer_foreign_keys()
                exchange.apply(audit.this_device(), change_set, counts)
            seconds = time.perf_counter() - started
            said = (
                f"applied {counts.rows_applied}, unchanged {counts.rows_unchanged}, "
                f"kept {counts.conflicts_kept}"
            )
            out.append((label, seconds, counter.sent - before, said))
    finally:
        db.close()
        proxy.initialize(None)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="small", choices=("small", "large"))
    parser.add_argument("--db", help="apply into a new database on this PostgreSQL server")
    args = parser.parse_args()
    demo, built = demo_database(args.size, PLAIN)
    if built is not None:
        print(f"built the {args.size} demo in {built:.0f} s", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="iopdesk-bench-sync-") as folder:
        os.environ["IOPDESK_HOME"] = str(Path(folder) / "home")
        from iopdesk.store.database import Target

        work = Path(folder) / demo.name
        work.write_bytes(demo.read_bytes())  # building the set settles the demo: never the cached one
        started = time.perf_counter()
        change_set = everything(work)
        print(
            f"{args.size} demo: {len(change_set['rows'])} rows, {len(change_set['audit'])} audit entries "
            f"(built in {time.perf_counter() - started:.1f} s)"
        )
        if args.db:
            from tests.benchmarks.server import _admin, _name, url_of

            fresh = url_of(args.db, f"{_name(args.db)}_sync_import")
            with _admin(args.db) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{_name(fresh)}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{_name(fresh)}"')
            try:
                results = apply_twice(Target(url=fresh), change_set)
            finally:
                with _admin(args.db) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{_name(fresh)}" WITH (FORCE)')
            where = "PostgreSQL"
        else:
            results = apply_twice(Target(path=Path(folder) / "fresh.sqlite3"), change_set)
            where = "SQLite"
    for label, seconds, sent, said in results:
        print(f"{where:10} {label:38} {seconds:8.2f} s {sent:9d} statements  ({said})")


if __name__ == "__main__":
    main()
