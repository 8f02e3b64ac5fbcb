"""Therapy groups: their settings, facilitators and schedule changes.

The schedule rules themselves (slots valid between dates, the next meeting)
live in ``schedule``; this module re-exports them for callers. What the
group form holds (``GroupDraft``) and the checks its values pass are in
``group_form``; ``GroupDraft`` is found here too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from peewee import fn

from iopdesk.domain.groups.group_form import EDITABLE, GroupDraft, validated_group
from iopdesk.domain.groups.schedule import (
    Meeting,
    ScheduleRow,
    ScheduleSlot,
    close_schedule,
    has_started,
    next_meeting,
    schedule_rows,
    schedules_of,
    validated_slots,
)
from iopdesk.domain.kernel import audit, clock
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.errors import NotFound, ValidationError
from iopdesk.domain.kernel.ids import facilitator_id
from iopdesk.domain.kernel.permissions import GROUP_EDIT, require
from iopdesk.domain.kernel.records import save_changes, site_today
from iopdesk.store import transaction
from iopdesk.store.models import (
    GroupFacilitator,
    GroupSchedule,
    Site,
    Staff,
    TherapyGroup,
)

__all__ = [
    "Facilitator",
    "GroupDraft",
    "GroupInfo",
    "Meeting",
    "ScheduleRow",
    "ScheduleSlot",
    "change_schedule",
    "create_group",
    "find_group_by_name",
    "get_group",
    "has_started",
    "list_groups",
    "load_group",
    "next_meeting",
    "schedule_history",
    "update_group",
]


@dataclass(frozen=True)
class Facilitator:
    staff_id: UUID
    name: str
    is_lead: bool


@dataclass(frozen=True)
class GroupInfo:
    id: UUID
    name: str
    kind: str
    enrollment_mode: str
    participation: str
    site_id: UUID
    site_name: str
    room: str
    max_size: int
    track: str
    active: bool
    start_date: dt.date | None
    end_date: dt.date | None
    description: str
    facilitators: tuple[Facilitator, ...]
    schedule: tuple[ScheduleRow, ...]  # slots in effect today or later
    version: int
    population: str | None = None  # None: anyone


def load_group(group_id: UUID) -> TherapyGroup:
    row = TherapyGroup.get_or_none((TherapyGroup.id == group_id) & TherapyGroup.retired_at.is_null())
    if row is None:
        raise NotFound("That group is not in IOPdesk (it may have been retired).")
    return row


def find_group_by_name(name: str) -> TherapyGroup | None:
    """The group a file or a person names: active groups first, then finished ones, newest first."""
    wanted = " ".join(name.split()).lower()
    if not wanted:
        return None
    return (
        TherapyGroup.select()
        .where((fn.LOWER(TherapyGroup.name) == wanted) & TherapyGroup.retired_at.is_null())
        .order_by(TherapyGroup.active.desc(), TherapyGroup.created_at.desc())
        .first()
    )


def _info(row: TherapyGroup, today: dt.date) -> GroupInfo:
    return _infos([row], today)[0]


def _infos(rows: Sequence[TherapyGroup], today: dt.date) -> list[GroupInfo]:
    """GroupInfo for many groups with three queries, whatever their number (the groups list)."""
    ids = [row.id for row in rows]
    facilitators: dict[UUID, list[Facilitator]] = {}
    if ids:
        for group_id, is_lead, staff_id, name in (
            GroupFacilitator.select(
                GroupFacilitator.group, GroupFacilitator.is_lead, Staff.id, Staff.display_name
            )
            .join(Staff)
            .where(GroupFacilitator.group.in_(ids) & GroupFacilitator.removed_at.is_null())
            .order_by(GroupFacilitator.is_lead.desc(), Staff.display_name)
            .tuples()
        ):
            facilitators.setdefault(group_id, []).append(Facilitator(staff_id, name, bool(is_lead)))
    sites = dict(Site.select(Site.id, Site.name).where(Site.id.in_({row.site_id for row in rows})).tuples())
    schedules = schedules_of(ids, today)
    return [
        GroupInfo(
            id=row.id,
            name=row.name,
            kind=row.kind,
            enrollment_mode=row.enrollment_mode,
            participation=row.participation,
            site_id=row.site_id,
            site_name=sites[row.site_id],
            room=row.room,
            max_size=row.max_size,
            track=row.track,
            active=row.active,
            start_date=row.start_date,
            end_date=row.end_date,
            description=row.description,
            facilitators=tuple(facilitators.get(row.id, ())),
            schedule=schedules.get(row.id, ()),
            version=row.version,
            population=row.population,
        )
        for row in rows
    ]


def get_group(actor: Actor, group_id: UUID, *, today: dt.date | None = None) -> GroupInfo:
    return _info(load_group(group_id), today or site_today(actor))


def list_groups(
    actor: Actor, *, include_finished: bool = False, today: dt.date | None = None
) -> list[GroupInfo]:
    today = today or site_today(actor)
    query = TherapyGroup.select().where(TherapyGroup.retired_at.is_null())
    if not include_finished:
        query = query.where(TherapyGroup.active == True)  # noqa: E712
    return _infos(list(query.order_by(TherapyGroup.name, TherapyGroup.id)), today)


def schedule_history(actor: Actor, group_id: UUID) -> list[ScheduleRow]:
    """Every slot the group ever had, closed ones included."""
    load_group(group_id)
    return list(schedule_rows(group_id, None))


def _set_facilitators(group_id: UUID, ids: list[UUID]) -> None:
    # Links travel between places (migration 0012): one taken off is marked removed, never deleted
    # (a delete cannot travel, and the link decides who reads the group's records), and the same
    # person put back revives that row. A new link's id is derived from the group and the person,
    # so two places assigning them apart make one link.
    now = utcnow()
    existing = {f.staff_id: f for f in GroupFacilitator.select().where(GroupFacilitator.group == group_id)}
    for staff_id, gone in existing.items():
        if staff_id not in ids and gone.removed_at is None:
            gone.removed_at, gone.is_lead, gone.updated_at = now, False, now
            gone.save()
    for position, staff_id in enumerate(ids):
        link = existing.get(staff_id)
        if link is None:
            GroupFacilitator.create(
                id=facilitator_id(group_id, staff_id),
                group=group_id,
                staff=staff_id,
                is_lead=position == 0,
                created_at=now,
                updated_at=now,
            )
        elif link.removed_at is not None or link.is_lead != (position == 0):
            link.removed_at, link.is_lead, link.updated_at = None, position == 0, now
            link.save()


def create_group(
    actor: Actor,
    draft: GroupDraft,
    schedule: Sequence[ScheduleSlot] = (),
    *,
    effective_from: dt.date | None = None,
    today: dt.date | None = None,
) -> GroupInfo:
    """A new group; its schedule applies from ``effective_from`` (default: start date or today)."""
    require(actor, GROUP_EDIT)
    today = today or site_today(actor)
    with transaction():
        values = validated_group(actor, dataclasses.asdict(draft), None)
        slots = validated_slots(schedule)
        facilitator_ids = values.pop("facilitator_ids")
        row = TherapyGroup.create(origin_site=actor.site_id, **values)
        _set_facilitators(row.id, facilitator_ids)
        since = effective_from or values["start_date"] or today
        for slot in slots:
            GroupSchedule.create(
                origin_site=actor.site_id,
                group=row.id,
                weekday=slot.weekday,
                start_time=slot.start_time,
                duration_minutes=slot.duration_minutes,
                effective_from=since,
            )
        values.update(facilitator_ids=facilitator_ids, schedule=_slot_texts(slots), effective_from=since)
        audit.record_row(actor, audit.CREATE, row, audit.created(values))
    return _info(row, today)


def _slot_texts(slots: Sequence[Any]) -> list[str]:
    """Weekly slots as the audit trail shows them: "Mon 09:00 180 min"."""
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    return sorted(f"{days[s.weekday]} {s.start_time:%H:%M} {s.duration_minutes} min" for s in slots)


def update_group(
    actor: Actor,
    group_id: UUID,
    *,
    expected_version: int | None = None,
    today: dt.date | None = None,
    **changes: Any,
) -> GroupInfo:
    """Change any GroupDraft field. Finishing a group (active=False) closes its schedule."""
    require(actor, GROUP_EDIT, record_type="therapy_group", record_id=group_id)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"Groups have no field {sorted(unknown)[0]!r}.", field=sorted(unknown)[0])
    today = today or site_today(actor)
    with transaction():
        row = load_group(group_id)
        current: dict[str, Any] = {
            name: getattr(row, name) for name in EDITABLE if name not in ("site_id", "facilitator_ids")
        }
        current["site_id"] = row.site_id
        current["facilitator_ids"] = current_facilitators = [
            f.staff_id
            for f in GroupFacilitator.select()
            .where((GroupFacilitator.group == row.id) & GroupFacilitator.removed_at.is_null())
            .order_by(GroupFacilitator.is_lead.desc(), GroupFacilitator.created_at)
        ]
        current.update(changes)
        if not current["active"] and row.active and current["end_date"] is None:
            current["end_date"] = today
        values = validated_group(actor, current, row.id)
        facilitator_ids = values.pop("facilitator_ids")
        finishing = row.active and not values["active"]
        before_facilitators = [str(i) for i in current_facilitators]
        save_changes(row, values, expected_version=expected_version, actor=actor)
        _set_facilitators(row.id, facilitator_ids)
        if before_facilitators != [str(i) for i in facilitator_ids]:
            audit.record_row(
                actor, audit.CHANGE, row, {"facilitator_ids": [before_facilitators, facilitator_ids]}
            )
        if finishing:
            close_schedule(row.id, values["end_date"])
    return _info(row, today)


def change_schedule(
    actor: Actor,
    group_id: UUID,
    slots: Sequence[ScheduleSlot],
    effective_from: dt.date,
    *,
    today: dt.date | None = None,
) -> GroupInfo:
    """From ``effective_from`` on, the group meets at ``slots``; earlier dates keep the old schedule.

    Slots that stay the same keep their row; the others are closed the day
    before (or retired, if they had not begun yet) and new rows are opened.
    """
    require(actor, GROUP_EDIT, record_type="therapy_group", record_id=group_id)
    with transaction():
        row = load_group(group_id)
        # Today where the group meets: a workstation in another time zone may be a day behind.
        today = today or clock.site_today(row.site_id)
        if effective_from < today:
            raise ValidationError(
                "A schedule change can start today at the earliest; "
                "past sessions keep the schedule they had.",
                field="effective_from",
            )
        new_slots = validated_slots(slots)
        wanted = {(s.weekday, s.start_time, s.duration_minutes) for s in new_slots}
        in_effect = list(
            GroupSchedule.select().where(
                (GroupSchedule.group == row.id)
                & GroupSchedule.retired_at.is_null()
                & (GroupSchedule.effective_to.is_null() | (GroupSchedule.effective_to >= effective_from))
            )
        )
        old_slots = _slot_texts(in_effect)
        for old in in_effect:
            key = (old.weekday, old.start_time, old.duration_minutes)
            if key in wanted and old.effective_to is None and old.effective_from <= effective_from:
                wanted.discard(key)  # unchanged slot: keep its row and its history
            elif old.effective_from >= effective_from:
                save_changes(old, {"retired_at": utcnow()})
            else:
                save_changes(old, {"effective_to": effective_from - dt.timedelta(days=1)})
        for weekday, start_time, minutes in sorted(wanted):
            GroupSchedule.create(
                origin_site=actor.site_id,
                group=row.id,
                weekday=weekday,
                start_time=start_time,
                duration_minutes=minutes,
                effective_from=effective_from,
            )
        save_changes(row, {})  # other workstations see the group changed
        if old_slots != _slot_texts(new_slots):
            changes = {"schedule": [old_slots, _slot_texts(new_slots)], "from": [None, effective_from]}
            audit.record_row(actor, audit.CHANGE, row, changes)
    return _info(row, today)
