"""export attendance / export hours: the attendance reports as CSV or PDF files, from a terminal.

The PDF is drawn by iopdesk.render (Qt, no window): it is imported only when
a PDF is asked for, so the rest of the command line never loads Qt. A CSV
records its disclosure when its text is made; a PDF once it is written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iopdesk.cli import UsageError
from iopdesk.startup import acting_user, open_store, prepare

if TYPE_CHECKING:
    from iopdesk.domain.kernel.actor import Actor

Printed = tuple[Any, Callable[[str], int]]  # (the packet, draw it to a path → pages)

FORMATS = ("csv", "pdf")
# UTF-8 with a byte-order mark, so Excel reads accented names right (as the roster export does).
CSV_ENCODING = "utf-8-sig"


def add_parsers(reports: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``export attendance`` and ``export hours`` under the ``export`` command."""
    attendance = reports.add_parser("attendance", help="one row per client per session between two dates")
    attendance.add_argument(
        "--from", dest="start", required=True, metavar="DATE", help="first date (YYYY-MM-DD)"
    )
    attendance.add_argument("--to", dest="end", required=True, metavar="DATE", help="last date (YYYY-MM-DD)")
    attendance.add_argument("--group", metavar="NAME", help="only this group's sessions")
    hours = reports.add_parser("hours", help="each client's hours in one week (Monday to Sunday)")
    hours.add_argument("--week", required=True, metavar="DATE", help="any date in the week (YYYY-MM-DD)")
    for parser in (attendance, hours):
        parser.add_argument(
            "--format", default="csv", help="csv (the default) or pdf (printable, with the Part 2 notice)"
        )
        parser.add_argument(
            "-o", "--output", required=True, metavar="FILE", help="the file to write (-: the terminal)"
        )


def parse_date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option} {text!r} is not a date; write it as YYYY-MM-DD.") from None


def export(args: argparse.Namespace) -> int:
    fmt = (args.format or "").strip().lower()
    if fmt not in FORMATS:
        raise UsageError(f"--format {args.format!r} is not offered; use csv or pdf.")
    if fmt == "pdf":
        if args.output == "-":
            raise UsageError("A PDF cannot go to the terminal; give a file name with -o.")
        if Path(args.output).expanduser().is_dir():
            raise UsageError(f"{args.output} is a folder; give a file name such as report.pdf.")
    if args.report == "attendance":
        start, end = parse_date(args.start, "--from"), parse_date(args.end, "--to")
        if end < start:
            raise UsageError("--to is before --from.")
    else:
        week = parse_date(args.week, "--week")
    paths = prepare(args)
    opened = open_store(args, paths, demo=args.demo, create=False)
    try:
        actor = acting_user(args, opened)
        from iopdesk.domain.groups.groups import find_group_by_name
        from iopdesk.domain.kernel.errors import NotFound
        from iopdesk.domain.overviews import attendance_reports as attendance_export

        if args.report == "attendance":
            group = None
            if args.group is not None:
                found = find_group_by_name(args.group)
                if found is None:
                    raise NotFound(f"There is no group called {args.group!r}.")
                group = found.name
            if fmt == "pdf":
                return write_pdf(actor, args.output, lambda: print_attendance(actor, start, end, group))
            text = attendance_export.export_attendance_csv(actor, start, end, group)
        elif fmt == "pdf":
            return write_pdf(actor, args.output, lambda: print_hours(actor, week))
        else:
            text = attendance_export.export_hours_csv(actor, week)
    finally:
        opened.db.close()
    return write(args.output, text)


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
    """Draw the report to ``output`` (Qt offscreen, loaded only now), then record the disclosure."""
    from iopdesk.domain.overviews.attendance_print import record_pdf

    packet, draw = prepare_packet()
    path = Path(output).expanduser()
    try:
        pages = draw(str(path))
    except OSError as exc:
        print(f"iopdesk: could not write {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    record_pdf(actor, packet, pages)
    print(f"Written: {path} ({pages} page(s))")
    return 0


def write(output: str, text: str) -> int:
    if output == "-":
        sys.stdout.write(text)
        return 0
    path = Path(output).expanduser()
    try:
        with open(path, "w", encoding=CSV_ENCODING, newline="") as handle:
            handle.write(text)
    except OSError as exc:
        print(f"iopdesk: could not write {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Written: {path}")
    return 0
