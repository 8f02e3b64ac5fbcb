"""Errors the store raises with a message meant for the person at the keyboard.

A database that fails while the program runs (the disk is full, another
workstation holds the write lock, the file turned read-only, vanished or got
damaged, the server went away) is not a bug in IOPdesk: ``classify`` turns the
driver's exception into one of the ``StoreFailure`` kinds below, each with a
plain message. It is applied where transactions end (store.transaction) and at
the two last lines of defence, the command line and the window's crash path,
so that only real bugs reach the crash dialog.

Everything else passes through unchanged: an IntegrityError in particular is
how the database's own guards (signed notes, the audit trail, unique rows)
refuse a change, and the domain relies on seeing it as it is.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator


class StoreError(Exception):
    """The database cannot be used as asked; the message says why and what to do."""


class EncryptedError(StoreError):
    """The file is encrypted and no key was given: someone has to sign in first."""


class StoreFailure(StoreError):
    """The database failed at run time (not a bug): ``MESSAGE`` says what happened and what to do."""

    MESSAGE = "The database could not be used."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.MESSAGE)


class StoreBusy(StoreFailure):
    MESSAGE = "The database is busy: another workstation is saving. Try again in a moment."


class StoreFull(StoreFailure):
    ADVICE = "Free some space on the disk that holds the database, then try again."
    MESSAGE = f"The disk is full: the database cannot grow, so the last change was not saved. {ADVICE}"


class StoreReadOnly(StoreFailure):
    MESSAGE = (
        "The database can only be read here (the file, its folder or this account is read-only), "
        "so the last change was not saved. Ask your IT contact to check the file's permissions."
    )


class StoreIOError(StoreFailure):
    MESSAGE = (
        "The disk holding the database could not be read or written (an input/output error). "
        "Check the disk, or its cable or network connection, then try again."
    )


class StoreDamaged(StoreFailure):
    MESSAGE = (
        "The database file is damaged, or is not a database. Stop working in it and ask your IT "
        "contact to restore the latest backup (iopdesk restore)."
    )


class StoreGone(StoreFailure):
    MESSAGE = (
        "The connection to the database was lost: its file was moved or deleted, or the server went "
        "away. Close IOPdesk and open it again."
    )


class StoreConnectionLost(StoreGone):
    """The database server dropped the connection (a restart, a network cut), or cannot be reached."""

    MESSAGE = (
        "The connection to the database server was lost (it restarted, or the network failed), so the "
        "last change was not saved. IOPdesk connects again at the next try; if that fails too, ask "
        "your IT contact whether the server is running."
    )


class StoreVanished(StoreGone):
    """The open database file is no longer the file at its path (deleted, moved or replaced)."""

    MESSAGE = (
        "The database file {path} disappeared while IOPdesk had it open (it was moved, renamed or "
        "deleted), so the last change was not saved. Put the file back, or restore the latest backup "
        "(iopdesk restore), then open IOPdesk again."
    )


# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_CODES: dict[int, type[StoreFailure]] = {
    5: StoreBusy,  # SQLITE_BUSY
    6: StoreBusy,  # SQLITE_LOCKED
    8: StoreReadOnly,  # SQLITE_READONLY
    10: StoreIOError,  # SQLITE_IOERR
    11: StoreDamaged,  # SQLITE_CORRUPT
    13: StoreFull,  # SQLITE_FULL
    14: StoreGone,  # SQLITE_CANTOPEN
    26: StoreDamaged,  # SQLITE_NOTADB
}
_SQLITE_READONLY_DBMOVED = 1032  # the file was renamed or deleted under an open connection

# PostgreSQL SQLSTATE codes (psycopg2 ``pgcode``, psycopg 3 ``sqlstate``); a class is its first two.
_PG_CODES: dict[str, type[StoreFailure]] = {
    "08": StoreConnectionLost,  # connection exception (the whole class)
    "57P01": StoreConnectionLost,  # admin shutdown
    "57P02": StoreConnectionLost,  # crash shutdown
    "57P03": StoreConnectionLost,  # cannot connect now
    "40001": StoreBusy,  # serialization failure
    "40P01": StoreBusy,  # deadlock detected
    "55P03": StoreBusy,  # lock not available
    "57014": StoreBusy,  # query canceled (statement timeout)
    "53300": StoreBusy,  # too many connections
    "53100": StoreFull,  # disk full
    "25006": StoreReadOnly,  # read-only SQL transaction
    "58030": StoreIOError,  # I/O error
    "XX001": StoreDamaged,  # data corrupted
    "XX002": StoreDamaged,  # index corrupted
}

# When a driver gives no code (or a wrapper hides it), its message says the same.
_MESSAGES: tuple[tuple[str, type[StoreFailure]], ...] = (
    ("database is locked", StoreBusy),
    ("database table is locked", StoreBusy),
    ("database schema is locked", StoreBusy),
    ("database or disk is full", StoreFull),
    ("readonly database", StoreReadOnly),
    ("disk i/o error", StoreIOError),
    ("database disk image is malformed", StoreDamaged),
    ("file is not a database", StoreDamaged),
    ("unable to open database file", StoreGone),
    ("server closed the connection unexpectedly", StoreConnectionLost),
    ("connection already closed", StoreConnectionLost),
    ("could not connect to server", StoreConnectionLost),
    ("terminating connection", StoreConnectionLost),
    ("ssl connection has been closed unexpectedly", StoreConnectionLost),
    ("the connection is lost", StoreConnectionLost),
    ("the connection is closed", StoreConnectionLost),
    ("consuming input failed", StoreConnectionLost),
    ("sending query failed", StoreConnectionLost),
)

# DB-API (and peewee) classes a run-time failure can arrive as; the others are bugs
# (ProgrammingError, DataError, NotSupportedError) or guards (IntegrityError).
_DATABASE_ERRORS = {"OperationalError", "DatabaseError", "InterfaceError", "InternalError"}


def classify(exc: BaseException) -> StoreError | None:
    """The StoreError a database exception stands for, or None when it is not one (a bug, or a
    guard such as an IntegrityError): then the caller lets the original go on."""
    if isinstance(exc, StoreError):
        return exc
    for link in _chain(exc):
        names = {cls.__name__ for cls in type(link).__mro__}
        if "IntegrityError" in names:
            return None
        if not names & _DATABASE_ERRORS:
            continue
        kind = _by_code(link) or _by_message(link)
        if kind is not None:
            failure = kind()
            failure.__cause__ = exc
            return failure
    return None


def as_damage(exc: BaseException, doing: str) -> StoreDamaged | None:
    """``exc`` as "damaged: <what> (<doing>)" when it means the file is damaged; else None.
    A MemoryError counts: a damaged record's length can claim gigabytes."""
    if isinstance(exc, StoreDamaged) and str(exc).startswith("damaged: "):
        return exc
    if isinstance(exc, MemoryError):
        what = "a record claims an impossible size"
    elif isinstance(classify(exc), StoreDamaged):
        inner = getattr(exc, "orig", None) or exc.__cause__ or exc
        what = (str(inner) or type(inner).__name__).splitlines()[0]
    else:
        return None
    damage = StoreDamaged(f"damaged: {what} ({doing}). {StoreDamaged.MESSAGE}")
    damage.__cause__ = exc
    return damage


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, what it wraps (peewee keeps the driver's exception as ``orig``) and what
    caused it, each once."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        link = todo.pop(0)
        if id(link) in seen:
            continue
        seen.add(id(link))
        yield link
        wrapped = (getattr(link, "orig", None), link.__cause__, link.__context__)
        todo += [w for w in wrapped if isinstance(w, BaseException)]


def _by_code(exc: BaseException) -> type[StoreFailure] | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        if code == _SQLITE_READONLY_DBMOVED:
            return StoreGone
        return _SQLITE_CODES.get(code & 0xFF)
    state = getattr(exc, "pgcode", None) or getattr(exc, "sqlstate", None)
    if isinstance(state, str) and state:
        return _PG_CODES.get(state) or _PG_CODES.get(state[:2])
    return None


def _by_message(exc: BaseException) -> type[StoreFailure] | None:
    text = str(exc).lower()
    for fragment, kind in _MESSAGES:
        if fragment in text:
            return kind
    return None


# What a failed file operation means for the person at the keyboard, and what to do.
_OS_REASONS: dict[int, str] = {
    errno.ENOSPC: "the disk is full: free some space on it, then try again",
    errno.EROFS: "the disk is read-only (mounted read-only, or a locked memory card): use a writable one",
    errno.EACCES: "permission denied: this account may not write there; choose another place",
    errno.EPERM: "permission denied: this account may not write there; choose another place",
    errno.EFBIG: "the file grew larger than this system allows",
    errno.EIO: "an input/output error: check the disk, or its cable or network connection",
    errno.ENOENT: "the folder does not exist",
}
if hasattr(errno, "EDQUOT"):
    _OS_REASONS[errno.EDQUOT] = "the disk quota is used up: free some space, then try again"


def os_reason(exc: OSError) -> str:
    """An OSError in plain words, naming the cause and what to do."""
    reason = _OS_REASONS.get(exc.errno or 0)
    return reason or str(exc.strerror or exc)
