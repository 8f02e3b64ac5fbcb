"""The demo build's in-memory picture of the clinic, shared by the generating stages."""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from iopdesk.demo.catalog import GroupSpec, Profile
from iopdesk.demo.clock import SiteClock
from iopdesk.demo.ids import IdMaker
from iopdesk.demo.people import ClientPlan, NamePools, StaffPlan
from iopdesk.demo.placement import EnrollmentPlan
from iopdesk.demo.writer import BulkWriter


@dataclass(frozen=True)
class SchedulePlan:
    id: str
    weekday: int
    start: dt.time
    minutes: int
    effective_from: dt.date
    effective_to: dt.date | None


@dataclass
class GroupPlan:
    id: str
    spec: GroupSpec
    lead: StaffPlan
    co: StaffPlan | None
    schedules: list[SchedulePlan] = field(default_factory=list)


@dataclass(frozen=True)
class TodaySession:
    id: str
    kind: str
    group: str | None
    facilitator: str
    cancelled: bool


@dataclass
class World:
    profile: Profile
    seed: int
    today: dt.date
    window_start: dt.date  # first day with sessions
    last_day: dt.date  # last day of upcoming sessions
    ids: IdMaker
    pools: NamePools
    writer: BulkWriter
    site_ids: list[str]
    clocks: list[SiteClock]
    staff: list[StaffPlan]
    groups: list[GroupPlan] = field(default_factory=list)
    clients: list[ClientPlan] = field(default_factory=list)
    enrollments: list[EnrollmentPlan] = field(default_factory=list)
    holidays: dict[int, dict[dt.date, str]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    # client id -> [(from date, goal ids of the plan in force from then)] (iopdesk.demo.care_plans)
    care_goals: dict[str, list[tuple[dt.date, tuple[str, ...]]]] = field(default_factory=dict)
    _goal_rng: random.Random | None = None
    today_sessions: list[TodaySession] = field(default_factory=list)  # what Today shows (practice.py)

    def rng(self, stage: str) -> random.Random:
        """A random stream per stage, so one stage's changes never reshuffle another's data."""
        return random.Random(f"iopdesk-demo:{self.seed}:{stage}")

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def by_username(self, username: str) -> StaffPlan:
        return next(s for s in self.staff if s.username == username)

    def supervisor_of(self, staff: StaffPlan) -> StaffPlan:
        return next(s for s in self.staff if s.id == staff.supervisor)

    def goals_addressed(self, client_id: str, day: dt.date) -> str | None:
        """The plan goals a note of ``day`` names (JSON, as Note.goals_addressed holds it): one or two
        goals of the plan in force that day, for most notes; None before any plan was signed.
        Its own random stream, so the sessions' randomness stays as it was."""
        schedule = self.care_goals.get(client_id)
        if not schedule:
            return None
        goals = next((g for since, g in reversed(schedule) if since <= day), None)
        if self._goal_rng is None:
            self._goal_rng = self.rng("goals addressed")
        rng = self._goal_rng
        if not goals or rng.random() < 0.35:
            return None
        chosen = rng.sample(goals, min(len(goals), 2 if rng.random() < 0.25 else 1))
        return json.dumps([str(uuid.UUID(g)) for g in chosen])


def clinical(
    site_id: str, created: dt.datetime, updated: dt.datetime | None = None, version: int = 1
) -> dict[str, Any]:
    """The columns every clinical row carries (ClinicalModel)."""
    return {
        "origin_site": site_id,
        "created_at": created,
        "updated_at": updated or created,
        "version": version,
        "retired_at": None,
    }


def at(day: dt.date, hour: float) -> dt.datetime:
    """A naive UTC timestamp on ``day``, ``hour`` hours after midnight."""
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=hour)
