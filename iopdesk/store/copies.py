"""Copies of a clinic's SQLite file: the one kept before an upgrade, SQLite's online backup, the key
file beside an encrypted copy, and the last audit entry of a copy, read straight from its file.

Apart from store/database.py (opening the clinic): a copy is made by a backup, a satellite laptop's
clone, or an upgrade, never by an ordinary start, so opening the clinic does not load this module.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from peewee import Database

from iopdesk.store import driver, files
from iopdesk.store.connection import database_key, pathname2url

log = logging.getLogger("iopdesk.store.database")  # its records keep the name they had before the split


def backup_before_migration(db: Database, path: Path, last_applied: str) -> Path:
    """Copy the database aside (online backup, consistent even in WAL mode)."""
    step = last_applied.split("_", 1)[0]
    dest = path.with_name(f"{path.stem}.before-upgrade-from-{step}{path.suffix}")
    n = 1
    while dest.exists():
        dest = path.with_name(f"{path.stem}.before-upgrade-from-{step}-{n}{path.suffix}")
        n += 1
    online_backup(db, dest)
    copy_keys(db, dest)
    log.info("kept a copy of the database before migrating (step after %s)", last_applied)
    return dest


def online_backup(db: Database, dest: Path) -> None:
    """SQLite's online backup API into ``dest`` (written to a temp name, then renamed)."""
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        files.create_private(tmp)
        conn = db.connection()
        target = driver.connect(str(tmp), database_key(db))  # same key: the copy stays encrypted
        try:
            conn.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
            target.commit()
        finally:
            target.close()
        os.replace(tmp, dest)
    except BaseException:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            leftover.unlink(missing_ok=True)  # a half-written copy is no backup
        raise


def copy_keys(db: Database, dest: Path) -> Path | None:
    """Beside a copy of an encrypted database, a copy of its key file (without locks or queued
    failures): the copy opens with the same passwords and recovery key as the original."""
    key = database_key(db)
    if key is None:
        return None
    from iopdesk.store.keyring import copy_to, keys_path, set_anchor

    copied = copy_to(keys_path(Path(db.database)), dest)
    set_anchor(copied, last_audit_entry(dest, key))  # the copy's own trail, as it was copied
    return copied


def last_audit_entry(path: Path, key: bytes | None) -> tuple[int, str] | None:
    """(seq, hash) of the last audit entry in the database file ``path``, read directly."""
    conn = driver.connect(f"file:{pathname2url(str(path))}?mode=ro", key, uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "audit_event" not in tables:
            return None
        row = conn.execute("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    return (int(row[0]), str(row[1])) if row else None
