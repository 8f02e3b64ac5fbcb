"""Full-text search over note text, behind one function so another engine can answer it.

On SQLite the index is FTS5 (tables and triggers in migration 0002: it stays
current on every insert, save, sign and retire without any caller's help).
Two query shapes keep a search well under 100 ms on 140,000 notes:

- with a client (and whole words): walk that client's notes (a few hundred at
  most, newest date first, through the note's (client, date) index) and ask the
  index about each one;
- otherwise: walk the index's matches newest-written first (rowid order, which
  FTS5 streams without sorting) and stop at ``limit``. Filters read the
  ``note_search`` key table (integer key), never the note table, so even a
  selective filter over a word found in every note stays cheap. Prefix words
  always take this road: FTS5 re-expands a prefix for every single-note lookup.

On PostgreSQL the index is the server's own full-text engine (migration 0007: the
table ``note_search`` holds each note's words as a tsvector, through a configuration that
folds accents, with a GIN index): the same call, the same words, prefixes and phrases,
the same answer shape. Its snippet comes from ``ts_headline``, for the page of hits only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from peewee import SQL, PostgresqlDatabase, SqliteDatabase

from iopdesk.store import current
from iopdesk.store.models import Note, Session

HIT_START = "\x02"  # around each matched term in a snippet
HIT_END = "\x03"
SNIPPET_TOKENS = 16

_WORD = re.compile(r"\w+")
_PART = re.compile(r'"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class FulltextHit:
    note_id: UUID
    snippet: str  # matched terms wrapped in HIT_START … HIT_END
    date: dt.date


def match_expression(text: str) -> str | None:
    """An FTS5 query from what a person typed: every word must occur (in any order).

    "quoted words" are a phrase; a word ending in * is a prefix. Anything
    else FTS5 would read as syntax (AND, NEAR, column:…) is taken as plain words.
    """
    parts: list[str] = []
    for phrase, word in _PART.findall(text or ""):
        if phrase:
            words = _WORD.findall(phrase)
            if words:
                parts.append('"' + " ".join(words) + '"')
            continue
        words = _WORD.findall(word)
        parts.extend(f'"{w}"' for w in words)
        if words and word.endswith("*"):
            parts[-1] += "*"
    return " AND ".join(parts) or None


def search(
    text: str,
    *,
    client_id: UUID | None = None,
    group_id: UUID | None = None,
    author_id: UUID | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int = 50,
    readable: Callable[[Any], Any] | None = None,
    shared: Callable[[Any], Any] | None = None,
) -> list[FulltextHit]:
    """Notes whose text contains every word of ``text``; at most ``limit``, newest first.

    ``readable(column)``, when given, is the condition a note's client id must meet
    (the domain's permission scope): notes of other clients are left out inside the
    query, so the page is full. A group note's shared part (no client) passes when
    ``shared(column)``, given a note-id column, holds (always, without ``shared``).
    """
    db = current()
    if isinstance(db, PostgresqlDatabase):
        return _search_server(text, client_id, group_id, author_id, start, end, limit, readable, shared)
    if not isinstance(db, SqliteDatabase):
        return _search_like(text, client_id, group_id, author_id, start, end, limit, readable, shared)
    expression = match_expression(text)
    if expression is None:
        return []
    snippet = f"snippet(note_fts, 0, '{HIT_START}', '{HIT_END}', '…', {SNIPPET_TOKENS})"
    where = ["note_fts MATCH ?"]
    params: list[object] = [expression]
    if author_id is not None:
        where.append("s.author_id = ?")
        params.append(Note.author.db_value(author_id))
    if group_id is not None:
        where.append("s.group_id = ?")
        params.append(Session.group.db_value(group_id))
    if start is not None:
        where.append("s.date >= ?")
        params.append(start.isoformat())
    if end is not None:
        where.append("s.date <= ?")
        params.append(end.isoformat())
    if readable is not None:
        where.append(_readable_sql(db, readable, shared, params))
    if client_id is not None and "*" not in expression:
        # CROSS JOIN fixes the join order: the client's notes drive, the index answers.
        sql = (
            f"SELECT n.id, {snippet}, n.date FROM note n "
            "CROSS JOIN note_search s ON s.note_id = n.id "
            "CROSS JOIN note_fts ON note_fts.rowid = s.id "
            f"WHERE n.client_id = ? AND n.retired_at IS NULL AND {' AND '.join(where)} "
            "ORDER BY n.date DESC LIMIT ?"
        )
        params = [Note.client.db_value(client_id), *params, limit]
    else:
        if client_id is not None:
            where.append("s.client_id = ?")
            params.append(Note.client.db_value(client_id))
        sql = (
            f"SELECT s.note_id, {snippet}, s.date FROM note_fts "
            "CROSS JOIN note_search s ON s.id = note_fts.rowid "
            f"WHERE {' AND '.join(where)} ORDER BY note_fts.rowid DESC LIMIT ?"
        )
        params.append(limit)
    rows = db.execute_sql(sql, params).fetchall()
    return [FulltextHit(UUID(str(r[0])), r[1] or "", _as_date(r[2])) for r in rows]


def rebuild() -> None:
    """Rebuild the index from the notes (a repair tool: the triggers normally keep it current)."""
    db = current()
    if isinstance(db, PostgresqlDatabase):
        with db.atomic():
            db.execute_sql("DELETE FROM note_search")
            db.execute_sql(
                "INSERT INTO note_search (note_id, session_id, client_id, author_id, date, created_at, "
                f"document) SELECT id, session_id, client_id, author_id, date, created_at, "
                f"to_tsvector({CONFIG}, iopdesk_note_text(body)) FROM note WHERE retired_at IS NULL"
            )
        return
    if isinstance(db, SqliteDatabase):
        # FTS5's own 'rebuild' (and the content-comparing integrity check) fail on a
        # content view that calls json_each; clearing and re-adding is the same work.
        with db.atomic():
            db.execute_sql("INSERT INTO note_fts(note_fts) VALUES ('delete-all')")
            db.execute_sql("INSERT INTO note_fts(rowid, text) SELECT id, text FROM note_search_text")


def integrity_ok() -> bool:
    """Whether the index's own structure is sound (it cannot compare itself with a view)."""
    db = current()
    if isinstance(db, PostgresqlDatabase):
        # Every note not retired is there, and nothing else (the triggers keep it so).
        row = db.execute_sql(
            "SELECT (SELECT count(*) FROM note WHERE retired_at IS NULL), count(*), "
            "count(*) FILTER (WHERE n.id IS NULL OR n.retired_at IS NOT NULL) "
            "FROM note_search s LEFT JOIN note n ON n.id = s.note_id"
        ).fetchone()
        return bool(row and row[0] == row[1] and row[2] == 0)
    if not isinstance(db, SqliteDatabase):
        return True
    try:
        db.execute_sql("INSERT INTO note_fts(note_fts) VALUES ('integrity-check')")
    except Exception:  # the driver reports corruption as one of several error classes
        return False
    return True


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


# --- PostgreSQL ----------------------------------------------------------------------------------

CONFIG = "'iopdesk_search'::regconfig"  # migration 0007: accents folded, lower-cased
HEADLINE_OPTIONS = (
    f'StartSel="{HIT_START}", StopSel="{HIT_END}", MaxWords={SNIPPET_TOKENS}, MinWords=8, '
    'ShortWord=0, MaxFragments=1, FragmentDelimiter=" … "'
)


def tsquery_text(text: str) -> str | None:
    """The same words as ``match_expression``, for ``to_tsquery``: every word (&), "a phrase"
    (<->), prefix* (:*). Words are \\w runs, so quoting them is enough."""
    parts: list[str] = []
    for phrase, word in _PART.findall(text or ""):
        if phrase:
            words = _WORD.findall(phrase)
            if words:
                parts.append("(" + " <-> ".join(f"'{w}'" for w in words) + ")")
            continue
        terms = [f"'{w}'" for w in _WORD.findall(word)]
        if terms and word.endswith("*"):
            terms[-1] += ":*"
        parts.extend(terms)
    return " & ".join(parts) or None


def _search_server(
    text: str,
    client_id: UUID | None,
    group_id: UUID | None,
    author_id: UUID | None,
    start: dt.date | None,
    end: dt.date | None,
    limit: int,
    readable: Callable[[Any], Any] | None = None,
    shared: Callable[[Any], Any] | None = None,
) -> list[FulltextHit]:
    """``note_search`` (migration 0007) finds the notes; the newest ``limit`` get a headline.

    The planner knows from the words' statistics how common they are: a common word walks the
    newest dates and stops at ``limit``, a rare one takes the GIN index. A phrase's rarity is
    not in the statistics (every word of "support group" may be common, the phrase rare), so a
    phrase always takes the index: walking the dates for a phrase found nowhere would read
    every note.
    """
    db = current()
    query = tsquery_text(text)
    if query is None:
        return []
    where = [f"s.document @@ to_tsquery({CONFIG}, %s)"]
    params: list[object] = [query]
    if client_id is not None:
        where.append("s.client_id = %s")
        params.append(client_id)
    if author_id is not None:
        where.append("s.author_id = %s")
        params.append(author_id)
    if group_id is not None:
        where.append("s.session_id IN (SELECT id FROM session WHERE group_id = %s)")
        params.append(group_id)
    if start is not None:
        where.append("s.date >= %s")
        params.append(start)
    if end is not None:
        where.append("s.date <= %s")
        params.append(end)
    if readable is not None:
        where.append(_readable_sql(db, readable, shared, params))
    found = f"SELECT s.note_id, s.date, s.created_at FROM note_search s WHERE {' AND '.join(where)}"
    if "<->" in query:
        found = f"WITH found AS MATERIALIZED ({found}) SELECT * FROM found"
    sql = (
        f"SELECT h.note_id, ts_headline({CONFIG}, iopdesk_note_text(n.body), to_tsquery({CONFIG}, %s), %s), "
        f"h.date FROM ({found} ORDER BY date DESC, created_at DESC LIMIT %s) h "
        "JOIN note n ON n.id = h.note_id ORDER BY h.date DESC, h.created_at DESC"
    )
    rows = db.execute_sql(sql, [query, HEADLINE_OPTIONS, *params, limit]).fetchall()
    return [FulltextHit(UUID(str(r[0])), r[1] or "", _as_date(r[2])) for r in rows]


def _search_like(
    text: str,
    client_id: UUID | None,
    group_id: UUID | None,
    author_id: UUID | None,
    start: dt.date | None,
    end: dt.date | None,
    limit: int,
    readable: Callable[[Any], Any] | None = None,
    shared: Callable[[Any], Any] | None = None,
) -> list[FulltextHit]:
    """The same answer without an FTS index: slow on a large clinic, but correct."""
    words = _WORD.findall(text or "")
    if not words:
        return []
    query = Note.select(Note.id, Note.body, Note.date).where(Note.retired_at.is_null())
    for word in words:
        query = query.where(Note.body.contains(word))
    if client_id is not None:
        query = query.where(Note.client == client_id)
    if author_id is not None:
        query = query.where(Note.author == author_id)
    if group_id is not None:
        query = query.join(Session, on=(Note.session == Session.id)).where(Session.group == group_id)
    if start is not None:
        query = query.where(Note.date >= start)
    if end is not None:
        query = query.where(Note.date <= end)
    if readable is not None:
        query = query.where(
            (Note.client.is_null() & (shared(Note.id) if shared is not None else SQL("1 = 1")))
            | readable(Note.client)
        )
    hits = []
    for row in query.order_by(Note.date.desc()).limit(limit):
        hits.append(FulltextHit(row.id, _plain_snippet(row.body, words[0]), row.date))
    return hits


def _readable_sql(
    db: Any, readable: Callable[[Any], Any], shared: Callable[[Any], Any] | None, params: list[object]
) -> str:
    """The readers' condition on ``note_search s`` as SQL text, its parameters added to ``params``."""
    scope, scope_params = db.get_sql_context().sql(readable(SQL("s.client_id"))).query()
    if shared is None:
        params.extend(scope_params)
        return f"(s.client_id IS NULL OR {scope})"
    on_shared, shared_params = db.get_sql_context().sql(shared(SQL("s.note_id"))).query()
    params.extend([*shared_params, *scope_params])
    return f"((s.client_id IS NULL AND {on_shared}) OR {scope})"


def _plain_snippet(body: str, word: str) -> str:
    at = body.lower().find(word.lower())
    if at < 0:
        return ""
    left = max(0, at - 60)
    return (
        ("…" if left else "")
        + body[left:at]
        + HIT_START
        + body[at : at + len(word)]
        + HIT_END
        + body[at + len(word) : at + len(word) + 60]
        + "…"
    )
