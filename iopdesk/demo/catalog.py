"""The demo clinic's fixed shape: sizes, sites and the groups each site runs.

Everything here is invented. Group times are laid out so that one client's
core group and adjunct group never overlap, and so that a client who attends
as planned reaches the IOP floor (adults 9 h, adolescents 6 h a week).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    """How big a demo clinic to build."""

    name: str
    history_weeks: int  # weeks of past sessions before "today"
    clients: int
    groups_per_site: int
    extra_counselors_per_site: int  # besides the named accounts
    trainees_per_site: int  # counselors whose notes need a co-signature
    waitlist_clients: int  # arrivals in the last days who wait for a seat
    individual_every_days: int  # individual counseling cadence while enrolled
    keep_apart_pairs: int
    commit_rows: int  # rows per committed transaction


PROFILES = {
    "small": Profile(
        name="small",
        history_weeks=12,
        clients=60,
        groups_per_site=4,
        extra_counselors_per_site=2,
        trainees_per_site=1,
        waitlist_clients=6,
        individual_every_days=14,
        keep_apart_pairs=3,
        commit_rows=20_000,
    ),
    # About five clinic-years; individual sessions monthly-ish keeps the session count near 20,000.
    "large": Profile(
        name="large",
        history_weeks=261,
        clients=2500,
        groups_per_site=8,
        extra_counselors_per_site=5,
        trainees_per_site=2,
        waitlist_clients=25,
        individual_every_days=35,
        keep_apart_pairs=20,
        commit_rows=40_000,
    ),
}

UPCOMING_DAYS = 14


@dataclass(frozen=True)
class SiteSpec:
    name: str
    timezone: str
    address: str


SITES = (
    SiteSpec("Harbor Street", "America/New_York", "120 Harbor Street, Suite 200, Springfield"),
    SiteSpec("Lakeside", "America/Chicago", "45 Lakeside Drive, Fairview"),
)


@dataclass(frozen=True)
class GroupSpec:
    site: int
    name: str
    kind: str  # vocab.GROUP_KINDS
    role: str  # "core": the client's main IOP group; "adjunct": added on top; "family"
    slot: str  # "day" / "evening" / "teen": which clients it suits
    population: str
    weekdays: tuple[int, ...]
    start: dt.time
    minutes: int
    max_size: int
    mode: str  # open / closed (closed groups run in cohorts)
    participation: str
    note_format: str
    room: str
    description: str


# fmt: off
# A table reads best as a table: one group per call, arguments in GroupSpec order.
def _g(site: int, name: str, kind: str, role: str, slot: str, weekdays: tuple[int, ...], start: str,
       minutes: int, max_size: int, note_format: str, room: str, description: str, *,
       population: str = "adult", mode: str = "open", participation: str = "mandatory") -> GroupSpec:
    return GroupSpec(site, name, kind, role, slot, population, weekdays, dt.time.fromisoformat(start),
                     minutes, max_size, mode, participation, note_format, room, description)


# Per site, the first four groups make the small clinic; all eight the large one.
GROUPS = (
    _g(0, "Morning Process Group", "process", "core", "day", (0, 1, 2, 3), "09:00", 180, 15, "DAP",
       "Room 101", "Core adult IOP process group for clients free during the day."),
    _g(0, "Evening Relapse Prevention", "relapse_prevention", "core", "evening", (0, 1, 2, 3), "18:00",
       180, 15, "BIRP", "Room 102", "Core adult IOP for working clients: triggers, plans, supports."),
    _g(0, "Mindfulness & Breathwork", "holistic", "adjunct", "day", (0, 2, 4), "12:30", 60, 15,
       "narrative", "Wellness room", "Meditation, breathing and body-scan practice.",
       participation="optional"),
    _g(0, "Multi-Family Group", "family", "family", "any", (1, 2, 3), "16:45", 75, 10, "GIRP",
       "Room 101", "Clients with family members: communication, boundaries, support at home."),
    _g(0, "Adolescent IOP", "process", "core", "teen", (0, 1, 2, 3), "15:30", 120, 10, "DAP",
       "Room 103", "After-school IOP for clients aged 13-17.", population="adolescent"),
    _g(0, "CBT Skills", "skills", "adjunct", "day", (1, 3, 4), "14:00", 90, 12, "GIRP", "Room 104",
       "Eight-week CBT skills cohort: thoughts, feelings, behaviors.", mode="closed"),
    _g(0, "Daytime Relapse Prevention", "relapse_prevention", "core", "day", (0, 2, 4), "09:00", 180,
       15, "BIRP", "Room 102", "Core adult IOP focused on relapse prevention planning."),
    _g(0, "Understanding Addiction", "psychoeducation", "adjunct", "evening", (0, 1, 3), "17:00", 60,
       15, "DAP", "Room 103", "Psychoeducation: the brain, stages of change, recovery supports."),
    _g(1, "Daytime IOP Process", "process", "core", "day", (1, 2, 3, 4), "09:30", 180, 15, "SOAP",
       "Group room A", "Core adult IOP process group."),
    _g(1, "DBT Skills", "skills", "adjunct", "day", (1, 3, 4), "13:30", 90, 12, "GIRP", "Group room B",
       "Eight-week DBT skills cohort: distress tolerance, emotion regulation.", mode="closed"),
    _g(1, "Evening IOP: Recovery Foundations", "psychoeducation", "core", "evening", (0, 1, 2, 3),
       "18:00", 180, 15, "DAP", "Group room A", "Core adult IOP for working clients."),
    _g(1, "Adolescent IOP", "process", "core", "teen", (0, 1, 2, 3), "15:30", 120, 10, "BIRP",
       "Group room C", "After-school IOP for clients aged 13-17.", population="adolescent"),
    _g(1, "Yoga & Meditation", "holistic", "adjunct", "day", (0, 2, 4), "13:00", 60, 15, "narrative",
       "Studio", "Gentle yoga and guided meditation.", participation="optional"),
    _g(1, "Multi-Family Group", "family", "family", "any", (1, 2, 3), "16:45", 75, 10, "GIRP",
       "Group room B", "Clients with family members: communication, boundaries, support at home."),
    _g(1, "Daytime Relapse Prevention", "relapse_prevention", "core", "day", (0, 1, 3), "09:00", 180,
       15, "BIRP", "Group room B", "Core adult IOP focused on relapse prevention planning."),
    _g(1, "Recovery Education", "psychoeducation", "adjunct", "evening", (0, 1, 2), "17:00", 60, 15,
       "DAP", "Group room C", "Psychoeducation for evening clients."),
)
# fmt: on

COHORT_WEEKS = 8  # closed groups start a new cohort this often

SESSION_CANCEL_REASONS = (
    "Facilitator out sick; no cover available",
    "Weather closure",
    "Building maintenance (power outage)",
    "All-staff training",
)

INDIVIDUAL_FORMAT = "SOAP"
FAMILY_FORMAT = "narrative"


def groups_for(profile: Profile) -> list[GroupSpec]:
    out = []
    for site in range(len(SITES)):
        out += [g for g in GROUPS if g.site == site][: profile.groups_per_site]
    return out


def us_holidays(year: int) -> list[tuple[dt.date, str]]:
    """The days the demo clinic closes (US federal holidays it observes)."""

    def nth_weekday(month: int, weekday: int, n: int) -> dt.date:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))

    def last_weekday(month: int, weekday: int) -> dt.date:
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        last = nxt - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)

    return [
        (dt.date(year, 1, 1), "New Year's Day"),
        (last_weekday(5, 0), "Memorial Day"),
        (dt.date(year, 7, 4), "Independence Day"),
        (nth_weekday(9, 0, 1), "Labor Day"),
        (nth_weekday(11, 3, 4), "Thanksgiving"),
        (dt.date(year, 12, 25), "Christmas Day"),
    ]
