"""A clinic's schema on a PostgreSQL server: one workstation upgrades it at a time, the guards of
its signed records are checked, ``check`` says what server it is on, and a demo clinic is removed.

Apart from store/server.py (how IOPdesk connects and writes): these run when a server clinic is
opened, checked or replaced by a demo, so a clinic kept in a SQLite file never loads them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from peewee import PostgresqlDatabase

log = logging.getLogger("iopdesk.store.server")  # its records keep the name they had before the split

MIGRATION_LOCK = 0x10BDE5D  # held while one workstation checks and upgrades the schema


@contextmanager
def schema_lock(db: PostgresqlDatabase) -> Iterator[None]:
    """Held while this workstation checks (and perhaps upgrades) the schema: two workstations
    started at once after an update do not both run the same upgrade."""
    db.execute_sql(f"SELECT pg_advisory_lock({MIGRATION_LOCK})")
    try:
        yield
    finally:
        if not db.is_closed():
            try:
                db.execute_sql(f"SELECT pg_advisory_unlock({MIGRATION_LOCK})")
            except Exception:  # a lost connection lets go of it anyway
                log.info("could not release the schema lock (the connection is gone)")


# The triggers that keep signed records and the audit trail as they were written (migrations
# 0003, 0007 and 0009): ``check`` reports any that is missing or disabled (the tables' owner can
# disable triggers; see the README on a hardened server).
_GUARDED = (
    "note",
    "note_addendum",
    "care_admission_change",
    "care_screening",
    "care_plan",
    "care_plan_review",
    "care_discharge",
    "measure_result",
    "measure_detox_observation",
    "measure_drug_screen",
    "measure_drug_screen_result",
    "measure_safety_alert",
    "measure_detox",
)
GUARD_TRIGGERS = (
    *(f"{table}_{kind}" for table in _GUARDED for kind in ("guard", "no_truncate")),
    "audit_event_append_only",
    "audit_event_no_truncate",
)


def guard_problems(db: PostgresqlDatabase) -> str:
    """'ok', or which guards of signed records and of the audit trail are missing or disabled."""
    rows = db.execute_sql(
        "SELECT t.tgname, t.tgenabled FROM pg_catalog.pg_trigger t "
        "JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid "
        "WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal"
    ).fetchall()
    enabled = {name: state != "D" for name, state in rows}
    missing = [name for name in GUARD_TRIGGERS if name not in enabled]
    disabled = [name for name in GUARD_TRIGGERS if name in enabled and not enabled[name]]
    problems = []
    if missing:
        problems.append(f"guards missing: {', '.join(missing)}")
    if disabled:
        problems.append(f"guards disabled: {', '.join(disabled)}")
    return "; ".join(problems) or "ok"


def summary(db: PostgresqlDatabase) -> str:
    """ "PostgreSQL 15.2 (database clinic, role iopdesk, encrypted connection)" for ``check``."""
    conn = db.connection()
    version = conn.info.server_version
    ssl = db.execute_sql("SELECT ssl FROM pg_catalog.pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
    name, user = db.execute_sql("SELECT current_database(), current_user").fetchone()
    link = "encrypted connection" if ssl and ssl[0] else "unencrypted connection"
    return f"PostgreSQL {version // 10000}.{version % 10000} (database {name}, role {user}, {link})"


def drop_clinic(db: PostgresqlDatabase) -> None:
    """Remove every IOPdesk table, view, function and search configuration from the database (the
    demo command, replacing an earlier demo: never called on a real clinic). The unaccent
    extension stays: it may have been made by the server's administrator."""
    with db.atomic():
        tables = db.get_tables()
        if tables:
            db.execute_sql("DROP TABLE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
        functions = db.execute_sql(
            "SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p "
            "WHERE p.pronamespace = current_schema()::regnamespace "
            "AND (p.proname LIKE 'iopdesk\\_%%' OR p.proname = 'audit_event_append_only')"
        ).fetchall()
        for (signature,) in functions:
            db.execute_sql(f"DROP FUNCTION IF EXISTS {signature} CASCADE")
        db.execute_sql("DROP TEXT SEARCH CONFIGURATION IF EXISTS iopdesk_search")


def owner_needed(db: PostgresqlDatabase) -> str | None:
    """The role that owns the clinic's tables when this connection's role cannot act as it (a
    workstation's role on a hardened server may read and write rows, not change the schema)."""
    row = db.execute_sql(
        "SELECT tableowner, pg_has_role(current_user, tableowner, 'USAGE') FROM pg_catalog.pg_tables "
        "WHERE schemaname = current_schema() AND tablename = 'schema_migration'"
    ).fetchone()
    if row is None or row[1]:
        return None
    return str(row[0])
