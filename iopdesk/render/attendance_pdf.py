"""The attendance report as a PDF: one section per group, each starting on a new page.

A group's section is a grid like the History tab's: its members down the side,
its sessions across (at most DATES_PER_TABLE to a table, so the letters stay
legible on portrait Letter paper; a longer period continues in another table),
a status letter in each cell, and each member's sessions attended and hours in
the last table. Individual and family sessions follow in their own section as
one row per session. Letters, never colour alone: the printout may be grey.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict
from uuid import UUID

from PySide6.QtCore import QCoreApplication, QIODevice

from iopdesk.domain.attendance.hours import format_minutes
from iopdesk.domain.kernel import clock, vocab
from iopdesk.domain.overviews.attendance_print import (
    CLIENT_SESSIONS_TITLE,
    AttendancePrint,
    AttendanceSection,
    PrintHead,
    ReportSession,
)
from iopdesk.domain.overviews.attendance_reports import AttendanceReportRow
from iopdesk.render import pages
from iopdesk.render.pages import day_text, html_table, write_html_pdf
from iopdesk.render.text import clock_text

DATES_PER_TABLE = 12
DATE_WIDTH = 5.3  # per cent of the width: 12 dates, the totals and a 1.6-inch name column fit
TOTAL_WIDTH = 8.5
MINUTES_COLUMN = 5  # of the individual and family sessions' table
NOT_RECORDED = "–"

STYLE = """
body { font-family: Helvetica, Arial, sans-serif; font-size: 9pt; color: #000; }
h1 { font-size: 15pt; margin: 0; }
p.meta { color: #444; margin-top: 2pt; margin-bottom: 8pt; }
p.legend { color: #333; font-size: 8pt; margin-top: 8pt; }
table.grid { border-collapse: collapse; margin-bottom: 10pt; }
table.grid th { background-color: #eeeeee; font-size: 8pt; font-weight: bold; }
table.grid td, table.grid th { border: 1px solid #999999; }
td.name { white-space: nowrap; }
span.chart { color: #555; font-size: 7.5pt; }
td.mark { text-align: center; font-weight: bold; }
td.none { text-align: center; color: #888; }
td.num { text-align: right; }
"""


def tr(text: str) -> str:
    return QCoreApplication.translate("attendance_pdf", text)


def _e(text: str) -> str:
    return html.escape(text)


def prepared_text(head: PrintHead) -> str:
    # The site's clock, named, as every time on screen and in the audit trail (never this computer's).
    return pages.prepared_text(head.prepared_by, head.prepared_at, clock.site_zone(head.site_id))


def period_text(start: dt.date, end: dt.date) -> str:
    if start == end:
        return day_text(start)
    return tr("{start} to {end}").format(start=day_text(start), end=day_text(end))


def status_letter(status: str) -> str:
    letter = vocab.ATTENDANCE_STATUSES.get(status, (status, "?"))[1]
    return NOT_RECORDED if letter == "?" else letter


def legend_text() -> str:
    parts = [
        f"{status_letter(key)} {tr(word)}"
        for key, (word, _letter) in vocab.ATTENDANCE_STATUSES.items()
        if key != "not_recorded"
    ]
    parts.append(tr("{dash} not recorded").format(dash=NOT_RECORDED))
    parts.append(tr("blank: not on the roster that day"))
    return tr("Key: {letters}. Cancelled sessions are left out.").format(letters=" · ".join(parts))


def _column_head(session: ReportSession, same_day: bool) -> str:
    text = f"{session.date:%a}<br>{session.date.month}/{session.date.day}"
    if same_day:
        text += f"<br>{_e(clock_text(session.start_time))}"
    return text


def _member_label(row: AttendanceReportRow) -> str:
    return f"{_e(row.client_name)} <span class='chart'>{_e(row.chart_number)}</span>"


def _group_tables(section: AttendanceSection) -> str:
    marks: dict[UUID, dict[UUID, AttendanceReportRow]] = defaultdict(dict)
    members: dict[UUID, AttendanceReportRow] = {}
    for row in section.rows:
        marks[row.client_id][row.session_id] = row
        members.setdefault(row.client_id, row)
    order = sorted(members.values(), key=lambda r: (r.client_name.casefold(), r.chart_number))
    per_day: dict[dt.date, int] = defaultdict(int)
    for s in section.sessions:
        per_day[s.date] += 1
    tables = max(-(-len(section.sessions) // DATES_PER_TABLE), 1)
    size = -(-len(section.sessions) // tables)  # as even as can be: 15 dates are 8 and 7, not 14 and 1
    chunks = [section.sessions[i : i + size] for i in range(0, len(section.sessions), size)]
    out = []
    for number, chunk in enumerate(chunks, start=1):
        last = number == len(chunks)
        head = [f"<th bgcolor='#e8e8e8' align='left'>{_e(tr('Client'))}</th>"]
        head += [
            f"<th bgcolor='#e8e8e8' width='{DATE_WIDTH}%' align='center'>"
            f"{_column_head(s, per_day[s.date] > 1)}</th>"
            for s in chunk
        ]
        if last:
            head += [
                f"<th bgcolor='#e8e8e8' width='{TOTAL_WIDTH}%' align='right'>{_e(tr('Attended'))}</th>",
                f"<th bgcolor='#e8e8e8' width='{TOTAL_WIDTH}%' align='right'>{_e(tr('Hours'))}</th>",
            ]
        body = []
        for member in order:
            cells = [f"<td class='name'>{_member_label(member)}</td>"]
            for s in chunk:
                mark = marks[member.client_id].get(s.id)
                if mark is None:
                    cells.append("<td class='none'></td>")
                elif mark.status == "not_recorded":
                    cells.append(f"<td class='none'>{NOT_RECORDED}</td>")
                else:
                    cells.append(f"<td class='mark'>{_e(status_letter(mark.status))}</td>")
            if last:
                mine = marks[member.client_id].values()
                attended = sum(1 for r in mine if r.status in vocab.ATTENDED_STATUSES)
                minutes = sum(r.minutes_attended or 0 for r in mine if r.status in vocab.ATTENDED_STATUSES)
                cells.append(
                    "<td class='num'>" + _e(tr("{n} of {m}").format(n=attended, m=len(mine))) + "</td>"
                )
                # "8 h 59 min", as every other hours figure: a decimal rounded 539 minutes to "9.0".
                cells.append(f"<td class='num'>{_e(format_minutes(minutes) or tr('0 h'))}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        if len(chunks) > 1:
            first, final = chunk[0].date, chunk[-1].date
            out.append(
                "<p class='meta'>"
                + _e(tr("Sessions {first} to {last}").format(first=day_text(first), last=day_text(final)))
                + "</p>"
            )
        out.append(html_table("".join(head), body))
    return "".join(out)


def _client_session_table(section: AttendanceSection) -> str:
    titles = [
        tr("Date"),
        tr("Time"),
        tr("Session"),
        tr("Chart"),
        tr("Status"),
        tr("Minutes"),
        tr("Recorded by"),
    ]
    head = "".join(
        f"<th bgcolor='#e8e8e8' align='{'right' if n == MINUTES_COLUMN else 'left'}'>{_e(t)}</th>"
        for n, t in enumerate(titles)
    )
    body = []
    for r in section.rows:
        attended = r.status in vocab.ATTENDED_STATUSES and r.minutes_attended is not None
        minutes = str(r.minutes_attended) if attended else ""
        status = f"{status_letter(r.status)} {tr(r.status_label)}"
        cells = (
            f"{r.date:%a} {r.date.month}/{r.date.day}/{r.date.year}",
            clock_text(r.start_time),
            r.group,
            r.chart_number,
            status,
            minutes,
            r.recorded_by,
        )
        body.append(
            "<tr>"
            + "".join(
                f"<td class='num'>{_e(c)}</td>" if n == MINUTES_COLUMN else f"<td>{_e(c)}</td>"
                for n, c in enumerate(cells)
            )
            + "</tr>"
        )
    return html_table(head, body)


def _section(packet: AttendancePrint, section: AttendanceSection, first: bool) -> str:
    breaking = "" if first else " style='page-break-before: always'"
    title = tr(CLIENT_SESSIONS_TITLE) if not section.is_group else section.title
    clients = len({r.client_id for r in section.rows})
    facts = tr("{period} · {sessions} session(s) · {clients} client(s)").format(
        period=period_text(packet.start, packet.end), sessions=len(section.sessions), clients=clients
    )
    where = " · ".join(p for p in (packet.head.clinic_name, packet.head.site_name) if p)
    out = [
        f"<h1{breaking}>{_e(tr('Attendance — {title}').format(title=title))}</h1>",
        f"<p class='meta'>{_e(where)}<br>{_e(facts)}<br>{_e(prepared_text(packet.head))}</p>",
        _group_tables(section) if section.is_group else _client_session_table(section),
        f"<p class='legend'>{_e(legend_text())}</p>" if section.is_group else "",
    ]
    return "".join(out)


def attendance_html(packet: AttendancePrint) -> str:
    if packet.sections:
        body = "".join(_section(packet, s, n == 0) for n, s in enumerate(packet.sections))
    else:
        where = " · ".join(p for p in (packet.head.clinic_name, packet.head.site_name) if p)
        scope = (
            tr("No sessions of {group} took place in this period.").format(group=packet.group_name)
            if packet.group_name
            else tr("No sessions took place in this period.")
        )
        body = (
            f"<h1>{_e(tr('Attendance'))}</h1>"
            f"<p class='meta'>{_e(where)}<br>{_e(period_text(packet.start, packet.end))}"
            f"<br>{_e(prepared_text(packet.head))}</p><p>{_e(scope)}</p>"
        )
    return f"<html><head><style>{STYLE}</style></head><body>{body}</body></html>"


def write_attendance_pdf(packet: AttendancePrint, path: str | QIODevice) -> int:
    """Write the report to ``path``; returns the number of pages. OSError when it cannot be written."""
    running = tr("Attendance · {period}").format(period=period_text(packet.start, packet.end))
    if packet.group_name:
        running += " · " + packet.group_name
    return write_html_pdf(
        path,
        attendance_html(packet),
        title=tr("Attendance"),
        running_left=packet.head.clinic_name,
        running_right=running,
        notice=packet.head.part2_notice,
        body_font_size=9,
    )
