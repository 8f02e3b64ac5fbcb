"""Opening the database: pragmas, shares, migrations, foreign files."""

from pathlib import Path

import pytest

from iopdesk.store.database import HISTORY_TABLE, Target, open_database
from iopdesk.store.driver import dbapi  # the one SQLite library of this process
from iopdesk.store.errors import StoreError
from iopdesk.store.models import database as proxy
from iopdesk.store.netshare import network_share_reason, parse_mounts

MOUNTS = parse_mounts(
    "/dev/sda1 / ext4 rw 0 0\n"
    "//fileserver/clinic /mnt/clinic cifs rw 0 0\n"
    "server:/export /srv/nfs\\040share nfs4 rw 0 0\n"
    "/dev/sdb1 /mnt/clinic/local ext4 rw 0 0\n"
)


@pytest.mark.sqlite_only("SQLite's pragmas")
def test_pragmas_are_set(db):
    def pragma(name):
        return db.execute_sql(f"PRAGMA {name}").fetchone()[0]

    assert pragma("journal_mode") == "wal"
    assert pragma("foreign_keys") == 1
    assert pragma("synchronous") == 2  # FULL
    assert pragma("busy_timeout") >= 5000


@pytest.mark.parametrize(
    "path, share",
    [
        ("/mnt/clinic/db.sqlite3", "cifs"),
        ("/mnt/clinic/sub/dir/db.sqlite3", "cifs"),
        ("/srv/nfs share/x.sqlite3", "nfs4"),
        ("/mnt/clinic/local/db.sqlite3", None),
        ("/home/counselor/db.sqlite3", None),
        ("//fileserver/share/db.sqlite3", "UNC"),
        ("\\\\fileserver\\share\\db.sqlite3", "UNC"),
    ],
)
def test_network_shares_are_recognised(path, share):
    reason = network_share_reason(Path(path), MOUNTS)
    if share is None:
        assert reason is None
    else:
        assert reason is not None and share in reason


def test_unc_path_is_refused_with_an_explanation():
    with pytest.raises(StoreError) as err:
        open_database(Target.parse("//fileserver/clinic/clinic.sqlite3"))
    message = str(err.value)
    assert "network share" in message and "locking" in message and "PostgreSQL" in message


def test_target_parses_urls_and_hides_passwords():
    target = Target.parse("postgresql://iop:secret@db.clinic.lan:5432/iopdesk")
    assert not target.is_sqlite
    assert "secret" not in target.describe()
    assert Target.parse("~/x.sqlite3").path == Path("~/x.sqlite3").expanduser()


def _close():
    proxy.obj.close() if proxy.obj is not None else None
    proxy.initialize(None)


def test_newer_database_is_refused_and_untouched(db_path):
    open_database(Target(path=db_path))
    _close()
    conn = dbapi.connect(db_path)
    conn.execute(f"INSERT INTO {HISTORY_TABLE} (name, applied) VALUES ('0999_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="newer version"):
        open_database(Target(path=db_path))
    assert db_path.read_bytes() == before


def _migrations_with(tmp_path, monkeypatch, body):
    import shutil

    import iopdesk.store.database as database

    folder = tmp_path / "migrations"
    folder.mkdir()
    # Every real step, then the test's own after them (a later real step must not look "unknown").
    for step in database.MIGRATIONS_DIR.glob("[0-9]*.py"):
        shutil.copy(step, folder)
    (folder / "9999_test_step.py").write_text(body)
    monkeypatch.setattr(database, "MIGRATIONS_DIR", folder)


def _one_site(db_path):
    conn = dbapi.connect(db_path)
    conn.execute("INSERT INTO site (id, name, timezone, address, active, created_at) "
                 "VALUES ('00000000000000000000000000000001', 'Keep me', 'UTC', '', 1, '2026-01-01')")
    conn.commit()
    conn.close()


def test_migration_keeps_a_copy_first_and_applies(db_path, tmp_path, monkeypatch):
    open_database(Target(path=db_path))
    _close()
    _one_site(db_path)
    _migrations_with(tmp_path, monkeypatch, (
        "from peewee import TextField\n"
        "def up(migrator, db):\n"
        "    migrator.migrate(migrator.add_column('site', 'phone', TextField(default='')))\n"
    ))
    db = open_database(Target(path=db_path))
    assert "phone" in [c.name for c in db.get_columns("site")]
    _close()
    copies = list(db_path.parent.glob("clinic.before-*"))
    assert len(copies) == 1
    conn = dbapi.connect(copies[0])
    assert conn.execute("SELECT name FROM site").fetchone()[0] == "Keep me"
    assert "phone" not in [r[1] for r in conn.execute("PRAGMA table_info(site)")]
    conn.close()


def test_failed_migration_rolls_back_and_changes_nothing(db_path, tmp_path, monkeypatch):
    open_database(Target(path=db_path))
    _close()
    _one_site(db_path)
    _migrations_with(tmp_path, monkeypatch, (
        "from peewee import TextField\n"
        "def up(migrator, db):\n"
        "    migrator.migrate(migrator.add_column('site', 'phone', TextField(default='')))\n"
        "    raise RuntimeError('simulated failure half-way')\n"
    ))
    with pytest.raises(StoreError, match="rolled back"):
        open_database(Target(path=db_path))
    _close()
    conn = dbapi.connect(db_path)
    assert "phone" not in [r[1] for r in conn.execute("PRAGMA table_info(site)")]
    real_steps = len(list((tmp_path / "migrations").glob("[0-9]*.py"))) - 1  # all but the test's own
    assert conn.execute(f"SELECT COUNT(*) FROM {HISTORY_TABLE}").fetchone()[0] == real_steps
    assert conn.execute("SELECT name FROM site").fetchone()[0] == "Keep me"
    conn.close()


@pytest.mark.parametrize("content", [b"hello, this is a text file\n", b"\x00" * 100, b"PK\x03\x04zipfile"])
def test_wrong_kind_of_file_is_refused(tmp_path, content):
    path = tmp_path / "notadb.sqlite3"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="not a SQLite"):
        open_database(Target(path=path))
    assert path.read_bytes() == content


def test_foreign_sqlite_database_is_not_written_to(tmp_path):
    path = tmp_path / "other.sqlite3"
    conn = dbapi.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="another program"):
        open_database(Target(path=path))


def test_folder_is_refused(tmp_path):
    with pytest.raises(StoreError, match="folder"):
        open_database(Target(path=tmp_path))


def test_missing_file_without_create(tmp_path):
    with pytest.raises(StoreError, match="no IOPdesk database"):
        open_database(Target(path=tmp_path / "missing.sqlite3"), create=False)
