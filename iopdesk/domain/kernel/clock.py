"""What "today" and "now" mean for a site.

Dates of service are the site's local dates (a session at 9 pm in Denver is on
Denver's date, whatever UTC says), so every rule that compares with "today"
asks the site's clock. The time itself comes from ``iopdesk.store.clock``, the
one clock in the program (tests stop it with the ``frozen_clock`` fixture, or
replace ``site_today`` to pin only the calendar); domain code reads "now" here.
"""

from __future__ import annotations

import datetime as dt
import time
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from iopdesk.store.clock import now, utcnow
from iopdesk.store.models import Site, database

__all__ = ["forget_zones", "local_time_text", "now", "site_now", "site_today", "site_zone", "utcnow"]

# Every screen asks for "today" several times per click, and each asked the site's row again (a
# dozen reads for Today's first showing, a round trip each on a server). A site's zone changes
# almost never: it is kept for a short while, for the database it was read from. A change made
# here forgets it at once (forget_zones); one made at another workstation shows within this time.
ZONE_KEPT_SECONDS = 30.0
_zones: dict[UUID, tuple[object, float, dt.tzinfo]] = {}  # site -> (database, read at, zone)


def forget_zones() -> None:
    """Read every site's zone again on its next use (after a write that may have changed one)."""
    _zones.clear()


def site_zone(site_id: UUID | None) -> dt.tzinfo:
    if site_id is None:
        return dt.UTC
    kept = _zones.get(site_id)
    if kept is not None and kept[0] is database.obj and time.monotonic() - kept[1] < ZONE_KEPT_SECONDS:
        return kept[2]
    site = Site.get_or_none(Site.id == site_id)
    zone = _zone_named(site.timezone) if site is not None else dt.UTC
    _zones[site_id] = (database.obj, time.monotonic(), zone)
    return zone


def _zone_named(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        # A misspelt zone must not stop attendance; UTC is at most a day off.
        return dt.UTC


def site_now(site_id: UUID | None) -> dt.datetime:
    """The site's wall-clock time, aware."""
    return now().astimezone(site_zone(site_id))


def site_today(site_id: UUID | None) -> dt.date:
    return site_now(site_id).date()


def local_time_text(utc_naive: dt.datetime | None, zone: dt.tzinfo) -> str:
    """A stored UTC timestamp as wall-clock time in ``zone`` (see site_zone), for reports."""
    if utc_naive is None:
        return ""
    local = utc_naive.replace(tzinfo=dt.UTC).astimezone(zone)
    return local.strftime("%Y-%m-%d %H:%M")
