"""A group's weekly schedule: slots valid between dates, and when the group next meets.

Each GroupSchedule row is one weekly slot; ``effective_to`` is the last day it
applies (inclusive). A change closes rows and opens new ones instead of
editing them, so sessions generated from a slot keep pointing at it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from iopdesk.domain.errors import ValidationError
from iopdesk.domain.records import save_changes
from iopdesk.store.models import GroupSchedule, Holiday, Session, TherapyGroup, utcnow

LOOKAHEAD_DAYS = 371  # how far to look for a group's next meeting (a year and a week)


@dataclass(frozen=True)
class ScheduleSlot:
    weekday: int  # 0 = Monday … 6 = Sunday
    start_time: dt.time
    duration_minutes: int


@dataclass(frozen=True)
class ScheduleRow:
    id: UUID
    weekday: int
    start_time: dt.time
    duration_minutes: int
    effective_from: dt.date
    effective_to: dt.date | None


@dataclass(frozen=True)
class Meeting:
    """When a group next meets: a generated session, or a date worked out from the schedule."""

    date: dt.date
    start_time: dt.time
    duration_minutes: int
    session_id: UUID | None


def schedule_rows(group_id: UUID, since: dt.date | None) -> tuple[ScheduleRow, ...]:
    query = GroupSchedule.select().where(
        (GroupSchedule.group == group_id) & GroupSchedule.retired_at.is_null()
    )
    if since is not None:
        query = query.where(GroupSchedule.effective_to.is_null() | (GroupSchedule.effective_to >= since))
    query = query.order_by(GroupSchedule.effective_from, GroupSchedule.weekday, GroupSchedule.start_time)
    return tuple(
        ScheduleRow(r.id, r.weekday, r.start_time, r.duration_minutes, r.effective_from, r.effective_to)
        for r in query
    )


def validated_slots(slots: Sequence[ScheduleSlot]) -> list[ScheduleSlot]:
    seen: set[tuple[int, dt.time]] = set()
    for slot in slots:
        if not isinstance(slot.weekday, int) or not 0 <= slot.weekday <= 6:
            raise ValidationError("Each meeting needs a day of the week.", field="schedule")
        if not isinstance(slot.start_time, dt.time):
            raise ValidationError("Each meeting needs a start time.", field="schedule")
        if not isinstance(slot.duration_minutes, int) or not 15 <= slot.duration_minutes <= 720:
            raise ValidationError("A meeting lasts from 15 minutes to 12 hours.", field="schedule")
        if slot.start_time.hour * 60 + slot.start_time.minute + slot.duration_minutes > 24 * 60:
            raise ValidationError("A meeting must end by midnight (one date of service).", field="schedule")
        key = (slot.weekday, slot.start_time)
        if key in seen:
            raise ValidationError("The same day and time is listed twice in the schedule.", field="schedule")
        seen.add(key)
    return list(slots)


def close_schedule(group_id: UUID, last_day: dt.date) -> None:
    open_rows = GroupSchedule.select().where(
        (GroupSchedule.group == group_id)
        & GroupSchedule.retired_at.is_null()
        & (GroupSchedule.effective_to.is_null() | (GroupSchedule.effective_to > last_day))
    )
    for slot in open_rows:
        if slot.effective_from > last_day:
            save_changes(slot, {"retired_at": utcnow()})  # never in effect: nothing to keep open
        else:
            save_changes(slot, {"effective_to": last_day})


def has_started(group: TherapyGroup, today: dt.date) -> bool:
    """A group has started once its start date is past or it has held a session."""
    if group.start_date is not None and group.start_date < today:
        return True
    return (
        Session.select()
        .where(
            (Session.group == group.id)
            & (Session.date < today)
            & (Session.status == "scheduled")
            & Session.retired_at.is_null()
        )
        .exists()
    )


def next_meeting(group_id: UUID, on_or_after: dt.date) -> Meeting | None:
    """The first meeting on or after a date: a scheduled session if any, else worked out from the schedule."""
    session = (
        Session.select()
        .where(
            (Session.group == group_id)
            & (Session.date >= on_or_after)
            & (Session.status == "scheduled")
            & Session.retired_at.is_null()
        )
        .order_by(Session.date, Session.start_time)
        .first()
    )
    group = TherapyGroup.get_or_none((TherapyGroup.id == group_id) & TherapyGroup.retired_at.is_null())
    computed = _meeting_from_schedule(group, on_or_after) if group is not None else None
    # Sessions are generated only a few weeks ahead: a slot beyond them (or one not generated
    # yet) may come first, so take whichever is earlier.
    if session is not None and (
        computed is None or (session.date, session.start_time) <= (computed.date, computed.start_time)
    ):
        return Meeting(session.date, session.start_time, session.duration_minutes, session.id)
    return computed


def _meeting_from_schedule(group: TherapyGroup, on_or_after: dt.date) -> Meeting | None:
    first = max(on_or_after, group.start_date or on_or_after)
    last = first + dt.timedelta(days=LOOKAHEAD_DAYS)
    if group.end_date is not None:
        last = min(last, group.end_date)
    slots = list(
        GroupSchedule.select().where(
            (GroupSchedule.group == group.id)
            & GroupSchedule.retired_at.is_null()
            & (GroupSchedule.effective_from <= last)
            & (GroupSchedule.effective_to.is_null() | (GroupSchedule.effective_to >= first))
        )
    )
    if not slots:
        return None
    holidays = {
        h.date
        for h in Holiday.select(Holiday.date).where(
            (Holiday.site == group.site_id) & Holiday.date.between(first, last) & Holiday.retired_at.is_null()
        )
    }
    # A slot whose session was cancelled or moved already has its Session row: skip that occurrence.
    used = {
        (s.schedule_id, s.origin_date)
        for s in Session.select(Session.schedule, Session.origin_date).where(
            Session.schedule.in_([s.id for s in slots]) & Session.origin_date.between(first, last)
        )
    }
    day = first
    while day <= last:
        if day not in holidays:
            todays = sorted(
                (
                    s
                    for s in slots
                    if s.weekday == day.weekday()
                    and s.effective_from <= day
                    and (s.effective_to is None or day <= s.effective_to)
                    and (s.id, day) not in used
                ),
                key=lambda s: s.start_time,
            )
            if todays:
                return Meeting(day, todays[0].start_time, todays[0].duration_minutes, None)
        day += dt.timedelta(days=1)
    return None
