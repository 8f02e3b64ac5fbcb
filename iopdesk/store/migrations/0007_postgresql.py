"""0007: the same guards and the same note search on a PostgreSQL server as on SQLite.

Hand-written (frozen: it must not import application code, which changes later).

On SQLite this step does nothing: 0002, 0003, 0005 and 0006 made its triggers and FTS5 index.
Those steps gave a server only the tables (and the audit trail's triggers); no clinic has run on
a server before this step, so everything a server lacks is made here, in one place, rather
than spread over frozen steps:

- Guards (plpgsql triggers, raising SQLSTATE 23000 so that the program sees the same
  IntegrityError as from SQLite's RAISE(ABORT)), with the same rules and messages as
  0005's and 0006's:
  - a signed note refuses an UPDATE of any of its columns (text, seal, signer, status, date of
    service, author, session, client, format, override, what it documented, version, times…)
    and any DELETE; a note awaiting co-signature may only be co-signed or returned; the goals a
    signed or pending note addressed are fixed; addenda refuse any change or removal;
  - signed care records (screenings, plan versions, plan reviews, discharges) as in 0006;
    the admission-term history is never changed or removed;
  - the audit trail (0003's triggers, whose function is replaced here so that UPDATE and
    DELETE each say what was refused, as on SQLite);
  - TRUNCATE, which row triggers do not see, is refused on every one of these tables.
- Note search: PostgreSQL's own full-text engine. ``iopdesk_note_text(body)`` is the
  searchable text of a note (the string values of its JSON body, one per line: field names
  are not indexed, so "assessment" does not match every note); the text search configuration
  ``iopdesk_search`` folds accents (the ``unaccent`` extension, trusted since PostgreSQL 13:
  the database owner may create it) and lower-cases, like FTS5's ``unicode61
  remove_diacritics 2``; ``note_search`` keeps every note not retired with its words (a
  tsvector) and what searches filter and sort on, following each insert, save and retirement
  through triggers, as SQLite's ``note_search`` and FTS5 index do; a GIN index on the words
  answers rare words, prefixes and phrases, and the date index walks the newest notes for
  common ones (iopdesk.store.fulltext builds the query).
"""

from peewee import PostgresqlDatabase

LOCKED_SIGNED = "signed notes cannot be changed; add an addendum instead"
LOCKED_PENDING = "a note awaiting co-signature cannot be changed; the supervisor can return it"
LOCKED_ADDENDUM = "addenda cannot be changed or removed"
NOTE_GOALS = "the goals a signed note addressed cannot be changed"
CARE_SIGNED = "signed care records cannot be changed; a plan changes by a new version"
CARE_PENDING = "a care record awaiting co-signature cannot be changed; the supervisor can return it"
CARE_HISTORY = "the history of admission terms cannot be changed or removed"
AUDIT_UPDATE = "the audit trail cannot be changed"
AUDIT_DELETE = "entries of the audit trail cannot be removed"
NOTES_TRUNCATE = "signed notes cannot be removed"

# Frozen copies of 0005's and 0006's column lists.
NOTE_COLUMNS = (
    "id", "origin_site_id", "created_at", "updated_at", "version", "retired_at", "session_id",
    "client_id", "author_id", "note_format", "body", "status", "signed_by_id", "signed_at",
    "content_hash", "cosigned_by_id", "cosigned_at", "return_comment", "copied_from_id", "date",
    "guard_override", "documented",
)  # fmt: skip
PENDING_FIXED = (
    "id", "origin_site_id", "created_at", "retired_at", "session_id", "client_id", "author_id",
    "note_format", "body", "copied_from_id", "date",
)  # fmt: skip
ADDENDUM_COLUMNS = (
    "id", "origin_site_id", "created_at", "updated_at", "version", "retired_at", "note_id",
    "author_id", "text", "signed_at", "content_hash",
)  # fmt: skip
SEAL_COLUMNS = (
    "author_id", "status", "signed_by_id", "signed_at", "content_hash", "cosigned_by_id",
    "cosigned_at", "retired_at", "client_id", "origin_site_id", "created_at",
)  # fmt: skip
CARE_CONTENT = {
    "care_screening": (
        "screened_on", "answers", "ratings", "computed", "recommendation", "override_reason", "summary",
    ),
    "care_plan": (
        "episode_id", "number", "based_on_id", "content", "review_days", "client_agreed",
        "client_agreement", "signed_on",
    ),
    "care_plan_review": ("plan_id", "reviewed_on", "progress", "summary", "outcome", "client_participated"),
    "care_discharge": ("episode_id", "reason", "discharged_on", "summary", "aftercare"),
}  # fmt: skip


def _changed(columns):
    return " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in columns)


def _refuse(message):
    return f"RAISE EXCEPTION USING ERRCODE = '23000', MESSAGE = '{message}'"


def _function(name, body):
    return f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {body}
    END $$"""


def _row_trigger(table, function, when="UPDATE OR DELETE"):
    return (
        f"CREATE TRIGGER {table}_guard BEFORE {when} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()"
    )


def _no_truncate(table, message):
    return (
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION iopdesk_refuse_truncate('{message}')"
    )


NOTE_GUARD = f"""
        IF TG_OP = 'DELETE' THEN
            IF OLD.status IN ('signed', 'pending_cosign') THEN {_refuse(LOCKED_SIGNED)}; END IF;
            RETURN OLD;
        END IF;
        IF OLD.status = 'signed' AND ({_changed(NOTE_COLUMNS)}) THEN {_refuse(LOCKED_SIGNED)}; END IF;
        IF OLD.status = 'pending_cosign' AND (
            {_changed(PENDING_FIXED)}
            OR NEW.status NOT IN ('pending_cosign', 'signed', 'returned')
            OR (NEW.status <> 'returned' AND OLD.content_hash IS NOT NULL AND (
                NEW.content_hash IS DISTINCT FROM OLD.content_hash
                OR NEW.signed_by_id IS DISTINCT FROM OLD.signed_by_id
                OR NEW.signed_at IS DISTINCT FROM OLD.signed_at))
            OR (NEW.status <> 'returned' AND OLD.documented IS NOT NULL
                AND NEW.documented IS DISTINCT FROM OLD.documented)
            OR (NEW.status = 'pending_cosign' AND NEW.guard_override IS DISTINCT FROM OLD.guard_override)
            OR (NEW.status <> 'signed' AND (
                NEW.cosigned_by_id IS DISTINCT FROM OLD.cosigned_by_id
                OR NEW.cosigned_at IS DISTINCT FROM OLD.cosigned_at)))
        THEN {_refuse(LOCKED_PENDING)}; END IF;
        IF OLD.status IN ('signed', 'pending_cosign')
            AND NEW.goals_addressed IS DISTINCT FROM OLD.goals_addressed
        THEN {_refuse(NOTE_GOALS)}; END IF;
        RETURN NEW;"""

ADDENDUM_GUARD = f"""
        IF TG_OP = 'DELETE' THEN {_refuse(LOCKED_ADDENDUM)}; END IF;
        IF {_changed(ADDENDUM_COLUMNS)} THEN {_refuse(LOCKED_ADDENDUM)}; END IF;
        RETURN NEW;"""

AUDIT_GUARD = f"""
        IF TG_OP = 'UPDATE' THEN {_refuse(AUDIT_UPDATE)}; END IF;
        {_refuse(AUDIT_DELETE)};"""

HISTORY_GUARD = f"""
        {_refuse(CARE_HISTORY)};"""


def _care_guard(table):
    content = CARE_CONTENT[table]
    return f"""
        IF TG_OP = 'DELETE' THEN
            IF OLD.status IN ('signed', 'pending_cosign') THEN {_refuse(CARE_SIGNED)}; END IF;
            RETURN OLD;
        END IF;
        IF OLD.status = 'signed' AND ({_changed(content + SEAL_COLUMNS + ("return_comment",))})
        THEN {_refuse(CARE_SIGNED)}; END IF;
        IF OLD.status = 'pending_cosign' AND (
            {_changed(content + ("author_id", "client_id", "retired_at"))}
            OR (OLD.content_hash IS NOT NULL AND NEW.content_hash IS DISTINCT FROM OLD.content_hash
                AND NEW.status <> 'returned'))
        THEN {_refuse(CARE_PENDING)}; END IF;
        RETURN NEW;"""


GUARDS = [
    """CREATE OR REPLACE FUNCTION iopdesk_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION USING ERRCODE = '23000', MESSAGE = TG_ARGV[0];
    END $$""",
    _function("iopdesk_note_guard", NOTE_GUARD),
    _row_trigger("note", "iopdesk_note_guard"),
    _no_truncate("note", NOTES_TRUNCATE),
    _function("iopdesk_note_addendum_guard", ADDENDUM_GUARD),
    _row_trigger("note_addendum", "iopdesk_note_addendum_guard"),
    _no_truncate("note_addendum", LOCKED_ADDENDUM),
    # 0003 made the audit trail's triggers (audit_event_append_only, audit_event_no_truncate);
    # their function now tells an UPDATE from a DELETE, as SQLite's two triggers do.
    _function("audit_event_append_only", AUDIT_GUARD),
    _function("iopdesk_care_admission_change_guard", HISTORY_GUARD),
    _row_trigger("care_admission_change", "iopdesk_care_admission_change_guard"),
    _no_truncate("care_admission_change", CARE_HISTORY),
    *(
        statement
        for table in CARE_CONTENT
        for statement in (
            _function(f"iopdesk_{table}_guard", _care_guard(table)),
            _row_trigger(table, f"iopdesk_{table}_guard"),
            _no_truncate(table, CARE_SIGNED),
        )
    ),
]

# --- note search ------------------------------------------------------------------------------

# PARALLEL RESTRICTED: its exception block is a subtransaction, which a parallel worker cannot start.
NOTE_TEXT = """CREATE OR REPLACE FUNCTION iopdesk_note_text(body text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL RESTRICTED AS $$
    BEGIN
        -- The string values of a JSON body, one per line; a body that is not JSON as it is.
        RETURN coalesce((
            SELECT string_agg(value #>> '{}', E'\\n')
            FROM json_each(body::json) WHERE json_typeof(value) = 'string'), '');
    EXCEPTION WHEN others THEN
        RETURN coalesce(body, '');
    END $$"""

# Every kind of word the default parser finds goes through unaccent, then is lower-cased.
WORD_TOKENS = (
    "asciiword", "word", "numword", "asciihword", "hword", "numhword",
    "hword_asciipart", "hword_part", "hword_numpart",
)  # fmt: skip

DOCUMENT = "to_tsvector('iopdesk_search'::regconfig, iopdesk_note_text({body}))"
SEARCH_COLUMNS = "note_id, session_id, client_id, author_id, date, created_at, document"
FOLLOWED = ("body", "retired_at", "session_id", "client_id", "author_id", "date", "created_at")

SEARCH = [
    NOTE_TEXT,
    "CREATE TEXT SEARCH CONFIGURATION iopdesk_search (COPY = pg_catalog.simple)",
    f"ALTER TEXT SEARCH CONFIGURATION iopdesk_search ALTER MAPPING FOR {', '.join(WORD_TOKENS)} "
    "WITH unaccent, simple",
    # Each note not retired, with what searches filter and sort on and its words, kept by the
    # triggers below (as SQLite's note_search and FTS5 index): a search walks the newest dates
    # when a word is common and the GIN index when it is rare, never computing a note's words.
    """CREATE TABLE note_search (
        note_id uuid PRIMARY KEY REFERENCES note (id) ON DELETE CASCADE,
        session_id uuid NOT NULL,
        client_id uuid,
        author_id uuid NOT NULL,
        date date NOT NULL,
        created_at timestamp NOT NULL,
        document tsvector NOT NULL
    )""",
    "CREATE INDEX note_search_document ON note_search USING gin (document)",
    "CREATE INDEX note_search_date ON note_search (date, created_at)",
    "CREATE INDEX note_search_client_date ON note_search (client_id, date)",
    f"""CREATE OR REPLACE FUNCTION iopdesk_note_search_follow() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.retired_at IS NOT NULL THEN
            DELETE FROM note_search WHERE note_id = NEW.id;
            RETURN NULL;
        END IF;
        INSERT INTO note_search ({SEARCH_COLUMNS})
        VALUES (NEW.id, NEW.session_id, NEW.client_id, NEW.author_id, NEW.date, NEW.created_at,
                {DOCUMENT.format(body="NEW.body")})
        ON CONFLICT (note_id) DO UPDATE SET session_id = EXCLUDED.session_id,
            client_id = EXCLUDED.client_id, author_id = EXCLUDED.author_id, date = EXCLUDED.date,
            created_at = EXCLUDED.created_at, document = EXCLUDED.document;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER note_search_after_insert AFTER INSERT ON note "
    "FOR EACH ROW EXECUTE FUNCTION iopdesk_note_search_follow()",
    # Signing, co-signing and the like save the whole row: only a change the search sees counts.
    f"CREATE TRIGGER note_search_after_update AFTER UPDATE ON note FOR EACH ROW "
    f"WHEN ({' OR '.join(f'OLD.{c} IS DISTINCT FROM NEW.{c}' for c in FOLLOWED)}) "
    "EXECUTE FUNCTION iopdesk_note_search_follow()",
    # Notes written before this step.
    f"INSERT INTO note_search ({SEARCH_COLUMNS}) "
    f"SELECT id, session_id, client_id, author_id, date, created_at, {DOCUMENT.format(body='body')} "
    "FROM note WHERE retired_at IS NULL",
]

NO_UNACCENT = (
    "IOPdesk needs the PostgreSQL extension unaccent (accent-insensitive note search) in the "
    "database {db}, and this account may not create it: ask the server's administrator to run "
    "CREATE EXTENSION unaccent; in that database (or to make this account the database's owner), "
    "then try again."
)


def _unaccent(db):
    if db.execute_sql("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'").fetchone():
        return
    if not db.execute_sql("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'").fetchone():
        raise RuntimeError(
            "the PostgreSQL server lacks the extension unaccent (Debian and Ubuntu: the postgresql "
            "package has it; others: install postgresql-contrib)"
        )
    allowed = db.execute_sql("SELECT has_database_privilege(current_database(), 'CREATE')").fetchone()[0]
    if not allowed:
        name = db.execute_sql("SELECT current_database()").fetchone()[0]
        raise RuntimeError(NO_UNACCENT.format(db=name))
    db.execute_sql("CREATE EXTENSION IF NOT EXISTS unaccent")


def up(migrator, db):
    if not isinstance(db, PostgresqlDatabase):
        return
    _unaccent(db)
    for statement in GUARDS + SEARCH:
        db.execute_sql(statement)


DROPS = [
    "DROP TRIGGER IF EXISTS note_search_after_update ON note",
    "DROP TRIGGER IF EXISTS note_search_after_insert ON note",
    "DROP FUNCTION IF EXISTS iopdesk_note_search_follow()",
    "DROP TABLE IF EXISTS note_search",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS iopdesk_search",
    "DROP FUNCTION IF EXISTS iopdesk_note_text(text)",
    *(
        f"DROP TRIGGER IF EXISTS {table}_{kind} ON {table}"
        for table in ("note", "note_addendum", "care_admission_change", *CARE_CONTENT)
        for kind in ("guard", "no_truncate")
    ),
    *(
        f"DROP FUNCTION IF EXISTS iopdesk_{table}_guard()"
        for table in ("note", "note_addendum", "care_admission_change", *CARE_CONTENT)
    ),
    "DROP FUNCTION IF EXISTS iopdesk_refuse_truncate()",
    # 0003's audit function as it was
    f"""CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{AUDIT_UPDATE}';
    END $$ LANGUAGE plpgsql""",
]


def down(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        for statement in DROPS:
            db.execute_sql(statement)
