"""Reading a clock time or a number of minutes as a counselor types it.

"9:20", "920", "9.20", "9:20 am", "1:45pm", "13:45" and "9" are all times. With
no am/pm, an hour from 1 to 11 is read as whichever of morning or afternoon
lies nearer the session ("1:15" for a 12:30–3:30 pm group is 1:15 pm).
"""

from __future__ import annotations

import datetime as dt
import re

from iopdesk.domain.calendar.sessions import minutes_of

_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.h]?(\d{2}))?\s*([ap])?\.?\s*(?:m\.?)?\s*$", re.IGNORECASE)


class InputError(ValueError):
    """What was typed is not a time or a number of minutes."""


def parse_time(text: str, start: dt.time, end: dt.time) -> dt.time | None:
    """None for an empty field; InputError when the text is not a time."""
    text = text.strip()
    if not text:
        return None
    match = _TIME.match(text)
    if match is None:
        raise InputError(text)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    meridiem = (match.group(3) or "").lower()
    if minute > 59 or hour > 23 or (meridiem and not 1 <= hour <= 12):
        raise InputError(text)
    if meridiem == "a":
        hour = 0 if hour == 12 else hour
    elif meridiem == "p":
        hour = 12 if hour == 12 else hour + 12
    elif 1 <= hour <= 11:
        morning, afternoon = hour * 60 + minute, (hour + 12) * 60 + minute
        if _distance(afternoon, start, end) < _distance(morning, start, end):
            hour += 12
    return dt.time(hour, minute)


def parse_minutes(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise InputError(text)
    return int(text)


def _distance(value: int, start: dt.time, end: dt.time) -> int:
    first, last = minutes_of(start), minutes_of(end)
    if last < first:
        last = first
    if value < first:
        return first - value
    return max(0, value - last)
