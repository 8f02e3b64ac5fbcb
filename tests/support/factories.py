"""Small synthetic-data builders for attendance tests, straight on the store models.

They bypass the roster modules on purpose: the attendance rules are tested on
their own, with only the rows each test needs. All names are made up.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from uuid import UUID

from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.ids import facilitator_id
from iopdesk.store.models import (
    Attendance,
    Client,
    Enrollment,
    GroupFacilitator,
    GroupSchedule,
    Session,
    Site,
    Staff,
    TherapyGroup,
)

_chart = itertools.count(1)
_user = itertools.count(1)


def client(
    actor: Actor,
    first: str = "Testy",
    last: str = "Example",
    *,
    preferred: str = "",
    population: str = "adult",
    level: str = "2.1",
    target: int | None = None,
    status: str = "active",
    admitted: dt.date | None = None,
    chart: str | None = None,
) -> Client:
    return Client.create(
        origin_site=actor.site_id,
        legal_first=first,
        legal_last=last,
        preferred_name=preferred,
        date_of_birth=dt.date(1990, 1, 1),
        chart_number=chart or f"T-{next(_chart):05d}",
        home_site=actor.site_id,
        status=status,
        admission_date=admitted,
        level_of_care=level,
        population=population,
        weekly_target_minutes=target,
    )


def group(
    actor: Actor,
    name: str = "Relapse Prevention",
    *,
    active: bool = True,
    start: dt.date | None = None,
    end: dt.date | None = None,
    site_id: UUID | None = None,
) -> TherapyGroup:
    return TherapyGroup.create(
        origin_site=actor.site_id,
        name=name,
        kind="relapse_prevention",
        site=site_id or actor.site_id,
        active=active,
        start_date=start,
        end_date=end,
        room="Room A",
    )


def schedule(
    actor: Actor,
    grp: TherapyGroup,
    weekday: int,
    *,
    start: dt.time = dt.time(9, 0),
    minutes: int = 180,
    effective_from: dt.date = dt.date(2020, 1, 6),
    effective_to: dt.date | None = None,
) -> GroupSchedule:
    return GroupSchedule.create(
        origin_site=actor.site_id,
        group=grp.id,
        weekday=weekday,
        start_time=start,
        duration_minutes=minutes,
        effective_from=effective_from,
        effective_to=effective_to,
    )


def enroll(
    actor: Actor,
    who: Client,
    grp: TherapyGroup,
    start: dt.date,
    *,
    end: dt.date | None = None,
    status: str = "active",
) -> Enrollment:
    return Enrollment.create(
        origin_site=actor.site_id, client=who.id, group=grp.id, status=status, start_date=start, end_date=end
    )


def session(
    actor: Actor,
    grp: TherapyGroup | None,
    date: dt.date,
    *,
    start: dt.time = dt.time(9, 0),
    minutes: int = 180,
    status: str = "scheduled",
    kind: str = "group",
    who: Client | None = None,
    facilitator: UUID | None = None,
) -> Session:
    return Session.create(
        origin_site=actor.site_id,
        kind=kind,
        group=grp.id if grp is not None else None,
        client=who.id if who is not None else None,
        site=grp.site_id if grp is not None else actor.site_id,
        date=date,
        start_time=start,
        duration_minutes=minutes,
        status=status,
        facilitator=facilitator,
    )


def attend(
    actor: Actor, sess: Session, who: Client, status: str = "present", minutes: int | None = None
) -> Attendance:
    """A mark written straight to the table (history rules are tested through the domain).

    "present" without minutes is the whole session (derived, as the domain stores it); minutes
    given, or a late arrival / early departure (which has no times here), are typed minutes.
    """
    typed = minutes is not None and status in ("present", "late", "left_early")
    if minutes is None and status in ("present", "late", "left_early"):
        minutes = sess.duration_minutes
        typed = status != "present"
    return Attendance.create(
        origin_site=actor.site_id,
        session=sess.id,
        client=who.id,
        status=status,
        minutes_attended=minutes if minutes is not None else 0,
        minutes_typed=typed,
        date=sess.date,
    )


def staff(actor: Actor, role: str = "counselor", name: str = "Casey Counselor") -> Staff:
    return Staff.create(username=f"user{next(_user)}", display_name=name, role=role, home_site=actor.site_id)


def actor_as(actor: Actor, member: Staff) -> Actor:
    return Actor(staff_id=member.id, site_id=actor.site_id, role=member.role)


def facilitate(grp: TherapyGroup, member_id: UUID, lead: bool = True) -> None:
    GroupFacilitator.create(id=facilitator_id(grp.id, member_id), group=grp.id, staff=member_id, is_lead=lead)


def other_site(name: str = "North site") -> Site:
    return Site.create(name=name)


@contextlib.contextmanager
def count_queries(db):  # type: ignore[no-untyped-def]
    """Collect the SQL a block runs: checks that work stays a fixed number of queries."""
    executed: list[str] = []
    original = db.execute_sql

    def counting(sql, params=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        executed.append(sql)
        return original(sql, params, *args, **kwargs)

    db.execute_sql = counting
    try:
        yield executed
    finally:
        del db.execute_sql


# Wednesday. Every attendance test pins "today" so dates never drift with the calendar.
TODAY = dt.date(2025, 3, 12)
MONDAY = dt.date(2025, 3, 10)


def pin_today(monkeypatch, day: dt.date = TODAY) -> dt.date:  # type: ignore[no-untyped-def]
    from iopdesk.domain.kernel import clock

    monkeypatch.setattr(clock, "site_today", lambda site_id: day)
    return day
