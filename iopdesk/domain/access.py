"""Who may change sessions and attendance.

A small seed of the clinic's permission rules, checked below the UI (a
hidden button is not access control). A fuller permissions module can absorb
these functions; callers only rely on PermissionDenied being raised.
"""

from __future__ import annotations

from iopdesk.domain.actor import Actor
from iopdesk.domain.errors import PermissionDenied

# Front desk checks clients in, so it records attendance; auditors only read.
ATTENDANCE_WRITERS = ("administrator", "supervisor", "counselor", "frontdesk")
CLINICAL = ("supervisor", "counselor")
CALENDAR_KEEPERS = ("administrator", "supervisor")


def require_attendance_writer(actor: Actor) -> None:
    if actor.role not in ATTENDANCE_WRITERS:
        raise PermissionDenied("Your account can view attendance but not change it.")


def require_clinical(actor: Actor, what: str) -> None:
    if actor.role not in CLINICAL:
        raise PermissionDenied(f"Only a counselor or supervisor can {what}.")


def require_calendar_keeper(actor: Actor) -> None:
    if actor.role not in CALENDAR_KEEPERS:
        raise PermissionDenied("Only an administrator or supervisor can change the clinic's holidays.")
