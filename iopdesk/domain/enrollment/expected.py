"""Who is expected at a session: the roster as it stood on the session's date.

A client is expected at a group session when one of their enrollments in that
group covers the date: start_date on or before it, end_date empty or on or
after it, and the enrollment not wait-listed or retired. So an enrollment that
ended later still counts for the sessions it covered, and a new member joins
only the sessions from their start date on. An enrollment marked ended
(completed, withdrawn, transferred, discharged) but with no end date counts
for nothing: without an end date we cannot tell which sessions it covered.

Individual and family sessions expect their one client. Anyone with an
attendance row (a walk-in) is listed as well; callers add those themselves.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Protocol
from uuid import UUID

from iopdesk.domain.kernel.vocab import CURRENT_ENROLLMENT
from iopdesk.store.models import Client, Enrollment


class SessionLike(Protocol):
    """A Session row or a SessionInfo: all the roster needs to know of a session."""

    @property
    def id(self) -> UUID: ...
    @property
    def group_id(self) -> UUID | None: ...
    @property
    def client_id(self) -> UUID | None: ...
    @property
    def date(self) -> dt.date: ...


def enrollment_covers(status: str, start: dt.date | None, end: dt.date | None, date: dt.date) -> bool:
    if status == "wait_listed" or start is None or start > date:
        return False
    if end is None:
        return status in CURRENT_ENROLLMENT
    return end >= date


Period = tuple[UUID, str, dt.date | None, dt.date | None]  # (client id, status, start, end)


def group_periods(group_ids: Iterable[UUID], start: dt.date, end: dt.date) -> dict[UUID, list[Period]]:
    """{group id: [(client id, status, start, end)]} for enrollments touching a date range (one query)."""
    groups = list(set(group_ids))
    periods: dict[UUID, list[Period]] = defaultdict(list)
    if not groups:
        return periods
    query = (
        Enrollment.select(
            Enrollment.group, Enrollment.client, Enrollment.status, Enrollment.start_date, Enrollment.end_date
        )
        .join(Client, on=(Enrollment.client == Client.id))
        .where(
            Enrollment.group.in_(groups)
            & Enrollment.retired_at.is_null()
            & Client.retired_at.is_null()
            & (Enrollment.status != "wait_listed")
            & Enrollment.start_date.is_null(False)
            & (Enrollment.start_date <= end)
            & (Enrollment.end_date.is_null() | (Enrollment.end_date >= start))
        )
    )
    for e in query:
        periods[e.group_id].append((e.client_id, e.status, e.start_date, e.end_date))
    return periods


def expected_by_session(sessions: Iterable[SessionLike]) -> dict[UUID, set[UUID]]:
    """{session id: client ids expected}, for many sessions with one enrollment query."""
    sessions = list(sessions)
    out: dict[UUID, set[UUID]] = {s.id: set() for s in sessions}
    group_sessions = [(s, s.group_id) for s in sessions if s.group_id is not None]
    if group_sessions:
        dates = [s.date for s, _ in group_sessions]
        periods = group_periods({group_id for _, group_id in group_sessions}, min(dates), max(dates))
        for s, group_id in group_sessions:
            out[s.id] = {
                client
                for client, status, start, end in periods.get(group_id, ())
                if enrollment_covers(status, start, end, s.date)
            }
    for s in sessions:
        if s.group_id is None and s.client_id is not None:
            out[s.id].add(s.client_id)
    return out
