"""CSV that spreadsheets open safely: the one formula guard every export uses.

A cell a spreadsheet would run as a formula (it starts with = + - @, a tab or
a carriage return) gets a leading single quote, so a client named
"=HYPERLINK(…)" stays text (OWASP "CSV injection"). Every CSV the program
writes goes through ``csv_text``; the roster importer takes the quote off
again with ``restore`` so our own export reads back unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
