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

from iopdesk.store import driver, files
from iopdesk.store.copies import copy_keys, online_backup
from iopdesk.store.database import bind, database_key, make_database, runner
from iopdesk.store.errors import StoreError, os_reason
from iopdesk.store.target import Target

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


# --- a satellite copy of a server (PostgreSQL) ---------------------------------------------------

BATCH = 500


def copy_from_server(
    hub: Database,
    dest: Path,
    key: bytes,
    *,
    hub_device: uuid.UUID,
    change_mark: int,
    audit_mark: int,
    settings: dict[str, str],
) -> uuid.UUID:
    """Write ``dest`` (a new file) as an encrypted SQLite copy of the server ``hub``: every table's
    rows, the audit trail up to ``audit_mark``, and ``settings`` (JSON texts) over the hub's. Returns
    the copy's new device id. The copy is written in one transaction: a failure leaves no file.

    Rows are read through the models and written through them too (each engine's types: ids,
    times and flags come out the same): the models are bound to the copy while it is written (a
    query builds its SQL for the database it is bound to), and the hub's rows are read by naming
    the hub; the hub is bound again when this returns, however it ends. The copy's own
    triggers fill its note search index as the notes arrive; the change lines they also write are
    not edits of this copy and are dropped, leaving one line at the hub's ``change_mark`` so the
    copy's own changes are numbered after it.
    """
    from iopdesk.store.models import ALL_MODELS, AuditEvent, Setting, Staff
    from iopdesk.store.sync_models import SyncChange, SyncPeer

    if isinstance(hub, SqliteDatabase):
        raise StoreError("copy_from_server copies a server; a SQLite clinic is copied whole (backup).")
    device = uuid.uuid4()
    laptop = make_database(Target(path=dest), key=key)
    try:
        files.create_private(dest)
    except OSError as exc:
        raise StoreError(f"Cannot create {dest}: {os_reason(exc)}") from exc
    try:
        laptop.connect()
        runner(laptop).up()
        bind(laptop)
        with laptop.atomic():
            laptop.execute_sql("PRAGMA defer_foreign_keys = ON")  # parents and children in any order
            for model in ALL_MODELS:
                if model in (SyncPeer, SyncChange):
                    continue  # the hub's own peers are not the copy's; change lines: below
                if model.select().exists():
                    model.delete().execute()  # what the schema steps seeded: the hub's instead
                query = model.select().order_by(model._meta.primary_key)
                if model is AuditEvent:
                    query = query.where(AuditEvent.seq <= audit_mark)
                batch: list[dict[str, object]] = []
                for row in query.dicts().iterator(hub):
                    if model is Staff:  # failed sign-ins and locks belong to the machine they happened on
                        row.update(failed_attempts=0, locked_until=None)
                    batch.append(row)
                    if len(batch) >= BATCH:
                        model.insert_many(batch).execute()
                        batch = []
                if batch:
                    model.insert_many(batch).execute()
            SyncChange.delete().execute()
            if change_mark:
                SyncChange.insert(id=change_mark, table_name="", row_id="").execute()
            SyncPeer.insert(
                id=hub_device,
                is_hub=True,
                acked_change=change_mark,
                received_change=change_mark,
                acked_audit=audit_mark,
                received_audit=audit_mark,
            ).execute()
            for name, value in {**settings, "device_id": json.dumps(str(device))}.items():
                Setting.insert(key=name, value=value).on_conflict(
                    conflict_target=[Setting.key], update={Setting.value: value}
                ).execute()
            problems = laptop.execute_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise StoreError(
                    f"The server's records do not hang together ({len(problems)} rows point at records "
                    "that are not there); no copy was made. Run iopdesk check on the server."
                )
    except BaseException:
        bind(hub)
        if not laptop.is_closed():
            laptop.close()
        for leftover in (dest, dest.with_name(dest.name + "-wal"), dest.with_name(dest.name + "-shm")):
            leftover.unlink(missing_ok=True)
        raise
    bind(hub)
    laptop.close()
    return device
