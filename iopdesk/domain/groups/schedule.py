"""A group's weekly schedule: slots valid between dates, and when the group next meets.

Each GroupSchedule row is one weekly slot; ``effective_to`` is the last day it
applies (inclusive). A change closes rows and opens new ones instead of
editing them, so sessions generated from a slot keep pointing at it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from peewee import chunked

from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.kernel.records import save_changes
from iopdesk.store.models import GroupSchedule, Holiday, Session, TherapyGroup

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
    return schedules_of([group_id], since).get(group_id, ())


def schedules_of(group_ids: Iterable[UUID], since: dt.date | None) -> dict[UUID, tuple[ScheduleRow, ...]]:
    """{group id: its slots in effect on ``since`` or later (all when None)}, in one query per 500 groups."""
    out: dict[UUID, list[ScheduleRow]] = defaultdict(list)
    for batch in chunked(list(group_ids), 500):
        query = GroupSchedule.select().where(
            GroupSchedule.group.in_(batch) & GroupSchedule.retired_at.is_null()
        )
        if since is not None:
            query = query.where(GroupSchedule.effective_to.is_null() | (GroupSchedule.effective_to >= since))
        query = query.order_by(GroupSchedule.effective_from, GroupSchedule.weekday, GroupSchedule.start_time)
        for r in query:
            out[r.group_id].append(
                ScheduleRow(
                    r.id, r.weekday, r.start_time, r.duration_minutes, r.effective_from, r.effective_to
                )
            )
    return {group_id: tuple(rows) for group_id, rows in out.items()}


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


class GroupDates(Protocol):
    """What working a meeting out needs of a group: a TherapyGroup row or a GroupInfo."""

    @property
    def id(self) -> UUID: ...
    @property
    def site_id(self) -> UUID: ...
    @property
    def start_date(self) -> dt.date | None: ...
    @property
    def end_date(self) -> dt.date | None: ...


def next_meeting(group_id: UUID, on_or_after: dt.date, *, group: GroupDates | None = None) -> Meeting | None:
    """The first meeting on or after a date: a scheduled session if any, else worked out from the schedule.

    ``group``: the (live) group as the caller has just read it, not read again."""
    return next_meetings([group_id], on_or_after, groups=[group] if group is not None else None).get(group_id)


def next_meetings(
    group_ids: Iterable[UUID], on_or_after: dt.date, *, groups: Sequence[GroupDates] | None = None
) -> dict[UUID, Meeting | None]:
    """``next_meeting`` for many groups with a fixed handful of queries (the groups list).

    ``groups``: those groups (not retired) as the caller has just read them, not read again."""
    ids = list(dict.fromkeys(group_ids))
    sessions: dict[UUID, Meeting] = {}
    known = groups is not None
    wanted = set(ids)
    groups = [g for g in groups if g.id in wanted] if groups is not None else []
    for batch in chunked(ids, 500):
        for session_id, group_id, day, start, minutes in (
            Session.select(
                Session.id, Session.group, Session.date, Session.start_time, Session.duration_minutes
            )
            .where(
                Session.group.in_(batch)
                & (Session.date >= on_or_after)
                & (Session.status == "scheduled")
                & Session.retired_at.is_null()
            )
            .tuples()
        ):
            seen = sessions.get(group_id)
            if seen is None or (day, start) < (seen.date, seen.start_time):
                sessions[group_id] = Meeting(day, start, minutes, session_id)
        if not known:
            groups.extend(
                TherapyGroup.select().where(TherapyGroup.id.in_(batch) & TherapyGroup.retired_at.is_null())
            )
    computed = _meetings_from_schedule(groups, on_or_after)
    out: dict[UUID, Meeting | None] = {}
    for group_id in ids:
        session, worked_out = sessions.get(group_id), computed.get(group_id)
        # Sessions are generated only a few weeks ahead: a slot beyond them (or one not generated
        # yet) may come first, so take whichever is earlier.
        if session is not None and (
            worked_out is None
            or (session.date, session.start_time) <= (worked_out.date, worked_out.start_time)
        ):
            out[group_id] = session
        else:
            out[group_id] = worked_out
    return out


def _meetings_from_schedule(groups: Sequence[GroupDates], on_or_after: dt.date) -> dict[UUID, Meeting | None]:
    spans: dict[UUID, tuple[dt.date, dt.date]] = {}
    for group in groups:
        first = max(on_or_after, group.start_date or on_or_after)
        last = first + dt.timedelta(days=LOOKAHEAD_DAYS)
        if group.end_date is not None:
            last = min(last, group.end_date)
        spans[group.id] = (first, last)
    if not spans:
        return {}
    earliest = min(first for first, _ in spans.values())
    latest = max(last for _, last in spans.values())
    slots: dict[UUID, list[GroupSchedule]] = defaultdict(list)
    for batch in chunked(list(spans), 500):
        for slot in GroupSchedule.select().where(
            GroupSchedule.group.in_(batch)
            & GroupSchedule.retired_at.is_null()
            & (GroupSchedule.effective_from <= latest)
            & (GroupSchedule.effective_to.is_null() | (GroupSchedule.effective_to >= earliest))
        ):
            first, last = spans[slot.group_id]
            if slot.effective_from <= last and (slot.effective_to is None or slot.effective_to >= first):
                slots[slot.group_id].append(slot)
    if not slots:
        return {}
    sites = {g.site_id for g in groups if g.id in slots}
    holidays = {
        (site, day)
        for site, day in Holiday.select(Holiday.site, Holiday.date)
        .where(
            Holiday.site.in_(list(sites))
            & Holiday.date.between(earliest, latest)
            & Holiday.retired_at.is_null()
        )
        .tuples()
    }
    # A slot whose session was cancelled or moved already has its Session row: skip that occurrence.
    slot_ids = [slot.id for found in slots.values() for slot in found]
    used: set[tuple[UUID, dt.date]] = set()
    for batch in chunked(slot_ids, 500):
        used.update(
            Session.select(Session.schedule, Session.origin_date)
            .where(Session.schedule.in_(batch) & Session.origin_date.between(earliest, latest))
            .tuples()
        )
    used |= _stood_in_for(slots, earliest, latest)
    return {
        g.id: _first_free_day(slots[g.id], *spans[g.id], g.site_id, holidays, used)
        for g in groups
        if g.id in slots
    }


def _stood_in_for(
    slots: dict[UUID, list[GroupSchedule]], earliest: dt.date, latest: dt.date
) -> set[tuple[UUID, dt.date]]:
    """Occurrences a session of a replaced slot still stands for (moved, cancelled or today's when the
    schedule changed): generation makes no session for them, so they are no meeting (generation.py)."""
    out: set[tuple[UUID, dt.date]] = set()
    for batch in chunked(list(slots), 500):
        for group_id, schedule_id, day, held_on, start in (
            Session.select(
                Session.group, Session.schedule, Session.origin_date, Session.date, Session.start_time
            )
            .where(
                Session.group.in_(batch)
                & Session.schedule.is_null(False)
                & Session.retired_at.is_null()
                & Session.origin_date.between(earliest, latest)
            )
            .tuples()
        ):
            if any(s.id == schedule_id for s in _slots_on(slots[group_id], day)):
                continue  # its own slot still calls for it: an ordinary occurrence
            for when in (day, held_on):  # its origin date first, then the day it was moved to
                free = [s for s in _slots_on(slots[group_id], when) if (s.id, when) not in out]
                if free:
                    nearest = min(free, key=lambda s: abs(_minutes(s.start_time) - _minutes(start)))
                    out.add((nearest.id, when))
                    break
    return out


def _slots_on(slots: list[GroupSchedule], day: dt.date) -> list[GroupSchedule]:
    return [
        s
        for s in slots
        if s.weekday == day.weekday()
        and s.effective_from <= day
        and (s.effective_to is None or day <= s.effective_to)
    ]


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _first_free_day(
    slots: list[GroupSchedule],
    first: dt.date,
    last: dt.date,
    site_id: UUID,
    holidays: set[tuple[UUID, dt.date]],
    used: set[tuple[UUID, dt.date]],
) -> Meeting | None:
    day = first
    while day <= last:
        if (site_id, day) not in holidays:
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
