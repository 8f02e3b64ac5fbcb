"""What "today" and "now" mean for a site.

Dates of service are the site's local dates (a session at 9 pm in Denver is on
Denver's date, whatever UTC says), so every rule that compares with "today"
asks the site's clock. The time itself comes from ``iopdesk.store.clock``, the
one clock in the program (tests stop it with the ``frozen_clock`` fixture, or
replace ``site_today`` to pin only the calendar); domain code reads "now" here.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from iopdesk.store.clock import now, utcnow
from iopdesk.store.models import Site

__all__ = ["local_time_text", "now", "site_now", "site_today", "site_zone", "utcnow"]


def site_zone(site_id: UUID | None) -> dt.tzinfo:
    site = Site.get_or_none(Site.id == site_id) if site_id is not None else None
    if site is None:
        return dt.UTC
    try:
        return ZoneInfo(site.timezone)
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
