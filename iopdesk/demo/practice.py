"""Today's session to practise on: whatever the day, attendance to take and a note to write.

The schedules give Today nothing on a weekend, and every past session already
has its attendance and notes, so a newcomer would find nothing to try. The
demo counselor therefore always facilitates a session on the day the demo is
built: their group's own session when it meets that day (timetable.py makes
it theirs), else an extra session of a group they lead, at its usual time;
on a holiday, when the site runs no groups, an individual session with one of
their clients. Its attendance is not taken and no note is written: both wait
for the newcomer. Which group (or client) is chosen depends on the seed.
"""

from __future__ import annotations

import datetime as dt

from iopdesk.demo.timetable import PRACTICE_USER, write_session
from iopdesk.demo.world import World

INDIVIDUAL_START = dt.time(10, 0)
INDIVIDUAL_MINUTES = 50


def practice_session(world: World) -> str | None:
    """Make sure the demo counselor has a session today; returns its id (None: nobody to see)."""
    counselor = world.by_username(PRACTICE_USER)
    already = next(
        (s for s in world.today_sessions if s.facilitator == counselor.id and not s.cancelled), None
    )
    if already is not None:
        return already.id
    rng = world.rng("practice")
    today = world.today
    seated: dict[int, int] = {}
    for e in world.enrollments:
        if e.status == "active" and e.start is not None and e.start <= today:
            seated[e.group] = seated.get(e.group, 0) + 1
    mine = [
        (n, g)
        for n, g in enumerate(world.groups)
        if counselor in (g.lead, g.co) and g.spec.site == counselor.site and seated.get(n)
    ]
    led = [(n, g) for n, g in mine if g.lead == counselor]  # a group they lead teaches the most
    mine = led or mine
    if mine and today not in world.holidays.get(counselor.site, {}):
        _n, group = rng.choice(mine)
        spec = group.spec
        return write_session(
            world, spec.site, today, spec.start, spec.minutes, counselor, "", "", rng,
            group=group.id, room=spec.room,
        )
    clients = [c for c in world.clients if c.counselor == counselor.id and c.status == "active"]
    if not clients:
        return None
    client = rng.choice(clients)
    return write_session(
        world, client.site, today, INDIVIDUAL_START, INDIVIDUAL_MINUTES, counselor, "", "", rng,
        client=client.id, kind="individual", room="Office 1",
    )
