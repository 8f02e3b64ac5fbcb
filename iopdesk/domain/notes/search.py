"""Finding notes by their words (full-text), with the filters of the notes screen.

The index and its query live in iopdesk.store.fulltext (SQLite FTS5 today), so
a PostgreSQL clinic can answer the same call with its own engine later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from iopdesk.domain.kernel import audit, permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.notes.common import may_read, require_reader, shared_readable
from iopdesk.domain.notes.views import client_names, session_titles, staff_names
from iopdesk.store import fulltext, transaction
from iopdesk.store.models import Note

LIMIT_MAX = 500


@dataclass(frozen=True)
class SearchHit:
    note_id: UUID
    session_id: UUID
    session_title: str
    date: dt.date
    client_id: UUID | None  # None: a group note's shared part
    client_name: str
    author_name: str
    status: str
    snippet: str  # a few words around the match, plain text
    highlights: tuple[tuple[int, int], ...]  # (start, end) of each matched word in ``snippet``


def search_notes(
    actor: Actor,
    text: str,
    client_id: UUID | None = None,
    group_id: UUID | None = None,
    author_id: UUID | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int = 50,
) -> list[SearchHit]:
    """Notes holding every word typed (accents ignored; "a phrase", prefix*), newest first."""
    require_reader(actor)
    if fulltext.match_expression(text) is None:
        raise ValidationError("Type at least one word to search for.", field="text")
    if start is not None and end is not None and start > end:
        raise ValidationError("The first date must not be after the last date.", field="start")
    if not 1 <= limit <= LIMIT_MAX:
        raise ValidationError(f"Ask for between 1 and {LIMIT_MAX} results.", field="limit")
    if client_id is not None and not may_read(actor, client_id):
        return []  # outside the reader's caseload: not even a snippet
    # The reader's scope is part of the query, so the page is full of notes they may read.
    hits = fulltext.search(
        text, client_id=client_id, group_id=group_id, author_id=author_id, start=start, end=end, limit=limit,
        readable=None if client_id is not None else _scope(actor),
        shared=_shared_scope(actor),
    )
    if not hits:
        return []
    # Only what a result line shows (the body stays in the table: the snippet came with the hit).
    rows = {
        r.id: r
        for r in Note.select(Note.id, Note.session, Note.client, Note.author, Note.status, Note.date)
        .where(Note.id.in_([h.note_id for h in hits]))
        .namedtuples()
    }
    titles = session_titles(r.session for r in rows.values())
    clients = client_names(r.client for r in rows.values() if r.client is not None)
    authors = staff_names(r.author for r in rows.values())
    out = []
    for hit in hits:
        row = rows.get(hit.note_id)
        if row is None:
            continue
        snippet, spans = _highlights(hit.snippet)
        out.append(
            SearchHit(
                note_id=row.id,
                session_id=row.session,
                session_title=titles[row.session],
                date=row.date,
                client_id=row.client,
                client_name=clients.get(row.client, "") if row.client else "",
                author_name=authors.get(row.author, ""),
                status=row.status,
                snippet=snippet,
                highlights=spans,
            )
        )
    out.sort(key=lambda h: h.date, reverse=True)
    with transaction():
        # The words searched for may name someone: the trail keeps only their digest.
        audit.record(actor, audit.VIEW, record_type="note", record_id="search",
                     changes={"search": audit.text_digest(text), "notes": [h.note_id for h in out]})
    return out


def _scope(actor: Actor) -> Callable[[Any], Any] | None:
    """The condition on a client-id column that keeps only the notes ``actor`` may read;
    None when every client's notes are readable (an auditor)."""
    if permissions.client_scope(actor, permissions.NOTE_READ, None) is None:
        return None
    return lambda column: permissions.client_scope(actor, permissions.NOTE_READ, column)


def _shared_scope(actor: Actor) -> Callable[[Any], Any] | None:
    """The condition on a note-id column that keeps only the shared parts ``actor`` may read
    (notes.common.shared_readable); None when every one is readable."""
    if shared_readable(actor, Note.id) is None:
        return None
    return lambda column: shared_readable(actor, column)


def _highlights(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Plain snippet text and the spans the index marked."""
    first, *marked_parts = marked.split(fulltext.HIT_START)
    text = [first.replace(fulltext.HIT_END, "")]
    length = len(text[0])
    spans = []
    for part in marked_parts:
        hit, _, rest = part.partition(fulltext.HIT_END)
        rest = rest.replace(fulltext.HIT_END, "")
        spans.append((length, length + len(hit)))
        text += (hit, rest)
        length += len(hit) + len(rest)
    return "".join(text), tuple(spans)
