"""A session's attendance as a screen shows it: a line per member (``AttendanceRow``: their
status, minutes, times, who recorded it, whether they walked in), the whole session's lines
(``SessionAttendance``), and one member's line after a mark; each read with a few narrow queries.

Apart from marking.py (opening a session's attendance, marking it, walk-ins, each mark's history),
which hands these out; AttendanceRow and SessionAttendance are found there too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from peewee import JOIN

from iopdesk.domain.calendar.sessions import SessionInfo
from iopdesk.domain.enrollment.expected import expected_by_session
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.display import client_display_name
from iopdesk.domain.kernel.errors import NotFound
from iopdesk.store.models import Attendance, Client, Session, Staff


@dataclass(frozen=True)
class AttendanceRow:
    client_id: UUID
    display_name: str
    chart_number: str
    status: str  # vocab.ATTENDANCE_STATUSES; "not_recorded" until marked
    minutes_attended: int | None
    arrived_at: dt.time | None
    departed_at: dt.time | None
    comment: str
    walk_in: bool  # not on the session's roster for its date
    walk_in_reason: str
    attendance_id: UUID | None  # None until something was recorded
    recorded_by: str
    recorded_at: dt.datetime | None  # UTC
    version: int  # 0 until something was recorded
    minutes_typed: bool = False  # typed in by hand (kept); else derived from the times or the session


@dataclass(frozen=True)
class SessionAttendance:
    session: SessionInfo
    rows: tuple[AttendanceRow, ...]

    @property
    def expected_count(self) -> int:
        return len(self.rows)

    @property
    def recorded_count(self) -> int:
        return sum(1 for r in self.rows if r.status != "not_recorded")

    @property
    def attended_count(self) -> int:
        return sum(1 for r in self.rows if r.status in vocab.ATTENDED_STATUSES)


@dataclass(frozen=True)
class KnownSession:
    """The facts of a session a screen has just read (all a roster needs: expected.SessionLike)."""

    id: UUID
    group_id: UUID | None
    client_id: UUID | None
    date: dt.date


def rows_of(session: Session | KnownSession) -> tuple[AttendanceRow, ...]:
    expected = expected_by_session([session])[session.id]
    recorded = {
        a.client_id: a
        for a in Attendance.select(*ROW_COLUMNS)
        .join(Client, on=(Attendance.client == Client.id))
        .switch(Attendance)
        .join(Staff, JOIN.LEFT_OUTER, on=(Attendance.recorded_by == Staff.id))
        .where((Attendance.session == session.id) & Attendance.retired_at.is_null())
    }
    rows = [roster_row(a.client, a, a.client_id in expected) for a in recorded.values()]
    missing = [c for c in expected if c not in recorded]
    if missing:
        rows += [
            roster_row(c, None, True) for c in Client.select(*CLIENT_COLUMNS).where(Client.id.in_(missing))
        ]
    rows.sort(key=lambda r: (r.display_name.casefold(), r.chart_number))
    return tuple(rows)


def single_row(session: Session, client_id: UUID) -> AttendanceRow:
    """One client's line of the session's attendance (as rows_of makes it), after a mark: only
    that client's row is read, with the roster of the session the mark has just read."""
    expected = expected_by_session([session])[session.id]
    a = (
        Attendance.select(*ROW_COLUMNS)
        .join(Client, on=(Attendance.client == Client.id))
        .switch(Attendance)
        .join(Staff, JOIN.LEFT_OUTER, on=(Attendance.recorded_by == Staff.id))
        .where(
            (Attendance.session == session.id)
            & (Attendance.client == client_id)
            & Attendance.retired_at.is_null()
        )
        .first()
    )
    if a is not None:
        return roster_row(a.client, a, client_id in expected)
    client = (
        Client.select(*CLIENT_COLUMNS).where(Client.id == client_id).first()
        if client_id in expected
        else None
    )
    if client is None:
        raise NotFound("That client is not listed for this session.")
    return roster_row(client, None, True)


def client_name(client: Client) -> str:
    return client_display_name(client.preferred_name, client.legal_first, client.legal_last)


# What a line of the roster shows (roster_row), not whole rows of three tables.
CLIENT_COLUMNS = (
    Client.id,
    Client.legal_first,
    Client.legal_last,
    Client.preferred_name,
    Client.chart_number,
)
ROW_COLUMNS = (
    Attendance.id,
    Attendance.client,
    Attendance.status,
    Attendance.minutes_attended,
    Attendance.minutes_typed,
    Attendance.arrived_at,
    Attendance.departed_at,
    Attendance.comment,
    Attendance.walk_in_reason,
    Attendance.recorded_by,
    Attendance.recorded_at,
    Attendance.version,
    *CLIENT_COLUMNS,
    Staff.id,
    Staff.display_name,
)


def roster_row(client: Client, a: Attendance | None, on_roster: bool) -> AttendanceRow:
    recorder = a.recorded_by if a is not None and a.recorded_by_id is not None else None
    return AttendanceRow(
        client_id=client.id,
        display_name=client_name(client),
        chart_number=client.chart_number,
        status=a.status if a is not None else "not_recorded",
        minutes_attended=a.minutes_attended if a is not None else None,
        arrived_at=a.arrived_at if a is not None else None,
        departed_at=a.departed_at if a is not None else None,
        comment=a.comment if a is not None else "",
        # Listed without being on the roster that date (a walk-in, or an enrollment since corrected).
        walk_in=a is not None and (a.walk_in_reason is not None or not on_roster),
        walk_in_reason=(a.walk_in_reason or "") if a is not None else "",
        attendance_id=a.id if a is not None else None,
        recorded_by=recorder.display_name if recorder is not None else "",
        recorded_at=a.recorded_at if a is not None else None,
        version=a.version if a is not None else 0,
        minutes_typed=bool(a.minutes_typed) if a is not None else False,
    )
