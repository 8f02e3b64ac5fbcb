"""Each client's days: the clock time they attended, and the clock time the program offered them.

Attended (domain/calendar/session_time.py says what each mark is worth): the
marks of present / late / left early on sessions that took place (a cancelled
session counts nothing, whatever is marked on it), as clock time on the date
of service, each minute once however many sessions overlap it. A mark whose
minutes cannot be known counts nothing and is counted as "not known".

Offered: the sessions the program held for the client, as clock time, each
minute once: their groups' sessions on dates their enrollment covered (the
roster that day), their own individual and family sessions, and any session
they were listed at (a walk-in); never a cancelled session (a holiday, a
closure) nor one the clinic cancelled for them ("cancelled by clinic").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from peewee import chunked

from iopdesk.domain.calendar.session_time import MarkTime, Span, attended_span, session_span, union_minutes
from iopdesk.domain.enrollment.expected import enrollment_covers
from iopdesk.domain.kernel import vocab
from iopdesk.store.models import Attendance, Enrollment, Session


@dataclass
class Day:
    """One client's date of service."""

    attended: list[Span] = field(default_factory=list)  # known stretches attended
    offered: list[Span] = field(default_factory=list)
    marks_attended: int = 0  # attended marks, known or not
    unknown: int = 0  # attended marks whose minutes are not known

    @property
    def minutes(self) -> int:
        return union_minutes(self.attended)

    @property
    def offered_minutes(self) -> int:
        return union_minutes(self.offered)

    @property
    def overlap_minutes(self) -> int:
        """Minutes attended at two sessions at once: counted once, not twice."""
        return sum(last - first for first, last in self.attended) - self.minutes


Days = dict[UUID, dict[dt.date, Day]]


def client_days(client_ids: Iterable[UUID], start: dt.date, end: dt.date) -> Days:
    """{client: {date: Day}} between two dates (inclusive); a few queries per 500 clients."""
    out: Days = defaultdict(lambda: defaultdict(Day))
    for batch in chunked(list(set(client_ids)), 500):
        listed = _marks(batch, start, end, out)
        _offered(batch, start, end, listed, out)
    return out


def _marks(batch: list[UUID], start: dt.date, end: dt.date, out: Days) -> dict[UUID, dict[UUID, str]]:
    """Fill the attended time; returns {client: {session: status}} of every mark on a held session."""
    listed: dict[UUID, dict[UUID, str]] = defaultdict(dict)
    query = (
        Attendance.select(
            Attendance.client,
            Attendance.date,
            Attendance.status,
            Attendance.minutes_attended,
            Attendance.minutes_typed,
            Attendance.arrived_at,
            Attendance.departed_at,
            Session.id,
            Session.start_time,
            Session.duration_minutes,
        )
        .join(Session, on=(Attendance.session == Session.id))
        .where(
            Attendance.client.in_(batch)
            & (Attendance.date >= start)
            & (Attendance.date <= end)
            & Attendance.retired_at.is_null()
            & (Session.status != "cancelled")
            & Session.retired_at.is_null()
        )
        .tuples()
    )
    for client_id, date, status, minutes, typed, arrived, departed, session_id, begin, length in query:
        listed[client_id][session_id] = status
        if status not in vocab.ATTENDED_STATUSES:
            continue
        day = out[client_id][date]
        day.marks_attended += 1
        span = attended_span(MarkTime(status, minutes, bool(typed), arrived, departed, begin, length))
        if span is None:
            day.unknown += 1
        else:
            day.attended.append(span)
    return listed


def _offered(
    batch: list[UUID], start: dt.date, end: dt.date, listed: dict[UUID, dict[UUID, str]], out: Days
) -> None:
    periods: dict[UUID, list[tuple[UUID, str, dt.date | None, dt.date | None]]] = defaultdict(list)
    for client_id, group_id, status, first, last in (
        Enrollment.select(
            Enrollment.client, Enrollment.group, Enrollment.status, Enrollment.start_date, Enrollment.end_date
        )
        .where(
            Enrollment.client.in_(batch)
            & Enrollment.retired_at.is_null()
            & (Enrollment.status != "wait_listed")
            & Enrollment.start_date.is_null(False)
            & (Enrollment.start_date <= end)
            & (Enrollment.end_date.is_null() | (Enrollment.end_date >= start))
        )
        .tuples()
    ):
        periods[group_id].append((client_id, status, first, last))
    held = (Session.status != "cancelled") & Session.retired_at.is_null()
    in_range = (Session.date >= start) & (Session.date <= end)
    wanted = Session.client.in_(batch)
    if periods:
        wanted |= Session.group.in_(list(periods))
    walk_in_sessions = {s for sessions in listed.values() for s in sessions}  # incl. walk-ins
    rows = list(
        Session.select(
            Session.id,
            Session.group,
            Session.client,
            Session.date,
            Session.start_time,
            Session.duration_minutes,
        )
        .where(held & in_range & wanted)
        .tuples()
    )
    seen = {r[0] for r in rows}
    missing = [s for s in walk_in_sessions if s not in seen]
    for ids in chunked(missing, 500):
        rows += list(
            Session.select(
                Session.id,
                Session.group,
                Session.client,
                Session.date,
                Session.start_time,
                Session.duration_minutes,
            )
            .where(held & Session.id.in_(ids))
            .tuples()
        )
    members = set(batch)
    by_session: dict[UUID, set[UUID]] = defaultdict(set)
    for client_id, sessions in listed.items():
        for session_id in sessions:
            by_session[session_id].add(client_id)
    for session_id, group_id, own_client, date, begin, length in rows:
        who = {
            c
            for c, status, first, last in periods.get(group_id, ())
            if enrollment_covers(status, first, last, date)
        }
        if own_client in members:
            who.add(own_client)
        who |= by_session.get(session_id, set())
        for client_id in who:
            if listed.get(client_id, {}).get(session_id) == "cancelled_clinic":
                continue  # the clinic cancelled it for this client: not offered to them
            out[client_id][date].offered.append(session_span(begin, length))
