"""Ids that two places make alike for one thing (issue 14: satellite sites).

Most rows get a random UUID: a satellite laptop and the clinic can each make rows without ever
choosing the same id. Some rows, though, are *the same thing* wherever they are made: the session a
weekly schedule has on a date, one client's attendance at one session. Made apart, they must still
get one id, or merging the two places would find two rows (or a unique index refusing the second).
Those ids are derived (UUID version 5) from what identifies the thing, in a fixed IOPdesk namespace.
Rows made before this existed keep their ids.
"""

from __future__ import annotations

import datetime as dt
import uuid
from uuid import UUID

# Fixed forever: uuid5(NAMESPACE_URL, "https://iopdesk.invalid/ids"). Changing it would give the
# same session two ids at two places.
NAMESPACE = UUID("7cddd654-77e3-5c08-84fe-e5388cf18298")


def derived(kind: str, *parts: object) -> UUID:
    """The id of ``kind`` identified by ``parts`` (UUIDs as 32 hex digits, dates ISO)."""
    text = ":".join([kind, *(p.hex if isinstance(p, UUID) else _text(p) for p in parts)])
    return uuid.uuid5(NAMESPACE, text)


def _text(part: object) -> str:
    if isinstance(part, dt.date):
        return part.isoformat()
    return str(part)


def generated_session_id(schedule_id: UUID, origin_date: dt.date) -> UUID:
    """The session a weekly schedule has on ``origin_date`` (its date before any move)."""
    return derived("session", schedule_id, origin_date)


def attendance_id(session_id: UUID, client_id: UUID) -> UUID:
    """One client's attendance row at one session."""
    return derived("attendance", session_id, client_id)


def facilitator_id(group_id: UUID, staff_id: UUID) -> UUID:
    """One staff member's facilitator link to one group (migration 0012 gave the links made before
    it these ids too): assigned at two places apart, it is one row, not a collision."""
    return derived("group-facilitator", group_id, staff_id)


def template_id(note_format: str) -> UUID:
    """The clinic's template row of one note format (migration 0013 gave the rows made before it
    these ids too): changed at two places apart, it is one row to merge, not a collision."""
    return derived("note-template", note_format)


def setting_id(key: str) -> UUID:
    """The row of one clinic setting (migration 0014 gave the values set before it these ids too):
    changed at two places apart, it is one row to merge, not a collision."""
    return derived("setting", key)
