"""Sessions and what happened in them: attendance, family members present, notes.

Group sessions come from the weekly schedules (one per slot and date, like
the real generator); holidays close the site, a few sessions are cancelled
for other reasons. Only clients whose enrollment covers the date appear on a
session, and only past sessions that were held have attendance and notes.
Individual and family sessions follow each client's stay.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections.abc import Callable

from iopdesk.demo.catalog import (
    FAMILY_FORMAT,
    INDIVIDUAL_FORMAT,
    SESSION_CANCEL_REASONS,
)
from iopdesk.demo.charting import note_state, write_note
from iopdesk.demo.marks import mark
from iopdesk.demo.note_text import member_body, shared_body, topic_for
from iopdesk.demo.people import ClientPlan, StaffPlan, family_members
from iopdesk.demo.placement import EnrollmentPlan
from iopdesk.demo.world import GroupPlan, TodaySession, World, at, clinical
from iopdesk.domain.calendar.generation import holiday_cancel_reason
from iopdesk.domain.kernel.vocab import ATTENDED_STATUSES
from iopdesk.domain.notes.body import default_template
from iopdesk.store.models import FamilyMember, Session

DAY = dt.timedelta(days=1)
PRACTICE_USER = "counselor"  # the demo account a newcomer signs in as
INDIVIDUAL_TIMES = {
    "day": ("15:45",),
    "evening": ("10:00", "11:00", "13:00", "14:00", "15:00"),
    "teen": ("14:00",),
}


def group_sessions(world: World, tick: Callable[[float], None]) -> None:
    by_group: dict[int, list[EnrollmentPlan]] = {}
    for e in world.enrollments:
        if e.start is not None and e.attend_until is not None:
            by_group.setdefault(e.group, []).append(e)
    for n, group in enumerate(world.groups):
        _one_group(world, group, by_group.get(n, []), world.rng(f"group:{n}"))
        tick((n + 1) / len(world.groups))


def _one_group(world: World, group: GroupPlan, members: list[EnrollmentPlan], rng: random.Random) -> None:
    spec = group.spec
    slots: list[tuple[dt.date, int]] = []
    for s_idx, sched in enumerate(group.schedules):
        day = max(sched.effective_from, world.window_start)
        day += dt.timedelta(days=(sched.weekday - day.weekday()) % 7)
        stop = min(sched.effective_to or world.last_day, world.last_day)
        while day <= stop:
            slots.append((day, s_idx))
            day += dt.timedelta(days=7)
    slots.sort()
    dates = [d for d, _ in slots]
    roster: list[list[EnrollmentPlan]] = [[] for _ in slots]
    for e in members:
        assert e.start is not None and e.attend_until is not None
        for i in range(bisect.bisect_left(dates, e.start), bisect.bisect_right(dates, e.attend_until)):
            roster[i].append(e)
    keys = default_template(spec.note_format)
    clock = world.clocks[spec.site]
    site_id = world.site_ids[spec.site]
    holidays = world.holidays.get(spec.site, {})
    practising = world.by_username(PRACTICE_USER)
    for (day, s_idx), present_list in zip(slots, roster, strict=True):
        sched = group.schedules[s_idx]
        past = day < world.today
        facilitator = group.co if group.co is not None and rng.random() < 0.15 else group.lead
        if day == world.today and practising in (group.lead, group.co):
            facilitator = practising  # today's session of their group is theirs to practise on
        cancel = ""
        if day in holidays:
            cancel = holiday_cancel_reason(holidays[day])
        elif past and rng.random() < 0.02:
            cancel = rng.choice(SESSION_CANCEL_REASONS)
        topic = topic_for(spec.kind, rng) if past and not cancel else ""
        session_id = write_session(
            world,
            spec.site,
            day,
            sched.start,
            sched.minutes,
            facilitator,
            cancel,
            topic,
            rng,
            group=group.id,
            schedule=sched.id,
            room=spec.room,
        )
        if not past or cancel:
            continue
        end = clock.utc(day, sched.start, sched.minutes)
        attended: list[tuple[ClientPlan, str]] = []
        for e in present_list:
            p = e.client.reliability
            if e.fading_from is not None and day >= e.fading_from:
                p *= 0.45
            status = mark(
                world,
                site_id,
                session_id,
                e.client,
                day,
                sched.start,
                sched.minutes,
                facilitator,
                end,
                p,
                rng,
            )
            if status in ATTENDED_STATUSES:
                attended.append((e.client, status))
        state = note_state(world, facilitator, end, (world.today - day).days, rng)
        if state is None:
            continue
        write_note(
            world,
            spec.site,
            session_id,
            None,
            facilitator,
            spec.note_format,
            shared_body(keys.shared_keys, topic, len(attended), rng),
            state,
            day,
            rng,
        )
        for client, status in attended:
            body = member_body(keys.member_keys, topic, status, client.struggling, rng)
            write_note(
                world, spec.site, session_id, client.id, facilitator, spec.note_format, body, state, day, rng
            )


def write_session(
    world: World,
    site: int,
    day: dt.date,
    start: dt.time,
    minutes: int,
    facilitator: StaffPlan,
    cancel: str,
    topic: str,
    rng: random.Random,
    *,
    group: str | None = None,
    schedule: str | None = None,
    client: str | None = None,
    kind: str = "group",
    room: str = "",
    modality: str = "in_person",
) -> str:
    created = max(at(day - dt.timedelta(days=28), 6), at(world.window_start - dt.timedelta(days=7), 6))
    updated = created
    if cancel:
        updated = at(day - dt.timedelta(days=rng.randint(0, 3)), 14)
    session_id = world.ids.new()
    row = clinical(world.site_ids[site], created, max(created, updated), 2 if cancel else 1)
    row.update(
        id=session_id,
        kind=kind,
        group=group,
        client=client,
        site=world.site_ids[site],
        date=day,
        start_time=start,
        duration_minutes=minutes,
        facilitator=facilitator.id,
        status="cancelled" if cancel else "scheduled",
        cancel_reason=cancel,
        schedule=schedule,
        origin_date=day if schedule else None,
        topic=topic,
        modality=modality,
        room=room,
    )
    world.writer.add(Session, row)
    world.count("sessions")
    if day == world.today:
        world.today_sessions.append(TodaySession(session_id, kind, group, facilitator.id, bool(cancel)))
    if cancel:
        world.count("sessions_cancelled")
    elif day >= world.today:
        world.count("sessions_upcoming")
    return session_id


def one_to_one_sessions(world: World, tick: Callable[[float], None]) -> None:
    """Individual counseling through each core stay, and a family session for some clients."""
    rng = world.rng("individual")
    staff = {s.id: s for s in world.staff}
    cores = [
        e for e in world.enrollments if e.start is not None and world.groups[e.group].spec.role == "core"
    ]
    cadence = world.profile.individual_every_days
    for n, e in enumerate(cores):
        assert e.start is not None and e.attend_until is not None
        client = e.client
        counselor = staff[client.counselor]
        # Active stays also get their next individual sessions booked ahead.
        until = world.last_day if e.status == "active" else e.attend_until
        weekday = rng.randint(0, 4)
        day = e.start + dt.timedelta(days=rng.randint(2, 6))
        while True:
            day = _weekday_open(world, client.site, day + dt.timedelta(days=(weekday - day.weekday()) % 7))
            if day > until:
                break
            _one_to_one(world, client, counselor, day, "individual", rng)
            day += dt.timedelta(days=cadence)
        if rng.random() < 0.2:
            day = _weekday_open(world, client.site, e.start + dt.timedelta(days=rng.randint(14, 35)))
            if day <= until:
                _one_to_one(world, client, counselor, day, "family", rng)
        if n % 500 == 0:
            tick(n / len(cores))
    tick(1.0)


def _weekday_open(world: World, site: int, day: dt.date) -> dt.date:
    closed = world.holidays.get(site, {})
    while day.weekday() >= 5 or day in closed:
        day += DAY
    return day


def _one_to_one(
    world: World, client: ClientPlan, counselor: StaffPlan, day: dt.date, kind: str, rng: random.Random
) -> None:
    past = day < world.today
    start = dt.time.fromisoformat(rng.choice(INDIVIDUAL_TIMES[client.slot]))
    minutes = 60 if kind == "family" else rng.choice((45, 50, 55, 60))
    telehealth = kind == "individual" and rng.random() < 0.15
    cancel = "Counselor out sick; rescheduled" if past and rng.random() < 0.02 else ""
    topic = topic_for("family" if kind == "family" else "individual", rng) if past and not cancel else ""
    session_id = write_session(
        world,
        client.site,
        day,
        start,
        minutes,
        counselor,
        cancel,
        topic,
        rng,
        client=client.id,
        kind=kind,
        room="" if telehealth else f"Office {rng.randint(1, 6)}",
        modality="telehealth" if telehealth else "in_person",
    )
    site_id = world.site_ids[client.site]
    if kind == "family":
        created = at(day, 12)
        for name, relationship in family_members(client, world.pools, rng):
            row = clinical(site_id, created)
            row.update(id=world.ids.new(), session=session_id, name=name, relationship=relationship)
            world.writer.add(FamilyMember, row)
            world.count("family_members")
    if not past or cancel:
        return
    clock = world.clocks[client.site]
    end = clock.utc(day, start, minutes)
    status = mark(
        world,
        site_id,
        session_id,
        client,
        day,
        start,
        minutes,
        counselor,
        end,
        0.93 if kind == "individual" else 0.97,
        rng,
    )
    if status not in ATTENDED_STATUSES:
        return
    state = note_state(world, counselor, end, (world.today - day).days, rng)
    if state is None:
        return
    fmt = FAMILY_FORMAT if kind == "family" else INDIVIDUAL_FORMAT
    body = member_body(default_template(fmt).member_keys, topic, status, client.struggling, rng)
    write_note(world, client.site, session_id, client.id, counselor, fmt, body, state, day, rng)
