"""The weekly hours report as a PDF: one row per client in care, the flags written out in words.

The floor is judged by the one rule of iopdesk.domain.attendance.hours (the
alerts and the CSV say the same): a week the program offered less than the
floor says so ("The program offered only 6 h this week"), a partial week in
care is not called below the floor, and the H0015 program rule has its column.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QIODevice

from iopdesk.domain.attendance.hours import (
    BELOW_FLOOR,
    MEETS_FLOOR,
    NO_FLOOR,
    HoursRules,
    format_minutes,
    unknown_text,
)
from iopdesk.domain.overviews.attendance_print import HoursPrint
from iopdesk.domain.overviews.attendance_reports import HoursReportRow
from iopdesk.render.attendance_pdf import period_text, prepared_text
from iopdesk.render.pages import day_text, html_table, write_html_pdf

STYLE = """
body { font-family: Helvetica, Arial, sans-serif; font-size: 9pt; color: #000; }
h1 { font-size: 15pt; margin: 0; }
p.meta { color: #444; margin-top: 2pt; margin-bottom: 8pt; }
p.legend { color: #333; font-size: 8pt; margin-top: 8pt; }
table.grid { border-collapse: collapse; }
table.grid th { background-color: #eeeeee; font-size: 8pt; font-weight: bold; }
table.grid td, table.grid th { border: 1px solid #999999; }
span.chart { color: #555; font-size: 7.5pt; }
td.num { text-align: right; }
td.flag { font-weight: bold; }
"""


def tr(text: str) -> str:
    return QCoreApplication.translate("hours_pdf", text)


def _e(text: str) -> str:
    return html.escape(text)


def hours_text(minutes: int | None) -> str:
    """Minutes written as hours: 570 -> "9 h 30 min"; 0 -> "0 h"; None -> "—"."""
    if minutes is None:
        return "—"
    return format_minutes(minutes) if minutes else tr("0 h")


def flags_text(row: HoursReportRow) -> str:
    flags = []
    if row.floor_text and row.floor_status not in (MEETS_FLOOR, NO_FLOOR):
        # "Below the weekly floor", or the program's shortfall / a partial week said as such.
        flags.append(tr(row.floor_text))
    if row.at_php_intensity:
        flags.append(tr("At PHP intensity"))
    if row.target_minutes is None:
        flags.append(tr("No weekly floor applies"))
    if row.unknown_minutes:
        flags.append(tr(unknown_text(row.unknown_minutes)))
    return "; ".join(flags)


def hours_html(packet: HoursPrint) -> str:
    rows = packet.rows
    where = " · ".join(p for p in (packet.head.clinic_name, packet.head.site_name) if p)
    below = sum(1 for r in rows if r.floor_status == BELOW_FLOOR)
    short = sum(1 for r in rows if r.short_offer)
    php = sum(1 for r in rows if r.at_php_intensity)
    facts = tr("{n} client(s) · {below} below the weekly floor · {php} at PHP intensity").format(
        n=len(rows), below=below, php=php
    )
    if short:
        facts += " · " + tr("{n} offered less than the floor by the program").format(n=short)
    rule = packet.program_rule or HoursRules.load().program_rule
    titles = (
        (tr("Client"), "left"),
        (tr("Hours attended"), "right"),
        (tr("Hours offered"), "right"),
        (tr("Days attended"), "right"),
        (tr("Program days"), "right"),
        (tr("Meets {rule}").format(rule=rule), "center"),
        (tr("Weekly target"), "right"),
        (tr("Flags"), "left"),
    )
    head = "".join(f"<th bgcolor='#e8e8e8' align='{align}'>{_e(t)}</th>" for t, align in titles)
    body = []
    for r in rows:
        flags = flags_text(r)
        body.append(
            "<tr>"
            f"<td>{_e(r.client_name)} <span class='chart'>{_e(r.chart_number)}</span></td>"
            f"<td class='num'>{_e(hours_text(r.minutes))}</td>"
            f"<td class='num'>{_e(hours_text(r.offered_minutes))}</td>"
            f"<td class='num'>{r.days_attended}</td>"
            f"<td class='num'>{r.program_days}</td>"
            f"<td align='center'>{_e(tr('yes') if r.meets_program_rule else tr('no'))}</td>"
            f"<td class='num'>{_e(hours_text(r.target_minutes))}</td>"
            f"<td class='{'flag' if r.below_floor or r.at_php_intensity else ''}'>{_e(flags)}</td>"
            "</tr>"
        )
    if not body:
        table = f"<p>{_e(tr('No clients were in care at this site that week.'))}</p>"
    else:
        table = html_table(head, body)
    legend = tr(
        "Hours attended: Monday to Sunday, clock time from the attendance recorded (overlapping "
        "sessions counted once). Hours offered: the sessions the program held for the client. "
        "Program days: days with at least the program's minutes. {rule}: the HCPCS H0015 program "
        "rule. Weekly target: the client's floor for their level of care; a week the program offered "
        "less than the floor, or the client was not in care all week, is not called below it. "
        "At PHP intensity: {php} or more in the week."
    ).format(php=hours_text(packet.php_minutes), rule=rule)
    title = tr("Weekly hours — week of {day}").format(day=day_text(packet.week_start))
    return (
        f"<html><head><style>{STYLE}</style></head><body>"
        f"<h1>{_e(title)}</h1>"
        f"<p class='meta'>{_e(where)}<br>{_e(period_text(packet.week_start, packet.week_end))}"
        f" · {_e(facts)}<br>{_e(prepared_text(packet.head))}</p>"
        f"{table}<p class='legend'>{_e(legend)}</p></body></html>"
    )


def write_hours_pdf(packet: HoursPrint, path: str | QIODevice) -> int:
    """Write the report to ``path``; returns the number of pages. OSError when it cannot be written."""
    running = tr("Weekly hours · {period}").format(period=period_text(packet.week_start, packet.week_end))
    return write_html_pdf(
        path,
        hours_html(packet),
        title=tr("Weekly hours"),
        running_left=packet.head.clinic_name,
        running_right=running,
        notice=packet.head.part2_notice,
        body_font_size=9,
    )
