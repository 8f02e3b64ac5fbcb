"""Building the demo clinic into the open, empty database.

A marker setting is committed before anything else and removed in the last
transaction: if the build is killed half-way, the health check reports the
database as incomplete instead of passing it off as a clinic.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from iopdesk.demo import clinic_rows
from iopdesk.demo.care_discharges import write_discharges
from iopdesk.demo.care_rows import plan_care, write_care
from iopdesk.demo.care_state import CareWorld
from iopdesk.demo.catalog import PROFILES, SITES, UPCOMING_DAYS, groups_for
from iopdesk.demo.clock import SiteClock
from iopdesk.demo.ids import IdMaker
from iopdesk.demo.measures_rows import write_measures
from iopdesk.demo.people import make_clients, make_staff, name_pools
from iopdesk.demo.placement import Placement
from iopdesk.demo.practice import practice_session
from iopdesk.demo.timetable import group_sessions, one_to_one_sessions
from iopdesk.demo.world import World
from iopdesk.demo.writer import BulkWriter
from iopdesk.domain.clinic.setup import DEMO_FLAG
from iopdesk.domain.kernel import settings
from iopdesk.domain.kernel.errors import DomainError, ValidationError
from iopdesk.store import transaction
from iopdesk.store.care_models import (
    AdmissionChange,
    CareEpisode,
    Discharge,
    PlanReview,
    PlanVersion,
    Screening,
    TeamMember,
)
from iopdesk.store.clock import now
from iopdesk.store.measures_models import MEASURES_MODELS
from iopdesk.store.models import (
    Attendance,
    AttendanceChange,
    Client,
    Enrollment,
    FamilyMember,
    GroupFacilitator,
    GroupSchedule,
    Holiday,
    KeepApart,
    Note,
    NoteAddendum,
    Session,
    Setting,
    Site,
    Snippet,
    Staff,
    TherapyGroup,
)

BUILD_MARKER = "build_in_progress"
CLINIC_NAME = "Cedar Ridge Recovery Center (demo)"

# Parents before children: the writer inserts in this order.
WRITE_ORDER = (
    Site,
    Staff,
    Client,
    TherapyGroup,
    GroupFacilitator,
    GroupSchedule,
    Enrollment,
    Screening,
    CareEpisode,
    AdmissionChange,
    TeamMember,
    PlanVersion,
    PlanReview,
    Discharge,
    KeepApart,
    Holiday,
    Session,
    FamilyMember,
    Attendance,
    AttendanceChange,
    Note,
    NoteAddendum,
    Snippet,
    *MEASURES_MODELS,
)

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class DemoSummary:
    size: str
    seed: int
    today: dt.date
    sites: int
    staff: int
    groups: int
    schedules: int
    clients: int
    enrollments: int
    wait_listed: int
    holidays: int
    sessions: int
    sessions_cancelled: int
    sessions_upcoming: int
    family_members: int
    attendance: int
    attendance_changes: int
    notes: int
    notes_signed: int
    notes_draft: int
    notes_pending_cosign: int
    notes_returned: int
    note_addenda: int
    screenings: int
    episodes: int
    plans: int
    plan_reviews: int
    discharges: int
    seconds: float = field(default=0.0, compare=False)
    measure_results: int = 0
    safety_alerts: int = 0
    safety_alerts_open: int = 0
    detox_episodes: int = 0
    detox_observations: int = 0
    drug_screens: int = 0

    def lines(self) -> list[str]:
        return [f"{k}: {v}" for k, v in self.__dict__.items()]


def build_demo(
    size: str = "small", seed: int = 1, today: dt.date | None = None, progress: Progress | None = None
) -> DemoSummary:
    """Fill the open, empty database with an invented clinic; the same arguments give the same data."""
    if size not in PROFILES:
        raise ValidationError(
            f"There is no demo size {size!r}; choose one of {', '.join(PROFILES)}.", field="size"
        )
    report: Progress = progress or (lambda _stage, _fraction: None)
    began = time.perf_counter()
    today = today or _first_site_today()
    profile = PROFILES[size]
    if Site.select().exists() or Staff.select().exists() or Client.select().exists():
        raise DomainError("The demo clinic can only be built into a new, empty database.")

    report("Starting", 0.0)
    # The demo flag goes in first too: a half-built demo is still a demo, which the
    # command line may replace, never a clinic it must protect.
    with transaction():
        Setting.insert_many(
            [
                {"key": BUILD_MARKER, "value": json.dumps(f"demo build started ({size}, seed {seed})")},
                {"key": DEMO_FLAG, "value": json.dumps(True)},
            ]
        ).execute()

    window_start = today - dt.timedelta(weeks=profile.history_weeks)
    window_start -= dt.timedelta(days=window_start.weekday())  # a Monday: the clinic opened on one
    ids = IdMaker(seed)
    world = World(
        profile=profile,
        seed=seed,
        today=today,
        window_start=window_start,
        last_day=today + dt.timedelta(days=UPCOMING_DAYS - 1),
        ids=ids,
        pools=name_pools(seed),
        writer=BulkWriter(WRITE_ORDER, profile.commit_rows),
        site_ids=[ids.new() for _ in SITES],
        clocks=[SiteClock(s.timezone) for s in SITES],
        staff=[],
    )
    world.staff = make_staff(profile, world.pools, ids, world.rng("staff"))

    report("Sites, staff and groups", 0.02)
    clinic_rows.sites_and_staff(world)
    clinic_rows.groups(world, groups_for(profile))
    clinic_rows.holidays(world)

    report("Clients, enrollments and treatment records", 0.05)
    care = _clients_and_enrollments(world)
    world.writer.flush()

    report("Group sessions, attendance and notes", 0.1)
    group_sessions(world, lambda f: report("Group sessions, attendance and notes", 0.1 + 0.7 * f))
    report("Individual and family sessions", 0.8)
    one_to_one_sessions(world, lambda f: report("Individual and family sessions", 0.8 + 0.15 * f))
    practice_session(world)  # whatever the day, something to take and to write
    clinic_rows.keep_apart_and_snippets(world)
    world.writer.flush()
    report("Measures", 0.96)
    write_measures(world, care)  # scores, safety alerts, detox monitoring, drug screens
    world.writer.flush()
    report("Discharges", 0.965)
    write_discharges(world, care)  # their summaries count the attendance and the scores just written
    world.writer.flush()

    report("Finishing", 0.97)
    with transaction():
        settings.store("clinic_name", CLINIC_NAME)  # a clinic setting: the table that travels
        Setting.insert(
            key="demo_info", value=json.dumps({"size": size, "seed": seed, "today": today.isoformat()})
        ).execute()
        Setting.delete().where(Setting.key == BUILD_MARKER).execute()
    report("Done", 1.0)

    c = world.counts
    return DemoSummary(
        size=size,
        seed=seed,
        today=today,
        sites=len(SITES),
        staff=len(world.staff),
        groups=len(world.groups),
        schedules=sum(len(g.schedules) for g in world.groups),
        clients=len(world.clients),
        enrollments=len(world.enrollments),
        wait_listed=sum(1 for e in world.enrollments if e.status == "wait_listed"),
        holidays=c.get("holidays", 0),
        sessions=c.get("sessions", 0),
        sessions_cancelled=c.get("sessions_cancelled", 0),
        sessions_upcoming=c.get("sessions_upcoming", 0),
        family_members=c.get("family_members", 0),
        attendance=c.get("attendance", 0),
        attendance_changes=c.get("attendance_changes", 0),
        notes=c.get("notes", 0),
        notes_signed=c.get("notes_signed", 0),
        notes_draft=c.get("notes_draft", 0),
        notes_pending_cosign=c.get("notes_pending_cosign", 0),
        notes_returned=c.get("notes_returned", 0),
        note_addenda=c.get("note_addenda", 0),
        screenings=c.get("screenings", 0),
        episodes=c.get("episodes", 0),
        plans=c.get("plans", 0),
        plan_reviews=c.get("plan_reviews", 0),
        discharges=c.get("discharges", 0),
        seconds=round(time.perf_counter() - began, 2),
        measure_results=c.get("measure_results", 0),
        safety_alerts=c.get("safety_alerts", 0),
        safety_alerts_open=c.get("safety_alerts_open", 0),
        detox_episodes=c.get("detox_episodes", 0),
        detox_observations=c.get("detox_observations", 0),
        drug_screens=c.get("drug_screens", 0),
    )


def _first_site_today() -> dt.date:
    """The date at the demo counselor's site (not this computer's), so Today is the site's today."""
    try:
        return now().astimezone(ZoneInfo(SITES[0].timezone)).date()
    except (ZoneInfoNotFoundError, ValueError):
        return now().astimezone().date()  # no time-zone database: this computer's date is close


def _clients_and_enrollments(world: World) -> CareWorld:
    rng = world.rng("clients")
    profile = world.profile
    specs = [g.spec for g in world.groups]
    core_seats = sum(s.max_size for s in specs if s.role == "core")
    opening = min(int(core_seats * 0.6), (profile.clients - profile.waitlist_clients) // 2)
    regular = profile.clients - profile.waitlist_clients - opening
    span = max(0, (world.today - world.window_start).days - 11)
    referrals = [world.window_start - dt.timedelta(days=rng.randint(3, 14)) for _ in range(opening)]
    referrals += [world.window_start + dt.timedelta(days=rng.randint(0, span)) for _ in range(regular)]
    referrals += [world.today - dt.timedelta(days=rng.randint(1, 7)) for _ in range(profile.waitlist_clients)]
    referrals.sort()
    counselors = {
        site: [s.id for s in world.staff if s.role == "counselor" and s.site == site]
        for site in range(len(SITES))
    }
    teens = {s.site for s in specs if s.slot == "teen"}
    world.clients = make_clients(profile, world.pools, world.ids, rng, referrals, counselors, teens)
    intake = [world.by_username("frontdesk").id] + [s.id for s in world.staff if s.role == "supervisor"]
    placement = Placement(specs, world.window_start, world.today, world.rng("placement"), world.ids, intake)
    for client in world.clients:
        placement.place(client)
    placement.finish()
    world.enrollments = placement.enrollments
    care = plan_care(world)  # before the client rows: their admission terms follow the episodes
    world.care_goals = care.goals
    clinic_rows.clients(world)
    clinic_rows.enrollments(world)
    write_care(world, care)
    return care
