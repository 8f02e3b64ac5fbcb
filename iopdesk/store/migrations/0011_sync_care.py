"""0011: the treatment records and measures travel too (issue 14).

Hand-written (frozen: it must not import application code). 0010 put change capture on the
roster, attendance and notes tables; a satellite laptop also screens, admits, plans, reviews,
discharges and gives instruments, and none of that may stay on the laptop. The same capture as
0010's, on the care tables (0006) and the measures tables (0008): SQLite triggers, and 0010's
PL/pgSQL function on a server, whose foreign keys on these tables become deferrable like 0010's, so
that an import may bring a corrected result before the result it corrects.
"""

from peewee import PostgresqlDatabase, SqliteDatabase

# Parents first (the application's list, domain/sync/rows.py, must match; a test says so).
SYNCED_TABLES = (
    "care_screening",
    "care_episode",
    "care_admission_change",
    "care_team_member",
    "care_plan",
    "care_plan_review",
    "care_discharge",
    "measure_result",
    "measure_safety_alert",
    "measure_detox",
    "measure_detox_observation",
    "measure_drug_screen",
    "measure_drug_screen_result",
)


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


def up(migrator, db):
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
