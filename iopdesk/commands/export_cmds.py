"""export attendance / export hours: the attendance reports as CSV files, from a terminal.

PDF is not offered here (the PDF is drawn by the GUI); ``--format`` exists so
a script can say what it wants and get a clear refusal for anything but CSV.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from iopdesk.cli import UsageError
from iopdesk.startup import acting_user, open_store, prepare

FORMATS = ("csv",)
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
        parser.add_argument("--format", default="csv", help="csv (PDF is in the program's Reports menu)")
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
        raise UsageError(f"--format {args.format!r} is not offered here; use csv (PDF: the Reports menu).")
    if args.report == "attendance":
        start, end = parse_date(args.start, "--from"), parse_date(args.end, "--to")
        if end < start:
            raise UsageError("--to is before --from.")
    else:
        week = parse_date(args.week, "--week")
    paths = prepare(args)
    opened = open_store(args, paths, demo=args.demo, create=False)
    try:
        actor = acting_user(args)
        from iopdesk.domain import attendance_export
        from iopdesk.domain.errors import NotFound
        from iopdesk.domain.groups import find_group_by_name

        if args.report == "attendance":
            group = None
            if args.group is not None:
                found = find_group_by_name(args.group)
                if found is None:
                    raise NotFound(f"There is no group called {args.group!r}.")
                group = found.name
            text = attendance_export.export_attendance_csv(actor, start, end, group)
        else:
            text = attendance_export.export_hours_csv(actor, week)
    finally:
        opened.db.close()
    return write(args.output, text)


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
