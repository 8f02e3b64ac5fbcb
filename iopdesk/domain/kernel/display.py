"""How people and dates are named on screens, in messages and in reports."""

from __future__ import annotations

import datetime as dt


def client_display_name(preferred: str, legal_first: str, legal_last: str) -> str:
    """Preferred (else legal) first name and the last initial: "Sam R."

    Rosters are seen across the room; the full legal name stays in the chart.
    """
    first = (preferred or "").strip() or (legal_first or "").strip()
    last = (legal_last or "").strip()
    return f"{first} {last[0].upper()}." if last else first


def day_text(day: dt.date) -> str:
    """ "Mar 3, 2026": how messages name a date, the way the screens show it (never ISO)."""
    return f"{day:%b} {day.day}, {day.year}"
