"""A clinic database file as peewee sees it: one SQLite library, keyed if encrypted, and checked
to still be the file at its path before every commit."""

from __future__ import annotations

import os
from typing import Any

from peewee import Database, SqliteDatabase

from iopdesk.store import driver
from iopdesk.store.errors import StoreIOError, StoreVanished


def database_key(db: Database) -> bytes | None:
    """The open database's key; None for a plain file or a server."""
    return getattr(db, "key", None)


def pathname2url(path: str) -> str:
    """What urllib.request's pathname2url does on each system, without loading urllib.request
    (and with it http.client, email and ssl: tens of milliseconds of every start)."""
    if os.name == "nt":
        import nturl2path

        return nturl2path.pathname2url(path)
    from urllib.parse import quote

    return quote(path)


class ClinicDatabase(SqliteDatabase):
    """A clinic file through the process's one SQLite library (store/driver.py), keyed if encrypted.

    ``key`` stays in this object for as long as the database is open: the
    program needs it to make backups and to wrap it for a new password. It is
    never written anywhere in the clear.
    """

    def __init__(
        self, path: str, *, key: bytes | None = None, read_only: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(path, **kwargs)
        self.key = key
        self.read_only = read_only  # on a read-only disk or folder: opened immutable, for reading
        self.full_disk = False  # read-only because its disk is full: writes say so
        self._identity: dict[str, tuple[int, int]] = {}  # file -> (device, inode) when opened

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def _connect(self):  # type: ignore[no-untyped-def]
        if self.read_only:
            # Nothing can change the file (it is on a read-only disk and has no -wal), and SQLite
            # could not create the -shm a WAL database needs: read it as an unchangeable file.
            uri = f"file:{pathname2url(self.database)}?mode=ro&immutable=1"
            conn = driver.connect(uri, self.key, uri=True, timeout=self._timeout, isolation_level=None)
            self._add_conn_hooks(conn)
            return conn
        conn = driver.connect(
            self.database, self.key, timeout=self._timeout, isolation_level=None, **self.connect_params
        )
        try:
            self._add_conn_hooks(conn)
            self._identity = {}
            if self._is_file():
                self._identity[self.database] = _file_id(self.database)
        except Exception:
            conn.close()
            raise
        return conn

    def _is_file(self) -> bool:
        return self.database != ":memory:" and not self.connect_params.get("uri")

    def check_in_place(self) -> None:
        """StoreVanished unless the open file (and its -wal) are still the files at their paths.

        An open file that was deleted, renamed or replaced goes on accepting writes
        that no one will ever read again: every write transaction checks before it
        commits (two stat calls). The -wal is known once it exists; while this
        connection is open no other program removes it.
        """
        if not self._identity:
            return
        wal = self.database + "-wal"
        for name in (self.database, wal):
            try:
                now = _file_id(name)
            except FileNotFoundError:
                if name == wal and wal not in self._identity:
                    continue
                raise StoreVanished(StoreVanished.MESSAGE.format(path=self.database)) from None
            except OSError as exc:
                raise StoreIOError() from exc
            known = self._identity.setdefault(name, now)
            if known != now:
                raise StoreVanished(StoreVanished.MESSAGE.format(path=self.database))


def _file_id(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_dev, st.st_ino
