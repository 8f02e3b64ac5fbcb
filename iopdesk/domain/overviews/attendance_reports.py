"""Attendance and hours reports: the rows (for the PDF the UI draws) and CSV text.

- Every cell that a spreadsheet would read as a formula gets a leading single
  quote (kernel/csv_safety.py), so a client named "=HYPERLINK(…)" stays text.
- An export can leave the program, so the CSV ends with a blank line and the
  clinic's 42 CFR Part 2 notice (REFERENCE §7) unless ``part2_notice=False``.
  It goes last so the header stays the first line for anything reading the file.
- Reports cover one site: the actor's own unless another is named.
- The attendance report has one row per client per session that took place
  (cancelled sessions are left out): everyone on the roster that date plus
  walk-ins, "Not recorded" where nothing was marked. Times are the site's
  local wall-clock time. Minutes are what each mark is worth now
  (calendar/session_time.py): "present" the whole session as it finally ran;
  blank where they are not known.
- The hours report judges each week by the one rule of attendance/hours.py
  (the alerts and the client's hours use the same): it shows the minutes the
  program offered, names a week where the program offered less than the floor
  as such ("the program offered only 6 h"), does not call a partial week in
  care (admitted mid-week) below the floor, and names the H0015 program rule
  (at least 3 h a day on at least 3 days) with the clinic's figures.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from uuid import UUID

from peewee import JOIN, chunked, fn

from iopdesk.domain.attendance.hours import HoursRules, floor_text, hours_for_week, week_start
from iopdesk.domain.calendar.session_time import MarkTime, attended_minutes
from iopdesk.domain.calendar.sessions import SessionInfo, sessions_between
from iopdesk.domain.enrollment.expected import expected_by_session
from iopdesk.domain.kernel import audit, clock, disclosures, settings, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.csv_safety import csv_text
from iopdesk.domain.kernel.display import client_display_name
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.store.models import Attendance, Client, Staff

ATTENDANCE_HEADER = (
    "Date",
    "Start",
    "Group",
    "Chart",
    "Client",
    "Status",
    "Minutes",
    "Recorded by",
    "Recorded at",
)
HOURS_COLUMNS = (
    "Week of",
    "Chart",
    "Client",
    "Minutes",
    "Days attended",
    "Program days",
    "Target minutes",
    "Below floor",
    "PHP intensity",
    "Offered minutes",
    "Floor",
    "Meets {rule}",
    "Minutes not known (sessions)",
)


def hours_header(rules: HoursRules | None = None) -> tuple[str, ...]:
    """The hours CSV's column names, the H0015 rule with the clinic's figures."""
    rule = (rules or HoursRules.load()).program_rule
    return tuple(c.format(rule=rule) for c in HOURS_COLUMNS)


# With the default figures: "Meets H0015 (≥ 3 h on ≥ 3 days)".
HOURS_HEADER = tuple(c.format(rule=HoursRules(540, 360, 1200, 180, 3).program_rule) for c in HOURS_COLUMNS)


@dataclass(frozen=True)
class AttendanceReportRow:
    session_id: UUID
    date: dt.date
    start_time: dt.time
    group: str  # the session's title: group name, or "Individual session – …"
    client_id: UUID
    chart_number: str
    client_name: str
    status: str  # vocab key
    minutes_attended: int | None
    recorded_by: str
    recorded_at: str  # site-local "YYYY-MM-DD HH:MM", empty when never recorded

    @property
    def status_label(self) -> str:
        return vocab.ATTENDANCE_STATUSES[self.status][0]


@dataclass(frozen=True)
class HoursReportRow:
    client_id: UUID
    chart_number: str
    client_name: str
    week_start: dt.date
    minutes: int
    days_attended: int
    program_days: int
    target_minutes: int | None
    below_floor: bool  # a judged week under the floor; ``short_offer``: the program's shortfall
    at_php_intensity: bool
    offered_minutes: int = 0
    floor_status: str = ""  # attendance.hours: NO_FLOOR … BELOW_FLOOR
    floor_text: str = ""  # the floor judgement in words ("The program offered only 6 h this week")
    meets_program_rule: bool = False  # H0015
    unknown_minutes: int = 0  # attended sessions whose minutes are not known (counted as 0)
    overlap_minutes: int = 0

    @property
    def short_offer(self) -> bool:
        return self.floor_status == "short_offer"


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]], part2_notice: bool = True) -> str:
    """A report as CSV text, ending with the clinic's Part 2 notice unless ``part2_notice=False``."""
    return csv_text(header, rows, notice=settings.get("part2_notice") if part2_notice else None)


def attendance_report_rows(
    actor: Actor, start: dt.date, end: dt.date, group_name: str | None = None, site_id: UUID | None = None
) -> list[AttendanceReportRow]:
    if end < start:
        raise ValidationError("The end date is before the start date.", field="end")
    site = site_id or actor.site_id
    sessions = [s for s in sessions_between(actor, start, end, site_id=site) if not s.cancelled]
    if group_name:
        wanted = group_name.strip().casefold()
        sessions = [s for s in sessions if s.group_id is not None and s.title.casefold() == wanted]
    if not sessions:
        return []
    expected = expected_by_session(sessions)
    by_id = {s.id: s for s in sessions}
    marks: dict[tuple[UUID, UUID], tuple[str, int | None, str, dt.datetime | None]] = {}
    recorder = Staff.alias()
    for sid_batch in chunked([s.id for s in sessions], 500):
        query = (
            Attendance.select(
                Attendance.session,
                Attendance.client,
                Attendance.status,
                Attendance.minutes_attended,
                Attendance.minutes_typed,
                Attendance.arrived_at,
                Attendance.departed_at,
                fn.COALESCE(recorder.display_name, ""),
                Attendance.recorded_at,
            )
            .join(recorder, JOIN.LEFT_OUTER, on=(Attendance.recorded_by == recorder.id))
            .where(Attendance.session.in_(sid_batch) & Attendance.retired_at.is_null())
            .tuples()
        )
        for session_id, client_id, status, minutes, typed, arrived, departed, who, when in query:
            s = by_id[session_id]
            if status in vocab.ATTENDED_STATUSES:
                mark = MarkTime(
                    status, minutes, bool(typed), arrived, departed, s.start_time, s.duration_minutes
                )
                minutes = attended_minutes(mark)
            marks[(session_id, client_id)] = (status, minutes, who, when)
    marked: dict[UUID, set[UUID]] = defaultdict(set)
    for session_id, client_id in marks:
        marked[session_id].add(client_id)
    people = {c for ids in expected.values() for c in ids} | {c for _, c in marks}
    names = _client_names(people)
    zone = clock.site_zone(site)
    rows = []
    for s in sessions:
        for client_id in expected[s.id] | marked[s.id]:
            if client_id not in names:
                continue
            status, minutes, who, when = marks.get((s.id, client_id), ("not_recorded", None, "", None))
            chart, name = names[client_id]
            rows.append(
                AttendanceReportRow(
                    s.id,
                    s.date,
                    s.start_time,
                    s.title,
                    client_id,
                    chart,
                    name,
                    status,
                    minutes,
                    who,
                    clock.local_time_text(when, zone),
                )
            )
    rows.sort(
        key=lambda r: (r.date, r.start_time, r.group.casefold(), r.client_name.casefold(), r.chart_number)
    )
    return rows


def export_attendance_csv(
    actor: Actor,
    start: dt.date,
    end: dt.date,
    group_name: str | None = None,
    *,
    site_id: UUID | None = None,
    part2_notice: bool = True,
) -> str:
    disclosures.allowed(actor, "attendance")
    rows = attendance_report_rows(actor, start, end, group_name, site_id)
    disclosures.disclosed(
        actor,
        audit.EXPORT,
        "attendance",
        start=start,
        end=end,
        group=group_name or "",
        site=site_id or actor.site_id,
        rows=len(rows),
    )
    return to_csv(
        ATTENDANCE_HEADER,
        (
            (
                r.date.isoformat(),
                r.start_time.strftime("%H:%M"),
                r.group,
                r.chart_number,
                r.client_name,
                r.status_label,
                "" if r.minutes_attended is None else r.minutes_attended,
                r.recorded_by,
                r.recorded_at,
            )
            for r in rows
        ),
        part2_notice,
    )


def hours_report_rows(actor: Actor, week_of: dt.date, site_id: UUID | None = None) -> list[HoursReportRow]:
    """Everyone in care at the site that week: on a session's roster or marked at one, or an
    active client of the site (who then shows 0 minutes, which is the point)."""
    site = site_id or actor.site_id
    monday = week_start(week_of)
    sessions: list[SessionInfo] = [
        s
        for s in sessions_between(actor, monday, monday + dt.timedelta(days=6), site_id=site)
        if not s.cancelled
    ]
    people = {c for ids in expected_by_session(sessions).values() for c in ids}
    for batch in chunked([s.id for s in sessions], 500):
        people |= {
            a.client_id for a in Attendance.select(Attendance.client).where(Attendance.session.in_(batch))
        }
    people |= {
        c.id
        for c in Client.select(Client.id).where(
            (Client.home_site == site) & (Client.status == "active") & Client.retired_at.is_null()
        )
    }
    weeks = hours_for_week(actor, people, monday)
    names = _client_names(set(weeks))
    rows = [
        HoursReportRow(
            cid,
            names[cid][0],
            names[cid][1],
            w.week_start,
            w.minutes,
            w.days_attended,
            w.program_days,
            w.target_minutes,
            w.below_floor,
            w.at_php_intensity,
            offered_minutes=w.offered_minutes,
            floor_status=w.floor_status,
            floor_text=floor_text(w),
            meets_program_rule=w.meets_program_rule,
            unknown_minutes=w.unknown_minutes,
            overlap_minutes=w.overlap_minutes,
        )
        for cid, w in weeks.items()
        if cid in names
    ]
    rows.sort(key=lambda r: (r.client_name.casefold(), r.chart_number))
    return rows


def export_hours_csv(
    actor: Actor, week_of: dt.date, *, site_id: UUID | None = None, part2_notice: bool = True
) -> str:
    disclosures.allowed(actor, "hours")
    rows = hours_report_rows(actor, week_of, site_id)
    disclosures.disclosed(
        actor,
        audit.EXPORT,
        "hours",
        week_of=week_start(week_of),
        site=site_id or actor.site_id,
        rows=len(rows),
    )
    return to_csv(
        hours_header(),
        (
            (
                r.week_start.isoformat(),
                r.chart_number,
                r.client_name,
                r.minutes,
                r.days_attended,
                r.program_days,
                "" if r.target_minutes is None else r.target_minutes,
                "yes" if r.below_floor else "no",
                "yes" if r.at_php_intensity else "no",
                r.offered_minutes,
                r.floor_text,
                "yes" if r.meets_program_rule else "no",
                r.unknown_minutes,
            )
            for r in rows
        ),
        part2_notice,
    )


def _client_names(ids: set[UUID]) -> dict[UUID, tuple[str, str]]:
    """{client: (chart number, display name)} for clients not retired."""
    out = {}
    for batch in chunked(list(ids), 500):
        for c in Client.select(
            Client.id, Client.preferred_name, Client.legal_first, Client.legal_last, Client.chart_number
        ).where(Client.id.in_(batch) & Client.retired_at.is_null()):
            out[c.id] = (c.chart_number, client_display_name(c.preferred_name, c.legal_first, c.legal_last))
    return out
