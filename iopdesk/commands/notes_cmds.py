"""export notes: one client's session notes between two dates as a PDF, from a terminal.

A printout is a disclosure: every page carries the 42 CFR Part 2 notice and
the audit trail records who exported which notes. The PDF is drawn by
iopdesk.render (Qt, no window): it is imported only when this command runs,
so the rest of the command line never loads Qt.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from iopdesk.cli import UsageError
from iopdesk.commands.export_cmds import parse_date
from iopdesk.startup import acting_user, open_store, prepare


def add_parser(reports: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``export notes`` under the ``export`` command."""
    notes = reports.add_parser(
        "notes", help="one client's session notes between two dates, as a PDF (with the Part 2 notice)"
    )
    notes.add_argument("--client", required=True, metavar="CHART", help="the client's chart number")
    notes.add_argument("--from", dest="start", required=True, metavar="DATE", help="first date (YYYY-MM-DD)")
    notes.add_argument("--to", dest="end", required=True, metavar="DATE", help="last date (YYYY-MM-DD)")
    notes.add_argument(
        "--signed-only", action="store_true", help="leave out drafts and notes awaiting co-signature"
    )
    notes.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="the PDF file to write")


def export_notes(args: argparse.Namespace) -> int:
    start, end = parse_date(args.start, "--from"), parse_date(args.end, "--to")
    if end < start:
        raise UsageError("--to is before --from.")
    if args.output == "-":
        raise UsageError("A PDF cannot go to the terminal; give a file name with -o.")
    path = Path(args.output).expanduser()
    if path.is_dir():
        raise UsageError(f"{args.output} is a folder; give a file name such as notes.pdf.")
    paths = prepare(args)
    opened = open_store(args, paths, demo=args.demo, create=False)
    try:
        actor = acting_user(args, opened)
        from iopdesk.domain import notes
        from iopdesk.domain.clients import clients
        from iopdesk.domain.kernel.errors import NotFound

        chart = clients.normalize_chart(args.client)
        found = [c for c in clients.search_clients(actor, chart, limit=5) if c.chart_number == chart]
        if not found:
            raise NotFound(f"There is no client with chart number {args.client!r}.")
        packet = notes.notes_for_print(actor, found[0].id, start, end, signed_only=args.signed_only)
        from iopdesk.render.notes_pdf import write_notes_pdf

        try:
            pages = write_notes_pdf(packet, str(path))
        except OSError as exc:
            print(f"iopdesk: could not write {path}: {exc.strerror or exc}", file=sys.stderr)
            return 1
    finally:
        opened.db.close()
    print(f"Written: {path} ({len(packet.entries)} note(s), {pages} page(s))")
    return 0
