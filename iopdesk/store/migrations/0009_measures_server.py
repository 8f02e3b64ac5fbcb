"""0009: the measures' guards of 0008 on a PostgreSQL server.

Hand-written (frozen: it must not import application code, which changes later).

On SQLite this step does nothing: 0008 made the measures' triggers there. 0008 gave a server only
the tables; here the same rules, with the same messages, become plpgsql triggers (raising SQLSTATE
23000 so that the program sees the same IntegrityError as from SQLite's RAISE(ABORT), as 0007's do):

- a result, a detox observation, a drug screen and its per-substance results refuse any UPDATE and
  any DELETE (a mistake is corrected by a new row that supersedes the old one);
- a safety alert refuses DELETE; an UPDATE may only record its follow-up, once;
- a detox episode refuses DELETE; what it monitors never changes, and an ended one is fixed;
- TRUNCATE, which row triggers do not see, is refused on every one of these tables.
"""

from peewee import PostgresqlDatabase

# Frozen copies of 0008's messages and column lists.
RECORDED = "recorded measures cannot be changed or removed; record a correction instead"
ALERT = "the follow-up of a safety alert is recorded once and then never changes; alerts are never removed"
DETOX = "a detox episode keeps what it monitors; once ended it cannot change; it is never removed"

APPEND_ONLY = (
    "measure_result",
    "measure_detox_observation",
    "measure_drug_screen",
    "measure_drug_screen_result",
)
ALERT_FIXED = (
    "id", "origin_site_id", "created_at", "retired_at", "client_id", "result_id", "episode_id",
    "item", "answer", "message", "raised_on", "raised_at",
)  # fmt: skip
DETOX_FIXED = (
    "id", "origin_site_id", "created_at", "client_id", "episode_id", "substance", "instrument",
    "started_at", "opened_by_id",
)  # fmt: skip


def _changed(columns):
    return " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in columns)


def _refuse(message):
    return f"RAISE EXCEPTION USING ERRCODE = '23000', MESSAGE = '{message}'"


def _guard(table, body):
    """A function and its row trigger, and TRUNCATE refused with the same message."""
    return [
        f"""CREATE OR REPLACE FUNCTION iopdesk_{table}_guard() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {body}
        END $$""",
        f"CREATE TRIGGER {table}_guard BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION iopdesk_{table}_guard()",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION iopdesk_refuse_truncate('{body_message(body)}')",
    ]


def body_message(body):
    """The message a guard's body raises (TRUNCATE says the same)."""
    return body.split("MESSAGE = '", 1)[1].split("'", 1)[0]


ALERT_GUARD = f"""
            IF TG_OP = 'DELETE' OR OLD.recorded_at IS NOT NULL OR ({_changed(ALERT_FIXED)})
            THEN {_refuse(ALERT)}; END IF;
            RETURN NEW;"""

DETOX_GUARD = f"""
            IF TG_OP = 'DELETE' OR OLD.ended_at IS NOT NULL OR ({_changed(DETOX_FIXED)})
            THEN {_refuse(DETOX)}; END IF;
            RETURN NEW;"""

GUARDS = [
    # As 0007 made it (again here, so that this step stands on its own).
    """CREATE OR REPLACE FUNCTION iopdesk_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION USING ERRCODE = '23000', MESSAGE = TG_ARGV[0];
    END $$""",
    *(statement for table in APPEND_ONLY for statement in _guard(table, f"{_refuse(RECORDED)};")),
    *_guard("measure_safety_alert", ALERT_GUARD),
    *_guard("measure_detox", DETOX_GUARD),
]

TABLES = (*APPEND_ONLY, "measure_safety_alert", "measure_detox")


def up(migrator, db):
    if not isinstance(db, PostgresqlDatabase):
        return
    for statement in GUARDS:
        db.execute_sql(statement)


def down(migrator, db):
    if not isinstance(db, PostgresqlDatabase):
        return
    for table in TABLES:
        db.execute_sql(f"DROP TRIGGER IF EXISTS {table}_guard ON {table}")
        db.execute_sql(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        db.execute_sql(f"DROP FUNCTION IF EXISTS iopdesk_{table}_guard()")
