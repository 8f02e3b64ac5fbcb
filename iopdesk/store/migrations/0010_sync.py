"""0010: what satellite sites need before anything can merge (issue 14).

Hand-written (frozen: it must not import application code, which changes later). Numbered 0010:
0007 and 0009 are the PostgreSQL steps; the runner applies steps in their numeric order.

- This database's **device id** (setting ``device_id``, a random UUID made here, i.e. at setup, and
  made anew when a satellite copy is cloned) and the clinic's **sync key** (setting ``sync_key``, 32
  random bytes as hex, kept by every copy: change files are sealed with it).
- ``audit_event`` gains ``device_id`` and ``device_seq``: the trail becomes one hash chain per
  device. The entries already there become the first device's chain: ``device_seq`` = ``seq`` and
  their hashes stay as written (``iopdesk.domain.kernel.audit`` knows that older form). The
  append-only triggers are lifted for that one UPDATE and put back exactly as 0003 made them.
- ``sync_change``: one line per insert, update or delete of a synced table, written by triggers in
  the same transaction as the write (both engines: SQLite triggers, a PL/pgSQL twin on PostgreSQL).
- ``sync_row`` (each synced row's version vector and state hash), ``sync_peer`` (what each other
  place has acknowledged and sent), ``sync_conflict`` (a change that lost a merge: kept and shown).
"""

import secrets
import uuid

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DateTimeField,
    IntegerField,
    Model,
    PostgresqlDatabase,
    SqliteDatabase,
    TextField,
    UUIDField,
)

# Tables whose rows travel between places (the application's list, domain/sync/tables.py, must
# match; a test says so). Not here: tables that are hard-deleted today (group_facilitator,
# snippet, note_template), local sign-in state, and the care and measures tables (a later step).
SYNCED_TABLES = (
    "site",
    "staff",
    "client",
    "therapy_group",
    "group_schedule",
    "enrollment",
    "keep_apart",
    "holiday",
    "session",
    "family_member",
    "attendance",
    "attendance_change",
    "note",
    "note_addendum",
    "note_conflict",
    "sync_conflict",
)

REFUSE_UPDATE = "the audit trail cannot be changed"
AUDIT_TRIGGERS = [  # 0003's no-update trigger, verbatim (the no-delete one stays in place)
    f"""CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
    BEGIN
        SELECT RAISE(ABORT, '{REFUSE_UPDATE}');
    END""",
]


def _sqlite_capture(table):
    return [
        f"""CREATE TRIGGER sync_capture_{table}_{event} AFTER {event.upper()} ON "{table}"
        BEGIN
            INSERT INTO sync_change (table_name, row_id) VALUES ('{table}', {row}.id);
        END"""
        for event, row in (("insert", "NEW"), ("update", "NEW"), ("delete", "OLD"))
    ]


POSTGRES_CAPTURE_FUNCTION = """CREATE FUNCTION iopdesk_sync_capture() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            INSERT INTO sync_change (table_name, row_id) VALUES (TG_TABLE_NAME, OLD.id::text);
            RETURN OLD;
        END IF;
        INSERT INTO sync_change (table_name, row_id) VALUES (TG_TABLE_NAME, NEW.id::text);
        RETURN NEW;
    END $$ LANGUAGE plpgsql"""


def _postgres_capture(table):
    return (
        f'CREATE TRIGGER sync_capture_{table} AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
        "FOR EACH ROW EXECUTE FUNCTION iopdesk_sync_capture()"
    )


def _tables(db):
    class Base(Model):
        class Meta:
            database = db

    class SyncChange(Base):
        id = AutoField()
        table_name = CharField(max_length=40)
        row_id = CharField(max_length=64)

        class Meta:
            table_name = "sync_change"

    class SyncRow(Base):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        table_name = CharField(max_length=40)
        row_id = CharField(max_length=64)
        vv = TextField(default="{}")
        state_hash = CharField(max_length=64)

        class Meta:
            table_name = "sync_row"
            indexes = ((("table_name", "row_id"), True),)

    class SyncPeer(Base):
        id = UUIDField(primary_key=True)  # the other place's device id
        is_hub = BooleanField(default=False)
        acked_change = IntegerField(default=0)
        received_change = IntegerField(default=0)
        acked_audit = IntegerField(default=0)
        received_audit = IntegerField(default=0)
        last_synced_at = DateTimeField(null=True)

        class Meta:
            table_name = "sync_peer"

    class SyncConflict(Base):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        table_name = CharField(max_length=40)
        row_id = CharField(max_length=64)
        client_id = UUIDField(null=True, index=True)
        kept_hash = CharField(max_length=64)
        lost = TextField()
        created_at = DateTimeField()
        updated_at = DateTimeField()
        resolved_at = DateTimeField(null=True)
        resolved_by_id = UUIDField(null=True)

        class Meta:
            table_name = "sync_conflict"
            indexes = ((("table_name", "row_id"), False),)

    return [SyncChange, SyncRow, SyncPeer, SyncConflict]


def up(migrator, db):
    db.create_tables(_tables(db))
    migrator.migrate(
        migrator.add_column("audit_event", "device_id", UUIDField(null=True)),
        migrator.add_column("audit_event", "device_seq", IntegerField(null=True)),
    )
    device = uuid.uuid4()
    mark = db.param
    db.execute_sql(
        f"INSERT INTO setting (key, value) VALUES ({mark}, {mark}), ({mark}, {mark})",
        ("device_id", f'"{device}"', "sync_key", f'"{secrets.token_hex(32)}"'),
    )
    stored = str(device) if isinstance(db, PostgresqlDatabase) else device.hex
    if isinstance(db, SqliteDatabase):
        db.execute_sql("DROP TRIGGER audit_event_no_update")
        db.execute_sql(f"UPDATE audit_event SET device_id = {mark}, device_seq = seq", (stored,))
        db.execute_sql(AUDIT_TRIGGERS[0])
    elif isinstance(db, PostgresqlDatabase):  # untested here: no server on the helper's machine
        db.execute_sql("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
        db.execute_sql(f"UPDATE audit_event SET device_id = {mark}, device_seq = seq", (stored,))
        db.execute_sql("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")
    db.execute_sql(
        'CREATE UNIQUE INDEX "audit_event_device_id_device_seq" ON "audit_event" ("device_id", "device_seq")'
    )
    if isinstance(db, SqliteDatabase):
        for table in SYNCED_TABLES:
            for statement in _sqlite_capture(table):
                db.execute_sql(statement)
    elif isinstance(db, PostgresqlDatabase):
        db.execute_sql(POSTGRES_CAPTURE_FUNCTION)
        for table in SYNCED_TABLES:
            db.execute_sql(_postgres_capture(table))
        _deferrable(db, "DEFERRABLE INITIALLY IMMEDIATE")


def _deferrable(db, how):
    """A change set may bring a row before the row of the same table it points at (a staff member
    before their supervisor, a note before the one it was copied from): an import checks the synced
    tables' foreign keys at its commit (``SET CONSTRAINTS ALL DEFERRED``; SQLite's
    ``defer_foreign_keys``). Checked at once, as before, everywhere else."""
    names = db.execute_sql(
        "SELECT c.relname, k.conname FROM pg_constraint AS k JOIN pg_class AS c ON c.oid = k.conrelid "
        "WHERE k.contype = 'f' AND c.relname = ANY(%s) AND pg_table_is_visible(c.oid)",
        (list(SYNCED_TABLES),),
    ).fetchall()
    for table, name in names:
        db.execute_sql(f'ALTER TABLE "{table}" ALTER CONSTRAINT "{name}" {how}')


def down(migrator, db):
    if isinstance(db, SqliteDatabase):
        for table in SYNCED_TABLES:
            for event in ("insert", "update", "delete"):
                db.execute_sql(f"DROP TRIGGER IF EXISTS sync_capture_{table}_{event}")
    elif isinstance(db, PostgresqlDatabase):
        _deferrable(db, "NOT DEFERRABLE")
        for table in SYNCED_TABLES:
            db.execute_sql(f'DROP TRIGGER IF EXISTS sync_capture_{table} ON "{table}"')
        db.execute_sql("DROP FUNCTION IF EXISTS iopdesk_sync_capture()")
    db.execute_sql('DROP INDEX IF EXISTS "audit_event_device_id_device_seq"')
    migrator.migrate(
        migrator.drop_column("audit_event", "device_seq"),
        migrator.drop_column("audit_event", "device_id"),
    )
    db.execute_sql("DELETE FROM setting WHERE key IN ('device_id', 'sync_key')")
    db.drop_tables(list(reversed(_tables(db))))
