"""The change history every attendance mark keeps, written the same way by whoever changes it.

Marking (attendance/marking.py) and session edits that re-derive a mark's
minutes (calendar/edits.py) both append an AttendanceChange holding the row
before and after, who changed it, when, and why.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from iopdesk.domain.kernel.actor import Actor
from iopdesk.store.models import Attendance, AttendanceChange

TRACKED = ("status", "minutes_attended", "arrived_at", "departed_at", "comment", "walk_in_reason")


def snapshot(row: Attendance) -> dict[str, Any]:
    return snapshot_of({k: getattr(row, k) for k in TRACKED})


def snapshot_of(state: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key in TRACKED:
        value = state.get(key)
        out[key] = value.strftime("%H:%M") if isinstance(value, dt.time) else value
    return out


def log_change(
    actor: Actor, row: Attendance, before: dict[str, Any], reason: str | None, now: dt.datetime
) -> None:
    AttendanceChange.create(
        attendance=row.id,
        changed_by=actor.staff_id,
        changed_at=now,
        before=json.dumps(before, sort_keys=True),
        after=json.dumps(snapshot(row), sort_keys=True),
        reason=(reason or "").strip(),
    )
