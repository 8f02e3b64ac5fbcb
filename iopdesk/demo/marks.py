"""One client's attendance mark at one held session, with its history.

Marks follow the rules of ``attendance_rules.new_state``: present is the whole
session, late and left early carry the arrival or departure time and the
minutes actually attended, absences count zero minutes. As ``attendance.py``
does, every mark leaves an AttendanceChange, the first one included.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

from iopdesk.demo.people import ClientPlan, StaffPlan
from iopdesk.demo.world import World, clinical
from iopdesk.store.models import Attendance, AttendanceChange

EXCUSES = (
    "Called ahead: medical appointment.",
    "Called ahead: childcare problem.",
    "Called ahead: court date.",
    "Called ahead: feeling unwell.",
)


def mark(
    world: World,
    site_id: str,
    session_id: str,
    client: ClientPlan,
    day: dt.date,
    start: dt.time,
    minutes: int,
    recorder: StaffPlan,
    end: dt.datetime,
    p: float,
    rng: random.Random,
) -> str:
    """Write the mark (attending with chance ``p``) and its history; return its status."""
    arrived = departed = None
    comment = ""
    if rng.random() < p:
        r = rng.random()
        if r < 0.06:
            status, late = "late", rng.choice((10, 15, 20, 30, 45))
            late = min(late, minutes // 2)  # a 45-minute session is never missed whole by a late arrival
            attended = minutes - late
            arrived = _plus(start, late)
        elif r < 0.10:
            status, early = "left_early", rng.choice((20, 30, 45, 60))
            attended = minutes - min(early, minutes // 2)
            departed = _plus(start, attended)
        else:
            status, attended = "present", minutes
    else:
        r = rng.random()
        status = "absent_excused" if r < 0.4 else "absent_unexcused" if r < 0.75 else "cancelled_client"
        attended = 0
        if status == "absent_excused":
            comment = rng.choice(EXCUSES)
    recorded = end + dt.timedelta(minutes=rng.uniform(5, 90))
    row = clinical(site_id, recorded)
    row.update(
        id=world.ids.new(),
        session=session_id,
        client=client.id,
        status=status,
        minutes_attended=attended,
        arrived_at=arrived,
        departed_at=departed,
        comment=comment,
        walk_in_reason=None,
        recorded_by=recorder.id,
        recorded_at=recorded,
        date=day,
    )
    world.writer.add(Attendance, row)
    world.count("attendance")
    # As attendance.py does, every mark leaves a history entry, the first one included.
    if status == "late" and rng.random() < 0.15:
        # Marked a no-show at roll call, corrected when the client walked in.
        first = dict(row, status="absent_unexcused", minutes_attended=0, arrived_at=None)
        _change(world, row["id"], recorder, recorded, {}, first, "")
        changed = recorded + dt.timedelta(minutes=rng.uniform(20, 60))
        row.update(updated_at=changed, recorded_at=changed, version=2)
        _change(world, row["id"], recorder, changed, first, row, "Client arrived after roll call.")
    else:
        _change(world, row["id"], recorder, recorded, {}, row, "")
    return status


TRACKED = ("status", "minutes_attended", "arrived_at", "departed_at", "comment", "walk_in_reason")


def _snapshot(row: dict[str, Any]) -> str:
    """The row as attendance.py records it in a change: tracked fields, times as HH:MM."""
    if not row:
        return "{}"
    out = {k: row[k].strftime("%H:%M") if isinstance(row[k], dt.time) else row[k] for k in TRACKED}
    return json.dumps(out, sort_keys=True)


def _change(
    world: World,
    attendance_id: str,
    by: StaffPlan,
    when: dt.datetime,
    before: dict[str, Any],
    after: dict[str, Any],
    reason: str,
) -> None:
    world.writer.add(
        AttendanceChange,
        {
            "id": world.ids.new(),
            "attendance": attendance_id,
            "changed_by": by.id,
            "changed_at": when,
            "before": _snapshot(before),
            "after": _snapshot(after),
            "reason": reason,
        },
    )
    world.count("attendance_changes")


def _plus(start: dt.time, minutes: int) -> dt.time:
    return (dt.datetime.combine(dt.date(2000, 1, 1), start) + dt.timedelta(minutes=minutes)).time()
