"""Generating sessions from each group's weekly schedule.

Generation rules (the Attendance issue):
- One session per schedule slot and date, keyed by (schedule, origin_date), so
  running generation again — on any workstation, at any time — never makes a
  second copy, and a session moved to another date is not made again.
- Nothing is generated for an inactive or retired group, before its start date
  or after its end date, or outside the schedule row's effective dates.
- On a site holiday the session IS created, already cancelled with the holiday
  as its reason. We chose this over skipping the slot so that the day view
  shows why a group is not meeting, and so the result is the same whether the
  holiday was entered before or after the sessions were generated.
- A schedule whose start + duration runs past midnight generates nothing (such
  sessions are refused everywhere; see ``validate_slot``).
- Past and today's sessions are never changed by generation. A *future*
  session that nobody touched (still scheduled, on its original date, nothing
  recorded on it) and that the schedule no longer calls for — the schedule row
  was closed or retired, the group was deactivated or its dates changed — is
  retired; it comes back if the schedule calls for it again.
- A session the schedule no longer calls for but that stays (today's, or one
  moved, cancelled, marked or noted) still stands for its group's meeting on
  its origin date: the slot that replaced its own (the new time after a
  schedule change) makes no second session that date. Otherwise changing the
  time on the day would give the day two sessions, and a series edit would
  bring back a meeting that was moved to another day or cancelled.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from peewee import chunked

from iopdesk.domain.kernel import audit, clock, ids, settings
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.store import transaction
from iopdesk.store.models import (
    Attendance,
    GroupFacilitator,
    GroupSchedule,
    Holiday,
    Note,
    Session,
    TherapyGroup,
)

log = logging.getLogger(__name__)

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True)
class GenerationResult:
    created: int
    retired: int
    revived: int


def minutes_of(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def validate_slot(start_time: dt.time, duration_minutes: int) -> None:
    """A session must have a length and end by midnight (one date of service)."""
    if not isinstance(duration_minutes, int) or isinstance(duration_minutes, bool) or duration_minutes <= 0:
        raise ValidationError("A session must last at least one minute.", field="duration_minutes")
    if minutes_of(start_time) + duration_minutes > MINUTES_PER_DAY:
        raise ValidationError(
            f"A session starting at {start_time:%H:%M} and lasting {duration_minutes} minutes would run "
            "past midnight. Split it into two sessions, one on each date.",
            field="duration_minutes",
        )


def holiday_cancel_reason(holiday_reason: str) -> str:
    # remove_holiday finds the sessions a holiday cancelled by this exact text.
    return f"Holiday: {holiday_reason}"


def generate_ahead(actor: Actor, today: dt.date | None = None) -> GenerationResult:
    """Fill the rolling window: today plus settings 'session_horizon_weeks' weeks, every site."""
    start = today or clock.site_today(actor.site_id)
    weeks = max(1, settings.get("session_horizon_weeks"))  # today at least
    return generate_sessions(actor, start, start + dt.timedelta(weeks=weeks, days=-1))


def refresh_group_sessions(actor: Actor, group_id: UUID) -> GenerationResult:
    """After a group's schedule, dates or active flag changed: bring its future sessions in line."""
    start = clock.site_today(actor.site_id)
    weeks = max(1, settings.get("session_horizon_weeks"))
    return generate_sessions(actor, start, start + dt.timedelta(weeks=weeks, days=-1), group_id=group_id)


def generate_sessions(
    actor: Actor,
    start: dt.date,
    end: dt.date,
    *,
    site_id: UUID | None = None,
    group_id: UUID | None = None,
) -> GenerationResult:
    """Make the schedule's sessions between two dates (inclusive); safe to repeat."""
    if end < start:
        raise ValidationError("The end date is before the start date.", field="end")
    wanted = _wanted_slots(start, end, site_id, group_id)
    existing = _existing_generated(start, end, site_id, group_id)
    holidays = _holidays(start, end, {slot.site_id for slot in wanted.values()})
    leads = _lead_facilitators({slot.group_id for slot in wanted.values()})
    today_of: dict[UUID, dt.date] = {}

    def is_future(site: UUID, date: dt.date) -> bool:
        if site not in today_of:
            today_of[site] = clock.site_today(site)
        return date > today_of[site]

    now = utcnow()
    new_rows: list[dict[str, object]] = []
    for key, slot in wanted.items():
        if key in existing:
            continue
        holiday = holidays.get((slot.site_id, slot.date))
        new_rows.append(
            {
                "id": ids.generated_session_id(key[0], key[1]),  # alike at every place (issue 14)
                "origin_site": actor.site_id,
                "created_at": now,
                "updated_at": now,
                "version": 1,
                "kind": "group",
                "group": slot.group_id,
                "site": slot.site_id,
                "date": slot.date,
                "start_time": slot.start_time,
                "duration_minutes": slot.duration_minutes,
                "facilitator": leads.get(slot.group_id),
                "status": "cancelled" if holiday is not None else "scheduled",
                "cancel_reason": holiday_cancel_reason(holiday) if holiday is not None else "",
                "schedule": key[0],
                "origin_date": key[1],
                "topic": "",
                "modality": "in_person",
                "room": slot.room,
            }
        )
    # Only future sessions are reconsidered; the past stays exactly as it was.
    to_retire = [
        row.id
        for key, row in existing.items()
        if key not in wanted and row.retired_at is None and is_future(row.site_id, row.date)
    ]
    to_revive = [
        row.id
        for key, row in existing.items()
        if key in wanted and row.retired_at is not None and is_future(row.site_id, row.date)
    ]
    reconsidered = {*to_retire, *to_revive}
    untouched = _untouched([row for row in existing.values() if row.id in reconsidered])
    to_retire = [i for i in to_retire if i in untouched]
    to_revive = [i for i in to_revive if i in untouched]
    staying = [
        row
        for key, row in existing.items()
        if key not in wanted and row.retired_at is None and row.id not in to_retire
    ]
    if staying:
        replaced = _replaced_by_staying(staying, {k: s for k, s in wanted.items() if k not in existing})
        new_rows = [r for r in new_rows if (r["schedule"], r["origin_date"]) not in replaced]
    if not (new_rows or to_retire or to_revive):
        return GenerationResult(0, 0, 0)
    with transaction():
        for batch in chunked(new_rows, 40):  # stays under SQLite's bound-variable limit
            # A workstation generating the same slot at the same moment loses quietly.
            Session.insert_many(batch).on_conflict_ignore().execute()
        if to_retire:
            Session.update(retired_at=now, updated_at=now, version=Session.version + 1).where(
                Session.id.in_(to_retire)
            ).execute()
        if to_revive:
            Session.update(retired_at=None, updated_at=now, version=Session.version + 1).where(
                Session.id.in_(to_revive)
            ).execute()
        # Housekeeping that follows the schedules: one entry per run, not one per session.
        changes = {"from": start, "to": end, "created": len(new_rows), "retired": len(to_retire)}
        changes["revived"] = len(to_revive)
        audit.record(actor, audit.CREATE, record_type="session", record_id="schedule", changes=changes)
    return GenerationResult(len(new_rows), len(to_retire), len(to_revive))


@dataclass(frozen=True)
class _Slot:
    group_id: UUID
    site_id: UUID
    date: dt.date
    start_time: dt.time
    duration_minutes: int
    room: str


def _wanted_slots(
    start: dt.date, end: dt.date, site_id: UUID | None, group_id: UUID | None
) -> dict[tuple[UUID, dt.date], _Slot]:
    cond = (
        GroupSchedule.retired_at.is_null()
        & TherapyGroup.retired_at.is_null()
        & (TherapyGroup.active == True)  # noqa: E712
        & (GroupSchedule.effective_from <= end)
        & (GroupSchedule.effective_to.is_null() | (GroupSchedule.effective_to >= start))
        & (TherapyGroup.start_date.is_null() | (TherapyGroup.start_date <= end))
        & (TherapyGroup.end_date.is_null() | (TherapyGroup.end_date >= start))
    )
    if site_id is not None:
        cond &= TherapyGroup.site == site_id
    if group_id is not None:
        cond &= TherapyGroup.id == group_id
    if (end - start).days < 6:
        # A day or a few (every screen that shows a date asks): only those weekdays' slots.
        weekdays = {(start + dt.timedelta(days=n)).weekday() for n in range((end - start).days + 1)}
        cond &= GroupSchedule.weekday.in_(sorted(weekdays))
    query = (
        GroupSchedule.select(
            GroupSchedule.id,
            GroupSchedule.weekday,
            GroupSchedule.start_time,
            GroupSchedule.duration_minutes,
            GroupSchedule.effective_from,
            GroupSchedule.effective_to,
            TherapyGroup.id,
            TherapyGroup.site,
            TherapyGroup.start_date,
            TherapyGroup.end_date,
            TherapyGroup.room,
        )
        .join(TherapyGroup)
        .where(cond)
    )
    slots: dict[tuple[UUID, dt.date], _Slot] = {}
    for sched in query:
        group = sched.group
        try:
            validate_slot(sched.start_time, sched.duration_minutes)
        except ValidationError:
            log.warning("schedule %s crosses midnight or has no length; nothing generated", sched.id)
            continue
        lo = max(d for d in (start, sched.effective_from, group.start_date) if d is not None)
        hi = min(d for d in (end, sched.effective_to, group.end_date) if d is not None)
        day = lo + dt.timedelta(days=(sched.weekday - lo.weekday()) % 7)
        while day <= hi:
            slots[(sched.id, day)] = _Slot(
                group.id, group.site_id, day, sched.start_time, sched.duration_minutes, group.room
            )
            day += dt.timedelta(days=7)
    return slots


def _existing_generated(
    start: dt.date, end: dt.date, site_id: UUID | None, group_id: UUID | None
) -> dict[tuple[UUID | None, dt.date | None], Session]:
    """Every generated session of the range, retired ones included (they hold their slot)."""
    cond = Session.schedule.is_null(False) & (Session.origin_date >= start) & (Session.origin_date <= end)
    if site_id is not None:
        cond &= Session.site == site_id
    if group_id is not None:
        cond &= Session.group == group_id
    query = Session.select(
        Session.id,
        Session.group,
        Session.schedule,
        Session.origin_date,
        Session.date,
        Session.start_time,
        Session.site,
        Session.status,
        Session.retired_at,
        Session.version,
    ).where(cond)
    return {(row.schedule_id, row.origin_date): row for row in query}


def _replaced_by_staying(
    staying: list[Session], missing: dict[tuple[UUID, dt.date], _Slot]
) -> set[tuple[UUID, dt.date]]:
    """The missing slots that a staying session of the same group and origin date stands for: one
    each, the nearest in start time (a group meeting twice that day keeps its other meeting). A
    session moved to another day stands for a missing slot there when none is left on its origin
    date (the meeting moved to Tuesday, and the group now meets on Tuesdays: one meeting)."""
    free: dict[tuple[UUID | None, dt.date | None], list[tuple[UUID, dt.date]]] = {}
    for key, slot in missing.items():
        free.setdefault((slot.group_id, slot.date), []).append(key)
    replaced: set[tuple[UUID, dt.date]] = set()
    for row in sorted(staying, key=lambda r: (r.origin_date, r.start_time, str(r.id))):
        candidates = free.get((row.group_id, row.origin_date)) or free.get((row.group_id, row.date))
        if not candidates:
            continue
        nearest = min(
            candidates,
            key=lambda k: (abs(minutes_of(missing[k].start_time) - minutes_of(row.start_time)), str(k[0])),
        )
        candidates.remove(nearest)
        replaced.add(nearest)
    return replaced


def _untouched(rows: list[Session]) -> set[UUID]:
    """Sessions still as generation left them: nobody moved, cancelled, noted or marked them."""
    plain = {r.id for r in rows if r.status == "scheduled" and r.date == r.origin_date}
    if not plain:
        return set()
    ids = list(plain)
    with_records = {
        r.session_id for r in Attendance.select(Attendance.session).where(Attendance.session.in_(ids))
    } | {r.session_id for r in Note.select(Note.session).where(Note.session.in_(ids))}
    return plain - with_records


def _holidays(start: dt.date, end: dt.date, site_ids: Iterable[UUID]) -> dict[tuple[UUID, dt.date], str]:
    sites = list(site_ids)
    if not sites:
        return {}
    query = Holiday.select(Holiday.site, Holiday.date, Holiday.reason).where(
        Holiday.site.in_(sites)
        & (Holiday.date >= start)
        & (Holiday.date <= end)
        & Holiday.retired_at.is_null()
    )
    return {(h.site_id, h.date): h.reason for h in query}


def _lead_facilitators(group_ids: Iterable[UUID]) -> dict[UUID, UUID]:
    groups = list(group_ids)
    if not groups:
        return {}
    query = (
        GroupFacilitator.select(GroupFacilitator.group, GroupFacilitator.staff)
        .where(GroupFacilitator.group.in_(groups) & GroupFacilitator.removed_at.is_null())
        .order_by(GroupFacilitator.is_lead.desc(), GroupFacilitator.created_at)
    )
    leads: dict[UUID, UUID] = {}
    for gf in query:
        leads.setdefault(gf.group_id, gf.staff_id)
    return leads
