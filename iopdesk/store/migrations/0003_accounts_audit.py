"""0003: sign-in accounts and the audit trail.

Hand-written (frozen: it must not import application code, which changes later).

- ``staff`` gains ``also_clinical`` (an administrator who also does clinical
  work), ``must_change_password`` (set when an administrator resets a password)
  and ``password_changed_at``. The password hash, failed-attempt count and lock
  time were already there from 0001.
- ``audit_event``: the append-only, hash-chained audit trail. The program never
  updates or deletes its rows, and the database refuses to as well: triggers
  abort any UPDATE or DELETE (and, on PostgreSQL, TRUNCATE).
"""

import uuid

from peewee import (
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

REFUSE_UPDATE = "the audit trail cannot be changed"
REFUSE_DELETE = "entries of the audit trail cannot be removed"

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
    BEGIN
        SELECT RAISE(ABORT, '{REFUSE_UPDATE}');
    END""",
    f"""CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
    BEGIN
        SELECT RAISE(ABORT, '{REFUSE_DELETE}');
    END""",
]

POSTGRES_TRIGGERS = [
    f"""CREATE FUNCTION audit_event_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{REFUSE_UPDATE}';
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()""",
    """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()""",
]


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("staff", "also_clinical", BooleanField(default=False)),
        migrator.add_column("staff", "must_change_password", BooleanField(default=False)),
        migrator.add_column("staff", "password_changed_at", DateTimeField(null=True)),
    )

    class AuditEvent(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        seq = IntegerField(unique=True)
        at = DateTimeField(index=True)
        staff_id = UUIDField(null=True, index=True)
        workstation = CharField(max_length=120)
        site_id = UUIDField(null=True)
        action = CharField(max_length=40, index=True)
        client_id = UUIDField(null=True, index=True)
        record_type = CharField(max_length=40)
        record_id = CharField(max_length=64)
        changes = TextField()
        prev_hash = CharField(max_length=64)
        hash = CharField(max_length=64)

        class Meta:
            database = db
            table_name = "audit_event"

    db.create_tables([AuditEvent])
    if isinstance(db, SqliteDatabase):
        statements = SQLITE_TRIGGERS
    elif isinstance(db, PostgresqlDatabase):
        statements = POSTGRES_TRIGGERS
    else:
        statements = []
    for statement in statements:
        db.execute_sql(statement)


def down(migrator, db):
    if isinstance(db, SqliteDatabase):
        db.execute_sql("DROP TRIGGER IF EXISTS audit_event_no_delete")
        db.execute_sql("DROP TRIGGER IF EXISTS audit_event_no_update")
    elif isinstance(db, PostgresqlDatabase):
        db.execute_sql("DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event")
        db.execute_sql("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
        db.execute_sql("DROP FUNCTION IF EXISTS audit_event_append_only()")
    db.execute_sql("DROP TABLE IF EXISTS audit_event")
    migrator.migrate(
        migrator.drop_column("staff", "password_changed_at"),
        migrator.drop_column("staff", "must_change_password"),
        migrator.drop_column("staff", "also_clinical"),
    )
