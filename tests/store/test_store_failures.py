"""A database that fails at run time becomes a StoreError kind with a plain message; bugs and the
database's own guards pass through unchanged."""

from __future__ import annotations

import peewee
import pytest

from iopdesk.store import driver, transaction
from iopdesk.store.database import ClinicDatabase, bind
from iopdesk.store.errors import (
    StoreBusy,
    StoreDamaged,
    StoreError,
    StoreFull,
    StoreGone,
    StoreIOError,
    StoreReadOnly,
    classify,
)
from iopdesk.store.models import Setting
from iopdesk.store.models import database as proxy


def write_one(key: str = "probe") -> None:
    with transaction():
        Setting.insert(key=key, value="1").on_conflict(
            conflict_target=[Setting.key], update={Setting.value: "1"}
        ).execute()


@pytest.mark.sqlite_only("SQLite's own write lock (a server's: tests/store/test_server.py)")
def test_another_workstation_holding_the_write_lock_is_busy(db, db_path):
    db.execute_sql("PRAGMA busy_timeout = 50")  # the clinic's 10 s would only make the test slow
    other = driver.dbapi.connect(str(db_path), isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(StoreBusy) as caught:
            write_one()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert str(caught.value) == (
        "The database is busy: another workstation is saving. Try again in a moment."
    )
    assert isinstance(caught.value.__cause__, peewee.OperationalError)
    write_one()  # and once the other lets go, saving works again
    assert Setting.get(Setting.key == "probe").value == "1"


def test_a_database_that_may_only_be_read_is_read_only(db):
    # SQLite's read-only switch, or a server's (a standby, or a role made read-only).
    sqlite = isinstance(db, peewee.SqliteDatabase)
    db.execute_sql("PRAGMA query_only = 1" if sqlite else "SET default_transaction_read_only = on")
    try:
        with pytest.raises(StoreReadOnly, match="can only be read here"):
            write_one()
    finally:
        db.execute_sql("PRAGMA query_only = 0" if sqlite else "SET default_transaction_read_only = off")
    assert not Setting.select().where(Setting.key == "probe").exists()


@pytest.mark.sqlite_only("a file's permissions")
def test_a_file_opened_read_only_is_read_only(db, db_path):
    # What SQLite does with a file it may not write (chmod 444, a read-only mount), also as root.
    reader = ClinicDatabase(f"file:{db_path}?mode=ro", uri=True)
    bind(reader)
    try:
        with pytest.raises(StoreReadOnly) as caught:
            write_one()
        assert "last change was not saved" in str(caught.value)
    finally:
        reader.close()
        bind(db)


@pytest.mark.sqlite_only("SQLite's page limit")
def test_a_full_disk_is_full(db):
    pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
    db.execute_sql(f"PRAGMA max_page_count = {pages}")  # the file may not grow: SQLite's real "full"
    with pytest.raises(StoreFull) as caught:
        with transaction():
            Setting.insert(key="big", value="x" * 200_000).execute()
    assert str(caught.value).startswith("The disk is full:")
    assert "Free some space" in str(caught.value)


def test_a_full_disk_reported_by_the_driver_is_full():
    raised = driver.dbapi.OperationalError("database or disk is full")
    assert isinstance(classify(raised), StoreFull)


def test_a_file_that_is_not_a_database_is_damaged(tmp_path):
    path = tmp_path / "clinic.sqlite3"
    path.write_bytes(b"this was never a database " * 200)
    broken = ClinicDatabase(str(path))
    bind(broken)
    try:
        with pytest.raises(StoreDamaged, match="damaged, or is not a database"):
            write_one()
    finally:
        broken.close()
        proxy.initialize(None)


def test_a_damaged_file_is_damaged(tmp_path):
    path = tmp_path / "clinic.sqlite3"
    conn = driver.dbapi.connect(str(path), isolation_level=None)
    conn.execute("CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("BEGIN")  # one flush to disk, not 2,000
    conn.executemany("INSERT INTO setting VALUES (?, ?)", [(f"k{i:05}", "v" * 50) for i in range(2000)])
    conn.execute("COMMIT")
    conn.close()
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 6] = b"\xab" * (4096 * 4)  # pages of the table overwritten
    path.write_bytes(bytes(data))
    broken = ClinicDatabase(str(path))
    bind(broken)
    try:
        with pytest.raises(StoreDamaged) as caught:
            with transaction():
                list(Setting.select())
                Setting.insert(key="zzz", value="1").execute()
        assert "restore the latest backup" in str(caught.value)
    finally:
        broken.close()
        proxy.initialize(None)


def test_a_database_whose_folder_vanished_is_gone(tmp_path):
    gone = ClinicDatabase(str(tmp_path / "unplugged" / "clinic.sqlite3"))
    bind(gone)
    try:
        with pytest.raises(StoreGone, match="connection to the database was lost"):
            write_one()
    finally:
        proxy.initialize(None)


def test_a_disk_input_output_error_is_an_io_error():
    raised = driver.dbapi.OperationalError("disk I/O error")
    failure = classify(peewee.OperationalError(raised, *raised.args))  # as peewee passes it on
    assert isinstance(failure, StoreIOError)
    assert "input/output error" in str(failure) and failure.__cause__ is not None


class OperationalError(Exception):
    """Stands in for psycopg2's: a SQLSTATE code in ``pgcode``."""

    def __init__(self, message: str, pgcode: str | None) -> None:
        super().__init__(message)
        self.pgcode = pgcode


@pytest.mark.parametrize(
    "code, message, kind",
    [
        ("08006", "connection failure", StoreGone),
        (None, "server closed the connection unexpectedly", StoreGone),
        ("57P01", "terminating connection due to administrator command", StoreGone),
        ("40P01", "deadlock detected", StoreBusy),
        ("55P03", "could not obtain lock on row", StoreBusy),
        ("53100", "could not extend file: No space left on device", StoreFull),
        ("25006", "cannot execute UPDATE in a read-only transaction", StoreReadOnly),
        ("XX001", "invalid page in block 7", StoreDamaged),
        ("58030", "could not read block 3", StoreIOError),
    ],
)
def test_a_server_failing_is_classified_by_its_sqlstate(code, message, kind):
    assert isinstance(classify(peewee.OperationalError(OperationalError(message, code))), kind)


def test_a_guard_of_the_database_stays_an_integrity_error(db):
    write_one("unique")
    with pytest.raises(peewee.IntegrityError):
        with transaction():
            Setting.insert(key="unique", value="again").execute()
    assert classify(peewee.IntegrityError("signed notes cannot be changed")) is None


def test_a_bug_is_not_a_store_failure(db):
    sqlite = isinstance(db, peewee.SqliteDatabase)
    error, says = (
        (peewee.OperationalError, "no such table") if sqlite else (peewee.ProgrammingError, "does not exist")
    )
    with pytest.raises(error, match=says):
        with transaction():
            db.execute_sql("SELECT * FROM no_such_table")
    assert classify(ValueError("database is locked")) is None  # not a database exception at all


def test_a_store_error_is_already_classified():
    error = StoreError("There is no IOPdesk database at /nowhere.")
    assert classify(error) is error
