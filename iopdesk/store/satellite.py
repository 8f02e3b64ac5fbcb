"""Making a satellite laptop's copy of the clinic's database (issue 14).

The copy is an online backup of the hub (encrypted with the same key, with its key file, so staff
sign in with their own passwords) that then becomes a device of its own: a new device id (its audit
entries form their own chain) and the hub recorded as its peer, up to where the copy was taken.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from peewee import Database, SqliteDatabase

from iopdesk.store import driver
from iopdesk.store.database import copy_keys, database_key, online_backup
from iopdesk.store.errors import StoreError

FROM_SERVER = (
    "A satellite copy is made from the clinic's SQLite file for now: a copy of a PostgreSQL server "
    "would need every staff member's password to encrypt it for them. No copy was made."
)


def make_satellite_copy(
    db: Database, dest: Path, *, hub: uuid.UUID, change_mark: int, audit_mark: int
) -> uuid.UUID:
    """Copy the open hub ``db`` to ``dest`` (a new file) as a new device; returns its device id."""
    if not isinstance(db, SqliteDatabase):
        raise StoreError(FROM_SERVER)
    online_backup(db, dest)
    copy_keys(db, dest)
    device = uuid.uuid4()
    conn = driver.connect(str(dest), database_key(db))
    try:
        conn.execute("UPDATE setting SET value = ? WHERE key = 'device_id'", (json.dumps(str(device)),))
        conn.execute("DELETE FROM sync_peer WHERE id = ?", (hub.hex,))  # copy of the hub's own peers
        conn.execute(
            "INSERT INTO sync_peer (id, is_hub, acked_change, received_change, acked_audit, received_audit)"
            " VALUES (?, 1, ?, ?, ?, ?)",
            (hub.hex, change_mark, change_mark, audit_mark, audit_mark),
        )
        conn.commit()
    finally:
        conn.close()
    return device
