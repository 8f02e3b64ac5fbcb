"""How times and dates read, the same on screen and on paper: 9:05 am, 1:40 pm."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate, QLocale


def tr(text: str) -> str:
    return QCoreApplication.translate("render", text)


def clock_text(value: dt.time | None) -> str:
    """9:05 am, 1:40 pm — the clock US clinics read."""
    if value is None:
        return ""
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d} {'am' if value.hour < 12 else 'pm'}"


def time_range(start: dt.time, end: dt.time) -> str:
    """9:00–11:55 am, 11:00 am–1:30 pm: the am/pm said once when both ends share it."""
    if (start.hour < 12) == (end.hour < 12):
        return f"{clock_text(start)[:-3]}–{clock_text(end)}"
    return f"{clock_text(start)}–{clock_text(end)}"


def long_date_text(day: dt.date) -> str:
    """ "Monday, March 3, 2025" (for headings and printouts)."""
    return QLocale().toString(QDate(day.year, day.month, day.day), "dddd, MMMM d, yyyy")
