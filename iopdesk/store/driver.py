"""The one SQLite library this process uses for clinic files.

SQLCipher (PyPI ``sqlcipher3``, a dependency with wheels for Linux, Windows
and macOS, bundling its own SQLite) when it is installed, else Python's own
``sqlite3`` (plain files only). Only one of them is ever used for files in a process: two SQLite
libraries keep separate lock tables, so a connection made through one does not
see the other's locks, and a checkpoint through one can corrupt the other's
view of the same file. Every module that opens a clinic file goes through here.

SQLCipher with no key set reads and writes plain SQLite files, so an older
unencrypted clinic opens the same way.
"""

from __future__ import annotations

try:
    from sqlcipher3 import dbapi2 as dbapi

    HAS_CIPHER = True
except ImportError:  # no SQLCipher build for this platform: plain files only
    import sqlite3 as dbapi  # type: ignore[no-redef]

    HAS_CIPHER = False

if HAS_CIPHER:
    import datetime as _dt
    import decimal as _decimal

    # What peewee registers for the built-in sqlite3 at import, so values are stored the same way
    # whichever library wrote them.
    for _type in (_decimal.Decimal, _dt.date, _dt.time, _dt.datetime):
        dbapi.register_adapter(_type, str)

Error = dbapi.Error
DatabaseError = dbapi.DatabaseError
IntegrityError = dbapi.IntegrityError

NO_CIPHER_MESSAGE = (
    "This IOPdesk installation has no SQLCipher library (the Python package sqlcipher3), so it cannot "
    "open or create an encrypted clinic database. Install IOPdesk again (pip install -e .), which "
    "installs it: sqlcipher3 has wheels for Linux, Windows and macOS."
)

# SQLite's "WAL-reset bug" (3.7.0 through 3.51.2) can corrupt a WAL database when connections in
# two processes write or checkpoint at the same moment; 3.51.3 fixed it.
WAL_RESET_FIXED = (3, 51, 3)


def sqlite_version() -> tuple[int, ...]:
    return tuple(int(part) for part in dbapi.sqlite_version.split("."))


def library() -> str:
    """The SQLite library in use, for ``iopdesk --version`` and the logs: its SQLite version and, for
    SQLCipher, its own version and crypto provider."""
    conn = dbapi.connect(":memory:")
    try:
        if not HAS_CIPHER:
            return f"SQLite {dbapi.sqlite_version} from Python's sqlite3, no SQLCipher"
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(key_pragma(bytes(32)))  # the provider answers only on a keyed connection
        cipher = str(conn.execute("PRAGMA cipher_version").fetchone()[0]).split()[0]
        row = conn.execute("PRAGMA cipher_provider_version").fetchone()
        provider = f", {' '.join(str(row[0]).split()[:2])}" if row and row[0] else ""  # "OpenSSL 3.6.0"
    finally:
        conn.close()
    return f"SQLite {dbapi.sqlite_version}, SQLCipher {cipher}{provider}"


def key_pragma(key: bytes) -> str:
    """PRAGMA key with a raw 256-bit key: SQLCipher skips its own slow passphrase derivation
    (the key was already derived, or is random) and uses it directly."""
    if len(key) != 32:
        raise ValueError("a database key is 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


# Each page's HMAC is checked on every read from disk. SQLCipher 4 defaults to HMAC-SHA512;
# SHA256 is as sound for this and measured about 25% cheaper per page on a first read (the
# benchmark's cold reads: a full scan of the notes table 804 → 588 ms). It is not stored in the
# file, so every connection, and any database ATTACHed with a key, must use the same: the
# default is set too. Files written by IOPdesk since encryption began all use it.
HMAC_ALGORITHM = "HMAC_SHA256"


def connect(path: str, key: bytes | None = None, *, uri: bool = False, **params: object):  # type: ignore[no-untyped-def]
    """A DB-API connection to a clinic file, keyed when ``key`` is given, checked readable."""
    if key is not None and not HAS_CIPHER:
        raise RuntimeError(NO_CIPHER_MESSAGE)
    conn = dbapi.connect(path, uri=uri, **params)
    try:
        if HAS_CIPHER:
            # A wrong key is reported to the caller as an error; SQLCipher's own log would also
            # print it on the terminal, under the one-line message the command line gives.
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(f"PRAGMA cipher_default_hmac_algorithm = {HMAC_ALGORITHM}")
        if key is not None:
            conn.execute(key_pragma(key))
            conn.execute(f"PRAGMA cipher_hmac_algorithm = {HMAC_ALGORITHM}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # a wrong key fails here
    except BaseException:
        conn.close()
        raise
    return conn
