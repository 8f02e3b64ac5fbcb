"""The group form's save, and the groups list: what the Groups screen needs in one call each.

``save_group`` changes the group's settings and its weekly schedule in one
transaction and then brings its generated sessions in line, so the form can
never leave a group half-saved or a schedule without its sessions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from iopdesk.domain.calendar.generation import refresh_group_sessions
from iopdesk.domain.enrollment.placement import places_taken_by_group
from iopdesk.domain.groups.groups import (
    GroupDraft,
    GroupInfo,
    Meeting,
    ScheduleSlot,
    change_schedule,
    create_group,
    get_group,
    list_groups,
    update_group,
)
from iopdesk.domain.groups.schedule import next_meetings
from iopdesk.domain.kernel import clock
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.records import site_today
from iopdesk.store import transaction
from iopdesk.store.models import Enrollment


@dataclass(frozen=True)
class GroupOverview:
    """One line of the groups list."""

    group: GroupInfo
    places_taken: int
    waiting: int
    next_meeting: Meeting | None

    @property
    def full(self) -> bool:
        return self.places_taken >= self.group.max_size


def current_slots(group: GroupInfo) -> tuple[ScheduleSlot, ...]:
    """The open-ended weekly schedule (what the form edits), by day and time."""
    return tuple(
        sorted(
            (
                ScheduleSlot(r.weekday, r.start_time, r.duration_minutes)
                for r in group.schedule
                if r.effective_to is None
            ),
            key=lambda s: (s.weekday, s.start_time),
        )
    )


def group_overview(
    actor: Actor, *, include_finished: bool = False, today: dt.date | None = None
) -> list[GroupOverview]:
    today = today or site_today(actor)
    groups = list_groups(actor, include_finished=include_finished, today=today)
    waiting: dict[UUID, int] = {}
    if groups:
        rows = Enrollment.select(Enrollment.group).where(
            Enrollment.group.in_([g.id for g in groups])
            & (Enrollment.status == "wait_listed")
            & Enrollment.retired_at.is_null()
        )
        for row in rows:
            waiting[row.group_id] = waiting.get(row.group_id, 0) + 1
    # One query per kind of figure for all the groups, not one per group: the list stays instant.
    taken = places_taken_by_group([g.id for g in groups], today)
    active = [g for g in groups if g.active]
    meetings = next_meetings([g.id for g in active], today, groups=active)  # the groups just read
    return [
        GroupOverview(
            group=g,
            places_taken=taken.get(g.id, 0),
            waiting=waiting.get(g.id, 0),
            next_meeting=meetings.get(g.id) if g.active else None,
        )
        for g in groups
    ]


def save_group(
    actor: Actor,
    draft: GroupDraft,
    slots: Sequence[ScheduleSlot],
    *,
    group_id: UUID | None = None,
    effective_from: dt.date | None = None,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> GroupInfo:
    """Create a group (``group_id`` None) or change one; the schedule applies from ``effective_from``.

    An unchanged schedule is left alone, so its history does not grow a new
    row at each save. A finished group's schedule is closed by ``update_group``.
    """
    given_today = today
    today = today or site_today(actor)
    with transaction():
        if group_id is None:
            info = create_group(actor, draft, slots, effective_from=effective_from, today=today)
        else:
            before = get_group(actor, group_id, today=today)
            info = update_group(
                actor,
                group_id,
                expected_version=expected_version,
                today=today,
                **dataclasses.asdict(draft),
            )
            wanted = tuple(sorted(slots, key=lambda s: (s.weekday, s.start_time)))
            if info.active and wanted != current_slots(before):
                # Unless the caller names the day, the group's own site's today decides what is past.
                group_day = given_today or clock.site_today(info.site_id)
                info = change_schedule(actor, group_id, wanted, effective_from or group_day, today=group_day)
        refresh_group_sessions(actor, info.id)
    return get_group(actor, info.id, today=today)
