"""The chart's Notes section: the client's notes as a list — when, which session, how far, by whom —
without their text (the note itself opens in the Notes view, which reads and audits it there).

A read-model for the chart screen: ``notes.lists.client_notes`` gives every note whole (text,
addenda, seals), several times the work for a list of lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from iopdesk.domain.care.common import staff_names
from iopdesk.domain.kernel import audit, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.notes.common import require_reader
from iopdesk.domain.notes.views import session_headers
from iopdesk.store import transaction
from iopdesk.store.models import Note


@dataclass(frozen=True)
class NoteLine:
    note_id: UUID
    session_id: UUID
    date: dt.date
    start_time: dt.time
    session_title: str  # the group's name, or "Individual session"
    session_kind: str
    status: str  # vocab.NOTE_STATUSES
    author_name: str

    @property
    def status_label(self) -> str:
        return vocab.NOTE_STATUSES.get(self.status, self.status)


def note_lines(
    actor: Actor,
    client_id: UUID,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    audited: bool = True,
) -> tuple[NoteLine, ...]:
    """The client's own note parts (from ``start`` to ``end`` when given), oldest first."""
    require_reader(actor, client_id, record_id=client_id)
    with transaction():
        query = Note.select(
            Note.id, Note.session, Note.date, Note.author, Note.status, Note.created_at
        ).where((Note.client == client_id) & Note.retired_at.is_null())
        if start is not None:
            query = query.where(Note.date >= start)
        if end is not None:
            query = query.where(Note.date <= end)
        rows = list(query.order_by(Note.date, Note.created_at))
        headers = session_headers(r.session_id for r in rows)
        names = staff_names(r.author_id for r in rows)
        if audited:
            audit.record(
                actor,
                audit.VIEW,
                client_id=client_id,
                record_type="note",
                record_id="chart",
                changes={"notes": len(rows), "text": False},
            )
    lines = [
        NoteLine(
            r.id,
            r.session_id,
            r.date,
            headers[r.session_id].start_time,
            headers[r.session_id].title,
            headers[r.session_id].kind,
            r.status,
            names.get(r.author_id, ""),
        )
        for r in rows
        if r.session_id in headers
    ]
    lines.sort(key=lambda n: (n.date, n.start_time))
    return tuple(lines)
