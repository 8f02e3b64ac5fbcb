"""The treatment-plan goals a client's note part addressed: stored with the part, locked with it.

A member's part (or an individual or family session's note) keeps the ids of the plan goals it
addressed in ``Note.goals_addressed`` (JSON; goals keep their ids from plan version to version).
Which goals may be chosen is the treatment plan's business (iopdesk.domain.care.note_goals checks
them against the client's plan in force and calls ``write_goal_ids``); this module only reads and
writes the field by the notes' own rules: the author writes, a signed part (or one awaiting its
co-signature) never changes (migration 0006's trigger refuses it too), and every change is audited.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from uuid import UUID

from iopdesk.domain.kernel import audit
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.notes.common import refuse_if_locked, require_writer, trail, update_note
from iopdesk.store.models import Note


@dataclass(frozen=True)
class GoalNote:
    """A note part that addressed one or more goals (for the plan's "addressed in" list)."""

    note_id: UUID
    session_id: UUID
    date: dt.date
    author_id: UUID
    status: str
    goal_ids: tuple[UUID, ...]


def parse_goal_ids(text: str | None) -> tuple[UUID, ...]:
    """The stored field as ids; anything unreadable is left out (never written by IOPdesk)."""
    try:
        raw = json.loads(text or "[]")
    except ValueError:
        return ()
    out = []
    for item in raw if isinstance(raw, list) else []:
        try:
            out.append(UUID(str(item)))
        except ValueError:
            continue
    return tuple(dict.fromkeys(out))


def goal_ids(row: Note) -> tuple[UUID, ...]:
    return parse_goal_ids(row.goals_addressed)


def write_goal_ids(actor: Actor, row: Note, ids: Sequence[UUID]) -> None:
    """Store the goals a part addressed (the caller checked them and holds the transaction)."""
    require_writer(actor, row)
    refuse_if_locked(row)
    if row.client_id is None:
        raise ValidationError("The shared part of a group note belongs to no client: it addresses no goals.")
    chosen = tuple(dict.fromkeys(ids))
    before = goal_ids(row)
    if chosen == before:
        return
    update_note(row, goals_addressed=json.dumps([str(i) for i in chosen]) if chosen else None)
    trail(actor, audit.CHANGE, row, goals_addressed=[[str(i) for i in before], [str(i) for i in chosen]])


def notes_with_goals(
    client_ids: Iterable[UUID], start: dt.date | None = None, end: dt.date | None = None
) -> list[GoalNote]:
    """The clients' note parts that name any goal, by date (no permission check: callers make it)."""
    ids = list(set(client_ids))
    if not ids:
        return []
    query = Note.select(
        Note.id, Note.session, Note.date, Note.author, Note.status, Note.goals_addressed
    ).where(Note.client.in_(ids) & Note.goals_addressed.is_null(False) & Note.retired_at.is_null())
    if start is not None:
        query = query.where(Note.date >= start)
    if end is not None:
        query = query.where(Note.date <= end)
    out = []
    for row in query.order_by(Note.date, Note.created_at):
        chosen = goal_ids(row)
        if chosen:
            out.append(GoalNote(row.id, row.session_id, row.date, row.author_id, row.status, chosen))
    return out
