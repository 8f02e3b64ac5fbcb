"""0014: the clinic's settings travel between places too.

Hand-written (frozen: it must not import application code). The ``setting`` table holds, by key,
both the clinic's settings (the Part 2 notice every export carries, hours floors, the absence
policy, note formats, …) and what belongs to one database alone (its device id, sync key and marks,
the hub's address, the audit head, the recovery key, the demo flag). The first must reach every
place; the second must never leave its machine. So the clinic's settings get a table of their own:

- ``clinic_setting``: ``key`` (unique), ``value`` (JSON text, as ``setting`` kept it),
  ``updated_at`` (the time of the last change: the merge of two places' edits orders by it) and
  ``version``. Its id is derived from the key (UUID version 5 in IOPdesk's namespace, as
  ``iopdesk.domain.kernel.ids.setting_id`` makes new ones): one row per setting at every place, so
  a setting changed at two places apart is one row to merge, not a collision on the unique key.
- The values of the settings declared when this step was written (``DECLARED_KEYS``, the keys of
  ``iopdesk.domain.kernel.declared_settings.DECLARED`` then) move there, exactly as stored (a value
  written around the program stays as it was, and still reads as the default); every other key
  stays in ``setting``, on this machine only. A setting declared later is written to
  ``clinic_setting`` from the start.
- The same change capture as 0010's to 0013's on the new table: SQLite triggers, and 0010's PL/pgSQL
  function on a server (it points at nothing: no foreign keys to make deferrable).

Values as they stand at the upgrade are not sent by themselves: they travel when next changed (or
in a new laptop's full copy). A place that never changed a setting since takes the other's change.
"""

import datetime as dt
import uuid

from peewee import (
    CharField,
    DateTimeField,
    IntegerField,
    Model,
    PostgresqlDatabase,
    SqliteDatabase,
    TextField,
    UUIDField,
)

TABLE = "clinic_setting"
# Parents first (the application's list, domain/sync/rows.py, must match; a test says so).
SYNCED_TABLES = ("clinic_setting",)

# iopdesk.domain.kernel.ids.NAMESPACE, copied (frozen): fixed forever.
NAMESPACE = uuid.UUID("7cddd654-77e3-5c08-84fe-e5388cf18298")

# The keys of declared_settings.DECLARED when this step was written (frozen): only these move.
DECLARED_KEYS = (
    "clinic_name",
    "date_order",
    "adult_weekly_floor_minutes",
    "adolescent_weekly_floor_minutes",
    "php_weekly_minutes",
    "program_min_minutes_per_day",
    "program_min_days_per_week",
    "absence_limit",
    "absence_window_weeks",
    "unexcused_in_a_row",
    "no_attendance_alert_days",
    "late_entry_days",
    "session_horizon_weeks",
    "note_due_hours",
    "note_format",
    "idle_lock_minutes",
    "lockout_attempts",
    "lockout_minutes",
    "part2_notice",
    "adolescent_age_cutoff",
    "plan_review_days",
    "plan_review_notice_days",
    "screening_criteria",
    "levels_of_care",
    "auditc_positive_men",
    "auditc_positive_women",
    "ciwa_moderate_from",
    "ciwa_severe_from",
    "measure_schedule",
    "measure_due_notice_days",
    "measure_window_days",
    "detox_ciwa_flag_from",
    "detox_cows_flag_from",
    "detox_pulse_flag_from",
    "detox_systolic_flag_from",
    "detox_diastolic_flag_from",
    "detox_temperature_flag_from",
)


def _derived(key):
    return uuid.uuid5(NAMESPACE, f"setting:{key}")


def _table(db):
    class ClinicSetting(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        key = CharField(max_length=100, unique=True)
        value = TextField()
        updated_at = DateTimeField()
        version = IntegerField(default=1)

        class Meta:
            database = db
            table_name = TABLE

    return ClinicSetting


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


def _keys_in():
    return ", ".join(f"'{key}'" for key in DECLARED_KEYS)  # fixed names of this file: no input


def _move(db):
    mark = db.param
    server = isinstance(db, PostgresqlDatabase)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)  # UTC, naive: as every *_at is stored
    rows = db.execute_sql(
        f"SELECT key, value FROM setting WHERE key IN ({_keys_in()}) ORDER BY key"
    ).fetchall()
    for key, value in rows:
        new = _derived(key)
        db.execute_sql(
            f'INSERT INTO "{TABLE}" (id, key, value, updated_at, version) '
            f"VALUES ({mark}, {mark}, {mark}, {mark}, 1)",
            (str(new) if server else new.hex, key, value, now),
        )
    db.execute_sql(f"DELETE FROM setting WHERE key IN ({_keys_in()})")


def up(migrator, db):
    db.create_tables([_table(db)])
    _move(db)  # before the capture: values carried over are no edit of this place
    if isinstance(db, SqliteDatabase):
        for table in SYNCED_TABLES:
            for statement in _sqlite_capture(table):
                db.execute_sql(statement)
    elif isinstance(db, PostgresqlDatabase):
        for table in SYNCED_TABLES:
            db.execute_sql(_postgres_capture(table))


def down(migrator, db):
    if isinstance(db, SqliteDatabase):
        for table in SYNCED_TABLES:
            for event in ("insert", "update", "delete"):
                db.execute_sql(f"DROP TRIGGER IF EXISTS sync_capture_{table}_{event}")
    elif isinstance(db, PostgresqlDatabase):
        for table in SYNCED_TABLES:
            db.execute_sql(f'DROP TRIGGER IF EXISTS sync_capture_{table} ON "{table}"')
    # Back where they were before 0014, every value (a setting declared since included).
    db.execute_sql(f'INSERT INTO setting (key, value) SELECT key, value FROM "{TABLE}"')
    db.drop_tables([_table(db)])
