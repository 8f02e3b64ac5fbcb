"""Rows for the clinic's standing data: sites, staff, groups, schedules, clients, enrollments."""

from __future__ import annotations

import datetime as dt

from iopdesk.demo.catalog import SITES, GroupSpec, us_holidays
from iopdesk.demo.people import StaffPlan
from iopdesk.demo.world import GroupPlan, SchedulePlan, World, at, clinical
from iopdesk.domain.access import passwords
from iopdesk.domain.clinic.setup import DEMO_PASSWORD
from iopdesk.store.models import (
    Client,
    Enrollment,
    GroupFacilitator,
    GroupSchedule,
    Holiday,
    KeepApart,
    Site,
    Snippet,
    Staff,
    TherapyGroup,
)

# Every demo account (admin, supervisor, counselor, frontdesk, auditor and the rest) signs in with it.


def sites_and_staff(world: World) -> None:
    opened = at(world.window_start - dt.timedelta(days=30), 14)
    for site_id, spec in zip(world.site_ids, SITES, strict=True):
        world.writer.add(
            Site,
            {
                "id": site_id,
                "name": spec.name,
                "timezone": spec.timezone,
                "address": spec.address,
                "active": True,
                "created_at": opened,
            },
        )
    hired = opened + dt.timedelta(days=2)
    password_hash = passwords.hash_password(DEMO_PASSWORD)  # once: argon2 is slow on purpose
    for s in world.staff:
        world.writer.add(
            Staff,
            {
                "id": s.id,
                "username": s.username,
                "display_name": s.display_name,
                "role": s.role,
                "credentials": s.credentials,
                "needs_cosign": s.needs_cosign,
                "supervisor": s.supervisor,
                "home_site": world.site_ids[s.site],
                "active": True,
                "password_hash": password_hash,
                "failed_attempts": 0,
                "locked_until": None,
                "created_at": hired,
                "also_clinical": False,
                "must_change_password": False,
                "password_changed_at": hired,
            },
        )


def _facilitators(world: World, specs: list[GroupSpec]) -> list[tuple[StaffPlan, StaffPlan | None]]:
    """(lead, co) per group: senior counselors take turns, one group per site is a trainee's."""
    rng = world.rng("facilitators")
    out: list[tuple[StaffPlan, StaffPlan | None]] = []
    for site in range(len(SITES)):
        seniors = [s for s in world.staff if s.site == site and s.role == "counselor" and not s.needs_cosign]
        seniors += [s for s in world.staff if s.site == site and s.role == "supervisor"]
        trainees = [s for s in world.staff if s.site == site and s.needs_cosign]
        mine = [g for g in specs if g.site == site]
        for j, _spec in enumerate(mine):
            co: StaffPlan | None
            if j == 2 and trainees:
                lead, co = trainees[0], seniors[0]
            else:
                lead = seniors[(j if j < 2 else j - 1) % len(seniors)]
                co = rng.choice(trainees) if trainees and rng.random() < 0.5 else None
            out.append((lead, co))
    return out


def groups(world: World, specs: list[GroupSpec]) -> None:
    specs = sorted(specs, key=lambda g: g.site)
    seen_names = {g.name for g in specs if g.site == 0}
    created = at(world.window_start - dt.timedelta(days=14), 15)
    for spec, (lead, co) in zip(specs, _facilitators(world, specs), strict=True):
        site_id = world.site_ids[spec.site]
        group = GroupPlan(world.ids.new(), spec, lead, co)
        world.groups.append(group)
        name = (
            spec.name
            if spec.site == 0 or spec.name not in seen_names
            else f"{spec.name} ({SITES[spec.site].name})"
        )
        row = clinical(site_id, created)
        row.update(
            id=group.id,
            name=name,
            kind=spec.kind,
            enrollment_mode=spec.mode,
            participation=spec.participation,
            site=site_id,
            room=spec.room,
            max_size=spec.max_size,
            track="Adolescent IOP" if spec.population == "adolescent" else "IOP",
            active=True,
            start_date=world.window_start,
            end_date=None,
            description=spec.description,
            # Core and adjunct groups are kept for their population; the multi-family group takes anyone.
            population=None if spec.role == "family" else spec.population,
        )
        world.writer.add(TherapyGroup, row)
        for staff, is_lead in ((lead, True), (co, False)):
            if staff is not None:
                world.writer.add(
                    GroupFacilitator,
                    {
                        "id": world.ids.new(),
                        "group": group.id,
                        "staff": staff.id,
                        "is_lead": is_lead,
                        "created_at": created,
                        "updated_at": created,
                    },
                )
        _schedules(world, group, created)


def _schedules(world: World, group: GroupPlan, created: dt.datetime) -> None:
    spec = group.spec
    site_id = world.site_ids[spec.site]
    periods: list[tuple[dt.date, dt.date | None, dt.time]] = [(world.window_start, None, spec.start)]
    if (
        spec.slot == "evening"
        and spec.role == "core"
        and spec.site == 0
        and world.profile.history_weeks >= 52
    ):
        # Moved half an hour earlier half-way through: the old slots stay as the past sessions' source.
        change = world.window_start + dt.timedelta(weeks=world.profile.history_weeks // 2)
        later = (dt.datetime.combine(change, spec.start) + dt.timedelta(minutes=30)).time()
        periods = [(world.window_start, change - dt.timedelta(days=1), later), (change, None, spec.start)]
    for begin, finish, start in periods:
        for weekday in spec.weekdays:
            plan = SchedulePlan(world.ids.new(), weekday, start, spec.minutes, begin, finish)
            group.schedules.append(plan)
            changed = at(finish, 15) if finish else None
            row = clinical(
                site_id,
                created if begin == world.window_start else at(begin, 14) - dt.timedelta(days=10),
                changed,
                2 if finish else 1,
            )
            row.update(
                id=plan.id,
                group=group.id,
                weekday=weekday,
                start_time=start,
                duration_minutes=spec.minutes,
                effective_from=begin,
                effective_to=finish,
            )
            world.writer.add(GroupSchedule, row)


def holidays(world: World) -> None:
    created = at(world.window_start - dt.timedelta(days=20), 15)
    for site in range(len(SITES)):
        closed = world.holidays.setdefault(site, {})
        for year in range(world.window_start.year, world.last_day.year + 1):
            for day, reason in us_holidays(year):
                if world.window_start <= day <= world.last_day:
                    closed[day] = reason
                    row = clinical(world.site_ids[site], created)
                    row.update(id=world.ids.new(), site=world.site_ids[site], date=day, reason=reason)
                    world.writer.add(Holiday, row)
                    world.count("holidays")


def clients(world: World) -> None:
    for c in world.clients:
        site_id = world.site_ids[c.site]
        created = at(c.referred, 14)
        row = clinical(
            site_id,
            created,
            max(created, at(c.updated or c.referred, 16)),
            1 if c.status == "referred" else 2,
        )
        row.update(
            id=c.id,
            legal_first=c.first,
            legal_last=c.last,
            preferred_name=c.preferred,
            date_of_birth=c.dob,
            chart_number=c.chart,
            phone=c.phone,
            emergency_contact_name=c.contact_name,
            emergency_contact_phone=c.contact_phone,
            home_site=site_id,
            primary_counselor=c.counselor,
            status=c.status,
            admission_date=c.admission,
            discharge_date=c.discharge,
            level_of_care=c.level,
            population=c.population,
            weekly_target_minutes=c.weekly_target,
            search_text=c.search_text,
        )
        world.writer.add(Client, row)


def enrollments(world: World) -> None:
    for e in world.enrollments:
        spec = world.groups[e.group].spec
        created = e.waitlisted_at or at((e.start or world.today) - dt.timedelta(days=1), 15)
        updated = max(created, at(e.updated, 16))
        ended = e.end is not None or e.status == "on_hold"
        row = clinical(world.site_ids[spec.site], created, updated, 2 if ended else 1)
        row.update(
            id=e.id,
            client=e.client.id,
            group=world.groups[e.group].id,
            status=e.status,
            start_date=e.start,
            end_date=e.end,
            end_reason=e.end_reason,
            end_comment=e.end_comment,
            waitlist_position=e.waitlist_position,
            waitlisted_at=e.waitlisted_at,
            override_reason="",
            created_by=e.created_by,
        )
        world.writer.add(Enrollment, row)


KEEP_APART = (
    ("codefendants", "Co-defendants in the same case."),
    ("relatives", "Siblings."),
    ("conflict", "History of conflict outside treatment."),
    ("coworkers", "Same workplace."),
)
SNIPPETS = (
    ("Oriented", "Client was alert and oriented x3."),
    ("No SI/HI", "Client denies suicidal and homicidal ideation; no safety concerns identified."),
    ("Abstinent", "Client reports abstinence since the last session."),
    ("Continue IOP", "Plan: continue IOP at the current level of care."),
    ("Homework reviewed", "Homework from the previous session was reviewed."),
    ("Peer feedback", "Client offered supportive feedback to a peer."),
)


def keep_apart_and_snippets(world: World) -> None:
    """A few keep-apart pairs (always across sites, so the demo never breaks its own rule), and snippets."""
    rng = world.rng("keep_apart")
    by_site = [[c for c in world.clients if c.site == s] for s in range(len(SITES))]
    supervisor = world.by_username("supervisor")
    for _ in range(world.profile.keep_apart_pairs):
        a, b = rng.choice(by_site[0]), rng.choice(by_site[1])
        reason, comment = rng.choice(KEEP_APART)
        row = clinical(world.site_ids[a.site], at(max(a.referred, b.referred), 15))
        row.update(
            id=world.ids.new(),
            client_a=a.id,
            client_b=b.id,
            reason=reason,
            comment=comment,
            created_by=supervisor.id,
        )
        world.writer.add(KeepApart, row)
    created = at(world.window_start - dt.timedelta(days=5), 15)
    counselor = world.by_username("counselor")
    for n, (title, text) in enumerate(SNIPPETS):
        world.writer.add(
            Snippet,
            {
                "id": world.ids.new(),
                "owner": counselor.id if n >= 4 else None,
                "title": title,
                "text": text,
                "created_at": created,
                "updated_at": created,
            },
        )
