"""The day at a glance: a site's sessions of one date with how far attendance got, and alerts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from uuid import UUID

from iopdesk.domain.attendance.alerts import ALERT_KINDS, ClientAlert, alerts_for_clients
from iopdesk.domain.calendar.sessions import SessionInfo, sessions_on
from iopdesk.domain.enrollment.expected import expected_by_session
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.store.models import Attendance, GroupFacilitator

KIND_ORDER = list(ALERT_KINDS)
ATTENDANCE_STATES = {
    "not_taken": "Not taken",
    "partly": "Partly taken",
    "taken": "Taken",
    "cancelled": "Cancelled",
}


@dataclass(frozen=True)
class SessionOverview:
    session: SessionInfo
    mine: bool  # the actor facilitates it (on the session or as a group facilitator)
    state: str  # ATTENDANCE_STATES
    expected: int  # roster on the date plus walk-ins
    recorded: int  # anything but "not recorded"
    attended: int  # present, late or left early


@dataclass(frozen=True)
class DayOverview:
    date: dt.date
    sessions: tuple[SessionOverview, ...]
    alerts: tuple[ClientAlert, ...]  # for clients of these sessions, by client name


def today_overview(actor: Actor, date: dt.date) -> DayOverview:
    """The actor's site on ``date``: their own sessions first, then by start time."""
    sessions = sessions_on(actor, date)
    ids = [s.id for s in sessions]
    expected = expected_by_session(sessions)
    marks: dict[UUID, dict[UUID, str]] = defaultdict(dict)
    if ids:
        for session_id, client_id, status in (
            Attendance.select(Attendance.session, Attendance.client, Attendance.status)
            .where(Attendance.session.in_(ids) & Attendance.retired_at.is_null())
            .tuples()
        ):
            marks[session_id][client_id] = status
    my_groups = {
        gf.group_id
        for gf in GroupFacilitator.select(GroupFacilitator.group).where(
            (GroupFacilitator.staff == actor.staff_id) & GroupFacilitator.removed_at.is_null()
        )
    }
    overviews = []
    clients: set[UUID] = set()
    for s in sessions:
        people = expected[s.id] | set(marks[s.id])
        clients |= people
        statuses = [marks[s.id].get(c, "not_recorded") for c in people]
        recorded = sum(1 for st in statuses if st != "not_recorded")
        if s.cancelled:
            state = "cancelled"
        elif people and recorded == len(people):
            state = "taken"
        elif recorded:
            state = "partly"
        else:
            state = "not_taken"
        overviews.append(
            SessionOverview(
                session=s,
                mine=s.facilitator_id == actor.staff_id
                or (s.group_id is not None and s.group_id in my_groups),
                state=state,
                expected=len(people),
                recorded=recorded,
                attended=sum(1 for st in statuses if st in vocab.ATTENDED_STATUSES),
            )
        )
    overviews.sort(key=lambda o: (not o.mine, o.session.start_time, o.session.title.lower()))
    alerts = alerts_for_clients(actor, clients, today=date)
    flat = sorted(
        (a for found in alerts.values() for a in found),
        key=lambda a: (a.client_name.casefold(), KIND_ORDER.index(a.kind)),
    )
    return DayOverview(date, tuple(overviews), tuple(flat))
