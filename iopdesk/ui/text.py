"""How times read on screen, the same in every view: 9:05 am, 1:40 pm."""

from __future__ import annotations

import datetime as dt


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
