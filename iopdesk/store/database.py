"""Opening the clinic database: where it is, how it is set up, and its schema version.

Copies of a clinic file (before an upgrade, a backup, a satellite's clone) are made by
store/copies.py; its functions are handed out here too when first asked for.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peewee import Database, SqliteDatabase
from playhouse.migrations import Runner

from iopdesk.store import care_models, files, measures_models, server, sync_models  # noqa: F401  (the tables of every model)
from iopdesk.store.connection import ClinicDatabase, database_key
from iopdesk.store.errors import (
    EncryptedError,  # noqa: F401  (callers find it here)
    StoreDamaged,
    StoreError,
    StoreFailure,
    StoreFull,
    StoreGone,
    StoreIOError,
    StoreReadOnly,
    classify,
)
from iopdesk.store.files import SQLITE_HEADER, is_plain_sqlite  # noqa: F401  (callers find them here)
from iopdesk.store.models import database as database_proxy
from iopdesk.store.netshare import network_share_reason
from iopdesk.store.target import Target  # noqa: F401  (where it has always been found too)

if TYPE_CHECKING:  # copies of the file: found here too, loaded when first asked for (``__getattr__``)
    from iopdesk.store.copies import backup_before_migration, copy_keys, last_audit_entry, online_backup  # noqa: F401

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
HISTORY_TABLE = "schema_migration"

# How long a save waits for another workstation's save to finish before it gives up (SQLite's
# busy timeout; each write transaction takes the write lock when it begins: store.transaction).
BUSY_TIMEOUT_SECONDS = 10.0

# Clinical data: a commit that returned must survive a power cut (synchronous=FULL).
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,  # FULL
    "cache_size": -32_000,  # 32 MB
    "temp_store": "memory",
}


def make_database(
    target: Target, *, check_share: bool = True, key: bytes | None = None, read_only: bool = False
) -> Database:
    """Build (not yet open) the peewee database for a target."""
    if target.path is not None:
        path = target.path
        if check_share:
            reason = network_share_reason(path)
            if reason:
                raise StoreError(
                    f"{path} is on a network share ({reason}). SQLite's file locking is not "
                    "reliable over network file systems, so two workstations could corrupt "
                    "the clinic's records. Keep the database on this computer's own disk, or "
                    "point IOPdesk at the clinic's PostgreSQL server with --db postgresql://…"
                )
        return ClinicDatabase(
            str(path),
            key=key,
            read_only=read_only,
            pragmas={**SQLITE_PRAGMAS, "busy_timeout": int(BUSY_TIMEOUT_SECONDS * 1000)},
            timeout=BUSY_TIMEOUT_SECONDS,
            lock_type="IMMEDIATE",  # peewee's own atomic() too (migrations): the write lock up front
        )
    assert target.url is not None
    if not target.is_server:
        raise StoreError(
            f"IOPdesk cannot use the database address {target.describe()}: it works with a SQLite file "
            "(a path) or a PostgreSQL server (postgresql://user@host/dbname)."
        )
    return server.ServerDatabase(target.url)


def bind(db: Database) -> None:
    database_proxy.initialize(db)


@contextmanager
def visiting(target: Target) -> Iterator[Database]:
    """The models bound to another clinic database for the block (a satellite laptop's sync with its
    server, on the one thread that uses either), then to the one bound before, however it ends. The
    other database must be at this program's schema: it is neither created nor upgraded here."""
    previous = database_proxy.obj
    db = open_database(target, create=False, migrate=False)
    try:
        yield db
    finally:
        try:
            if not db.is_closed():
                db.close()
        finally:
            if previous is not None:
                bind(previous)


def runner(db: Database) -> Runner:
    return Runner(db, str(MIGRATIONS_DIR), table_name=HISTORY_TABLE)


def known_migrations() -> list[str]:
    return [m.name for m in runner(SqliteDatabase(":memory:")).migrations()]


def schema_state(db: Database) -> tuple[list[str], list[str], list[str]]:
    """(applied, pending, unknown) migration names. Unknown ones come from a newer IOPdesk."""
    status = runner(db).status()
    applied = [m.name for m in status if m.applied and m.path is not None]
    pending = [m.name for m in status if not m.applied]
    unknown = [m.name for m in status if m.applied and m.path is None]
    return applied, pending, unknown


def open_database(
    target: Target,
    *,
    create: bool = True,
    migrate: bool = True,
    allow_pending: bool = False,
    check_share: bool = True,
    key: bytes | None = None,
) -> Database:
    """Open, check and (if needed) migrate the clinic database, and bind the models to it.

    A SQLite file is copied aside before any migration runs, so a failed
    upgrade can always be undone by hand.
    """
    if target.path is not None:
        path = target.path
        if not create and not path.exists():
            raise StoreError(f"There is no IOPdesk database at {path}.")
        if path.exists() and path.is_dir():
            raise StoreError(f"{path} is a folder, not an IOPdesk database file.")
        if path.exists():
            files.check_sqlite_header(path, keyed=key is not None)
        elif create:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                files.create_private(path)
            except OSError as exc:
                raise StoreError(f"Cannot create {path}: {exc.strerror}") from exc
    read_only = target.path is not None and files.read_only_medium(target.path)
    if read_only:
        assert target.path is not None
        files.check_readable_there(target.path)
        log.info("database opened read-only: its disk or folder cannot be written")
    db = make_database(target, check_share=check_share, key=key, read_only=read_only)
    try:
        try:
            db.connect(reuse_if_open=True)
        except Exception:
            if read_only or target.path is None or not files.full_and_quiet(target.path):
                raise
            # The disk is full, so SQLite cannot make the -shm a WAL database needs; with no -wal
            # holding changes, nothing can change the file either: it can still be read. Every
            # write fails, saying the disk is full (store.transaction).
            db = make_database(target, check_share=check_share, key=key, read_only=True)
            db.full_disk = True  # type: ignore[attr-defined]
            db.connect(reuse_if_open=True)
            read_only = True
            log.info("database opened read-only: its disk is full")
    except Exception as exc:  # peewee wraps driver errors in many classes
        if isinstance(exc, StoreError) and target.is_server:
            raise  # already one line naming the server and what is wrong
        if key is not None and "not a database" in str(exc):
            raise StoreDamaged(
                f"damaged: {target.describe()} does not open with this key: it belongs to another "
                "clinic's key file, or it is damaged. Restore the latest backup (iopdesk restore)."
            ) from exc
        raise _failure(f"Cannot open the database {target.describe()}", exc, target.path) from exc
    if isinstance(db, server.ServerDatabase):
        from iopdesk.store.server_schema import schema_lock

        try:
            with schema_lock(db):  # one workstation at a time checks and upgrades the schema
                return _settle_schema(db, target, create, migrate, allow_pending, read_only)
        except BaseException:
            if not db.is_closed():
                db.close()
            raise
    return _settle_schema(db, target, create, migrate, allow_pending, read_only)


def _settle_schema(
    db: Database, target: Target, create: bool, migrate: bool, allow_pending: bool, read_only: bool
) -> Database:
    """Check the open database's schema, upgrade it if asked, and bind the models to it."""
    try:
        applied, pending, unknown = schema_state(db)
    except Exception as exc:
        db.close()
        raise _failure(f"{target.describe()} is not a readable IOPdesk database", exc) from exc
    if unknown:
        db.close()
        raise StoreError(
            f"{target.describe()} was written by a newer version of IOPdesk "
            f"(it has schema steps this version does not know: {', '.join(unknown)}). "
            "Install the newer IOPdesk to open it; this version will not touch it."
        )
    if not applied and not pending:
        db.close()
        raise StoreError("This IOPdesk installation is missing its schema files; reinstall it.")
    if applied and not _looks_like_iopdesk(db):
        db.close()
        raise StoreError(f"{target.describe()} is not an IOPdesk database.")
    if not applied and db.get_tables() and HISTORY_TABLE not in db.get_tables():
        db.close()
        raise StoreError(
            f"{target.describe()} already holds tables from another program; IOPdesk will not write into it."
        )
    if not applied and target.is_server and not (create and migrate):
        db.close()
        raise StoreError(
            f"{target.describe()} holds no IOPdesk clinic yet: set it up first "
            f"(iopdesk --db {target.describe()} setup …)."
        )
    if pending and migrate and read_only:
        db.close()
        raise StoreReadOnly(
            f"{target.describe()} needs an upgrade, but its disk or folder is read-only here: open it "
            "once where it can be written."
        )
    if pending and migrate and applied and isinstance(db, server.ServerDatabase):
        from iopdesk.store.server_schema import owner_needed

        owner = owner_needed(db)
        if owner is not None:
            db.close()
            raise StoreError(
                f"{target.describe()} needs an upgrade ({len(pending)} schema steps) that only the owner of "
                f"its tables can make: run `iopdesk --db postgresql://{owner}@… upgrade` once (see the "
                'README, "A clinic server").'
            )
    if pending and migrate:
        if applied and target.path is not None:
            from iopdesk.store.copies import backup_before_migration

            backup_before_migration(db, target.path, applied[-1])
        try:
            done = runner(db).up()
        except Exception as exc:
            db.close()
            raise _failure(f"Upgrading {target.describe()} failed and was rolled back", exc) from exc
        log.info("migrated database: %s", ", ".join(done))
    elif pending and not allow_pending:
        db.close()
        raise StoreError(f"{target.describe()} needs an upgrade ({len(pending)} schema steps).")
    if isinstance(db, server.ServerDatabase):
        db.read_audit_head = "audit_event" in db.get_tables()
        db.read_device_tail = db.read_audit_head and any(
            column.name == "device_id" for column in db.get_columns("audit_event")
        )
    bind(db)
    return db


def _failure(what: str, exc: BaseException, path: Path | None = None) -> StoreError:
    """``what`` went wrong because of ``exc``: a damaged file says "damaged: …"; a busy, full or
    read-only database says so in its own words (store/errors.py), anything else as it came.
    SQLite cannot tell why it could not make the -shm or -wal a WAL database needs: a full disk
    is told by its free space."""
    failure = classify(exc)
    cannot_grow = isinstance(failure, (StoreIOError, StoreGone, StoreFull))
    if path is not None and cannot_grow and files.disk_full(path):
        return StoreFull(f"{what}: the disk holding it is full. {StoreFull.ADVICE}")
    if isinstance(failure, StoreDamaged):
        return StoreDamaged(f"damaged: {what} ({_driver_text(exc)}). {StoreDamaged.MESSAGE}")
    if isinstance(failure, StoreFailure):
        return type(failure)(f"{what}: {failure}")
    return StoreError(f"{what}: {exc}")


def _driver_text(exc: BaseException) -> str:
    inner = getattr(exc, "orig", None) or exc
    return str(inner) or type(inner).__name__


def _looks_like_iopdesk(db: Database) -> bool:
    return {"site", "staff", "client"}.issubset(set(db.get_tables()))


def integrity_problems(db: Database) -> str:
    """'ok', or what SQLite's integrity and foreign-key checks found (on a server: whether every
    guard of the signed records and the audit trail is in place and enabled)."""
    if isinstance(db, server.ServerDatabase):
        from iopdesk.store.server_schema import guard_problems

        return guard_problems(db)
    if not isinstance(db, SqliteDatabase):
        return "ok"
    if database_key(db) is not None:
        # Every page's HMAC first: a damaged page is named before anything reads its rows.
        pages = db.execute_sql("PRAGMA cipher_integrity_check").fetchall()
        if pages:
            return "; ".join(str(r[0]) for r in pages[:10])
    rows = db.execute_sql("PRAGMA integrity_check").fetchall()
    result = "; ".join(str(r[0]) for r in rows[:10])
    if result == "ok":
        broken = db.execute_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            result = f"{len(broken)} rows point at missing records"
    return result


# Found here before they moved to store/copies.py, which opening the clinic does not load.
_COPIES = ("backup_before_migration", "copy_keys", "last_audit_entry", "online_backup")


def __getattr__(name: str) -> Any:
    if name in _COPIES:
        from iopdesk.store import copies

        value = getattr(copies, name)
        globals()[name] = value  # asked once
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
