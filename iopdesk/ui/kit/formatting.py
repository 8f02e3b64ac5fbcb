"""How the screens write dates, times and schedules (locale-aware where Qt knows better)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QLocale

from iopdesk.domain.groups.groups import ScheduleRow, ScheduleSlot
from iopdesk.render.text import (  # noqa: F401 - screens import long_date_text here
    clinic_locale,
    clock_text,
    date_pattern,
    long_date_text,
    time_range,
)
from iopdesk.ui.kit.day_picker import from_qdate, to_qdate  # noqa: F401 - the screens import them from here

DAY_KEYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def tr(text: str) -> str:
    return QCoreApplication.translate("roster", text)


def plural(n: int, one: str, many: str) -> str:
    """``one`` or ``many`` (each already translated) with ``{n}`` filled: "1 session", "3 sessions"."""
    return (one if n == 1 else many).format(n=n)


def day_abbrev(weekday: int) -> str:
    return tr(DAY_KEYS[weekday])


def date_text(day: dt.date | None) -> str:
    """ "Mar 3, 2025" (the clinic's locale: "3 Mar 2025" in the UK); "" for no date."""
    if day is None:
        return ""
    locale = clinic_locale()
    return locale.toString(to_qdate(day), date_pattern(locale))


def month_day_text(day: dt.date) -> str:
    """ "Mar 3" ("3 Mar" in the UK): a date near enough to need no year."""
    locale = clinic_locale()
    return locale.toString(to_qdate(day), date_pattern(locale, year=False))


def weekday_text(day: dt.date) -> str:
    """ "Mon", in the clinic's language."""
    return clinic_locale().dayName(day.isoweekday(), QLocale.FormatType.ShortFormat)


def short_day_text(day: dt.date | None) -> str:
    """ "Mon Mar 3" for near dates in tables."""
    return f"{weekday_text(day)} {month_day_text(day)}" if day else ""


def week_text(start: dt.date, end: dt.date) -> str:
    """ "Mar 3 – Mar 9, 2025": a week, its year said once."""
    return f"{month_day_text(start)} – {date_text(end)}"


def time_text(t: dt.time) -> str:
    """ "9:05 am": the clock every view uses (iopdesk.render.text)."""
    return clock_text(t)


def end_of(start: dt.time, minutes: int) -> dt.time:
    total = start.hour * 60 + start.minute + minutes
    return dt.time((total // 60) % 24, total % 60)


def span_text(start: dt.time, minutes: int) -> str:
    """ "9:00 am–12:00 pm", "9:00–11:30 am"."""
    return time_range(start, end_of(start, minutes))


def schedule_text(slots: Iterable[ScheduleSlot | ScheduleRow]) -> str:
    """ "Mon Wed Fri 9:00 am–12:00 pm"; days sharing a time are listed together."""
    by_time: dict[tuple[dt.time, int], list[int]] = {}
    for slot in slots:
        by_time.setdefault((slot.start_time, slot.duration_minutes), []).append(slot.weekday)
    if not by_time:
        return tr("No weekly schedule")
    parts = []
    for (start, minutes), days in sorted(by_time.items(), key=lambda item: (min(item[1]), item[0])):
        names = " ".join(day_abbrev(d) for d in sorted(set(days)))
        parts.append(f"{names} {span_text(start, minutes)}")
    return "; ".join(parts)


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{round(rate * 100)}%"
