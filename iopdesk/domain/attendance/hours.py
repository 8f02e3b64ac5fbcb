"""Weekly hours: minutes actually attended, against each client's weekly target.

- A week runs Monday to Sunday on dates of service (already the site's local dates).
- Minutes count only marks of present / late / left early, on sessions that were
  not cancelled (a cancelled session counts nothing, whatever is marked on it).
- Target: the client's own weekly_target_minutes; else by level of care and
  population: level 1 (outpatient) has no floor, 2.5 and up is held to the
  partial-hospitalization figure, anything else (IOP) to the adult or
  adolescent floor. All figures come from the clinic settings.
- The program rule (HCPCS H0015): a day with at least 'program_min_minutes_per_day'
  counts as a program day; a week needs 'program_min_days_per_week' of them.
- ``below_floor`` and ``at_php_intensity`` are computed for every week,
  including the week still running (``complete`` is False): callers decide
  whether "to date" matters. The alerts use the last complete week.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from peewee import chunked, fn

from iopdesk.domain.kernel import clock, settings, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import NotFound, ValidationError
from iopdesk.store.models import Attendance, Client, Session


@dataclass(frozen=True)
class WeekHours:
    week_start: dt.date  # a Monday
    minutes: int
    days_attended: int
    program_days: int  # days with at least the program's minutes per day
    target_minutes: int | None  # None: no weekly floor applies (level 1)
    below_floor: bool
    at_php_intensity: bool
    meets_program_rule: bool
    complete: bool  # False for the week still running on the day asked about

    @property
    def week_end(self) -> dt.date:
        return self.week_start + dt.timedelta(days=6)


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


def week_start(date: dt.date) -> dt.date:
    return date - dt.timedelta(days=date.weekday())


def weekly_target(client: Client, rules: HoursRules | None = None) -> int | None:
    rules = rules or HoursRules.load()
    if client.weekly_target_minutes is not None:
        return int(client.weekly_target_minutes)
    level = (client.level_of_care or "").strip()
    try:
        number = float(level)
    except ValueError:
        number = 2.1  # an unknown code is treated as IOP: the floor is the safer warning
    if number < 2:
        return None
    if number >= 2.5:
        return rules.php_minutes
    return rules.adolescent_floor if client.population == "adolescent" else rules.adult_floor


def daily_minutes(client_ids: Iterable[UUID], start: dt.date, end: dt.date) -> dict[UUID, dict[dt.date, int]]:
    """{client: {date: minutes attended}} — one grouped query on Attendance(client, date) per 500 clients.

    A day with an attended mark appears even when its minutes are 0.
    """
    out: dict[UUID, dict[dt.date, int]] = defaultdict(dict)
    # A mark with no minutes (an import, old data) counts as the whole session.
    minutes = fn.SUM(fn.COALESCE(Attendance.minutes_attended, Session.duration_minutes))
    for batch in chunked(list(set(client_ids)), 500):
        query = (
            Attendance.select(Attendance.client, Attendance.date, minutes.alias("minutes"))
            .join(Session, on=(Attendance.session == Session.id))
            .where(
                Attendance.client.in_(batch)
                & (Attendance.date >= start)
                & (Attendance.date <= end)
                & Attendance.status.in_(vocab.ATTENDED_STATUSES)
                & Attendance.retired_at.is_null()
                & (Session.status != "cancelled")
                & Session.retired_at.is_null()
            )
            .group_by(Attendance.client, Attendance.date)
            .tuples()
        )
        for client_id, date, total in query:
            out[client_id][date] = int(total or 0)
    return out


def summarize_week(
    days: dict[dt.date, int], monday: dt.date, target: int | None, until: dt.date, rules: HoursRules
) -> WeekHours:
    """One week's figures from a client's {date: minutes} (dates outside the week are ignored)."""
    end = monday + dt.timedelta(days=6)
    in_week = [m for d, m in days.items() if monday <= d <= end]
    total = sum(in_week)
    program_days = sum(1 for m in in_week if m >= rules.program_minutes_per_day)
    return WeekHours(
        week_start=monday,
        minutes=total,
        days_attended=len(in_week),
        program_days=program_days,
        target_minutes=target,
        below_floor=target is not None and total < target,
        at_php_intensity=total >= rules.php_minutes,
        meets_program_rule=program_days >= rules.program_days_per_week,
        complete=until >= end,
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
    days = daily_minutes([client_id], first, until).get(client_id, {})
    rules = HoursRules.load()
    target = weekly_target(client, rules)
    return [summarize_week(days, first + dt.timedelta(weeks=n), target, until, rules) for n in range(weeks)]


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
    days = daily_minutes(ids, monday, monday + dt.timedelta(days=6))
    rules = HoursRules.load()
    return {
        c.id: summarize_week(days.get(c.id, {}), monday, weekly_target(c, rules), until, rules)
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
