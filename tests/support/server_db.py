"""The suite on a PostgreSQL server: ``IOPDESK_TEST_PG_URL=postgresql://user:pw@host:port/dbname``.

With the variable set, every test's ``db`` is a fresh database on that server, copied from a
template migrated once per run (``CREATE DATABASE … TEMPLATE``: about 40 ms, where migrating
each one would take five times that) and dropped when the test ends. The URL's role needs
CREATEDB. Without it, every test's ``db`` is a new SQLite file as before.
"""

from __future__ import annotations

import itertools
import os
import time
from urllib.parse import urlsplit, urlunsplit

URL_VARIABLE = "IOPDESK_TEST_PG_URL"
URL = os.environ.get(URL_VARIABLE) or None

_numbers = itertools.count(1)


def on_server() -> bool:
    return URL is not None


def url_of(name: str, base: str | None = None) -> str:
    """The server URL with another database name."""
    parts = urlsplit(base or URL or "")
    return urlunsplit(parts._replace(path="/" + name))


def _admin():  # type: ignore[no-untyped-def]
    import psycopg

    assert URL is not None
    return psycopg.connect(URL, autocommit=True)


class Databases:
    """Throwaway databases on the test server, all made from one migrated template."""

    def __init__(self) -> None:
        self.prefix = f"iopdesk_t{os.getpid()}"
        self.template = f"{self.prefix}_template"
        self.admin = _admin()
        self.made: list[str] = []

    def prepare(self) -> None:
        from iopdesk.store.database import Target, open_database
        from iopdesk.store.models import database as proxy

        self.create(self.template, template=None)
        db = open_database(Target(url=url_of(self.template)))
        db.close()
        proxy.initialize(None)

    def create(self, name: str | None = None, *, template: str | None = "") -> str:
        """A new database (a copy of the migrated template unless ``template`` is None): its URL."""
        name = name or f"{self.prefix}_{next(_numbers)}"
        source = self.template if template == "" else template
        self.admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{source}"' if source else ""))
        self.made.append(name)
        return url_of(name)

    def drop(self, url: str) -> None:
        name = urlsplit(url).path.lstrip("/")
        self._drop(name)
        if name in self.made:
            self.made.remove(name)

    def _drop(self, name: str) -> None:
        """Drop a test database, ending what a test left connected to it (a worker process). An
        autovacuum worker visiting it cannot be ended by this role: it leaves within moments."""
        import psycopg

        for attempt in range(100):
            try:
                self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                return
            except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectInUse):
                if attempt == 99:
                    raise
                time.sleep(0.05)

    def close(self) -> None:
        for name in reversed(list(self.made)):
            self._drop(name)
        self.made.clear()
        self.admin.close()
