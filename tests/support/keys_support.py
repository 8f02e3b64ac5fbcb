"""Reading an encrypted clinic file from a test, the way the program does: through its key file.

Tests must use the process's one SQLite library (iopdesk/store/driver.py):
two libraries in one process keep separate lock tables, so a stdlib ``sqlite3``
connection beside the program's SQLCipher one can miss its locks. Where a test
means to show that stdlib sqlite3 cannot read an encrypted file, it does so in
a subprocess (``stdlib_sqlite_read``).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from peewee import Database

from iopdesk.store import driver, keyring
from iopdesk.store.database import Target, open_database
from iopdesk.store.models import database as proxy


def unwrap_key(db_path: str | os.PathLike[str], username: str, password: str) -> bytes:
    """The database key, unwrapped from the key file beside ``db_path`` with one account's password.

    Reads the key file only (no sign-in, no audit entry, no failure counted);
    raises cipher.WrongSecret for a wrong password or unknown account.
    """
    keys = keyring.load(keyring.keys_path(Path(db_path)))
    return keys.unlock(username, password)


def raw_connection(db_path: str | os.PathLike[str], username: str, password: str):  # type: ignore[no-untyped-def]
    """A DB-API connection (the program's SQLite library) to an encrypted clinic file, keyed."""
    return driver.connect(str(db_path), unwrap_key(db_path, username, password))


@contextlib.contextmanager
def keyed_database(db_path: str | os.PathLike[str], username: str, password: str) -> Iterator[Database]:
    """The models bound to an encrypted clinic, opened with the key but without signing in
    (so nothing is added to its audit trail by looking)."""
    key = unwrap_key(db_path, username, password)
    db = open_database(Target(path=Path(db_path)), create=False, key=key)
    try:
        yield db
    finally:
        db.close()
        proxy.initialize(None)


STDLIB_READ = (
    "import sqlite3, sys\n"
    "conn = sqlite3.connect(sys.argv[1])\n"
    "print(conn.execute('SELECT count(*) FROM sqlite_master').fetchone()[0])\n"
)


def stdlib_sqlite_read(db_path: str | os.PathLike[str]) -> subprocess.CompletedProcess[str]:
    """Python's own sqlite3 trying to read the file, in a separate process (never in this one)."""
    return subprocess.run(
        [sys.executable, "-c", STDLIB_READ, str(db_path)], capture_output=True, text=True, timeout=60
    )
