"""Attendance that a signed note documents: changing it afterwards says so on the note.

A member's note part, once signed (or submitted for co-signature), documents
that they took part, when, and for how long (it keeps a frozen copy:
notes/documented.py). Changing that member's mark afterwards (their status,
minutes, arrival or departure; a comment alone is free) is allowed only with a
reason, by a clinician who may write an addendum to that note, and the change
is added to the note as an addendum saying what changed, from what to what,
and why. So the record never silently contradicts a signed note, and a
correction (the member left at 10:30 after all) is still possible.

(An addendum is written here directly, as notes/signing.py writes one: the
attendance and notes areas do not import each other.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import Any

from iopdesk.domain.attendance.rules import new_state
from iopdesk.domain.calendar.session_time import as_time, session_span
from iopdesk.domain.calendar.sessions import load_session
from iopdesk.domain.kernel import audit, permissions, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.display import client_display_name
from iopdesk.domain.kernel.errors import DomainError, ValidationError
from iopdesk.store.models import Attendance, Client, Note, NoteAddendum, Session

log = logging.getLogger(__name__)

FACTS = ("status", "minutes_attended", "arrived_at", "departed_at")
SEALED = ("signed", "pending_cosign")


def sealed_notes(session_id: Any, client_id: Any) -> list[Note]:
    """The member's signed (or submitted) note parts for the session."""
    return list(
        Note.select().where(
            (Note.session == session_id)
            & (Note.client == client_id)
            & Note.status.in_(SEALED)
            & Note.retired_at.is_null()
        )
    )


def sealed_exist(session_id: Any, client_id: Any) -> bool:
    """Whether the member has a signed (or submitted) note part for the session (sealed_notes)."""
    return (
        Note.select(Note.id)
        .where(
            (Note.session == session_id)
            & (Note.client == client_id)
            & Note.status.in_(SEALED)
            & Note.retired_at.is_null()
        )
        .exists()
    )


def facts_change(row: Attendance | None, state: dict[str, Any]) -> bool:
    """Whether the new state changes what a note documents (a recorded mark, or an absence)."""
    before_status = row.status if row is not None else "not_recorded"
    if before_status == "not_recorded":
        return state["status"] not in vocab.ATTENDED_STATUSES and state["status"] != "not_recorded"
    return any((getattr(row, k) if row is not None else None) != state[k] for k in FACTS)


def change_needs_reason(
    actor: Actor,
    session_id: Any,
    client_id: Any,
    status: str,
    minutes: int | None = None,
    arrived: dt.time | None = None,
    departed: dt.time | None = None,
) -> bool:
    """Whether marking this would change what the member's signed note documents, so that
    ``marking.mark`` needs a reason for it (and adds it to the note as an addendum).

    For a screen to ask for that reason itself, before marking, rather than pass
    on a reason given for something else (a late entry). A mark the rules refuse
    anyway (late without a time) says False: marking then says what is wrong.
    """
    permissions.require(
        actor, permissions.ATTENDANCE_MARK, client_id=client_id, record_type="session", record_id=session_id
    )
    if status not in vocab.ATTENDANCE_STATUSES:
        return False
    # Most members have no signed part: one look at the notes answers without reading the mark.
    if not sealed_exist(session_id, client_id):
        return False
    session = load_session(session_id)
    row = Attendance.get_or_none((Attendance.session == session.id) & (Attendance.client == client_id))
    try:
        state = new_state(session, status, minutes, arrived, departed, None, row)
    except ValidationError:
        return False
    return facts_change(row, state)


def check_and_annotate(
    actor: Actor,
    session: Session,
    client_id: Any,
    row: Attendance | None,
    state: dict[str, Any],
    reason: str | None,
) -> None:
    """Refuse, or allow and add the addendum (inside the caller's transaction)."""
    if not facts_change(row, state):
        return
    notes = sealed_notes(session.id, client_id)
    if not notes:
        return
    client = Client.get_by_id(client_id)
    name = client_display_name(client.preferred_name, client.legal_first, client.legal_last)
    if not permissions.can(actor, permissions.NOTE_WRITE):
        raise DomainError(
            f"{name}'s signed note for this session documents their attendance, so only a clinician "
            "can change it (the change is added to the note as an addendum)."
        )
    why = (reason or "").strip()
    if not why:
        raise ValidationError(
            f"{name}'s note for this session is signed and documents their attendance. Give a reason "
            "for the change: it is added to the note as an addendum.",
            field="reason",
        )
    text = (
        f"Attendance changed after this note was signed: {describe(session, row)} -> "
        f"{describe(session, state)}. Reason: {why}"
    )
    now = utcnow()
    for note in notes:
        permissions.require(
            actor, permissions.NOTE_READ, client_id=client_id, record_type="note", record_id=note.id
        )
        addendum = NoteAddendum.create(
            origin_site=actor.site_id,
            note=note.id,
            author=actor.staff_id,
            text=text,
            signed_at=now,
            created_at=now,
            updated_at=now,
            content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        )
        audit.record(
            actor,
            audit.ADDENDUM,
            client_id=client_id,
            record_type="note",
            record_id=note.id,
            changes={"addendum": addendum.id, "attendance_changed": True, "text": audit.text_digest(text)},
        )
        log.info("attendance change added to signed note note=%s addendum=%s", note.id, addendum.id)


def describe(session: Session, mark: Attendance | dict[str, Any] | None) -> str:
    """ "Present, 09:00–12:00 (180 min)", "Late, arrived 10:45 (75 min)", "Absent (unexcused)"."""

    def get(key: str) -> Any:
        if mark is None:
            return None
        return mark.get(key) if isinstance(mark, dict) else getattr(mark, key)

    status = get("status") or "not_recorded"
    label = vocab.ATTENDANCE_STATUSES.get(status, (status,))[0]
    if status not in vocab.ATTENDED_STATUSES:
        return label
    first, last = session_span(session.start_time, session.duration_minutes)
    parts = []
    if get("arrived_at") is not None:
        parts.append(f"arrived {get('arrived_at'):%H:%M}")
    if get("departed_at") is not None:
        parts.append(f"left {get('departed_at'):%H:%M}")
    if not parts:
        parts.append(f"{as_time(first):%H:%M}–{as_time(last):%H:%M}")
    minutes = get("minutes_attended")
    return f"{label}, {', '.join(parts)}" + (f" ({minutes} min)" if minutes is not None else "")
