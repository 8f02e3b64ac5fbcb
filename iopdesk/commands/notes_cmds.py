"""export notes: one client's session notes between two dates as a PDF, from a terminal.

A printout is a disclosure: every page carries the 42 CFR Part 2 notice and
the audit trail records who exported which notes. The PDF is drawn by
iopdesk.render (Qt, no window): it is imported only when this command runs,
so the rest of the command line never loads Qt.
"""

from __future__ import annotations

import sys
from pathlib import Path

from iopdesk.commands.common import Options, Parsers, UsageError, check_output, parse_date, write_private
from iopdesk.store.errors import os_reason


def register(parsers: Parsers) -> None:
    """``export notes`` under the ``export`` command."""
    notes = parsers.report(
        "notes",
        lambda a: export_notes(Options.of(a), a.client, a.start, a.end, a.output, signed_only=a.signed_only),
        help="one client's session notes between two dates, as a PDF (with the Part 2 notice)",
    )
    notes.add_argument("--client", required=True, metavar="CHART", help="the client's chart number")
    notes.add_argument("--from", dest="start", required=True, metavar="DATE", help="first date (YYYY-MM-DD)")
    notes.add_argument("--to", dest="end", required=True, metavar="DATE", help="last date (YYYY-MM-DD)")
    notes.add_argument(
        "--signed-only", action="store_true", help="leave out drafts and notes awaiting co-signature"
    )
    notes.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="the PDF file to write")


def export_notes(
    options: Options, chart: str, start_text: str, end_text: str, output: str, *, signed_only: bool = False
) -> int:
    start, end = parse_date(start_text, "--from"), parse_date(end_text, "--to")
    if end < start:
        raise UsageError("--to is before --from.")
    if output == "-":
        raise UsageError("A PDF cannot go to the terminal; give a file name with -o.")
    check_output(output, "notes.pdf")
    path = Path(output).expanduser()
    with options.open() as clinic:
        actor = clinic.acting
        from iopdesk.domain import notes
        from iopdesk.domain.clients import chart_numbers, clients
        from iopdesk.domain.kernel.errors import NotFound

        number = chart_numbers.normalize_chart(chart)
        found = [c for c in clients.search_clients(actor, number, limit=5) if c.chart_number == number]
        if not found:
            raise NotFound(f"There is no client with chart number {chart!r}.")
        # The printout's audit entry is committed here, before any of it is drawn or written.
        packet = notes.notes_for_print(actor, found[0].id, start, end, signed_only=signed_only)
        from iopdesk.render.notes_pdf import write_notes_pdf
        from iopdesk.render.pages import pdf_bytes

        data, pages = pdf_bytes(lambda device: write_notes_pdf(packet, device))
        try:
            write_private(path, data)
        except OSError as exc:
            print(f"iopdesk: could not write {path}: {os_reason(exc)}", file=sys.stderr)
            return 1
    print(f"Written: {path} ({len(packet.entries)} note(s), {pages} page(s))")
    return 0
