"""Reading dates the way spreadsheets write them into CSV files.

Accepted: ISO ``2024-01-05`` (or 2024/01/05), ``20240105``, ``1/5/2024`` or
``5/1/2024`` by the clinic's date order (MDY or DMY), two-digit years,
month names (``5-Jan-24``, ``January 5, 2024``), a trailing time
(``2024-01-05 00:00:00``) and five-digit Excel serial numbers (a date cell
formatted as General; a time is the fraction, ``45296.75``, or ``45296,75`` from
a European Excel). Errors are ``ValueError`` with a counselor-readable message.
"""

from __future__ import annotations

import datetime as dt
import re

DATE_ORDERS = {"MDY": "month/day/year", "DMY": "day/month/year"}
MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0, after its 1900 leap-year bug

# A time after the date: "10:15", "10:15:00 AM", and as CRM systems write it, "T15:00:00.000+0000".
_TIME_TAIL = re.compile(
    r"^(.*?\d)(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?|z|[+-]\d{2}:?\d{2})?)$", re.I
)
_NUMERIC = re.compile(r"^(\d{1,4})([-/.])(\d{1,2})\2(\d{1,4})$")
# A date-and-time cell formatted as General keeps the time as a fraction: 45296.5 is noon.
_SERIAL = re.compile(r"^(\d{5})(?:[.,]\d+)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_TOKENS = re.compile(r"[A-Za-z]+|\d+")
MAX_DATE_TEXT = 40


def full_year(text: str, today: dt.date) -> int:
    """A two-digit year is the latest year ending in those digits that is not in the future."""
    year = int(text)
    if len(text) == 2:
        year += 2000
        if year > today.year:
            year -= 100
    return year


def _make(year: int, month: int, day: int, text: str, hint: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"“{text}” is not a real date (dates are read as {hint}).") from None


def parse_sheet_date(raw: str, order: str, today: dt.date) -> dt.date:
    """One cell's date, or ValueError saying why it could not be read."""
    hint = DATE_ORDERS.get(order, DATE_ORDERS["MDY"])
    text = " ".join(str(raw).split())
    shown = text if len(text) <= MAX_DATE_TEXT else text[:MAX_DATE_TEXT] + "…"
    unreadable = ValueError(f"“{shown}” is not a date IOPdesk can read (use yyyy-mm-dd or {hint}).")
    if not text or len(text) > MAX_DATE_TEXT:
        raise unreadable
    tail = _TIME_TAIL.match(text)
    if tail:
        text = tail.group(1)
    if match := _SERIAL.match(text):
        return EXCEL_EPOCH + dt.timedelta(days=int(match.group(1)))
    if match := _COMPACT.match(text):
        return _make(int(match.group(1)), int(match.group(2)), int(match.group(3)), shown, hint)
    if match := _NUMERIC.match(text):
        a, _, b, c = match.groups()
        if len(a) == 4 and len(c) <= 2:
            return _make(int(a), int(b), int(c), shown, "year-month-day")
        if len(a) > 2 or len(c) not in (2, 4):
            raise unreadable
        month, day = (int(a), int(b)) if order != "DMY" else (int(b), int(a))
        return _make(full_year(c, today), month, day, shown, hint)
    return _with_month_name(text, shown, hint, today, unreadable)


def _with_month_name(text: str, shown: str, hint: str, today: dt.date, unreadable: ValueError) -> dt.date:
    tokens = [t for t in _TOKENS.findall(text) if not (t.isalpha() and t[:3].lower() in WEEKDAYS)]
    words = [i for i, t in enumerate(tokens) if t.isalpha()]
    if len(tokens) != 3 or len(words) != 1 or tokens[words[0]][:3].lower() not in MONTHS:
        raise unreadable
    word = tokens[words[0]]
    if len(word) > 3 and not any(word.lower() == full for full in _MONTH_NAMES):
        raise unreadable
    month = MONTHS[word[:3].lower()]
    day_text, year_text = (t for t in tokens if not t.isalpha())
    if words[0] == 1 and len(day_text) == 4:
        raise unreadable  # "2024 Jan 5" is too unusual to guess at
    if len(year_text) not in (2, 4):
        raise unreadable
    if len(day_text) > 2:
        raise unreadable
    return _make(full_year(year_text, today), month, int(day_text), shown, hint)


_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "sept",
)
