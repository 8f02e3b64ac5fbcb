"""Co-signature: a supervisor's review of notes signed by staff who need one (trainees).

A note awaiting co-signature is locked (its seal is set at submission). The
supervisor either co-signs it (status "signed": final and immutable; the
co-signature keeps its own time, ``cosigned_at``, and never moves the
author's ``signed_at``) or returns it with a comment (status "returned": the
seal, signer and signing time are cleared, and the author edits and signs
again). A returned note was never finally signed, so reopening it breaks no
signature; the supervisor's comment stays on the note.

A note signed with the names check overridden (signing.py) shows the override
in the queue: how many places were flagged and the signer's reason. Co-signing
it records the supervisor on the override as its reviewer; returning it clears
the override with the seal (signing again checks the names again).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from uuid import UUID

from peewee import JOIN, fn

from iopdesk.domain.calendar.sessions import load_session
from iopdesk.domain.kernel import audit, permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.errors import DomainError, ValidationError
from iopdesk.domain.notes.body import content_hash
from iopdesk.domain.notes.common import body_of, load_note, require_supervisor, trail, update_note
from iopdesk.domain.notes.documented import documented_json
from iopdesk.domain.notes.views import NoteView, client_names, note_views, session_headers
from iopdesk.store import transaction
from iopdesk.store.models import Note, Staff

log = logging.getLogger(__name__)

COMMENT_MAX = 2_000


@dataclass(frozen=True)
class CosignItem:
    note_id: UUID
    session_id: UUID
    session_title: str
    date: dt.date
    client_id: UUID | None  # None: a group note's shared part
    client_name: str
    signed_by_id: UUID
    signed_by_name: str
    submitted_at: dt.datetime  # UTC
    version: int
    override_flags: int = 0  # places the names check flagged that the signer left (0: no override)
    override_reason: str = ""  # the signer's reason for leaving them


def cosign_queue(actor: Actor, everyone: bool = False) -> list[CosignItem]:
    """Notes waiting for this supervisor, oldest submission first.

    A supervisor sees the notes of staff they supervise and of staff with no
    supervisor assigned; ``everyone`` shows every waiting note in the clinic.
    Their own notes are never in their queue.
    """
    require_supervisor(actor)
    signer_id = fn.COALESCE(Note.signed_by, Note.author)
    query = (
        Note.select(Note, Staff.display_name.alias("signer_name"))
        .join(Staff, JOIN.INNER, on=(Staff.id == signer_id))
        .where(
            (Note.status == "pending_cosign")
            & Note.retired_at.is_null()
            & (
                (Note.signed_by.is_null(False) & (Note.signed_by != actor.staff_id))
                | (Note.signed_by.is_null() & (Note.author != actor.staff_id))
            )
        )
    )
    if not everyone:
        query = query.where(Staff.supervisor.is_null() | (Staff.supervisor == actor.staff_id))
    # The supervisor's site and supervisees' clients only (the permission matrix decides),
    # inside the query: one look-up per waiting note instead of a permission call each.
    scope = permissions.client_scope(actor, permissions.NOTE_COSIGN, Note.client)
    if scope is not None:
        query = query.where(Note.client.is_null() | scope)
    rows = list(query.objects())
    headers = session_headers(r.session_id for r in rows)
    clients = client_names(r.client_id for r in rows if r.client_id is not None)
    items = [
        CosignItem(
            note_id=r.id,
            session_id=r.session_id,
            session_title=headers[r.session_id].title,
            date=r.date,
            client_id=r.client_id,
            client_name=clients.get(r.client_id, "") if r.client_id else "",
            signed_by_id=r.signed_by_id or r.author_id,
            signed_by_name=r.signer_name,  # type: ignore[attr-defined]  # the joined column, selected by that name
            submitted_at=r.signed_at or r.updated_at,
            version=r.version,
            override_flags=_override_of(r)[0],
            override_reason=_override_of(r)[1],
        )
        for r in rows
    ]
    items.sort(key=lambda i: (i.submitted_at, i.session_title, i.client_id is not None, i.client_name))
    return items


def cosign(actor: Actor, note_id: UUID) -> NoteView:
    """Co-sign one note: it becomes final."""
    require_supervisor(actor)
    with transaction():
        _cosign(actor, load_note(note_id))
    return note_views([load_note(note_id)])[0]


def cosign_session(actor: Actor, session_id: UUID) -> tuple[UUID, ...]:
    """Co-sign every part of one session's note that waits (one transaction)."""
    require_supervisor(actor)
    with transaction():
        session = load_session(session_id)
        rows = list(
            Note.select().where(
                (Note.session == session.id) & (Note.status == "pending_cosign") & Note.retired_at.is_null()
            )
        )
        if not rows:
            raise DomainError("Nothing in this session's note is waiting for a co-signature.")
        for row in rows:
            _cosign(actor, row)
    return tuple(r.id for r in rows)


def return_note(actor: Actor, note_id: UUID, comment: str) -> NoteView:
    """Send a note back to its author for changes, saying what to change."""
    require_supervisor(actor)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("Say what the author should change before returning the note.", field="comment")
    if len(comment) > COMMENT_MAX:
        raise ValidationError(f"The comment can be at most {COMMENT_MAX:,} characters.", field="comment")
    with transaction():
        row = load_note(note_id)
        _require_pending(row)
        require_supervisor(actor, row)
        update_note(row, status="returned", content_hash=None, signed_at=None, signed_by=None,
                    return_comment=comment, guard_override=None, documented=None)
        trail(actor, audit.CHANGE, row, status=["pending_cosign", "returned"],
              return_comment=audit.text_digest(comment))
    log.info("note returned note=%s by=%s", note_id, actor.staff_id)
    return note_views([load_note(note_id)])[0]


def _cosign(actor: Actor, row: Note) -> None:
    _require_pending(row)
    signer = row.signed_by_id or row.author_id
    if signer == actor.staff_id:
        raise DomainError("You cannot co-sign a note you signed yourself; another supervisor must.")
    require_supervisor(actor, row)
    sealed = content_hash(body_of(row))
    if row.content_hash is not None and row.content_hash != sealed:
        raise DomainError(
            "This note's text no longer matches what was signed, so it cannot be co-signed. "
            "Report this to the clinic's administrator."
        )
    now = utcnow()
    changes: dict[str, object] = {"status": "signed", "cosigned_by": actor.staff_id, "cosigned_at": now}
    override = _override_record(row)
    if override:
        override.update(reviewed_by=str(actor.staff_id), reviewed_at=now.isoformat(timespec="seconds"))
        changes["guard_override"] = json.dumps(override, ensure_ascii=False)
    if row.content_hash is None:
        # Submitted before seals were taken at submission (older data): seal what is co-signed.
        changes.update(content_hash=sealed, signed_by=signer)
    if row.signed_at is None:
        # The author's signature is as old as the submission (the last change to a locked note),
        # never the co-signature's time: that is ``cosigned_at``, the supervisor's own.
        changes["signed_at"] = row.updated_at
    if row.documented is None:
        # Submitted before notes kept what they document (migration 0005): keep it now.
        changes["documented"] = documented_json(row, session_headers([row.session_id])[row.session_id])
    update_note(row, **changes)
    trail(actor, audit.SIGN, row, status="signed", cosigned=True, content_hash=row.content_hash,
          guard_override_reviewed=bool(override))
    log.info("note co-signed note=%s by=%s", row.id, actor.staff_id)


def _override_record(row: Note) -> dict[str, object]:
    try:
        record = json.loads(row.guard_override) if row.guard_override else {}
    except ValueError:
        record = {"flags": 1}  # unreadable, but an override all the same
    return record if isinstance(record, dict) else {"flags": 1}


def _override_of(row: Note) -> tuple[int, str]:
    """(places overridden, the reason) of a note's override; (0, "") without one."""
    record = _override_record(row)
    if not record:
        return 0, ""
    flags = record.get("flags")
    return (flags if isinstance(flags, int) and flags > 0 else 1), str(record.get("reason") or "")


def _require_pending(row: Note) -> None:
    if row.status != "pending_cosign":
        raise DomainError(
            {
                "signed": "This note is already signed.",
                "draft": "This note has not been submitted for co-signature yet.",
                "returned": "This note was returned to its author and has not been signed again yet.",
            }.get(row.status, "This note is not waiting for a co-signature.")
        )
