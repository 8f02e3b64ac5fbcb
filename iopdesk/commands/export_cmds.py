"""export attendance / export hours: the attendance reports as CSV or PDF files, from a terminal.

The PDF is drawn by iopdesk.render (Qt, no window): it is imported only when
a PDF is asked for, so the rest of the command line never loads Qt. A CSV
records its disclosure when its text is made; a PDF is drawn in memory, its
disclosure recorded (committed), and only then written to the file. If the
entry cannot be kept, no file is written; if the file cannot be written,
nothing is left of it (commands/common.write_private).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iopdesk.commands.common import (
    Options,
    Parsers,
    UsageError,
    check_output,
    parse_date,
    write_private,
    write_text,
)
from iopdesk.store.errors import os_reason

if TYPE_CHECKING:
    from iopdesk.domain.kernel.actor import Actor

Printed = tuple[Any, Callable[[Any], int]]  # (the packet, draw it to a path or device → pages)

FORMATS = ("csv", "pdf")


def register(parsers: Parsers) -> None:
    """``export attendance`` and ``export hours`` under the ``export`` command."""
    attendance = parsers.report(
        "attendance",
        lambda a: export_attendance(Options.of(a), a.start, a.end, a.group, a.format, a.output),
        help="one row per client per session between two dates",
    )
    attendance.add_argument(
        "--from", dest="start", required=True, metavar="DATE", help="first date (YYYY-MM-DD)"
    )
    attendance.add_argument("--to", dest="end", required=True, metavar="DATE", help="last date (YYYY-MM-DD)")
    attendance.add_argument("--group", metavar="NAME", help="only this group's sessions")
    hours = parsers.report(
        "hours",
        lambda a: export_hours(Options.of(a), a.week, a.format, a.output),
        help="each client's hours in one week (Monday to Sunday)",
    )
    hours.add_argument("--week", required=True, metavar="DATE", help="any date in the week (YYYY-MM-DD)")
    for parser in (attendance, hours):
        parser.add_argument(
            "--format", default="csv", help="csv (the default) or pdf (printable, with the Part 2 notice)"
        )
        parser.add_argument(
            "-o", "--output", required=True, metavar="FILE", help="the file to write (-: the terminal)"
        )


def _format(chosen: str | None, output: str) -> str:
    """csv or pdf, checked with where it goes (a PDF needs a file)."""
    fmt = (chosen or "").strip().lower()
    if fmt not in FORMATS:
        raise UsageError(f"--format {chosen!r} is not offered; use csv or pdf.")
    if fmt == "pdf" and output == "-":
        raise UsageError("A PDF cannot go to the terminal; give a file name with -o.")
    check_output(output, f"report.{fmt}")
    return fmt


def export_attendance(
    options: Options, start_text: str, end_text: str, group_name: str | None, chosen: str | None, output: str
) -> int:
    from iopdesk.domain.groups.groups import find_group_by_name
    from iopdesk.domain.kernel.errors import NotFound
    from iopdesk.domain.overviews import attendance_reports

    fmt = _format(chosen, output)
    start, end = parse_date(start_text, "--from"), parse_date(end_text, "--to")
    if end < start:
        raise UsageError("--to is before --from.")
    with options.open() as clinic:
        actor = clinic.acting
        group = None
        if group_name is not None:
            found = find_group_by_name(group_name)
            if found is None:
                raise NotFound(f"There is no group called {group_name!r}.")
            group = found.name
        if fmt == "pdf":
            return write_pdf(actor, output, lambda: print_attendance(actor, start, end, group))
        text = attendance_reports.export_attendance_csv(actor, start, end, group)
    return write_text(output, text)


def export_hours(options: Options, week_text: str, chosen: str | None, output: str) -> int:
    from iopdesk.domain.overviews import attendance_reports

    fmt = _format(chosen, output)
    week = parse_date(week_text, "--week")
    with options.open() as clinic:
        actor = clinic.acting
        if fmt == "pdf":
            return write_pdf(actor, output, lambda: print_hours(actor, week))
        text = attendance_reports.export_hours_csv(actor, week)
    return write_text(output, text)


def print_attendance(actor: Actor, start: dt.date, end: dt.date, group: str | None) -> Printed:
    from iopdesk.domain.overviews.attendance_print import attendance_for_print
    from iopdesk.render.attendance_pdf import write_attendance_pdf

    packet = attendance_for_print(actor, start, end, group)
    return packet, lambda path: write_attendance_pdf(packet, path)


def print_hours(actor: Actor, week: dt.date) -> Printed:
    from iopdesk.domain.overviews.attendance_print import hours_for_print
    from iopdesk.render.hours_pdf import write_hours_pdf

    packet = hours_for_print(actor, week)
    return packet, lambda path: write_hours_pdf(packet, path)


def write_pdf(actor: Actor, output: str, prepare_packet: Callable[[], Printed]) -> int:
    """Draw the report in memory (Qt offscreen, loaded only now), record the disclosure, then
    write the file: a PDF on disk always has its audit entry."""
    from iopdesk.domain.overviews.attendance_print import record_pdf
    from iopdesk.render.pages import pdf_bytes

    packet, draw = prepare_packet()
    data, pages = pdf_bytes(draw)
    record_pdf(actor, packet, pages)  # committed first; if it cannot be, no file is written
    path = Path(output).expanduser()
    try:
        write_private(path, data)
    except OSError as exc:
        print(f"iopdesk: could not write {path}: {os_reason(exc)}", file=sys.stderr)
        return 1
    print(f"Written: {path} ({pages} page(s))")
    return 0
