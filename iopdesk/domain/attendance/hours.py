"""Weekly hours: clock time actually attended against each client's weekly target, and what the
program offered them. One rule for every screen, alert and report.

- A week runs Monday to Sunday on dates of service (already the site's local dates).
- Minutes are clock time attended (attendance/days.py, calendar/session_time.py):
  present / late / left early on sessions that took place, each minute once
  when two sessions overlap (09:00–12:00 and 10:00–13:00 count 240 minutes,
  not 360), "present" the whole session as it finally ran, times their own
  minutes, minutes typed in as typed. A mark whose minutes cannot be known
  counts nothing and is flagged ("minutes not known for N sessions").
- Offered: the clock time of the sessions the program held for the client.
- Target: the client's own weekly_target_minutes; else by level of care and
  population: level 1 (outpatient) has no floor, 2.5 and up is held to the
  partial-hospitalization figure, anything else (IOP) to the adult or
  adolescent floor. All figures come from the clinic settings. Each week uses
  the admission terms in force during it, not today's (attendance/targets.py:
  a week whose terms changed part-way is held to the lowest target of its days).
- The floor is judged (``floor_status``), in this order:
  no target → "no_floor"; the week not wholly in care → "not_in_care" (it ended
  before the client came into care: admission date, else first enrollment
  start; or no such date is known) or "partial_week" (admitted after its
  Monday, or discharged before its Sunday: a partial first or last week is
  never called below the floor); attended ≥ target → "meets_floor"; the
  program offered less than the target (a holiday, a closure, too few groups)
  → "short_offer": the shortfall is the program's, not the client's, and every
  alert and report says so ("the program offered only 6 h this week"); else
  "below_floor", the client's own shortfall. ``below_floor`` (the flag) is true
  in both of those cases (the week is judged and the hours are under the
  floor); ``short_offer`` tells the program's shortfall apart. The alerts, the
  client's hours and the reports all read it from here.
- The week still running (``complete`` False) is judged "so far" on the same
  rule; callers say "so far". The alerts use the last complete week.
- The H0015 program rule (REFERENCE §2, §5: a program of at least 3 hours a day
  on at least 3 days a week): a day with at least 'program_min_minutes_per_day'
  attended is a program day; a week needs 'program_min_days_per_week' of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from peewee import chunked, fn

from iopdesk.domain.attendance.days import Day, client_days
from iopdesk.domain.attendance.targets import terms_history, terms_on
from iopdesk.domain.kernel import clock, settings
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import NotFound, ValidationError
from iopdesk.store.models import Client, Enrollment

NO_FLOOR = "no_floor"
NOT_IN_CARE = "not_in_care"
PARTIAL_WEEK = "partial_week"
MEETS_FLOOR = "meets_floor"
SHORT_OFFER = "short_offer"
BELOW_FLOOR = "below_floor"
PROGRAM_RULE_CODE = "H0015"


@dataclass(frozen=True)
class WeekHours:
    week_start: dt.date  # a Monday
    minutes: int  # clock time attended, each minute once
    offered_minutes: int  # clock time of the sessions the program held for the client
    days_attended: int
    program_days: int  # days with at least the program's minutes per day
    target_minutes: int | None  # None: no weekly floor applies (level 1)
    floor_status: str  # NO_FLOOR … BELOW_FLOOR (module docstring)
    at_php_intensity: bool
    meets_program_rule: bool  # H0015: enough program days this week
    complete: bool  # False for the week still running on the day asked about
    unknown_minutes: int = 0  # attended marks whose minutes are not known (counted as 0)
    overlap_minutes: int = 0  # minutes at overlapping sessions, counted once

    @property
    def week_end(self) -> dt.date:
        return self.week_start + dt.timedelta(days=6)

    @property
    def below_floor(self) -> bool:
        """A judged week under the floor, whoever's the shortfall (``short_offer``: the program's)."""
        return self.floor_status in (BELOW_FLOOR, SHORT_OFFER)

    @property
    def short_offer(self) -> bool:
        """The program offered less than the floor, and the client did not reach it."""
        return self.floor_status == SHORT_OFFER

    def notes(self) -> list[str]:
        """Plain sentences about the figures (for screens and reports)."""
        out = []
        if self.floor_status == SHORT_OFFER:
            out.append(offered_text(self.offered_minutes))
        if self.unknown_minutes:
            out.append(unknown_text(self.unknown_minutes))
        if self.overlap_minutes:
            out.append(f"{format_minutes(self.overlap_minutes)} at overlapping sessions counted once")
        return out


@dataclass(frozen=True)
class HoursRules:
    """The clinic's figures, read once per call rather than once per client-week."""

    adult_floor: int
    adolescent_floor: int
    php_minutes: int
    program_minutes_per_day: int
    program_days_per_week: int

    @classmethod
    def load(cls) -> HoursRules:
        v = settings.values(
            "adult_weekly_floor_minutes",
            "adolescent_weekly_floor_minutes",
            "php_weekly_minutes",
            "program_min_minutes_per_day",
            "program_min_days_per_week",
        )
        return cls(
            adult_floor=v["adult_weekly_floor_minutes"],
            adolescent_floor=v["adolescent_weekly_floor_minutes"],
            php_minutes=v["php_weekly_minutes"],
            program_minutes_per_day=v["program_min_minutes_per_day"],
            program_days_per_week=v["program_min_days_per_week"],
        )

    @property
    def program_rule(self) -> str:
        """The H0015 rule with the clinic's figures: "H0015 (≥ 3 h on ≥ 3 days)"."""
        return (
            f"{PROGRAM_RULE_CODE} (≥ {format_minutes(self.program_minutes_per_day)} "
            f"on ≥ {self.program_days_per_week} days)"
        )


@dataclass(frozen=True)
class CarePeriod:
    """When a client was in care, as far as the record says."""

    since: dt.date | None  # admission date, else first enrollment start; None: not known
    until: dt.date | None  # discharge date


def week_start(date: dt.date) -> dt.date:
    return date - dt.timedelta(days=date.weekday())


def weekly_target(client: Client, rules: HoursRules | None = None) -> int | None:
    """The target of the terms on the client row (in force now)."""
    return target_of(client.level_of_care, client.population, client.weekly_target_minutes, rules)


def target_of(
    level_of_care: str | None, population: str, own_target: int | None, rules: HoursRules | None = None
) -> int | None:
    rules = rules or HoursRules.load()
    if own_target is not None:
        return int(own_target)
    level = (level_of_care or "").strip()
    try:
        number = float(level)
    except ValueError:
        number = 2.1  # an unknown code is treated as IOP: the floor is the safer warning
    if number < 2:
        return None
    if number >= 2.5:
        return rules.php_minutes
    return rules.adolescent_floor if population == "adolescent" else rules.adult_floor


def week_targets(
    clients: Iterable[Client], mondays: Iterable[dt.date], rules: HoursRules
) -> dict[UUID, dict[dt.date, int | None]]:
    """{client: {monday: target}} from the terms in force during each week (attendance/targets.py):
    the lowest target in force on any of its days; None (no floor) when any day has none."""
    clients = list(clients)
    mondays = list(mondays)
    history = terms_history(c.id for c in clients)
    out: dict[UUID, dict[dt.date, int | None]] = {}
    for client in clients:
        episodes = history.get(client.id, [])
        out[client.id] = {}
        for monday in mondays:
            found = {
                target_of(*terms_on(client, episodes, monday + dt.timedelta(days=n)), rules) for n in range(7)
            }
            out[client.id][monday] = None if None in found else min(t for t in found if t is not None)
    return out


def care_periods(clients: Iterable[Client]) -> dict[UUID, CarePeriod]:
    """{client: CarePeriod}: one grouped query on enrollments per 500 clients without an admission date."""
    clients = list(clients)
    starts: dict[UUID, dt.date] = {}
    unknown = [c.id for c in clients if c.admission_date is None]
    for batch in chunked(unknown, 500):
        query = (
            Enrollment.select(Enrollment.client, fn.MIN(Enrollment.start_date))
            .where(
                Enrollment.client.in_(batch)
                & Enrollment.retired_at.is_null()
                & (Enrollment.status != "wait_listed")
                & Enrollment.start_date.is_null(False)
            )
            .group_by(Enrollment.client)
            .tuples()
        )
        for client_id, first in query:
            starts[client_id] = first if isinstance(first, dt.date) else dt.date.fromisoformat(str(first))
    return {c.id: CarePeriod(c.admission_date or starts.get(c.id), c.discharge_date) for c in clients}


def floor_status(
    minutes: int, offered: int, target: int | None, monday: dt.date, care: CarePeriod | None
) -> str:
    """The one rule that says whether a week is below the floor (module docstring)."""
    sunday = monday + dt.timedelta(days=6)
    if target is None:
        return NO_FLOOR
    if care is None or care.since is None or care.since > sunday or (care.until and care.until < monday):
        return NOT_IN_CARE
    if care.since > monday or (care.until is not None and care.until < sunday):
        return PARTIAL_WEEK
    if minutes >= target:
        return MEETS_FLOOR
    if offered < target:
        return SHORT_OFFER
    return BELOW_FLOOR


def summarize_week(
    days: dict[dt.date, Day],
    monday: dt.date,
    target: int | None,
    until: dt.date,
    rules: HoursRules,
    care: CarePeriod | None,
) -> WeekHours:
    """One week's figures from a client's {date: Day} (dates outside the week are ignored)."""
    end = monday + dt.timedelta(days=6)
    in_week = [d for date, d in days.items() if monday <= date <= end]
    offered = sum(d.offered_minutes for d in in_week)  # the whole week's offer, even "so far"
    in_week = [d for date, d in days.items() if monday <= date <= min(end, until)]
    total = sum(d.minutes for d in in_week)
    attended_days = [d for d in in_week if d.marks_attended]
    program_days = sum(1 for d in attended_days if d.minutes >= rules.program_minutes_per_day)
    return WeekHours(
        week_start=monday,
        minutes=total,
        offered_minutes=offered,
        days_attended=len(attended_days),
        program_days=program_days,
        target_minutes=target,
        floor_status=floor_status(total, offered, target, monday, care),
        at_php_intensity=total >= rules.php_minutes,
        meets_program_rule=program_days >= rules.program_days_per_week,
        complete=until >= end,
        unknown_minutes=sum(d.unknown for d in in_week),
        overlap_minutes=sum(d.overlap_minutes for d in in_week),
    )


def weekly_hours(
    actor: Actor, client_id: UUID, weeks: int = 12, until: dt.date | None = None
) -> list[WeekHours]:
    """The last ``weeks`` weeks up to the week holding ``until`` (default today), oldest first."""
    if not isinstance(weeks, int) or weeks < 1 or weeks > 520:
        raise ValidationError("Choose between 1 and 520 weeks.", field="weeks")
    client = Client.get_or_none((Client.id == client_id) & Client.retired_at.is_null())
    if client is None:
        raise NotFound("That client no longer exists.")
    until = until or clock.site_today(actor.site_id)
    last = week_start(until)
    first = last - dt.timedelta(weeks=weeks - 1)
    days = client_days([client_id], first, last + dt.timedelta(days=6)).get(client_id, {})
    rules = HoursRules.load()
    mondays = [first + dt.timedelta(weeks=n) for n in range(weeks)]
    targets = week_targets([client], mondays, rules)[client.id]
    care = care_periods([client])[client.id]
    return [summarize_week(days, monday, targets[monday], until, rules, care) for monday in mondays]


def hours_for_week(
    actor: Actor, client_ids: Iterable[UUID], week_of: dt.date, until: dt.date | None = None
) -> dict[UUID, WeekHours]:
    """Many clients' figures for the week holding ``week_of`` (retired clients are left out)."""
    monday = week_start(week_of)
    until = until or clock.site_today(actor.site_id)
    ids = list(set(client_ids))
    clients = []
    for batch in chunked(ids, 500):
        clients += list(Client.select().where(Client.id.in_(batch) & Client.retired_at.is_null()))
    days = client_days(ids, monday, monday + dt.timedelta(days=6))
    rules = HoursRules.load()
    care = care_periods(clients)
    targets = week_targets(clients, [monday], rules)
    return {
        c.id: summarize_week(days.get(c.id, {}), monday, targets[c.id][monday], until, rules, care[c.id])
        for c in clients
    }


def format_minutes(minutes: int | None) -> str:
    """570 -> "9 h 30 min", for messages and reports."""
    if minutes is None:
        return ""
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


def offered_text(offered: int) -> str:
    if not offered:
        return "the program offered no sessions this week"
    return f"the program offered only {format_minutes(offered)} this week"


def unknown_text(count: int) -> str:
    return f"minutes not known for {count} session{'s' if count != 1 else ''}"


FLOOR_WORDS = {
    NO_FLOOR: "No weekly floor applies",
    NOT_IN_CARE: "Not in care all week",
    PARTIAL_WEEK: "Partial week in care: not judged",
    MEETS_FLOOR: "Meets the weekly floor",
    BELOW_FLOOR: "Below the weekly floor",
}


def floor_text(week: WeekHours) -> str:
    """The floor judgement in words; the program's shortfall says what it offered."""
    if week.floor_status == SHORT_OFFER:
        text = offered_text(week.offered_minutes)
        return text[0].upper() + text[1:]
    return FLOOR_WORDS[week.floor_status]
