"""How times and dates read, the same on screen and on paper: 9:05 am, 1:40 pm."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QTime


def tr(text: str) -> str:
    return QCoreApplication.translate("render", text)


def clinic_locale() -> QLocale:
    """The locale dates and times follow: the workstation's (QLocale's default, which the program
    or a test may set), the bare "C" locale of a system without one read as the US English IOPdesk
    was written for."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return locale


def twelve_hour(locale: QLocale) -> bool:
    return "a" in locale.timeFormat(QLocale.FormatType.ShortFormat).lower()


def clock_text(value: dt.time | None) -> str:
    """9:05 am, 1:40 pm — the clock US clinics read; 09:05, 13:40 where the locale's clock is 24-hour."""
    if value is None:
        return ""
    locale = clinic_locale()
    if not twelve_hour(locale):
        pattern = locale.timeFormat(QLocale.FormatType.ShortFormat)
        return locale.toString(QTime(value.hour, value.minute), pattern)
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d} {'am' if value.hour < 12 else 'pm'}"


def time_range(start: dt.time, end: dt.time) -> str:
    """9:00–11:55 am, 11:00 am–1:30 pm: the am/pm said once when both ends share it."""
    if not twelve_hour(clinic_locale()):
        return f"{clock_text(start)}–{clock_text(end)}"
    if (start.hour < 12) == (end.hour < 12):
        return f"{clock_text(start)[:-3]}–{clock_text(end)}"
    return f"{clock_text(start)}–{clock_text(end)}"


def long_date_text(day: dt.date) -> str:
    """ "Monday, March 3, 2025" (for headings and printouts)."""
    locale = clinic_locale()
    pattern = locale.dateFormat(QLocale.FormatType.LongFormat)
    return locale.toString(QDate(day.year, day.month, day.day), pattern)


def date_pattern(locale: QLocale, *, year: bool = True) -> str:
    """The locale's long date without the weekday, months abbreviated: "MMM d, yyyy" (US),
    "d MMM yyyy" (UK), "d. MMM yyyy" (Germany); without the year: "MMM d", "d MMM"."""
    pattern = re.sub(r"dddd[,.]?\s*", "", locale.dateFormat(QLocale.FormatType.LongFormat))
    pattern = pattern.replace("MMMM", "MMM")
    if not year:
        pattern = re.sub(r"[,.]?\s*y+\.?", "", pattern).strip()
    return pattern
