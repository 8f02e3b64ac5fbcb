"""Enrolling clients in groups, ending and moving enrollments.

Enrollment changes only shape future sessions: a start date cannot be in the
past, and nothing here reads-and-writes attendance or notes, so what was
recorded at past sessions stays exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from peewee import fn

from iopdesk.domain.clients.clients import load_client
from iopdesk.domain.enrollment.placement import (
    EnrollmentInfo,
    check_can_join,
    default_start_date,
    enrollment_info,
    group_today,
    join_group,
    load_enrollment,
    place_in_line,
    status_for_reason,
    take_from_line,
)
from iopdesk.domain.groups.groups import load_group
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.display import day_text
from iopdesk.domain.kernel.errors import DomainError, ValidationError
from iopdesk.domain.kernel.permissions import ENROLLMENT_EDIT, require
from iopdesk.domain.kernel.records import check_choice, save_changes
from iopdesk.store import transaction
from iopdesk.store.models import Attendance, Enrollment, Session

__all__ = [
    "MoveResult",
    "close_enrollment",
    "end_enrollment",
    "enroll",
    "get_enrollment",
    "last_attended",
    "move_member",
]


@dataclass(frozen=True)
class MoveResult:
    ended: EnrollmentInfo
    started: EnrollmentInfo


def get_enrollment(actor: Actor, enrollment_id: UUID) -> EnrollmentInfo:
    return enrollment_info(load_enrollment(enrollment_id))


def enroll(
    actor: Actor,
    client_id: UUID,
    group_id: UUID,
    start_date: dt.date | None = None,
    *,
    override_reason: str = "",
    acknowledge_warnings: bool = False,
    today: dt.date | None = None,
) -> EnrollmentInfo:
    """Enroll a client; a full group puts them on its wait list (check ``status``) unless overridden.

    Raises KeepApartWarning when a current member should be kept apart from
    the client; call again with ``acknowledge_warnings=True`` to go ahead.
    """
    require(actor, ENROLLMENT_EDIT, client_id=client_id)
    with transaction():
        client = load_client(client_id)
        group = load_group(group_id)
        today = group_today(group, today)
        check_can_join(client, group)
        in_line = place_in_line(client.id, group.id)
        if in_line is not None:
            row = take_from_line(
                actor,
                in_line,
                client,
                group,
                start_date,
                override_reason=override_reason,
                acknowledge_warnings=acknowledge_warnings,
                today=today,
            )
        else:
            row = join_group(
                actor,
                client,
                group,
                start_date or default_start_date(group, client, today),
                override_reason=override_reason,
                acknowledge_warnings=acknowledge_warnings,
                today=today,
                when_full="wait_list",
            )
    return enrollment_info(row)


def last_attended(client_id: UUID, group_id: UUID) -> dt.date | None:
    """The client's last attended session in the group: an end date cannot erase it."""
    return (
        Attendance.select(fn.MAX(Attendance.date))
        .join(Session)
        .where(
            (Attendance.client == client_id)
            & (Session.group == group_id)
            & Attendance.status.in_(vocab.ATTENDED_STATUSES)
            & Attendance.retired_at.is_null()
        )
        .scalar()
    )


def close_enrollment(
    row: Enrollment, end_date: dt.date, reason: str, comment: str, actor: Actor | None = None
) -> Enrollment:
    """End a started or future membership on ``end_date`` (its last day); caller holds the transaction."""
    check_choice(reason, vocab.END_REASONS, field="reason", label="Reason for ending")
    if row.status == "wait_listed" or row.start_date is None:
        raise DomainError(
            "The client is on the wait list, not in the group; take them off the wait list instead."
        )
    if row.status not in vocab.CURRENT_ENROLLMENT:
        when = f" on {day_text(row.end_date)}" if row.end_date else ""
        raise DomainError(f"This enrollment has already ended{when}.")
    if end_date < row.start_date:
        raise ValidationError(
            f"The end date is before the enrollment's start date ({day_text(row.start_date)}).",
            field="end_date",
        )
    attended = last_attended(row.client_id, row.group_id)
    if attended is not None and end_date < attended:
        raise ValidationError(
            f"The client attended this group on {day_text(attended)}; the end date cannot be earlier.",
            field="end_date",
        )
    return save_changes(
        row,
        {
            "status": status_for_reason(reason),
            "end_date": end_date,
            "end_reason": reason,
            "end_comment": comment.strip(),
        },
        actor=actor,
    )


def end_enrollment(
    actor: Actor, enrollment_id: UUID, end_date: dt.date, reason: str, comment: str = ""
) -> EnrollmentInfo:
    """End a membership; ``end_date`` is the member's last day in the group (inclusive)."""
    require(actor, ENROLLMENT_EDIT, record_type="enrollment", record_id=enrollment_id)
    with transaction():
        row = close_enrollment(load_enrollment(enrollment_id), end_date, reason, comment, actor)
    return enrollment_info(row)


def move_member(
    actor: Actor,
    enrollment_id: UUID,
    to_group_id: UUID,
    start_date: dt.date | None = None,
    *,
    override_reason: str = "",
    acknowledge_warnings: bool = False,
    today: dt.date | None = None,
) -> MoveResult:
    """End a membership as "transferred" and start one in another group, in one step.

    The old membership's last day is the day before the new one starts (or the
    last day the client attended it, if later). A full target group refuses
    unless ``override_reason`` is given: a move never lands on a wait list.
    """
    require(actor, ENROLLMENT_EDIT, record_type="enrollment", record_id=enrollment_id)
    with transaction():
        old = load_enrollment(enrollment_id)
        if old.status not in vocab.CURRENT_ENROLLMENT or old.start_date is None:
            raise DomainError("Only a current member can be moved to another group.")
        if old.group_id == to_group_id:
            raise ValidationError("Choose a different group to move the client to.", field="to_group_id")
        client = load_client(old.client_id)
        target = load_group(to_group_id)
        today = group_today(target, today)
        check_can_join(client, target)
        start = start_date or default_start_date(target, client, today)
        new = join_group(
            actor,
            client,
            target,
            start,
            override_reason=override_reason,
            acknowledge_warnings=acknowledge_warnings,
            today=today,
            when_full="refuse",
        )
        comment = f"Moved to {target.name}."
        last_day = start - dt.timedelta(days=1)
        attended = last_attended(old.client_id, old.group_id)
        if attended is not None and attended > last_day:
            last_day = attended
        if last_day < old.start_date:
            # The old membership had not begun: it ends without ever holding a session.
            changes = {"status": "transferred", "end_reason": "transferred", "end_comment": comment}
            save_changes(old, changes, actor=actor)
        else:
            close_enrollment(old, last_day, "transferred", comment, actor)
    return MoveResult(enrollment_info(old), enrollment_info(new))
