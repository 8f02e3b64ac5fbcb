"""The one SQLite library this process uses for clinic files.

SQLCipher (PyPI ``sqlcipher3``) when it is installed, else Python's own
``sqlite3``. Only one of them is ever used for files in a process: two SQLite
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
    "open or create an encrypted clinic database. Install it with: pip install sqlcipher3-binary "
    "(Linux) or sqlcipher3 (other systems, built against SQLCipher)."
)


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
