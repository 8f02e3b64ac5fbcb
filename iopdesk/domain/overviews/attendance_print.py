"""What a printed attendance or hours report carries; the PDF itself is drawn by iopdesk.render.

A PDF leaves the program like a CSV does, so the same rules hold: the actor
must be allowed to take client information out (checked before any work), the
clinic's 42 CFR Part 2 notice goes on every page, and the audit trail records
the disclosure (``record_pdf``) before the file is written: the PDF is drawn in
memory, recorded, then written (if it cannot be recorded, no file is).

The attendance report is cut into sections: one per group (its sessions as
columns, its members as rows), and one for the individual and family sessions
(a row per client per session), in that order.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from uuid import UUID

from iopdesk.domain.attendance.hours import HoursRules, week_start
from iopdesk.domain.calendar.sessions import sessions_between
from iopdesk.domain.kernel import audit, disclosures, settings
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.overviews.attendance_reports import (
    AttendanceReportRow,
    HoursReportRow,
    attendance_report_rows,
    hours_report_rows,
)
from iopdesk.store.models import Site, Staff


@dataclass(frozen=True)
class PrintHead:
    clinic_name: str
    site_name: str
    part2_notice: str  # 42 CFR §2.32: goes on every disclosed page
    prepared_by: str
    prepared_at: dt.datetime  # UTC, naive
    site_id: UUID | None = None  # the site reported on: its clock is the printout's


@dataclass(frozen=True)
class ReportSession:
    id: UUID
    date: dt.date
    start_time: dt.time


@dataclass(frozen=True)
class AttendanceSection:
    title: str  # the group's name, or "Individual and family sessions"
    is_group: bool
    sessions: tuple[ReportSession, ...]  # in date order: the grid's columns
    rows: tuple[AttendanceReportRow, ...]


@dataclass(frozen=True)
class AttendancePrint:
    head: PrintHead
    start: dt.date
    end: dt.date
    group_name: str | None
    sections: tuple[AttendanceSection, ...]

    @property
    def row_count(self) -> int:
        return sum(len(s.rows) for s in self.sections)


@dataclass(frozen=True)
class HoursPrint:
    head: PrintHead
    week_start: dt.date
    rows: tuple[HoursReportRow, ...]
    php_minutes: int
    program_rule: str = ""  # "H0015 (≥ 3 h on ≥ 3 days)", with the clinic's figures

    @property
    def week_end(self) -> dt.date:
        return self.week_start + dt.timedelta(days=6)


CLIENT_SESSIONS_TITLE = "Individual and family sessions"


def attendance_for_print(
    actor: Actor, start: dt.date, end: dt.date, group_name: str | None = None, site_id: UUID | None = None
) -> AttendancePrint:
    disclosures.allowed(actor, "attendance")
    site = site_id or actor.site_id
    rows = attendance_report_rows(actor, start, end, group_name, site)
    group_sessions = {
        s.id for s in sessions_between(actor, start, end, site_id=site) if s.group_id is not None
    }
    by_title: dict[str, list[AttendanceReportRow]] = defaultdict(list)
    client_rows: list[AttendanceReportRow] = []
    for row in rows:
        if row.session_id in group_sessions:
            by_title[row.group].append(row)
        else:
            client_rows.append(row)
    sections = [_section(title, True, by_title[title]) for title in sorted(by_title, key=str.casefold)]
    if client_rows:
        sections.append(_section(CLIENT_SESSIONS_TITLE, False, client_rows))
    return AttendancePrint(_head(actor, site), start, end, group_name, tuple(sections))


def hours_for_print(actor: Actor, week_of: dt.date, site_id: UUID | None = None) -> HoursPrint:
    disclosures.allowed(actor, "hours")
    site = site_id or actor.site_id
    rows = hours_report_rows(actor, week_of, site)
    rules = HoursRules.load()
    return HoursPrint(
        _head(actor, site), week_start(week_of), tuple(rows), rules.php_minutes, rules.program_rule
    )


def record_pdf(actor: Actor, packet: AttendancePrint | HoursPrint, pages: int) -> None:
    """Write down that the PDF is saved (committed before its file is written): who, which report,
    what it covered."""
    if isinstance(packet, AttendancePrint):
        disclosures.disclosed(
            actor,
            audit.EXPORT,
            "attendance",
            format="pdf",
            start=packet.start,
            end=packet.end,
            group=packet.group_name or "",
            site=actor.site_id,
            rows=packet.row_count,
            pages=pages,
        )
    else:
        disclosures.disclosed(
            actor,
            audit.EXPORT,
            "hours",
            format="pdf",
            week_of=packet.week_start,
            site=actor.site_id,
            rows=len(packet.rows),
            pages=pages,
        )


def _section(title: str, is_group: bool, rows: list[AttendanceReportRow]) -> AttendanceSection:
    seen: dict[UUID, ReportSession] = {}
    for r in rows:
        seen.setdefault(r.session_id, ReportSession(r.session_id, r.date, r.start_time))
    sessions = sorted(seen.values(), key=lambda s: (s.date, s.start_time))
    return AttendanceSection(title, is_group, tuple(sessions), tuple(rows))


def _head(actor: Actor, site_id: UUID) -> PrintHead:
    site = Site.get_or_none(Site.id == site_id)
    staff = Staff.get_or_none(Staff.id == actor.staff_id)
    return PrintHead(
        clinic_name=settings.get("clinic_name"),
        site_name=site.name if site is not None else "",
        part2_notice=settings.get("part2_notice"),
        prepared_by=staff.display_name if staff is not None else "",
        prepared_at=utcnow(),
        site_id=site_id,
    )
