"""0005: signed records stay what they were, and attendance minutes say where they came from.

Hand-written (frozen: it must not import application code, which changes later).

- ``note.documented``: what a note documented when it was sealed (the session's
  time, length, topic, modality and facilitators, and for a member's part their
  attendance and minutes), as JSON, so an old note keeps showing who facilitated
  then and when the member came, whatever changes later.
- ``attendance.minutes_typed``: the minutes were typed in by hand (kept as
  given). Otherwise they are derived from the times or the whole session, as
  the session finally ran. Older rows: a mark whose stored minutes are what its
  times (or, for "present" without times, the whole session) give is derived;
  any other stored minutes were typed, or cannot be derived (a late arrival
  with no time: only the minutes are known), and are kept as typed.
- The note guards, complete (this is now the one place they are written for
  SQLite; they replace 0002's). A signed note refuses an UPDATE of ANY column
  (text, seal, signer, status, date of service, author, session, client,
  format, override, what it documents, version, times…) and any DELETE. A note
  awaiting co-signature may only be co-signed (status 'signed', the
  co-signer and time set) or returned (status 'returned', the seal cleared),
  everything else about it fixed. Addenda refuse any change or removal.

PostgreSQL gets the columns and the data step; its guards are future work and
belong beside ``SQLITE_GUARDS`` as ``POSTGRES_GUARDS`` (one place per engine).
"""

from peewee import BooleanField, PostgresqlDatabase, SqliteDatabase, TextField

LOCKED_SIGNED = "signed notes cannot be changed; add an addendum instead"
LOCKED_PENDING = "a note awaiting co-signature cannot be changed; the supervisor can return it"
LOCKED_ADDENDUM = "addenda cannot be changed or removed"

NOTE_COLUMNS = (
    "id",
    "origin_site_id",
    "created_at",
    "updated_at",
    "version",
    "retired_at",
    "session_id",
    "client_id",
    "author_id",
    "note_format",
    "body",
    "status",
    "signed_by_id",
    "signed_at",
    "content_hash",
    "cosigned_by_id",
    "cosigned_at",
    "return_comment",
    "copied_from_id",
    "date",
    "guard_override",
    "documented",
)
# What a note awaiting co-signature never changes (co-signing and returning touch the rest; the
# override record changes only with them: the reviewer is added, or a return clears it).
PENDING_FIXED = (
    "id",
    "origin_site_id",
    "created_at",
    "retired_at",
    "session_id",
    "client_id",
    "author_id",
    "note_format",
    "body",
    "copied_from_id",
    "date",
)
ADDENDUM_COLUMNS = (
    "id",
    "origin_site_id",
    "created_at",
    "updated_at",
    "version",
    "retired_at",
    "note_id",
    "author_id",
    "text",
    "signed_at",
    "content_hash",
)


def _changed(columns):
    return " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)


GUARD_TRIGGERS = (
    "note_signed_is_immutable",
    "note_pending_is_locked",
    "note_locked_not_deleted",
    "note_addendum_is_immutable",
    "note_addendum_not_deleted",
)

SQLITE_GUARDS = [
    f"""CREATE TRIGGER note_signed_is_immutable BEFORE UPDATE ON note
    WHEN OLD.status = 'signed' AND ({_changed(NOTE_COLUMNS)})
    BEGIN
        SELECT RAISE(ABORT, '{LOCKED_SIGNED}');
    END""",
    f"""CREATE TRIGGER note_pending_is_locked BEFORE UPDATE ON note
    WHEN OLD.status = 'pending_cosign' AND (
        {_changed(PENDING_FIXED)}
        OR NEW.status NOT IN ('pending_cosign', 'signed', 'returned')
        OR (NEW.status <> 'returned' AND OLD.content_hash IS NOT NULL AND (
            NEW.content_hash IS NOT OLD.content_hash OR NEW.signed_by_id IS NOT OLD.signed_by_id
            OR NEW.signed_at IS NOT OLD.signed_at))
        OR (NEW.status <> 'returned' AND OLD.documented IS NOT NULL
            AND NEW.documented IS NOT OLD.documented)
        OR (NEW.status = 'pending_cosign' AND NEW.guard_override IS NOT OLD.guard_override)
        OR (NEW.status <> 'signed' AND (
            NEW.cosigned_by_id IS NOT OLD.cosigned_by_id OR NEW.cosigned_at IS NOT OLD.cosigned_at)))
    BEGIN
        SELECT RAISE(ABORT, '{LOCKED_PENDING}');
    END""",
    f"""CREATE TRIGGER note_locked_not_deleted BEFORE DELETE ON note
    WHEN OLD.status IN ('signed', 'pending_cosign')
    BEGIN
        SELECT RAISE(ABORT, '{LOCKED_SIGNED}');
    END""",
    f"""CREATE TRIGGER note_addendum_is_immutable BEFORE UPDATE ON note_addendum
    WHEN {_changed(ADDENDUM_COLUMNS)}
    BEGIN
        SELECT RAISE(ABORT, '{LOCKED_ADDENDUM}');
    END""",
    f"""CREATE TRIGGER note_addendum_not_deleted BEFORE DELETE ON note_addendum
    BEGIN
        SELECT RAISE(ABORT, '{LOCKED_ADDENDUM}');
    END""",
]

# 0002's guards as they were (frozen copies), put back by ``down``.
SQLITE_0002_GUARDS = [
    f"""CREATE TRIGGER note_signed_is_immutable BEFORE UPDATE ON note
    WHEN OLD.status = 'signed' AND (
        NEW.body IS NOT OLD.body OR NEW.content_hash IS NOT OLD.content_hash
        OR NEW.signed_at IS NOT OLD.signed_at OR NEW.signed_by_id IS NOT OLD.signed_by_id
        OR NEW.cosigned_by_id IS NOT OLD.cosigned_by_id OR NEW.cosigned_at IS NOT OLD.cosigned_at
        OR NEW.status IS NOT OLD.status OR NEW.retired_at IS NOT OLD.retired_at
        OR NEW.session_id IS NOT OLD.session_id OR NEW.client_id IS NOT OLD.client_id
        OR NEW.note_format IS NOT OLD.note_format OR NEW.guard_override IS NOT OLD.guard_override)
    BEGIN
        SELECT RAISE(ABORT, '{LOCKED_SIGNED}');
    END""",
    f"""CREATE TRIGGER note_pending_is_locked BEFORE UPDATE ON note
    WHEN OLD.status = 'pending_cosign' AND (
        NEW.body IS NOT OLD.body OR NEW.session_id IS NOT OLD.session_id
        OR NEW.client_id IS NOT OLD.client_id OR NEW.note_format IS NOT OLD.note_format
        OR NEW.retired_at IS NOT OLD.retired_at
        OR (OLD.content_hash IS NOT NULL AND NEW.content_hash IS NOT OLD.content_hash
            AND NEW.status <> 'returned'))
    BEGIN
        SELECT RAISE(ABORT, '{LOCKED_PENDING}');
    END""",
    f"""CREATE TRIGGER note_locked_not_deleted BEFORE DELETE ON note
    WHEN OLD.status IN ('signed', 'pending_cosign')
    BEGIN
        SELECT RAISE(ABORT, '{LOCKED_SIGNED}');
    END""",
    f"""CREATE TRIGGER note_addendum_is_immutable BEFORE UPDATE ON note_addendum
    WHEN NEW.text IS NOT OLD.text OR NEW.content_hash IS NOT OLD.content_hash
        OR NEW.note_id IS NOT OLD.note_id OR NEW.author_id IS NOT OLD.author_id
        OR NEW.signed_at IS NOT OLD.signed_at OR NEW.retired_at IS NOT OLD.retired_at
    BEGIN
        SELECT RAISE(ABORT, '{LOCKED_ADDENDUM}');
    END""",
    f"""CREATE TRIGGER note_addendum_not_deleted BEFORE DELETE ON note_addendum
    BEGIN
        SELECT RAISE(ABORT, '{LOCKED_ADDENDUM}');
    END""",
]


def _typed_minutes_sql(minutes_of, greatest, least, true, distinct):
    """Mark as typed the stored minutes that the times (or the whole session) do not give."""
    start = minutes_of("s.start_time")
    end = f"({start} + s.duration_minutes)"
    arrived = minutes_of("attendance.arrived_at")
    departed = minutes_of("attendance.departed_at")
    first = greatest(start, f"COALESCE({arrived}, {start})")
    last = least(end, f"COALESCE({departed}, {end})")
    derived = (
        "CASE WHEN attendance.status = 'late' AND attendance.arrived_at IS NULL THEN NULL"
        " WHEN attendance.status = 'left_early' AND attendance.departed_at IS NULL THEN NULL"
        f" ELSE {greatest('0', f'{last} - {first}')} END"
    )
    return (
        f"UPDATE attendance SET minutes_typed = {true}"
        " WHERE status IN ('present', 'late', 'left_early') AND minutes_attended IS NOT NULL"
        f" AND minutes_attended {distinct} (SELECT {derived} FROM session s"
        " WHERE s.id = attendance.session_id)"
    )


def _sqlite_minutes(column):
    # TimeField is stored as 'HH:MM:SS' text.
    return f"(CAST(substr({column}, 1, 2) AS INTEGER) * 60 + CAST(substr({column}, 4, 2) AS INTEGER))"


def _postgres_minutes(column):
    return f"(EXTRACT(HOUR FROM {column})::integer * 60 + EXTRACT(MINUTE FROM {column})::integer)"


SQLITE_TYPED = _typed_minutes_sql(
    _sqlite_minutes, lambda a, b: f"max({a}, {b})", lambda a, b: f"min({a}, {b})", "1", "IS NOT"
)
POSTGRES_TYPED = _typed_minutes_sql(
    _postgres_minutes,
    lambda a, b: f"GREATEST({a}, {b})",
    lambda a, b: f"LEAST({a}, {b})",
    "TRUE",
    "IS DISTINCT FROM",
)


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("note", "documented", TextField(null=True)),
        migrator.add_column("attendance", "minutes_typed", BooleanField(default=False)),
    )
    if isinstance(db, SqliteDatabase):
        db.execute_sql(SQLITE_TYPED)
        for name in GUARD_TRIGGERS:
            db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
        for statement in SQLITE_GUARDS:
            db.execute_sql(statement)
    elif isinstance(db, PostgresqlDatabase):
        db.execute_sql(POSTGRES_TYPED)


def down(migrator, db):
    if isinstance(db, SqliteDatabase):
        for name in GUARD_TRIGGERS:
            db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
        for statement in SQLITE_0002_GUARDS:
            db.execute_sql(statement)
    migrator.migrate(
        migrator.drop_column("attendance", "minutes_typed"),
        migrator.drop_column("note", "documented"),
    )
