"""0012: group facilitator links travel between places too.

Hand-written (frozen: it must not import application code). Who facilitates a group decides which
clients' records a counselor may read (domain/kernel/permissions.py), so a link made or removed at
the hub must reach every satellite laptop, and the other way. Until now a removed link was deleted,
and a delete cannot travel (a synced row is never deleted: sync refuses hard deletes).

- ``group_facilitator`` gains ``updated_at`` (the time of the last change: the merge of two places'
  edits orders by it; existing links get their ``created_at``) and ``removed_at`` (a removed link is
  kept, and re-adding the same person revives it; existing links are not removed).
- Every link's id becomes the one derived from its group and staff member (UUID version 5 in
  IOPdesk's namespace, as ``iopdesk.domain.kernel.ids.facilitator_id`` makes new ones): the hub and
  each laptop upgrade apart and must still give one link one id, whichever place made it. Nothing
  points at these ids.
- The same change capture as 0010's and 0011's on the table: SQLite triggers, and 0010's PL/pgSQL
  function on a server, whose foreign keys on it become deferrable like theirs.

Links as they stand at the upgrade are not sent by themselves: they travel when next changed (or in
a new laptop's full copy). One removed at one place before the upgrade is gone there and cannot be
sent as a removal; a laptop made again from the upgraded hub starts from the hub's links.
"""

import uuid

from peewee import DateTimeField, PostgresqlDatabase, SqliteDatabase

TABLE = "group_facilitator"
# Parents first (the application's list, domain/sync/rows.py, must match; a test says so).
SYNCED_TABLES = ("group_facilitator",)

# iopdesk.domain.kernel.ids.NAMESPACE, copied (frozen): fixed forever.
NAMESPACE = uuid.UUID("7cddd654-77e3-5c08-84fe-e5388cf18298")


def _derived(group_id, staff_id):
    group, staff = uuid.UUID(str(group_id)), uuid.UUID(str(staff_id))
    return uuid.uuid5(NAMESPACE, f"group-facilitator:{group.hex}:{staff.hex}")


def _sqlite_capture(table):
    return [
        f"""CREATE TRIGGER sync_capture_{table}_{event} AFTER {event.upper()} ON "{table}"
        BEGIN
            INSERT INTO sync_change (table_name, row_id) VALUES ('{table}', {row}.id);
        END"""
        for event, row in (("insert", "NEW"), ("update", "NEW"), ("delete", "OLD"))
    ]


def _postgres_capture(table):
    return (
        f'CREATE TRIGGER sync_capture_{table} AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
        "FOR EACH ROW EXECUTE FUNCTION iopdesk_sync_capture()"
    )


def _deferrable(db, how):
    names = db.execute_sql(
        "SELECT c.relname, k.conname FROM pg_constraint AS k JOIN pg_class AS c ON c.oid = k.conrelid "
        "WHERE k.contype = 'f' AND c.relname = ANY(%s) AND pg_table_is_visible(c.oid)",
        (list(SYNCED_TABLES),),
    ).fetchall()
    for table, name in names:
        db.execute_sql(f'ALTER TABLE "{table}" ALTER CONSTRAINT "{name}" {how}')


def _rekey(db):
    mark = db.param
    server = isinstance(db, PostgresqlDatabase)
    rows = db.execute_sql(f'SELECT id, group_id, staff_id FROM "{TABLE}"').fetchall()
    for row_id, group_id, staff_id in rows:
        new = _derived(group_id, staff_id)
        db.execute_sql(
            f'UPDATE "{TABLE}" SET id = {mark} WHERE id = {mark}',
            (str(new) if server else new.hex, row_id),
        )


def up(migrator, db):
    migrator.migrate(
        migrator.add_column(TABLE, "updated_at", DateTimeField(null=True)),
        migrator.add_column(TABLE, "removed_at", DateTimeField(null=True)),
    )
    db.execute_sql(f'UPDATE "{TABLE}" SET updated_at = created_at')
    migrator.migrate(migrator.add_not_null(TABLE, "updated_at"))
    _rekey(db)  # before the capture: the new ids are not changes of this place
    if isinstance(db, SqliteDatabase):
        for table in SYNCED_TABLES:
            for statement in _sqlite_capture(table):
                db.execute_sql(statement)
    elif isinstance(db, PostgresqlDatabase):
        for table in SYNCED_TABLES:
            db.execute_sql(_postgres_capture(table))
        _deferrable(db, "DEFERRABLE INITIALLY IMMEDIATE")


def down(migrator, db):
    if isinstance(db, SqliteDatabase):
        for table in SYNCED_TABLES:
            for event in ("insert", "update", "delete"):
                db.execute_sql(f"DROP TRIGGER IF EXISTS sync_capture_{table}_{event}")
    elif isinstance(db, PostgresqlDatabase):
        _deferrable(db, "NOT DEFERRABLE")
        for table in SYNCED_TABLES:
            db.execute_sql(f'DROP TRIGGER IF EXISTS sync_capture_{table} ON "{table}"')
    # A removed link was deleted before 0012: the ones kept as removed go (ids stay derived).
    db.execute_sql(f'DELETE FROM "{TABLE}" WHERE removed_at IS NOT NULL')
    migrator.migrate(
        migrator.drop_column(TABLE, "removed_at"),
        migrator.drop_column(TABLE, "updated_at"),
    )
