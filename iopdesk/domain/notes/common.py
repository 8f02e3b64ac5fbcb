"""Rules every notes module shares: who may read and write, loading, and writing a body.

A note's body is always stored in its canonical JSON form (note_body.canonical_json),
so the SHA-256 taken at signing seals exactly the text in the table and anyone can
re-check it later (``verify_note``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from uuid import UUID

from peewee import SQL, ColumnBase, fn

from iopdesk.domain.kernel import audit, permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.errors import (
    ConflictError,
    NoteLocked,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from iopdesk.domain.kernel.vocab import ATTENDED_STATUSES
from iopdesk.domain.notes.body import canonical_json
from iopdesk.domain.notes.views import LOCKED_STATUSES, parse_body
from iopdesk.store.models import Attendance, Client, GroupFacilitator, Note, Session, Staff

FIELD_MAX = 50_000  # characters in one field: far past any real note, short of a pasted file
COPY_MARKER_PREFIX = "[Copied from note of "


# Access follows the clinic's one permission matrix (iopdesk.domain.kernel.permissions):
# who may read a client's notes is scoped to caseload or site, and only a note's
# author writes and signs it. A refusal is an exception and an audit entry.


def require_reader(actor: Actor, client_id: UUID | None = None, record_id: object = "") -> None:
    permissions.require(actor, permissions.NOTE_READ, client_id=client_id, record_type="note",
                        record_id=record_id)


def require_note_reader(actor: Actor, row: Note) -> None:
    """May ``actor`` read this part: a member's part by its client, a group note's shared part by
    ``shared_readable``."""
    if row.client_id is not None:
        require_reader(actor, row.client_id, record_id=row.id)
        return
    require_reader(actor, record_id=row.id)
    if not may_read_shared(actor, row.id):
        permissions.deny(actor, permissions.NOTE_READ, SHARED_REFUSED, record_type="note", record_id=row.id)


SHARED_REFUSED = "This group note is not about anyone in your caseload, so you cannot read it."


def shared_readable(actor: Actor, note_id: Any) -> ColumnBase | None:
    """The condition on a note-id column that holds for the group notes' shared parts ``actor`` may
    read (None: every one). A shared part names no one, but it is clinical text about the people
    at that session: it is read by whoever writes it (its author, the session's facilitator, the
    group's current facilitators) and by whoever may read the notes of one of the session's
    members (a part of theirs, or a mark that they came), never by every clinician of the clinic."""
    if permissions.client_scope(actor, permissions.NOTE_READ, Client.id) is None:
        return None

    def readable(column: Any) -> Any:
        return permissions.client_scope(actor, permissions.NOTE_READ, column)

    shared, part, mark = Note.alias(), Note.alias(), Attendance.alias()
    session, gf = Session.alias(), GroupFacilitator.alias()
    return fn.EXISTS(
        shared.select(SQL("1")).where(
            (shared.id == note_id)
            & (
                (shared.author == actor.staff_id)
                | fn.EXISTS(
                    session.select(SQL("1")).where(
                        (session.id == shared.session) & (session.facilitator == actor.staff_id)
                    )
                )
                | fn.EXISTS(
                    session.select(SQL("1"))
                    .join(gf, on=(gf.group == session.group))
                    .where(
                        (session.id == shared.session)
                        & (gf.staff == actor.staff_id)
                        & gf.removed_at.is_null()
                    )
                )
                | fn.EXISTS(
                    part.select(SQL("1")).where(
                        (part.session == shared.session)
                        & part.client.is_null(False)
                        & part.retired_at.is_null()
                        & readable(part.client)
                    )
                )
                | fn.EXISTS(
                    mark.select(SQL("1")).where(
                        (mark.session == shared.session)
                        & mark.retired_at.is_null()
                        & mark.status.in_(ATTENDED_STATUSES)
                        & readable(mark.client)
                    )
                )
            )
        )
    )


def may_read_shared(actor: Actor, note_id: UUID) -> bool:
    scope = shared_readable(actor, Note.id)
    return scope is None or Note.select(Note.id).where((Note.id == note_id) & scope).exists()


def require_writer(actor: Actor, row: Note | None = None) -> None:
    permissions.require(actor, permissions.NOTE_WRITE, author_id=row.author_id if row is not None else None,
                        client_id=row.client_id if row is not None else None, record_type="note",
                        record_id=row.id if row is not None else "")


def require_signer(actor: Actor, row: Note | None = None) -> None:
    permissions.require(actor, permissions.NOTE_SIGN, author_id=row.author_id if row is not None else None,
                        client_id=row.client_id if row is not None else None, record_type="note",
                        record_id=row.id if row is not None else "")


def require_supervisor(actor: Actor, row: Note | None = None) -> None:
    signer = (row.signed_by_id or row.author_id) if row is not None else None
    permissions.require(actor, permissions.NOTE_COSIGN, author_id=signer,
                        client_id=row.client_id if row is not None else None, record_type="note",
                        record_id=row.id if row is not None else "")


def may_write(actor: Actor) -> bool:
    return permissions.can(actor, permissions.NOTE_WRITE)


def may_read(actor: Actor, client_id: UUID | None) -> bool:
    return permissions.can(actor, permissions.NOTE_READ, client_id=client_id)


def trail(actor: Actor, action: str, row: Note, **changes: Any) -> None:
    """One audit entry about a note (inside the caller's transaction); never its words."""
    audit.record(actor, action, client_id=row.client_id, record_type="note", record_id=row.id,
                 changes=changes)


def digest(body: Mapping[str, str]) -> dict[str, Any]:
    return audit.text_digest(canonical_json(body))


def load_note(note_id: UUID) -> Note:
    row = Note.get_or_none((Note.id == note_id) & Note.retired_at.is_null())
    if row is None:
        raise NotFound("That note no longer exists. Refresh the list and try again.")
    return row


def refuse_if_locked(row: Note) -> None:
    if row.status == "signed":
        raise NoteLocked(
            "This note is signed, so its text can no longer change. Add an addendum to correct or add to it."
        )
    if row.status == "pending_cosign":
        raise NoteLocked(
            "This note is waiting for a supervisor's co-signature, so its text is locked. "
            "Ask the supervisor to return it if it needs changes, or add an addendum."
        )


def clean_body(body: Any) -> dict[str, str]:
    """The fields a screen sent, checked for shape (not yet against the template)."""
    if not isinstance(body, Mapping):
        raise ValidationError("A note's text must be given field by field.", field="body")
    out = {}
    for key, value in body.items():
        if not isinstance(key, str) or not key:
            raise ValidationError("A note field has no name.", field="body")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ValidationError(f"The note field {key!r} must be text.", field=key)
        if len(value) > FIELD_MAX:
            raise ValidationError(
                f"The note field {key!r} is too long (at most {FIELD_MAX:,} characters).", field=key
            )
        out[key] = value
    return out


def write_body(row: Note, body: Mapping[str, str], **extra: Any) -> bool:
    """Store a new body (and other columns) if the row still has the version read.

    Returns False when another save got there first; the caller decides what that means.
    """
    values: dict[Any, Any] = {
        Note.body: canonical_json(body),
        Note.version: row.version + 1,
        Note.updated_at: utcnow(),
    }
    values.update({getattr(Note, name): value for name, value in extra.items()})
    count = Note.update(values).where((Note.id == row.id) & (Note.version == row.version)).execute()
    if count != 1:
        return False
    row.body = values[Note.body]
    row.version += 1
    row.updated_at = values[Note.updated_at]
    for name, value in extra.items():
        setattr(row, name, value)
    return True


def update_note(row: Note, **changes: Any) -> None:
    """Change columns other than the body, bumping version and update time, or raise."""
    values: dict[Any, Any] = {getattr(Note, name): value for name, value in changes.items()}
    values[Note.version] = row.version + 1
    values[Note.updated_at] = utcnow()
    count = Note.update(values).where((Note.id == row.id) & (Note.version == row.version)).execute()
    if count != 1:
        raise ConflictError("Someone else changed this note a moment ago; reopen it and try again.")
    row.version += 1
    row.updated_at = values[Note.updated_at]
    for name, value in changes.items():
        setattr(row, name, value)


def body_of(row: Note) -> dict[str, str]:
    return parse_body(row.body)


def is_locked(row: Note) -> bool:
    return row.status in LOCKED_STATUSES


def copied_fields(body: Mapping[str, str]) -> list[str]:
    """Fields still carrying the "copied from" marker line: not yet reviewed."""
    return [
        key
        for key, text in body.items()
        if any(line.lstrip().startswith(COPY_MARKER_PREFIX) for line in text.splitlines())
    ]


def staff_row(staff_id: UUID) -> Staff:
    row = Staff.get_or_none(Staff.id == staff_id)
    if row is None or not row.active:
        raise PermissionDenied("Your staff account is not active.")
    return row


def as_utc_naive(moment: dt.datetime) -> dt.datetime:
    """A caller's "now": aware times are converted, naive ones are taken as UTC already."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)
