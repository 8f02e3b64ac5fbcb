"""How people are named on attendance screens and reports."""

from __future__ import annotations


def client_display_name(preferred: str, legal_first: str, legal_last: str) -> str:
    """Preferred (else legal) first name and the last initial: "Sam R."

    Rosters are seen across the room; the full legal name stays in the chart.
    """
    first = (preferred or "").strip() or (legal_first or "").strip()
    last = (legal_last or "").strip()
    return f"{first} {last[0].upper()}." if last else first
