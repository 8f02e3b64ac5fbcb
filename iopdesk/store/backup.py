"""Backups and restores of a SQLite clinic database, verified before they are trusted."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from peewee import Database

from iopdesk.store import clock, driver
from iopdesk.store.copies import copy_keys, last_audit_entry, online_backup
from iopdesk.store.database import HISTORY_TABLE, SQLITE_HEADER, database_key, known_migrations
from iopdesk.store.errors import StoreError
from iopdesk.store.keyring import keys_path, set_anchor

MIN_PAGE = 512  # SQLite's smallest page: every database file, encrypted or not, is whole pages


@dataclass(frozen=True)
class FileCheck:
    """What a stand-alone look at a database file found."""

    integrity: str
    steps: list[str]
    counts: dict[str, int]
    path: Path | None = None
    encrypted: bool = False


def inspect_file(path: Path, key: bytes | None = None) -> FileCheck:
    """Open a copy read-only and verify it is a sound IOPdesk database this version understands.

    An encrypted copy needs its key (the open clinic's, or one unwrapped from the copy's key file).
    """
    if not path.exists():
        raise StoreError(f"There is no file at {path}.")
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file.")
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
        size = path.stat().st_size
    except OSError as exc:
        raise StoreError(f"Cannot read {path}: {exc.strerror}") from exc
    if head != SQLITE_HEADER and (size < MIN_PAGE or size % MIN_PAGE):
        # An encrypted database is whole pages of random-looking bytes; a text file, a workbook
        # or a document picked by mistake is not, and "another clinic's key" would mislead.
        raise StoreError(f"{path} is not an IOPdesk database or backup (not a SQLite file).")
    if head != SQLITE_HEADER and key is None:
        if keys_path(path).exists():
            raise StoreError(f"{path} is an encrypted IOPdesk database; it opens only with its key.")
        raise StoreError(f"{path} is not an IOPdesk database (not a SQLite file).")
    if head == SQLITE_HEADER:
        key = None  # a plain file: nothing to decrypt
    uri = f"file:{path}?mode=ro"
    try:
        conn = driver.connect(uri, key, uri=True)
    except driver.Error as exc:
        if key is not None and "not a database" in str(exc):
            raise StoreError(
                f"{path} does not open with this clinic's key: it is a backup of another clinic "
                "database, or it is damaged."
            ) from exc
        raise StoreError(f"Cannot open {path}: {exc}") from exc
    try:
        integrity = "; ".join(str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()[:10])
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if HISTORY_TABLE not in tables or not {"site", "staff", "client"} <= tables:
            raise StoreError(f"{path} is a SQLite file but not an IOPdesk database.")
        steps = [r[0] for r in conn.execute(f"SELECT name FROM {HISTORY_TABLE} ORDER BY name")]
        counts = {
            t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
            for t in sorted(tables)
            if t != HISTORY_TABLE and not t.startswith("sqlite_")
        }
    except driver.DatabaseError as exc:
        raise StoreError(f"{path} is damaged or not a database: {exc}") from exc
    finally:
        conn.close()
    unknown = sorted(set(steps) - set(known_migrations()))
    if unknown:
        raise StoreError(f"{path} was written by a newer IOPdesk (schema steps {', '.join(unknown)}).")
    if integrity != "ok":
        raise StoreError(f"{path} failed SQLite's integrity check: {integrity}")
    return FileCheck(integrity, steps, counts, path, key is not None)


def backup_to(db: Database, dest: Path) -> FileCheck:
    """Write a consistent copy with SQLite's online backup, then verify the copy."""
    if dest.exists() and dest.is_dir():
        dest = dest / f"iopdesk-backup-{clock.local_now():%Y%m%d-%H%M%S}.sqlite3"
    if dest.exists():
        raise StoreError(f"{dest} already exists; IOPdesk will not overwrite a file with a backup.")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        online_backup(db, dest)
    except (OSError, driver.Error) as exc:
        raise StoreError(f"Could not write the backup to {dest}: {exc}") from exc
    try:
        try:
            copy_keys(db, dest)
        except (OSError, driver.Error) as exc:
            raise StoreError(f"Could not write the backup to {dest}: {exc}") from exc
        return inspect_file(dest, database_key(db))
    except BaseException:  # Ctrl+C too: a copy without its key file, or not verified, is no backup
        discard_backup(dest)
        raise


def discard_backup(dest: Path) -> None:
    """Remove a backup written by ``backup_to`` and its key file (it failed, or its audit entry did)."""
    keys = keys_path(dest)
    for path in (dest, Path(f"{dest}-journal"), keys, keys.with_name(keys.name + ".lock")):
        path.unlink(missing_ok=True)


def restore_from(db: Database, db_path: Path, src: Path) -> Path:
    """Replace the open database's content with ``src``; the current content is kept aside first.

    Uses the backup API in reverse (source → live connection), so the WAL and
    any other connection see a consistent switch. Returns where the old content went.
    """
    if src.resolve() == db_path.resolve():
        raise StoreError("That file is the database IOPdesk is using; choose a backup file instead.")
    key = database_key(db)
    if not src.is_file():
        raise StoreError(f"There is no backup file at {src}.")
    with src.open("rb") as fh:
        plain = fh.read(16) == SQLITE_HEADER
    if key is not None and plain:
        raise StoreError(
            f"{src} is not encrypted; this clinic's database is. Restoring it would store the records "
            "unencrypted, so IOPdesk will not."
        )
    if key is None and not plain:
        raise StoreError(
            f"{src} is encrypted, but this clinic's database is not; it cannot be restored into it."
        )
    inspect_file(src, key)
    stamp = f"{clock.local_now():%Y%m%d-%H%M%S}"
    kept = db_path.with_name(f"{db_path.stem}.before-restore-{stamp}{db_path.suffix}")
    online_backup(db, kept)
    copy_keys(db, kept)
    if key is not None:
        _anchor_first(db, db_path, last_audit_entry(src, key))
    try:
        source = driver.connect(f"file:{src}?mode=ro", key, uri=True)
    except driver.Error as exc:
        raise StoreError(f"Cannot open {src}; the database is unchanged: {exc}") from exc
    try:
        source.backup(db.connection())
    except driver.Error as exc:
        raise StoreError(f"Restoring from {src} failed; the database is unchanged: {exc}") from exc
    finally:
        source.close()
    if key is not None:  # the trail is the backup's now: its anchor goes back with it
        set_anchor(keys_path(db_path), last_audit_entry(db_path, key))
    return kept


def _anchor_first(db: Database, db_path: Path, last: tuple[int, str] | None) -> None:
    """Before the switch, put the anchor at the backup's last entry when the trail in use holds
    that entry unchanged (a backup of this clinic, as it usually is): the anchor then fits the
    trail before the switch and after it, so a restore killed in between is not mistaken for
    entries cut from the trail."""
    if last is None:
        return
    row = db.execute_sql("SELECT hash FROM audit_event WHERE seq = ?", (last[0],)).fetchone()
    if row is not None and str(row[0]) == last[1]:
        set_anchor(keys_path(db_path), last)
