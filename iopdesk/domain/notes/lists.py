"""Lists of notes: my unsigned work, a client's chart, and a chart prepared for printing.

A note is due 'note_due_hours' (clinic setting, default 72) after its session
ended, in the site's own time zone. "My unsigned notes" holds my drafts and
returned notes, and the sessions I facilitated where someone attended but no
part was written yet ("not started": the ones most easily forgotten).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from uuid import UUID

from peewee import JOIN, fn

from iopdesk.domain.kernel import audit, permissions, settings
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import site_zone, utcnow
from iopdesk.domain.kernel.errors import NotFound, ValidationError
from iopdesk.domain.kernel.vocab import ATTENDED_STATUSES
from iopdesk.domain.notes.common import as_utc_naive, require_reader, require_writer
from iopdesk.domain.notes.views import (
    NoteView,
    SessionHeader,
    client_names,
    note_views,
    session_headers,
    staff_names,
)
from iopdesk.store import transaction
from iopdesk.store.models import Attendance, Client, Note, Session

log = logging.getLogger(__name__)

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class UnsignedNote:
    note_id: UUID | None  # None: not started (see missing_parts)
    session_id: UUID
    session_title: str
    session_kind: str
    date: dt.date
    start_time: dt.time
    client_id: UUID | None  # None: the shared part, or a session not started
    client_name: str
    status: str  # "draft", "returned" or "not_started"
    return_comment: str
    missing_parts: int  # not started: attending members without a part
    due_at: dt.datetime  # UTC
    overdue: bool
    days_overdue: int  # whole days past due (0 in the first day)
    version: int  # 0 when not started


@dataclass(frozen=True)
class ChartEntry:
    """One note in a client's chart: their part, with the group's shared part above it."""

    session: SessionHeader
    note: NoteView
    shared: NoteView | None


@dataclass(frozen=True)
class PrintClient:
    id: UUID
    legal_name: str
    preferred_name: str
    date_of_birth: dt.date
    chart_number: str


@dataclass(frozen=True)
class PrintPacket:
    clinic_name: str
    part2_notice: str  # 42 CFR §2.32: goes on every disclosed page
    client: PrintClient
    start: dt.date
    end: dt.date
    entries: tuple[ChartEntry, ...]
    prepared_by: str
    prepared_at: dt.datetime  # UTC
    site_id: UUID | None = None  # whose clock the printout reads (the preparer's site)


def my_unsigned_notes(actor: Actor, now: dt.datetime) -> list[UnsignedNote]:
    """My drafts, returned notes and not-started notes, oldest due first."""
    require_writer(actor)
    now = as_utc_naive(now)
    due_hours = settings.get("note_due_hours")
    rows = list(
        Note.select()
        .join(Session, on=(Note.session == Session.id))
        .where(
            (Note.author == actor.staff_id)
            & Note.status.in_(("draft", "returned"))
            & Note.retired_at.is_null()
            & Session.retired_at.is_null()
        )
    )
    missing = _not_started(actor)
    headers = session_headers({r.session_id for r in rows} | set(missing))
    clients = client_names(r.client_id for r in rows if r.client_id is not None)
    items = []
    zones: dict[UUID | None, dt.tzinfo] = {}
    for r in rows:
        h = headers[r.session_id]
        items.append(_unsigned(h, r.id, r.client_id, clients.get(r.client_id, "") if r.client_id else "",
                               r.status, r.return_comment, 0, r.version, now, due_hours, zones))
    for session_id, count in missing.items():
        h = headers[session_id]
        items.append(_unsigned(h, None, None, "", "not_started", "", count, 0, now, due_hours, zones))
    items.sort(key=lambda i: (i.due_at, i.session_title, i.client_id is not None, i.client_name))
    return items


def _not_started(actor: Actor) -> dict[UUID, int]:
    """{session id: attending members without a part}, for sessions the actor facilitated."""
    part = Note.alias()
    return dict(
        Attendance.select(Attendance.session, fn.COUNT(Attendance.id))
        .join(Session, on=(Attendance.session == Session.id))
        .join(
            part,
            JOIN.LEFT_OUTER,
            on=(
                (part.session == Attendance.session)
                & (part.client == Attendance.client)
                & part.retired_at.is_null()
            ),
        )
        .where(
            (Session.facilitator == actor.staff_id)
            & Session.retired_at.is_null()
            & (Session.status != "cancelled")
            & Attendance.status.in_(ATTENDED_STATUSES)
            & Attendance.retired_at.is_null()
            & part.id.is_null()
        )
        .group_by(Attendance.session)
        .tuples()
    )


def _unsigned(h: SessionHeader, note_id: UUID | None, client_id: UUID | None, client_name: str, status: str,
              comment: str, missing: int, version: int, now: dt.datetime, due_hours: int,
              zones: dict[UUID | None, dt.tzinfo]) -> UnsignedNote:
    due = due_at(h, due_hours, zones)
    late = now - due
    return UnsignedNote(
        note_id=note_id,
        session_id=h.session_id,
        session_title=h.title,
        session_kind=h.kind,
        date=h.date,
        start_time=h.start_time,
        client_id=client_id,
        client_name=client_name,
        status=status,
        return_comment=comment,
        missing_parts=missing,
        due_at=due,
        overdue=late > dt.timedelta(0),
        days_overdue=max(0, late // DAY),
        version=version,
    )


def due_at(
    h: SessionHeader, due_hours: int, zones: dict[UUID | None, dt.tzinfo] | None = None
) -> dt.datetime:
    """When a session's note is due, in UTC: its end (site time) plus the clinic's allowance.
    ``zones``: the sites' zones read so far for one list (each read once, not once per note)."""
    zones = {} if zones is None else zones
    zone = zones.get(h.site_id)
    if zone is None:
        zone = zones[h.site_id] = site_zone(h.site_id)
    start = dt.datetime.combine(h.date, h.start_time, tzinfo=zone)
    end = start + dt.timedelta(minutes=h.duration_minutes)
    return end.astimezone(dt.UTC).replace(tzinfo=None) + dt.timedelta(hours=due_hours)


def client_notes(actor: Actor, client_id: UUID) -> list[ChartEntry]:
    """The client's notes by date of service (oldest first), each group one with its shared part."""
    if Client.get_or_none(Client.id == client_id) is None:
        raise NotFound("That client no longer exists.")
    require_reader(actor, client_id, record_id=client_id)
    with transaction():
        entries = _chart(client_id, None, None, signed_only=False)
        audit.record(actor, audit.VIEW, client_id=client_id, record_type="note", record_id="chart",
                     changes={"notes": len(entries)})
    return entries


def notes_for_print(
    actor: Actor, client_id: UUID, start: dt.date, end: dt.date, signed_only: bool = False
) -> PrintPacket:
    """What a printed chart (a disclosure) carries: notes with their seals and addenda, the
    client's identifiers and the Part 2 notice. The PDF itself is drawn by the ui layer."""
    if start > end:
        raise ValidationError("The first date must not be after the last date.", field="start")
    client = Client.get_or_none(Client.id == client_id)
    if client is None:
        raise NotFound("That client no longer exists.")
    require_reader(actor, client_id, record_id=client_id)
    permissions.require(actor, permissions.REPORT_EXPORT, client_id=client_id, record_type="note")
    with transaction():
        entries = _chart(client_id, start, end, signed_only=signed_only)
        # A printout is a disclosure: the trail says who printed which notes of whom.
        audit.record(actor, audit.PRINT, client_id=client_id, record_type="note", record_id="chart",
                     changes={"start": start, "end": end, "notes": [e.note.id for e in entries]})
    log.info("chart prepared for print client=%s notes=%d by=%s", client_id, len(entries), actor.staff_id)
    return PrintPacket(
        clinic_name=settings.get("clinic_name"),
        part2_notice=settings.get("part2_notice"),
        client=PrintClient(client.id, f"{client.legal_first} {client.legal_last}".strip(),
                           client.preferred_name, client.date_of_birth, client.chart_number),
        start=start,
        end=end,
        entries=tuple(entries),
        prepared_by=staff_names([actor.staff_id]).get(actor.staff_id, ""),
        prepared_at=utcnow(),
        site_id=actor.site_id,
    )


def _chart(
    client_id: UUID, start: dt.date | None, end: dt.date | None, *, signed_only: bool
) -> list[ChartEntry]:
    query = Note.select().where((Note.client == client_id) & Note.retired_at.is_null())
    if start is not None:
        query = query.where(Note.date >= start)
    if end is not None:
        query = query.where(Note.date <= end)
    if signed_only:
        query = query.where(Note.status == "signed")
    rows = list(query)
    session_ids = {r.session_id for r in rows}
    headers = session_headers(session_ids)
    shared_rows = list(
        Note.select().where(
            Note.session.in_(list(session_ids)) & Note.client.is_null() & Note.retired_at.is_null()
        )
    ) if session_ids else []
    views = note_views(rows + shared_rows)
    mine, shared = views[: len(rows)], {v.session_id: v for v in views[len(rows):]}
    entries = [ChartEntry(headers[v.session_id], v, shared.get(v.session_id)) for v in mine]
    entries.sort(key=lambda e: (e.session.date, e.session.start_time, e.note.created_at))
    return entries
