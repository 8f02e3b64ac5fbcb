"""0002: session notes — the guard-override column, full-text search, and lock triggers.

Hand-written (frozen: it must not import application code, which changes later).

Full-text search (SQLite FTS5, used by iopdesk.store.fulltext):
- ``note_search`` gives each note a stable INTEGER key (the note's own key is a
  UUID, and an implicit rowid may be renumbered by VACUUM) plus the columns
  searches filter on, so a filtered search never has to touch the note table.
- ``note_fts`` is an *external content* FTS5 index over the view
  ``note_search_text``: the text is the values of the note's JSON body (field
  keys are not indexed, so "plan" does not match every note), stored once in
  ``note.body`` and not copied. Accents are folded (José finds Jose).
- Triggers keep the index in step with every insert, save, sign and retire, so
  no code path (domain, demo bulk writer, a future import) can forget it.
  Retired notes leave the index. The 'delete' command must be given exactly
  the text that was indexed, so one SQL expression (``_text``) computes it in
  the triggers and in the view.

Immutability (ARCHITECTURE: signed notes never change):
- A finally signed note refuses any UPDATE of its text, seal, signer, status,
  owner or retirement, and any DELETE; so do addenda.
- A note awaiting co-signature is locked too: its text cannot change; the only
  way back to editing is the supervisor's "return", which clears the seal
  (status 'returned'). A note never finally signed was never immutable.

PostgreSQL gets the column only; its search and triggers are future work
(iopdesk.store.fulltext answers with a slower LIKE search there).
"""

from peewee import SqliteDatabase, TextField


def _text(body):
    # The searchable text of a JSON body: its string values, one per line.
    # A body that is not valid JSON (never written by IOPdesk) is indexed as is.
    return (
        "coalesce((SELECT group_concat(value, char(10)) FROM json_each("
        f"CASE WHEN json_valid({body}) THEN {body} ELSE json_object('text', {body}) END"
        ") WHERE type = 'text'), '')"
    )


LOCKED_SIGNED = "signed notes cannot be changed; add an addendum instead"
LOCKED_PENDING = "a note awaiting co-signature cannot be changed; the supervisor can return it"
LOCKED_ADDENDUM = "addenda cannot be changed or removed"

SQLITE_STATEMENTS = [
    # --- full-text search -------------------------------------------------
    """CREATE TABLE note_search (
        id INTEGER PRIMARY KEY,
        note_id TEXT NOT NULL UNIQUE,
        client_id TEXT,
        author_id TEXT,
        group_id TEXT,
        date DATE
    )""",
    f"""CREATE VIEW note_search_text AS
        SELECT s.id AS id, {_text('n.body')} AS text
        FROM note_search s JOIN note n ON n.id = s.note_id
        WHERE n.retired_at IS NULL""",
    """CREATE VIRTUAL TABLE note_fts USING fts5(
        text, content='note_search_text', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    f"""CREATE TRIGGER note_fts_after_insert AFTER INSERT ON note BEGIN
        INSERT INTO note_search(note_id, client_id, author_id, group_id, date)
            VALUES (NEW.id, NEW.client_id, NEW.author_id,
                    (SELECT group_id FROM session WHERE id = NEW.session_id), NEW.date);
        INSERT INTO note_fts(rowid, text)
            SELECT s.id, {_text('NEW.body')} FROM note_search s
            WHERE s.note_id = NEW.id AND NEW.retired_at IS NULL;
    END""",
    f"""CREATE TRIGGER note_fts_after_update AFTER UPDATE OF body, retired_at, date, client_id ON note
    WHEN OLD.body IS NOT NEW.body OR OLD.retired_at IS NOT NEW.retired_at OR OLD.date IS NOT NEW.date
        OR OLD.client_id IS NOT NEW.client_id
    BEGIN
        INSERT INTO note_fts(note_fts, rowid, text)
            SELECT 'delete', s.id, {_text('OLD.body')} FROM note_search s
            WHERE s.note_id = OLD.id AND OLD.retired_at IS NULL;
        UPDATE note_search SET date = NEW.date, client_id = NEW.client_id WHERE note_id = NEW.id;
        INSERT INTO note_fts(rowid, text)
            SELECT s.id, {_text('NEW.body')} FROM note_search s
            WHERE s.note_id = NEW.id AND NEW.retired_at IS NULL;
    END""",
    f"""CREATE TRIGGER note_fts_after_delete AFTER DELETE ON note BEGIN
        INSERT INTO note_fts(note_fts, rowid, text)
            SELECT 'delete', s.id, {_text('OLD.body')} FROM note_search s
            WHERE s.note_id = OLD.id AND OLD.retired_at IS NULL;
        DELETE FROM note_search WHERE note_id = OLD.id;
    END""",
    # Notes written before this step (a database made by 0001 alone).
    """INSERT INTO note_search(note_id, client_id, author_id, group_id, date)
        SELECT n.id, n.client_id, n.author_id, s.group_id, n.date
        FROM note n LEFT JOIN session s ON s.id = n.session_id
        ORDER BY n.date, n.created_at""",
    # (FTS5's own 'rebuild' fails on a view that calls json_each; this is the same work.)
    "INSERT INTO note_fts(rowid, text) SELECT id, text FROM note_search_text",
    # --- immutability -----------------------------------------------------
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

SQLITE_DROPS = [
    "DROP TRIGGER IF EXISTS note_addendum_not_deleted",
    "DROP TRIGGER IF EXISTS note_addendum_is_immutable",
    "DROP TRIGGER IF EXISTS note_locked_not_deleted",
    "DROP TRIGGER IF EXISTS note_pending_is_locked",
    "DROP TRIGGER IF EXISTS note_signed_is_immutable",
    "DROP TRIGGER IF EXISTS note_fts_after_delete",
    "DROP TRIGGER IF EXISTS note_fts_after_update",
    "DROP TRIGGER IF EXISTS note_fts_after_insert",
    "DROP TABLE IF EXISTS note_fts",
    "DROP VIEW IF EXISTS note_search_text",
    "DROP TABLE IF EXISTS note_search",
]


def up(migrator, db):
    migrator.migrate(migrator.add_column("note", "guard_override", TextField(null=True)))
    if isinstance(db, SqliteDatabase):
        for statement in SQLITE_STATEMENTS:
            db.execute_sql(statement)


def down(migrator, db):
    if isinstance(db, SqliteDatabase):
        for statement in SQLITE_DROPS:
            db.execute_sql(statement)
    migrator.migrate(migrator.drop_column("note", "guard_override"))
