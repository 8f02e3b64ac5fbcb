"""CSV that spreadsheets open safely: the one formula guard every export uses.

A cell a spreadsheet would run as a formula (it starts with = + - @, a tab or
a carriage return) gets a leading single quote, so a client named
"=HYPERLINK(…)" stays text (OWASP "CSV injection"). Every CSV the program
writes goes through ``csv_text``; the roster importer takes the quote off
again with ``restore`` so our own export reads back unchanged.

Every CSV that leaves the program carries the clinic's 42 CFR Part 2 notice
(REFERENCE §7) the way a CSV can: after the rows, a blank line and one row of
one cell holding the notice. Spreadsheets show it under the table; the header
stays the first line; our own roster importer recognises the row
(``is_notice_row``: one cell naming 42 CFR part 2, which the notice setting
must do) and skips it, so an export reads back unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# How a Part 2 notice names the rule ("42 CFR part 2", "42 C.F.R. Part 2", "42 CFR 2.32").
PART2_CITATION = re.compile(r"42\s*C\.?\s*F\.?\s*R\.?\s*(?:part|§|pt\.?)?\s*2\b", re.IGNORECASE)


def neutralize(value: object) -> str:
    """A cell's text (dates as YYYY-MM-DD, None as empty), made inert if a spreadsheet would evaluate it."""
    text = "" if value is None else value.isoformat() if isinstance(value, dt.date) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def restore(cell: str) -> str:
    """A cell read back from a file: the quote ``neutralize`` added comes off (nothing else does)."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_STARTS:
        return cell[1:]
    return cell


def csv_text(header: Sequence[object], rows: Iterable[Sequence[object]], *, notice: str | None = None) -> str:
    """The header and rows as CSV text (lines end in CRLF), every cell neutralized.

    ``notice`` (the 42 CFR Part 2 notice on a disclosure) goes last, after a
    blank line, so the header stays the first line for anything reading the file.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralize(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralize(cell) for cell in row])
    if notice is not None:
        writer.writerow([])
        writer.writerow([neutralize(notice)])
    return out.getvalue()


def is_notice_row(record: Sequence[str]) -> bool:
    """A row holding only a Part 2 notice (one non-empty cell naming 42 CFR part 2)."""
    cells = [c.strip() for c in record if c.strip()]
    return len(cells) == 1 and PART2_CITATION.search(restore(cells[0])) is not None
