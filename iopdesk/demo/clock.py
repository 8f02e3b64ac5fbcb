"""Local session times to the naive UTC timestamps every *_at column holds."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Used only where the platform has no time-zone database (Windows without tzdata):
# standard-time offsets are close enough for invented timestamps.
_FALLBACK_HOURS = {
    "America/New_York": -5,
    "America/Chicago": -6,
    "America/Denver": -7,
    "America/Los_Angeles": -8,
}


class SiteClock:
    def __init__(self, timezone: str) -> None:
        self._zone: dt.tzinfo | None
        try:
            self._zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            self._zone = None
        self._fallback = dt.timedelta(hours=_FALLBACK_HOURS.get(timezone, 0))
        self._offsets: dict[dt.date, dt.timedelta] = {}

    def _offset(self, day: dt.date) -> dt.timedelta:
        off = self._offsets.get(day)
        if off is None:
            if self._zone is None:
                off = self._fallback
            else:
                # Noon is never inside a daylight-saving jump, and no session spans one.
                noon = dt.datetime.combine(day, dt.time(12), tzinfo=self._zone)
                off = noon.utcoffset() or dt.timedelta(0)
            self._offsets[day] = off
        return off

    def utc(self, day: dt.date, at: dt.time, plus_minutes: float = 0) -> dt.datetime:
        local = dt.datetime.combine(day, at) + dt.timedelta(minutes=plus_minutes)
        return local - self._offset(day)
