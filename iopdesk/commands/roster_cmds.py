"""import-roster and export roster: the roster CSV round trip from a terminal."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from iopdesk.commands.common import CSV_ENCODING, Options, Parsers, check_output, write_private
from iopdesk.domain.roster_files.reading import MAX_BYTES
from iopdesk.store.errors import StoreError, os_reason


class CommandFailed(StoreError):
    """A one-line reason the command could not run (exit 1)."""


def read_input(path_text: str) -> bytes:
    path = Path(path_text).expanduser()
    try:
        if path.is_dir():
            raise CommandFailed(f"{path_text} is a folder, not a CSV file.")
        if path.stat().st_size > MAX_BYTES:
            raise CommandFailed(
                f"{path_text} is larger than {MAX_BYTES // 1_000_000} MB; is it really a roster?"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise CommandFailed(f"There is no file {path_text}.") from None
    except OSError as exc:
        raise CommandFailed(f"{path_text} could not be read: {exc.strerror or exc}.") from None


def report_lines(report) -> list[str]:  # type: ignore[no-untyped-def]
    """The import report as a terminal shows it: counts, then every bad row."""
    lines = []
    if report.errors:
        lines.append(f"{len(report.errors)} problem(s) in {report.rows} row(s); nothing was imported.")
        lines += [f"line {p.line}, {p.field}: {p.reason}" for p in report.errors]
        return lines
    verb = "would create" if report.dry_run else "created"
    lines.append(
        f"{report.rows} row(s): {verb} {report.created} client(s), matched {report.matched}, "
        f"enrolled {report.enrolled}, wait-listed {report.wait_listed}."
    )
    for o in report.outcomes:
        place = {"enrolled": "enroll", "wait_listed": "wait list", "already": "already in group"}.get(
            o.enrollment, ""
        )
        what = "new" if o.client == "created" else "matched"
        lines.append(
            f"line {o.line}: {o.name} ({o.chart_number}, {what})"
            + (f" -> {o.group}: {place}" if o.group else "")
        )
    if report.ignored_columns:
        lines.append("columns not used: " + ", ".join(report.ignored_columns))
    lines.append("dry run: nothing was changed." if report.dry_run else "imported.")
    return lines


def data_rows(text: str) -> int:
    """Rows below the header, leaving out the blank line and the Part 2 notice at the end."""
    from iopdesk.domain.kernel.csv_safety import is_notice_row

    records = list(csv.reader(io.StringIO(text, newline="")))[1:]
    return sum(1 for r in records if any(c.strip() for c in r) and not is_notice_row(r))


def register(parsers: Parsers) -> None:
    imp = parsers.command(
        "import-roster",
        lambda a: import_roster(
            Options.of(a),
            a.file,
            a.group,
            dry_run=a.dry_run,
            date_order=a.date_order,
            acknowledge_warnings=a.acknowledge_warnings,
        ),
        help="add clients (and enroll them) from a roster CSV: every row or none",
        description="Import clients from a CSV saved by a spreadsheet. Every row is checked first; "
        "if any row is bad, each bad row is listed and nothing is imported (exit 1).",
    )
    imp.add_argument("file", metavar="FILE.csv")
    imp.add_argument(
        "--group", metavar="NAME", help="enroll each row in this group (a row's own Group column wins)"
    )
    imp.add_argument("--dry-run", action="store_true", help="check the file and report; change nothing")
    imp.add_argument(
        "--date-order",
        choices=("MDY", "DMY"),
        type=str.upper,
        help="how the file writes dates (default: clinic setting)",
    )
    imp.add_argument(
        "--acknowledge-warnings", action="store_true", help="enroll even where a keep-apart note applies"
    )

    roster = parsers.report(
        "roster",
        lambda a: export_roster(Options.of(a), a.group, a.output),
        help="a group's members and wait list, or every client with their current groups",
    )
    roster.add_argument("--group", metavar="NAME", help="only this group (default: every client)")
    roster.add_argument(
        "-o", "--output", required=True, metavar="FILE.csv", help='the file to write ("-": the terminal)'
    )


def import_roster(
    options: Options,
    file: str,
    group: str | None = None,
    *,
    dry_run: bool = False,
    date_order: str | None = None,
    acknowledge_warnings: bool = False,
) -> int:
    from iopdesk.domain.roster_files.importing import import_roster as run_import

    data = read_input(file)  # before opening the store: a typo costs nothing
    with options.open() as clinic:
        report = run_import(
            clinic.acting,
            data,
            group_name=group,
            dry_run=dry_run,
            date_order=date_order,
            acknowledge_warnings=acknowledge_warnings,
        )
    for line in report_lines(report):
        print(line)
    return 0 if report.ok else 1


def export_roster(options: Options, group: str | None, output: str) -> int:
    from iopdesk.domain.roster_files.export import export_roster as run_export

    check_output(output, "roster.csv")
    with options.open() as clinic:
        text = run_export(clinic.acting, group)
    if output == "-":
        sys.stdout.write(text)
        return 0
    out = Path(output).expanduser()
    try:
        write_private(out, text.encode(CSV_ENCODING))
    except OSError as exc:
        raise CommandFailed(f"{output} could not be written: {os_reason(exc)}.") from None
    print(f"Roster written: {output} ({data_rows(text)} row(s))")
    return 0
