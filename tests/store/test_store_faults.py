"""The store under faults: a save is acknowledged only when it is really kept.

- a write transaction takes the write lock up front and waits for another workstation's
  save, instead of failing at once when it upgrades from reading (WAL mode);
- a database file deleted, moved or replaced while open refuses every save;
- a COMMIT that SQLite already rolled back (full disk, I/O error) reports its real cause;
- what the store creates is readable by its owner only.
The fault-injection layer (tests/support/faults.py) is tested here too.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from iopdesk.store import driver, transaction
from iopdesk.store.copies import online_backup
from iopdesk.store.database import Target, open_database
from iopdesk.store.errors import StoreBusy, StoreFull, StoreIOError, StoreReadOnly, StoreVanished
from iopdesk.store.models import Setting
from tests.support.faults import StoreFaults, driver_error, inject

pytestmark = pytest.mark.sqlite_only("a SQLite file's faults: deleted, moved, its -wal, its permissions")

ROOT = Path(__file__).resolve().parents[2]


def write_one(key: str = "probe", value: str = "1") -> None:
    with transaction():
        Setting.insert(key=key, value=value).on_conflict_replace().execute()


def read_then_write(key: str) -> None:
    """What most domain changes do: look, then save, in one transaction."""
    with transaction():
        Setting.select().where(Setting.key == "other").exists()
        Setting.insert(key=key, value="1").on_conflict_replace().execute()


def saved(key: str) -> bool:
    return Setting.select().where(Setting.key == key).exists()


# --- the write lock ----------------------------------------------------------------


def test_a_save_that_reads_first_waits_for_another_workstations_save(db, db_path):
    other = driver.connect(str(db_path), check_same_thread=False, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO setting (key, value) VALUES ('other', '1')")
        threading.Timer(0.3, other.execute, ("COMMIT",)).start()  # the other save ends in 0.3 s
        read_then_write("mine")  # a deferred transaction failed here at once: "database is locked"
    finally:
        other.close()
    assert saved("mine") and saved("other")


def test_a_wait_that_runs_out_is_busy_and_saves_nothing(db, db_path):
    db.execute_sql("PRAGMA busy_timeout = 100")  # the clinic's 10 s would only make the test slow
    other = driver.connect(str(db_path), isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreBusy):
            read_then_write("mine")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert not saved("mine")
    read_then_write("mine")
    assert saved("mine")


def test_a_read_takes_no_write_lock(db, db_path):
    other = driver.connect(str(db_path), isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO setting (key, value) VALUES ('other', '1')")
        assert not saved("other")  # reads what was committed, while another holds the lock
    finally:
        other.execute("ROLLBACK")
        other.close()


# --- the file disappears ------------------------------------------------------------


def test_a_deleted_database_file_refuses_every_save(db, db_path):
    write_one("before")
    db_path.unlink()  # someone cleans up the folder while the program runs
    for attempt in range(3):
        with pytest.raises(StoreVanished) as caught:
            write_one(f"after-{attempt}")
    assert str(db_path) in str(caught.value) and "disappeared" in str(caught.value)
    assert "not saved" in str(caught.value)


def test_a_moved_database_file_refuses_saves_and_keeps_what_was_saved(db, db_path, tmp_path):
    write_one("before")
    moved = tmp_path / "moved.sqlite3"
    os.replace(db_path, moved)  # its -wal, holding the last saves, stays behind
    with pytest.raises(StoreVanished):
        write_one("after")
    db.close()
    os.replace(moved, db_path)  # put back beside its -wal, as the message says
    reopened = open_database(Target(path=db_path), create=False)
    try:
        assert saved("before") and not saved("after")
    finally:
        reopened.close()


def test_a_database_file_replaced_by_another_refuses_saves(db, db_path, tmp_path):
    write_one("before")
    other = tmp_path / "other.sqlite3"
    online_backup(db, other)
    os.replace(other, db_path)  # a copy put in its place: not the file this connection writes
    with pytest.raises(StoreVanished):
        write_one("after")


def test_a_deleted_wal_refuses_saves(db, db_path):
    write_one("before")
    Path(f"{db_path}-wal").unlink()
    with pytest.raises(StoreVanished):
        write_one("after")


@pytest.mark.skipif(not driver.HAS_CIPHER, reason="needs SQLCipher")
def test_the_check_costs_little(db):
    import time

    started = time.perf_counter()
    for n in range(200):
        write_one(f"k{n}")
    assert (time.perf_counter() - started) / 200 < 0.05  # dominated by the flush, not the stat calls


# --- a commit that failed -----------------------------------------------------------------


def test_a_commit_sqlite_already_rolled_back_reports_its_real_cause(db, store_faults: StoreFaults):
    store_faults.fail("full", at="commit")
    with pytest.raises(StoreFull) as caught:
        write_one("lost")
    assert "cannot rollback" not in str(caught.value.__cause__)
    assert "full" in str(caught.value.__cause__)
    assert not saved("lost")
    write_one("kept")  # the connection is usable again
    assert saved("kept")


def test_a_real_io_error_at_commit_reports_it(tmp_path):
    """A file size limit makes the WAL write at COMMIT fail for real (SQLite then rolls back)."""
    script = (
        "import os, resource, sys\n"
        "from iopdesk.store import transaction\n"
        "from iopdesk.store.database import Target, open_database\n"
        "from iopdesk.store.models import Setting\n"
        "from pathlib import Path\n"
        "db = open_database(Target(path=Path(sys.argv[1])))\n"
        "with transaction():\n"
        "    Setting.insert(key='a', value='1').execute()\n"
        "size = max(os.path.getsize(sys.argv[1]), os.path.getsize(sys.argv[1] + '-wal'))\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (size + 20000, size + 20000))\n"
        "try:\n"
        "    with transaction():\n"
        "        Setting.insert(key='b', value='x' * 300000).execute()\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__, '|', exc.__cause__)\n"
    )
    if sys.platform == "win32":
        pytest.skip("no file size limit on Windows")
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "c.sqlite3")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    kind, cause = done.stdout.strip().split(" | ")
    assert kind == StoreIOError.__name__
    assert cause == "disk I/O error"  # not "cannot rollback - no transaction is active"


@pytest.mark.parametrize(
    ("kind", "failure"),
    [("busy", StoreBusy), ("full", StoreFull), ("io", StoreIOError), ("readonly", StoreReadOnly)],
)
@pytest.mark.parametrize("place", ["begin", "write", "commit"])
def test_injected_faults_arrive_as_the_real_failures(db, kind, failure, place):
    with inject(db) as faults:
        faults.fail(kind, at=place, times=2)
        for _ in range(2):
            with pytest.raises(failure):
                write_one("lost")
        assert faults.pending == 0 and faults.raised == [f"{kind}@{place}"] * 2
        write_one("kept")
    assert not saved("lost") and saved("kept")


def test_injected_errors_are_the_drivers_own():
    exc = driver_error("busy")
    assert isinstance(exc, driver.dbapi.OperationalError)
    assert exc.sqlite_errorcode == 5 and str(exc) == "database is locked"


def test_the_fixture_makes_the_file_vanish(db, store_faults: StoreFaults):
    store_faults.vanish()
    with pytest.raises(StoreVanished):
        write_one("lost")


# --- who may read the files -----------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_the_database_its_journal_and_its_backups_are_private(db, db_path, tmp_path):
    old = os.umask(0o022)  # a usual umask: files would be created 0644
    try:
        write_one("probe")
        backup = tmp_path / "backup.sqlite3"
        online_backup(db, backup)
        made = [db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm"), backup]
    finally:
        os.umask(old)
    modes = {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in made}
    assert modes == {p.name: "0o600" for p in made}


@pytest.fixture
def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A new clinic file made under a usual umask (so a 0644 default would show)."""
    from iopdesk.store.models import database as proxy

    old = os.umask(0o022)
    try:
        database = open_database(Target(path=tmp_path / "clinic.sqlite3"))
    finally:
        os.umask(old)
    yield database
    database.close()
    proxy.initialize(None)
