"""Older names for permission checks, kept for callers written before ``permissions``.

Each one is now a rule of the permission matrix (iopdesk.domain.permissions),
so a refusal is also written to the audit trail. New code calls
``permissions.require`` with the action it needs.
"""

from __future__ import annotations

from iopdesk.domain import permissions
from iopdesk.domain.actor import Actor

ATTENDANCE_WRITERS = ("administrator", "supervisor", "counselor", "frontdesk")
CLINICAL = ("supervisor", "counselor")
CALENDAR_KEEPERS = ("administrator", "supervisor")


def require_attendance_writer(actor: Actor) -> None:
    permissions.require(actor, permissions.ATTENDANCE_MARK)


def require_clinical(actor: Actor, what: str) -> None:
    permissions.require(
        actor, permissions.SESSION_CLINICAL, message=f"Only a counselor or supervisor can {what}."
    )


def require_calendar_keeper(actor: Actor) -> None:
    permissions.require(actor, permissions.CALENDAR_EDIT)
