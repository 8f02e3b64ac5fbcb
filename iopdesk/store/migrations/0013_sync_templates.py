"""0013: the clinic's note templates and snippets travel between places too.

Hand-written (frozen: it must not import application code). A note format the clinic changed at
the hub, or a snippet a counselor saved on a laptop, should be there at the other place after the
next sync. Until now "reset to default" deleted the template row and deleting a snippet deleted
it, and a delete cannot travel (a synced row is never deleted: sync refuses hard deletes).

- ``note_template.definition`` may be NULL: the row stays and means "the shipped default" (what
  "reset to default" now writes). Its id becomes the one derived from its note format (UUID
  version 5 in IOPdesk's namespace, as ``iopdesk.domain.kernel.ids.template_id`` makes new ones):
  one row per format at every place, so a format changed at two places apart is one row to merge,
  not a collision on the unique format. Nothing points at these ids.
- ``snippet`` gains ``updated_at`` (the time of the last change: the merge of two places' edits
  orders by it; existing snippets get their ``created_at``) and ``removed_at`` (a deleted snippet
  is kept, marked; existing ones are not removed). Snippet ids stay random: two snippets with one
  title are two snippets.
- The same change capture as 0010's to 0012's on both tables: SQLite triggers, and 0010's PL/pgSQL
  function on a server, whose foreign keys on them become deferrable like theirs.

Rows as they stand at the upgrade are not sent by themselves: they travel when next changed (or in
a new laptop's full copy).
"""

import uuid

from peewee import DateTimeField, PostgresqlDatabase, SqliteDatabase

TEMPLATE, SNIPPET = "note_template", "snippet"
# Parents first (the application's list, domain/sync/rows.py, must match; a test says so).
SYNCED_TABLES = ("note_template", "snippet")

# iopdesk.domain.kernel.ids.NAMESPACE, copied (frozen): fixed forever.
NAMESPACE = uuid.UUID("7cddd654-77e3-5c08-84fe-e5388cf18298")


def _derived(note_format):
    return uuid.uuid5(NAMESPACE, f"note-template:{note_format}")


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
    rows = db.execute_sql(f'SELECT id, note_format FROM "{TEMPLATE}"').fetchall()
    for row_id, note_format in rows:
        new = _derived(note_format)
        db.execute_sql(
            f'UPDATE "{TEMPLATE}" SET id = {mark} WHERE id = {mark}',
            (str(new) if server else new.hex, row_id),
        )


def up(migrator, db):
    migrator.migrate(
        migrator.drop_not_null(TEMPLATE, "definition"),
        migrator.add_column(SNIPPET, "updated_at", DateTimeField(null=True)),
        migrator.add_column(SNIPPET, "removed_at", DateTimeField(null=True)),
    )
    db.execute_sql(f'UPDATE "{SNIPPET}" SET updated_at = created_at')
    migrator.migrate(migrator.add_not_null(SNIPPET, "updated_at"))
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
    # Before 0013 a reset template and a deleted snippet were deleted: the kept ones go.
    db.execute_sql(f'DELETE FROM "{TEMPLATE}" WHERE definition IS NULL')
    db.execute_sql(f'DELETE FROM "{SNIPPET}" WHERE removed_at IS NOT NULL')
    migrator.migrate(
        migrator.add_not_null(TEMPLATE, "definition"),
        migrator.drop_column(SNIPPET, "removed_at"),
        migrator.drop_column(SNIPPET, "updated_at"),
    )
