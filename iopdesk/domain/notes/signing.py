"""Signing: sealing a note's text for good, and addenda afterwards.

Signing takes the SHA-256 of the body's canonical JSON (stored in that form, so
the seal can be re-checked: ``verify_note``), the signer and the time. A signer
whose account needs a co-signature (a trainee) leaves the note "pending_cosign":
locked like a signed note, until a supervisor co-signs it ("signed") or returns
it ("returned": seal cleared, editable again). From "signed" on, nothing about
the note changes; database triggers (migration 0005) refuse it even to direct
SQL. The seal also keeps a copy of what the note documents (notes/documented.py):
the session's time, length and facilitators then, and the member's own time.

Before sealing: the signer must confirm; the note must have text, no field
its format requires may be blank and no "[Copied from …]" marker may be left
(readiness.py names every such problem at once); and the confidentiality guard must find
no blocking flag, unless the signer overrides it by giving the reason
(``override_reason``; empty: no override). The override is recorded on the
note (who, when, how many flags, the reason; never the flagged words) and in
the audit entry of the signing. A signer who needs a co-signature (a trainee)
overrides only by sending the note to the supervisor: the note waits in the
co-sign queue with the override and its reason shown (cosign.py), and the
supervisor's co-signature is recorded on the override as its review.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from iopdesk.domain.calendar.sessions import load_session
from iopdesk.domain.kernel import audit
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.errors import ConflictError, DomainError, GuardError, ValidationError
from iopdesk.domain.kernel.vocab import ATTENDED_STATUSES
from iopdesk.domain.notes.body import content_hash
from iopdesk.domain.notes.common import (
    body_of,
    is_locked,
    load_note,
    refuse_if_locked,
    require_note_reader,
    require_signer,
    require_writer,
    staff_row,
    trail,
    update_note,
)
from iopdesk.domain.notes.documented import documented_json, live_member_times
from iopdesk.domain.notes.guard import Flag, flags_for_notes
from iopdesk.domain.notes.readiness import refuse_unready
from iopdesk.domain.notes.views import (
    AddendumView,
    NoteView,
    client_names,
    note_views,
    session_headers,
    staff_names,
)
from iopdesk.store import transaction
from iopdesk.store.models import Attendance, Note, NoteAddendum, Session

log = logging.getLogger(__name__)

ADDENDUM_MAX = 20_000
OVERRIDE_REASON_MAX = 500


@dataclass(frozen=True)
class GroupSignResult:
    status: str  # "signed", or "pending_cosign" for a signer who needs a co-signature
    signed: tuple[UUID, ...]  # parts sealed by this call
    retired_empty: tuple[UUID, ...]  # empty parts of members no longer attending, set aside
    left_unsigned: tuple[UUID, ...]  # parts with text for members no longer attending: sign one by one


def sign_note(
    actor: Actor,
    note_id: UUID,
    confirm: bool,
    override_reason: str = "",
    *,
    expected_version: int | None = None,
) -> NoteView:
    """Sign one part. ``expected_version``: the version the signer read (ConflictError if changed).

    ``override_reason``: why the names check's blocking flags may stay (empty: they may not).
    """
    require_signer(actor)
    _require_confirm(confirm)
    reason = _override_reason(override_reason)
    signer = staff_row(actor.staff_id)
    with transaction():
        row = load_note(note_id)
        require_signer(actor, row)
        refuse_if_locked(row)
        if expected_version is not None and row.version != expected_version:
            raise ConflictError("Someone else changed this note a moment ago; read it again before signing.")
        _check_ready([row], _names([row]))
        flags = flags_for_notes(load_session(row.session_id), [row])[row.id]
        _check_guard(flags, reason)
        _seal(actor, row, signer.needs_cosign, flags, reason)
    return note_views([load_note(note_id)])[0]


def sign_group_note(
    actor: Actor, session_id: UUID, confirm: bool, override_reason: str = ""
) -> GroupSignResult:
    """Sign the shared part and every attending member's part together, or none of them.

    ``override_reason`` covers every part with blocking flags (empty: signing stops at them).
    """
    require_signer(actor)
    _require_confirm(confirm)
    reason = _override_reason(override_reason)
    signer = staff_row(actor.staff_id)
    with transaction():
        session = load_session(session_id)
        rows = list(Note.select().where((Note.session == session.id) & Note.retired_at.is_null()))
        attending = {
            c for (c,) in Attendance.select(Attendance.client).where(
                (Attendance.session == session.id)
                & Attendance.retired_at.is_null()
                & Attendance.status.in_(ATTENDED_STATUSES)
            ).tuples()
        }
        if not rows:
            raise DomainError("This session's note has not been started yet; open it first.")
        _check_every_attendee_has_a_part(session, rows, attending)
        to_sign, set_aside, left = [], [], []
        for row in rows:
            if is_locked(row):
                continue
            if row.client_id is None or row.client_id in attending or session.kind != "group":
                to_sign.append(row)
            elif any(v.strip() for v in body_of(row).values()) or row.author_id != actor.staff_id:
                left.append(row.id)
            else:
                set_aside.append(row)
        if not to_sign:
            raise DomainError("Every part of this session's note is already signed.")
        for row in to_sign:
            require_signer(actor, row)
        _check_ready(to_sign, _names(to_sign))
        all_flags = [f for flags in flags_for_notes(session, to_sign).values() for f in flags]
        _check_guard(all_flags, reason)
        for row in set_aside:
            # Nothing was written and the member was not there: nothing to keep in the chart.
            update_note(row, retired_at=utcnow())
            trail(actor, audit.CHANGE, row, retired="empty part of a member not attending")
        # The session's facts and the members' times, read once for every part sealed together
        # (sealing changes neither, so each part keeps the same copy it would read on its own).
        header = session_headers([session.id])[session.id]
        times = live_member_times(to_sign)
        for row in to_sign:
            flags = [f for f in all_flags if f.note_id == row.id]
            _seal(actor, row, signer.needs_cosign, flags, reason, documented_json(row, header, times))
    status = "pending_cosign" if signer.needs_cosign else "signed"
    return GroupSignResult(
        status, tuple(r.id for r in to_sign), tuple(r.id for r in set_aside), tuple(left)
    )


def add_addendum(actor: Actor, note_id: UUID, text: str) -> AddendumView:
    """A dated, sealed addition shown below a signed note; it can never change either."""
    require_writer(actor)  # any clinician who may read the note, not only its author
    text = (text or "").strip()
    if not text:
        raise ValidationError("Write the addendum before adding it.", field="text")
    if len(text) > ADDENDUM_MAX:
        raise ValidationError(f"An addendum can be at most {ADDENDUM_MAX:,} characters.", field="text")
    with transaction():
        row = load_note(note_id)
        require_note_reader(actor, row)
        if not is_locked(row):
            raise DomainError(
                "This note is not signed yet: change its text directly instead of adding an addendum."
            )
        now = utcnow()
        addendum = NoteAddendum.create(
            origin_site=actor.site_id,
            note=row.id,
            author=actor.staff_id,
            text=text,
            signed_at=now,
            created_at=now,
            updated_at=now,
            content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        )
        trail(actor, audit.ADDENDUM, row, addendum=addendum.id, text=audit.text_digest(text))
    log.info("addendum added note=%s addendum=%s", note_id, addendum.id)
    names = staff_names([actor.staff_id])
    return AddendumView(addendum.id, row.id, actor.staff_id, names.get(actor.staff_id, ""), text, now,
                        addendum.content_hash)


def verify_note(actor: Actor, note_id: UUID) -> bool:
    """Whether a sealed note's text is still exactly what was signed (tamper evidence)."""
    row = load_note(note_id)
    require_note_reader(actor, row)
    if row.content_hash is None:
        return False
    return bool(content_hash(body_of(row)) == row.content_hash)


def _seal(
    actor: Actor,
    row: Note,
    needs_cosign: bool,
    flags: Sequence[Flag],
    reason: str,
    documented: str | None = None,
) -> None:
    signer_id = actor.staff_id
    now = utcnow()
    override = None
    overridden = [f for f in flags if f.blocks_signing]
    if overridden:
        record = {
            "by": str(signer_id),
            "at": now.isoformat(timespec="seconds"),
            "flags": len(overridden),
            "reason": reason,
        }
        if needs_cosign:
            record["cosign"] = True  # a trainee's override: the supervisor reviews it by co-signing
        override = json.dumps(record, ensure_ascii=False)
    # The stored body is already canonical, so this hash is of the exact stored text.
    update_note(
        row,
        status="pending_cosign" if needs_cosign else "signed",
        content_hash=content_hash(body_of(row)),
        signed_by=signer_id,
        signed_at=now,
        guard_override=override,
        documented=documented if documented is not None else _documented(row),
    )
    trail(actor, audit.SIGN, row, status=row.status, content_hash=row.content_hash,
          guard_override={"flags": len(overridden), "reason": reason} if overridden else 0)
    log.info("note signed note=%s status=%s guard_override=%s", row.id, row.status, bool(override))


def _documented(row: Note) -> str:
    """What the note documents (session time, facilitators, the member's own time), frozen with it."""
    return documented_json(row, session_headers([row.session_id])[row.session_id])


def _require_confirm(confirm: bool) -> None:
    if confirm is not True:
        raise ValidationError(
            "Confirm that the note is complete and accurate: once signed, it cannot be changed.",
            field="confirm",
        )


def _check_ready(rows: Sequence[Note], names: dict[UUID | None, str]) -> None:
    # Empty parts, copied text not reviewed, required fields blank: every one named at once.
    refuse_unready(rows, names)


def _override_reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if len(text) > OVERRIDE_REASON_MAX:
        raise ValidationError(
            f"The reason for signing with flagged names can be at most {OVERRIDE_REASON_MAX} characters.",
            field="override_reason",
        )
    return text


def _check_guard(flags: Sequence[Flag], reason: str) -> None:
    blocking = [f for f in flags if f.blocks_signing]
    if blocking and not reason:
        raise GuardError(
            f"The note may identify another client ({len(blocking)} place"
            f"{'s' if len(blocking) != 1 else ''}). Replace the names with \"a peer\", "
            "or sign with the override, saying why they may stay (for example: not a client).",
            tuple(blocking),
        )


def _check_every_attendee_has_a_part(session: Session, rows: Sequence[Note], attending: set[UUID]) -> None:
    if session.kind != "group":
        return
    missing = attending - {r.client_id for r in rows}
    if not any(r.client_id is None for r in rows):
        raise ValidationError("The shared part of this group note has not been started; open the note first.")
    if missing:
        names = sorted(client_names(missing).values())
        raise ValidationError(
            f"{', '.join(names)} attended but {'has' if len(names) == 1 else 'have'} no note part yet; "
            "open the note to write it before signing."
        )


def _names(rows: Sequence[Note]) -> dict[UUID | None, str]:
    return dict(client_names(r.client_id for r in rows if r.client_id is not None).items())

