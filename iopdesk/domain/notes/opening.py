"""Opening a session's note: the shared part written once, and one part per member who attended.

Parts are created lazily, as empty drafts, the first time a counselor opens the
note after a member's attendance says they were there (present, late or left
early). What exists is never dropped: a member later marked absent, or taken
off the session, keeps their part (and its text) in the view, flagged as no
longer attending; members marked absent simply get no new part; a late joiner
added after drafting gets a fresh part on the next open.

Individual and family sessions have one part, for their client, created unless
attendance says the client did not come (a counselor often writes before the
attendance is marked). A family note also lists who of the family was there.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from iopdesk.domain.calendar.sessions import load_session
from iopdesk.domain.kernel import audit, permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.display import client_display_name
from iopdesk.domain.kernel.errors import DomainError, ValidationError
from iopdesk.domain.kernel.vocab import ATTENDED_STATUSES
from iopdesk.domain.notes.body import TemplateDef, canonical_json
from iopdesk.domain.notes.common import digest, may_read_shared, may_write, require_reader, trail
from iopdesk.domain.notes.documented import member_time
from iopdesk.domain.notes.templates import empty_body, format_for_new_note, template_for
from iopdesk.domain.notes.views import NoteView, SessionHeader, note_views, session_headers
from iopdesk.store import transaction
from iopdesk.store.models import Attendance, Client, FamilyMember, Note, Session

log = logging.getLogger(__name__)

# Attendance that says the client of an individual/family session was not there.
NOT_HELD = ("absent_excused", "absent_unexcused", "cancelled_client", "cancelled_clinic")


@dataclass(frozen=True)
class MemberPart:
    client_id: UUID
    display_name: str  # "Sam R."
    chart_number: str
    attendance_status: str  # vocab.ATTENDANCE_STATUSES ("not_recorded" when nothing is marked)
    attending: bool  # present, late or left early now
    note: NoteView | None  # None: not created (reader may not write) or not readable by this reader


@dataclass(frozen=True)
class FamilyPresent:
    name: str
    relationship: str


@dataclass(frozen=True)
class GroupNoteView:
    header: SessionHeader
    note_format: str
    template: TemplateDef
    shared: NoteView | None  # group sessions only (None until a clinician opens it)
    members: tuple[MemberPart, ...]  # attending members, then parts kept for members no longer attending
    attending_count: int
    family_present: tuple[FamilyPresent, ...]
    created_parts: int  # parts this opening created

    def part(self, client_id: UUID) -> MemberPart | None:
        return next((m for m in self.members if m.client_id == client_id), None)


def open_session_note(
    actor: Actor, session_id: UUID, note_format: str | None = None, *, create: bool = True
) -> GroupNoteView:
    """The note of any session; creates the missing parts (one transaction) for a clinician.

    ``note_format`` picks the format when the note is first started; by default
    the one the group (or the client's sessions of this kind) used last, else the
    clinic's setting. Auditors get the same view and nothing is created; nor does
    ``create=False`` (a note opened only to be read: a part created then would be the
    reader's, and its writer could no longer write it).
    """
    require_reader(actor)
    with transaction():
        writes = create and may_write(actor)
        created, read = _create_missing(actor, session_id, note_format) if writes else (0, None)
        # What creating read is still what the view needs unless it created parts (same transaction).
        view = _view(actor, session_id, created, read if not created else None)
        shown = [m.client_id for m in view.members if m.note is not None]
        audit.record(
            actor,
            audit.VIEW,
            client_id=shown[0] if len(shown) == 1 else None,
            record_type="session",
            record_id=session_id,
            changes={"note_clients": shown, "shared": view.shared is not None},
        )
    if created:
        log.info("note parts created session=%s count=%d", session_id, created)
    return view


# A group session's note; the same call serves individual and family sessions.
open_group_note = open_session_note


# (status, minutes attended, minutes typed, arrived, departed): a member's mark as a part shows it.
_Mark = tuple[str, int | None, bool, dt.time | None, dt.time | None]


@dataclass(frozen=True)
class _Read:
    """The session, its live parts (oldest first) and its attendance, as one opening read them."""

    session: Session
    parts: list[Note]
    statuses: dict[UUID, str]
    marks: dict[UUID, _Mark]


def _create_missing(actor: Actor, session_id: UUID, requested: str | None) -> tuple[int, _Read]:
    session = load_session(session_id)
    parts = _parts(session.id)
    marks = _attendance(session.id)
    statuses = {c: m[0] for c, m in marks.items()}
    read = _Read(session, parts, statuses, marks)
    fmt = _format_in_use(parts)
    if fmt is None:
        fmt = format_for_new_note(session, requested)
    elif requested is not None and requested != fmt:
        raise ValidationError(
            f"This note was started in {fmt}; it stays in that format.", field="note_format"
        )
    wanted: list[UUID | None] = []
    if session.kind == "group":
        if not any(p.client_id is None for p in parts):
            wanted.append(None)
        have = {p.client_id for p in parts}
        came = (c for c, s in statuses.items() if s in ATTENDED_STATUSES and c not in have)
        wanted += sorted(came, key=str)
    elif session.client_id is not None and not any(p.client_id == session.client_id for p in parts):
        if statuses.get(session.client_id) not in NOT_HELD:
            wanted.append(session.client_id)
    # A part is only started by someone who may read that client's notes (their caseload).
    readable = permissions.readable_client_ids(actor, wanted)
    wanted = [c for c in wanted if c is None or c in readable]
    if not wanted:
        return 0, read
    if session.status == "cancelled":
        if not parts:
            raise DomainError("This session was cancelled, so there is no note to write for it.")
        return 0, read
    template = template_for(fmt)
    attending = sum(1 for s in statuses.values() if s in ATTENDED_STATUSES)
    for client_id in wanted:
        body = empty_body(template, shared=client_id is None)
        if client_id is None:
            # Facts the shared part starts from; the counselor edits them like any text.
            if "topic" in body:
                body["topic"] = session.topic
            if "number_present" in body and attending:
                body["number_present"] = str(attending)
        row = Note.create(
            origin_site=actor.site_id,
            session=session.id,
            client=client_id,
            author=actor.staff_id,
            note_format=fmt,
            body=canonical_json(body),
            status="draft",
            date=session.date,
        )
        trail(actor, audit.CREATE, row, session=session.id, note_format=fmt, body=digest(body))
    return len(wanted), read


def _parts(session_id: UUID) -> list[Note]:
    return list(
        Note.select()
        .where((Note.session == session_id) & Note.retired_at.is_null())
        .order_by(Note.created_at)
    )


def _format_in_use(parts: Sequence[Note]) -> str | None:
    """The format most of the live parts use (templates.format_in_use, from the rows already read)."""
    counts = Counter(p.note_format for p in parts)
    return counts.most_common(1)[0][0] if counts else None


def _attendance(session_id: UUID) -> dict[UUID, _Mark]:
    """{client id: mark} for the session, read once for who came and for the parts' times."""
    return {
        client_id: (status, minutes, bool(typed), arrived, departed)
        for client_id, status, minutes, typed, arrived, departed in Attendance.select(
            Attendance.client,
            Attendance.status,
            Attendance.minutes_attended,
            Attendance.minutes_typed,
            Attendance.arrived_at,
            Attendance.departed_at,
        )
        .where((Attendance.session == session_id) & Attendance.retired_at.is_null())
        .tuples()
    }


def _view(actor: Actor, session_id: UUID, created: int, read: _Read | None = None) -> GroupNoteView:
    if read is None:
        session: Session = load_session(session_id)
        rows = _parts(session.id)
        marks = _attendance(session.id)
        statuses = {c: m[0] for c, m in marks.items()}
    else:
        session, rows, statuses, marks = read.session, read.parts, read.statuses, read.marks
    header = session_headers([session.id])[session.id]
    ids = {r.client_id for r in rows if r.client_id is not None}
    ids |= {c for c, s in statuses.items() if s in ATTENDED_STATUSES}
    if session.kind != "group" and session.client_id is not None:
        ids.add(session.client_id)
    # Only what a member line shows (name, chart number), read once for the parts' names too.
    clients = (
        {
            client_id: (client_display_name(preferred, first, last), chart)
            for client_id, preferred, first, last, chart in Client.select(
                Client.id, Client.preferred_name, Client.legal_first, Client.legal_last, Client.chart_number
            )
            .where(Client.id.in_(list(ids)))
            .tuples()
        }
        if ids
        else {}
    )
    # The parts' live times from the marks just read (documented.live_member_times, not read again).
    live = {
        (session.id, c): member_time(*marks[c], session.start_time, session.duration_minutes)
        for c in {r.client_id for r in rows if r.client_id is not None}
        if c in marks
    }
    views = note_views(rows, known_clients={c: name for c, (name, _chart) in clients.items()}, live=live)
    fmt = rows[0].note_format if rows else format_for_new_note(session, None)
    shared = next((v for v in views if v.client_id is None), None) if session.kind == "group" else None
    if shared is not None and not may_read_shared(actor, shared.id):
        shared = None  # the group's text, for those who write it or may read one member's notes
    by_client: dict[UUID, list[NoteView]] = {}
    for v in views:
        if v.client_id is not None:
            by_client.setdefault(v.client_id, []).append(v)
    readable = permissions.readable_client_ids(actor, ids)
    members = []
    for client_id in ids:
        name, chart_number = clients[client_id]
        status = statuses.get(client_id, "not_recorded")
        attending = status in ATTENDED_STATUSES
        # Text of a client outside the reader's caseload stays hidden (the part exists).
        parts: Sequence[NoteView | None] | None = by_client.get(client_id) if client_id in readable else None
        # Two parts for one client only after a race between two workstations: show both.
        for note in parts or [None]:
            members.append(MemberPart(client_id, name, chart_number, status, attending, note))
    members.sort(key=lambda m: (not m.attending, m.display_name.casefold(), m.chart_number))
    family: tuple[FamilyPresent, ...] = ()
    if session.kind == "family":
        family = tuple(
            FamilyPresent(f.name, f.relationship)
            for f in FamilyMember.select()
            .where((FamilyMember.session == session.id) & FamilyMember.retired_at.is_null())
            .order_by(FamilyMember.created_at)
        )
    return GroupNoteView(
        header=header,
        note_format=fmt,
        template=template_for(fmt),
        shared=shared,
        members=tuple(members),
        attending_count=sum(1 for s in statuses.values() if s in ATTENDED_STATUSES),
        family_present=family,
        created_parts=created,
    )
