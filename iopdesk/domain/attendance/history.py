"""Attendance over time: a group's members × session dates, and one client's sessions.

Cells of the grid hold the attendance status key ("present", …), "not_recorded"
when the member was on the roster that date but nothing is recorded, and None
when they were not on the roster that date (not yet enrolled, or gone). A
cancelled session's column has ``cancelled`` set; its cells are None unless
something was recorded before it was cancelled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from peewee import chunked

from iopdesk.domain.calendar.sessions import session_query, to_info
from iopdesk.domain.enrollment.expected import enrollment_covers, group_periods
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.display import client_display_name
from iopdesk.domain.kernel.errors import NotFound, ValidationError
from iopdesk.domain.kernel.permissions import CLIENT_VIEW, require
from iopdesk.store.models import Attendance, Client, Enrollment, Session, TherapyGroup


@dataclass(frozen=True)
class GridColumn:
    session_id: UUID
    date: dt.date
    start_time: dt.time
    cancelled: bool


@dataclass(frozen=True)
class GridRow:
    client_id: UUID
    display_name: str
    chart_number: str
    cells: tuple[str | None, ...]  # one per column


@dataclass(frozen=True)
class HistoryGrid:
    group_id: UUID
    group_name: str
    start: dt.date
    end: dt.date
    columns: tuple[GridColumn, ...]
    rows: tuple[GridRow, ...]


@dataclass(frozen=True)
class ClientSessionEntry:
    session_id: UUID
    date: dt.date
    start_time: dt.time
    kind: str
    title: str
    session_status: str  # scheduled / cancelled
    status: str  # attendance status; "not_recorded" when nothing recorded
    minutes_attended: int | None
    comment: str
    walk_in: bool


def _check_range(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ValidationError("The end date is before the start date.", field="end")


def history_grid(actor: Actor, group_id: UUID, start: dt.date, end: dt.date) -> HistoryGrid:
    """One query for the sessions, one for the attendance, one for the roster, one for names."""
    _check_range(start, end)
    group = TherapyGroup.get_or_none(TherapyGroup.id == group_id)
    if group is None:
        raise NotFound("That group no longer exists.")
    sessions = list(
        Session.select(Session.id, Session.date, Session.start_time, Session.status)
        .where(
            (Session.group == group_id)
            & (Session.date >= start)
            & (Session.date <= end)
            & Session.retired_at.is_null()
        )
        .order_by(Session.date, Session.start_time)
    )
    marks = {
        (session_id, client_id): status
        for session_id, client_id, status in Attendance.select(
            Attendance.session, Attendance.client, Attendance.status
        )
        .join(Session, on=(Attendance.session == Session.id))
        .where(
            (Session.group == group_id)
            & (Session.date >= start)
            & (Session.date <= end)
            & Session.retired_at.is_null()
            & Attendance.retired_at.is_null()
        )
        .tuples()
    }
    periods = group_periods([group_id], start, end).get(group_id, [])
    members = {client for client, *_ in periods} | {client for _, client in marks}
    names = _names(members)
    rows = []
    for client_id in members:
        if client_id not in names:
            continue  # a retired client record
        client_periods = [p for p in periods if p[0] == client_id]
        cells: list[str | None] = []
        for s in sessions:
            status = marks.get((s.id, client_id))
            if (
                status is None
                and s.status != "cancelled"
                and any(enrollment_covers(st, b, e, s.date) for _, st, b, e in client_periods)
            ):
                status = "not_recorded"
            cells.append(status)
        name, chart = names[client_id]
        rows.append(GridRow(client_id, name, chart, tuple(cells)))
    rows.sort(key=lambda r: (r.display_name.casefold(), r.chart_number))
    columns = tuple(GridColumn(s.id, s.date, s.start_time, s.status == "cancelled") for s in sessions)
    return HistoryGrid(group_id, group.name, start, end, columns, tuple(rows))


def client_history(actor: Actor, client_id: UUID, start: dt.date, end: dt.date) -> list[ClientSessionEntry]:
    """Every session the client was expected at or recorded for, oldest first."""
    require(actor, CLIENT_VIEW, client_id=client_id, record_type="client", record_id=client_id)
    _check_range(start, end)
    enrollments = list(
        Enrollment.select(
            Enrollment.group, Enrollment.status, Enrollment.start_date, Enrollment.end_date
        ).where(
            (Enrollment.client == client_id)
            & Enrollment.retired_at.is_null()
            & (Enrollment.status != "wait_listed")
            & Enrollment.start_date.is_null(False)
            & (Enrollment.start_date <= end)
            & (Enrollment.end_date.is_null() | (Enrollment.end_date >= start))
        )
    )
    marks = {
        a.session_id: a
        for a in Attendance.select().where(
            (Attendance.client == client_id)
            & (Attendance.date >= start)
            & (Attendance.date <= end)
            & Attendance.retired_at.is_null()
        )
    }
    # Enrollments and marks name an existing client; with neither, look the client up.
    if not enrollments and not marks and Client.get_or_none(Client.id == client_id) is None:
        raise NotFound("That client no longer exists.")
    groups = list({e.group_id for e in enrollments})
    cond = Session.client == client_id
    if groups:
        cond |= Session.group.in_(groups)
    if marks:
        cond |= Session.id.in_(list(marks))
    query = session_query().where(
        cond & (Session.date >= start) & (Session.date <= end) & Session.retired_at.is_null()
    )
    entries = []
    for row in query:
        mark = marks.get(row.id)
        on_roster = row.client_id == client_id or any(
            e.group_id == row.group_id and enrollment_covers(e.status, e.start_date, e.end_date, row.date)
            for e in enrollments
        )
        if mark is None and not on_roster:
            continue
        info = to_info(row)
        entries.append(
            ClientSessionEntry(
                session_id=info.id,
                date=info.date,
                start_time=info.start_time,
                kind=info.kind,
                title=info.title,
                session_status=info.status,
                status=mark.status if mark is not None else "not_recorded",
                minutes_attended=mark.minutes_attended if mark is not None else None,
                comment=mark.comment if mark is not None else "",
                walk_in=mark is not None and (mark.walk_in_reason is not None or not on_roster),
            )
        )
    entries.sort(key=lambda e: (e.date, e.start_time, e.title.lower()))
    return entries


def _names(client_ids: set[UUID]) -> dict[UUID, tuple[str, str]]:
    out = {}
    for batch in chunked(list(client_ids), 500):
        for c in Client.select(
            Client.id, Client.preferred_name, Client.legal_first, Client.legal_last, Client.chart_number
        ).where(Client.id.in_(batch) & Client.retired_at.is_null()):
            out[c.id] = (client_display_name(c.preferred_name, c.legal_first, c.legal_last), c.chart_number)
    return out
