"""export chart: a client's treatment chart as a PDF, from a terminal.

A printout is a disclosure: every page carries the 42 CFR Part 2 notice, and the audit trail
records who exported whose chart (committed before the file is written, by
iopdesk.domain.care.chart.chart_for_print). The PDF is drawn by iopdesk.render (Qt, no window),
imported only when this command runs, so the rest of the command line never loads Qt.
"""

from __future__ import annotations

import sys
from pathlib import Path

from iopdesk.commands.common import Options, Parsers, UsageError, check_output, optional_date, write_private
from iopdesk.store.errors import os_reason


def register(parsers: Parsers) -> None:
    """``export chart`` under the ``export`` command."""
    chart = parsers.report(
        "chart",
        lambda a: export_chart(Options.of(a), a.client, a.start, a.end, a.output),
        help="one client's treatment chart (screenings, admission, team, plans, reviews, discharge) as a PDF",
    )
    chart.add_argument("--client", required=True, metavar="CHART", help="the client's chart number")
    chart.add_argument(
        "--from", dest="start", metavar="DATE", help="first date (YYYY-MM-DD; default: the start)"
    )
    chart.add_argument("--to", dest="end", metavar="DATE", help="last date (YYYY-MM-DD; default: today)")
    chart.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="the PDF file to write")


def export_chart(
    options: Options, chart: str, start_text: str | None, end_text: str | None, output: str
) -> int:
    start, end = optional_date(start_text, "--from"), optional_date(end_text, "--to")
    if start is not None and end is not None and end < start:
        raise UsageError("--to is before --from.")
    if output == "-":
        raise UsageError("A PDF cannot go to the terminal; give a file name with -o.")
    check_output(output, "chart.pdf")
    path = Path(output).expanduser()
    with options.open() as clinic:
        actor = clinic.acting
        from iopdesk.domain.care.chart import chart_for_print
        from iopdesk.domain.clients import chart_numbers, clients
        from iopdesk.domain.kernel.errors import NotFound

        number = chart_numbers.normalize_chart(chart)
        found = [c for c in clients.search_clients(actor, number, limit=5) if c.chart_number == number]
        if not found:
            raise NotFound(f"There is no client with chart number {chart!r}.")
        packet = chart_for_print(actor, found[0].id, start, end)
        from iopdesk.domain.measures.trends import for_chart

        measures = for_chart(actor, found[0].id, start, end)
        from iopdesk.render.chart_pdf import write_chart_pdf
        from iopdesk.render.pages import pdf_bytes

        # Drawn in memory, then written whole: Ctrl+C or a full disk leaves no part of a chart
        # behind, and an older file of that name as it was.
        data, pages = pdf_bytes(lambda device: write_chart_pdf(packet, device, measures))
        try:
            write_private(path, data)
        except OSError as exc:
            print(f"iopdesk: could not write {path}: {os_reason(exc)}", file=sys.stderr)
            return 1
    print(f"Written: {path} ({len(packet.episodes)} episode(s), {pages} page(s))")
    return 0
