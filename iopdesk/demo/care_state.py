"""What the demo's care stage decided, shared by the modules that write it (care_rows, care_plans,
care_discharges)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from iopdesk.demo.people import ClientPlan, StaffPlan


@dataclass
class EpisodePlan:
    """One stay as the demo decided it (the discharge is written at the end of the build)."""

    id: str
    client: ClientPlan
    number: int
    admitted: dt.date
    discharged: dt.date | None
    reason: str | None  # vocab.DISCHARGE_REASONS key when discharged
    counselor: StaffPlan
    level: str
    target: int | None
    progress: dict[str, str] = field(default_factory=dict)  # objective id -> last reviewed progress
    goal_texts: list[tuple[str, list[str]]] = field(default_factory=list)  # goal, its objective ids
    plan_note: str = "No treatment plan was signed in this stay."
    team: list[tuple[str, str]] = field(default_factory=list)  # (staff id, role)


@dataclass
class CareWorld:
    """What the care stage decided, for the stages after it."""

    rows: list[tuple[type, dict[str, Any]]] = field(default_factory=list)
    episodes: list[EpisodePlan] = field(default_factory=list)
    goals: dict[str, list[tuple[dt.date, tuple[str, ...]]]] = field(default_factory=dict)
