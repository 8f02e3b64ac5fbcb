"""Enrolling clients in groups, ending and moving enrollments.

Enrollment changes only shape future sessions: a start date cannot be in the
past, and nothing here reads-and-writes attendance or notes, so what was
recorded at past sessions stays exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from peewee import fn

from iopdesk.domain.clients.clients import display_name, load_client
from iopdesk.domain.enrollment.keep_apart import KeepApartWarning, conflicts_in_group
from iopdesk.domain.enrollment.membership import holds_place_from
from iopdesk.domain.groups.groups import has_started, load_group, next_meeting
from iopdesk.domain.kernel import audit, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError, NotFound, ValidationError
from iopdesk.domain.kernel.permissions import ENROLLMENT_EDIT, require
from iopdesk.domain.kernel.records import check_choice, save_changes, site_today
from iopdesk.store import transaction
from iopdesk.store.models import Attendance, Client, Enrollment, Session, TherapyGroup

__all__ = [
    "EnrollmentInfo",
    "KeepApartWarning",
    "MoveResult",
    "default_start_date",
    "end_enrollment",
    "enroll",
    "get_enrollment",
    "move_member",
]


@dataclass(frozen=True)
class EnrollmentInfo:
    id: UUID
    client_id: UUID
    client_name: str
    group_id: UUID
    group_name: str
    status: str
    start_date: dt.date | None
    end_date: dt.date | None
    end_reason: str | None
    end_comment: str
    waitlist_rank: int | None  # 1 = first in line; None when not on the wait list
    override_reason: str
    version: int

    @property
    def status_label(self) -> str:
        return vocab.ENROLLMENT_STATUSES.get(self.status, self.status)


@dataclass(frozen=True)
class MoveResult:
    ended: EnrollmentInfo
    started: EnrollmentInfo


def waitlist_rank(row: Enrollment) -> int | None:
    if row.status != "wait_listed" or row.waitlist_position is None:
        return None
    ahead = (
        Enrollment.select()
        .where(
            (Enrollment.group == row.group_id)
            & (Enrollment.status == "wait_listed")
            & Enrollment.retired_at.is_null()
            & (
                (Enrollment.waitlist_position < row.waitlist_position)
                | (
                    (Enrollment.waitlist_position == row.waitlist_position)
                    & (Enrollment.waitlisted_at < row.waitlisted_at)
                )
            )
        )
        .count()
    )
    return ahead + 1


def enrollment_info(row: Enrollment) -> EnrollmentInfo:
    client = Client.get_by_id(row.client_id)
    group = TherapyGroup.get_by_id(row.group_id)
    return EnrollmentInfo(
        id=row.id,
        client_id=row.client_id,
        client_name=display_name(client.legal_first, client.legal_last, client.preferred_name),
        group_id=row.group_id,
        group_name=group.name,
        status=row.status,
        start_date=row.start_date,
        end_date=row.end_date,
        end_reason=row.end_reason,
        end_comment=row.end_comment,
        waitlist_rank=waitlist_rank(row),
        override_reason=row.override_reason,
        version=row.version,
    )


def load_enrollment(enrollment_id: UUID) -> Enrollment:
    row = Enrollment.get_or_none((Enrollment.id == enrollment_id) & Enrollment.retired_at.is_null())
    if row is None:
        raise NotFound("That enrollment is not in IOPdesk.")
    return row


def get_enrollment(actor: Actor, enrollment_id: UUID) -> EnrollmentInfo:
    return enrollment_info(load_enrollment(enrollment_id))


def default_start_date(group: TherapyGroup, client: Client, today: dt.date) -> dt.date:
    """The group's next meeting the client may join; the earliest allowed day if it has no schedule."""
    earliest = max(today, client.admission_date or today, group.start_date or today)
    meeting = next_meeting(group.id, earliest)
    return meeting.date if meeting is not None else earliest


def places_taken(group_id: UUID, from_day: dt.date) -> int:
    return Enrollment.select().where((Enrollment.group == group_id) & holds_place_from(from_day)).count()


def places_taken_by_group(group_ids: list[UUID], from_day: dt.date) -> dict[UUID, int]:
    """``places_taken`` for many groups in one query (groups with none are left out)."""
    if not group_ids:
        return {}
    return dict(
        Enrollment.select(Enrollment.group, fn.COUNT(Enrollment.id))
        .where(Enrollment.group.in_(group_ids) & holds_place_from(from_day))
        .group_by(Enrollment.group)
        .tuples()
    )


def check_can_join(client: Client, group: TherapyGroup) -> None:
    """Refusals that do not depend on dates."""
    if client.status == "discharged":
        raise DomainError(
            f"{client.legal_first} {client.legal_last} is discharged and cannot join a group; "
            "readmit the client first."
        )
    if not group.active:
        raise DomainError(f"{group.name} has finished and takes no new members.")


def check_start(client: Client, group: TherapyGroup, start: dt.date, today: dt.date) -> None:
    """Date rules for a new membership starting on ``start``."""
    if start < today:
        raise ValidationError(
            "An enrollment can start today at the earliest, so sessions already held stay as they were.",
            field="start_date",
        )
    if client.admission_date is not None and start < client.admission_date:
        raise ValidationError(
            f"The start date is before the client's admission date ({client.admission_date:%Y-%m-%d}).",
            field="start_date",
        )
    if client.admission_date is None and client.date_of_birth > start:
        raise ValidationError("The start date is before the client's date of birth.", field="start_date")
    if group.start_date is not None and start < group.start_date:
        raise ValidationError(f"{group.name} begins on {group.start_date:%Y-%m-%d}.", field="start_date")
    if group.end_date is not None and start > group.end_date:
        raise ValidationError(f"{group.name} ends on {group.end_date:%Y-%m-%d}.", field="start_date")
    overlapping = (
        Enrollment.select()
        .where((Enrollment.client == client.id) & (Enrollment.group == group.id) & holds_place_from(start))
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            f"The client is already in {group.name} from {overlapping.start_date:%Y-%m-%d}"
            + (f" to {overlapping.end_date:%Y-%m-%d}" if overlapping.end_date else "")
            + "; enrollments in the same group cannot overlap.",
            field="start_date",
        )
    if group.enrollment_mode == "closed" and has_started(group, today):
        raise DomainError(
            f"{group.name} is a closed group that has already started; it takes no new members."
        )


def join_group(
    actor: Actor,
    client: Client,
    group: TherapyGroup,
    start: dt.date,
    *,
    override_reason: str,
    acknowledge_warnings: bool,
    today: dt.date,
    when_full: str,
    waitlisted: Enrollment | None = None,
) -> Enrollment:
    """The shared core of enroll, enroll-from-wait-list, move and import (caller holds the transaction).

    ``when_full`` is "wait_list" (put the client in line) or "refuse".
    """
    check_can_join(client, group)
    check_start(client, group, start, today)
    override = override_reason.strip()
    full = places_taken(group.id, start) >= group.max_size
    if full and not override:
        if when_full == "wait_list" and waitlisted is None:
            from iopdesk.domain.enrollment.waitlist import put_on_waitlist  # wait list builds on this module

            return put_on_waitlist(actor, client, group)
        raise DomainError(
            f"{group.name} is full ({group.max_size} places taken). "
            "Give a reason to enroll over the limit, or keep the client on the wait list."
        )
    conflicts = conflicts_in_group(client.id, group.id, start)
    if conflicts and not acknowledge_warnings:
        raise KeepApartWarning(group.name, conflicts)
    values: dict[str, Any] = {
        "status": "active",
        "start_date": start,
        "end_date": None,
        "waitlist_position": None,
        "override_reason": override if full else "",
    }
    if waitlisted is not None:
        return save_changes(waitlisted, values, actor=actor)
    row = Enrollment.create(
        origin_site=actor.site_id, client=client.id, group=group.id, created_by=actor.staff_id, **values
    )
    audit.record_row(actor, audit.CREATE, row, audit.created(dict(values, group=group.id)))
    return row


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
    today = today or site_today(actor)
    with transaction():
        client = load_client(client_id)
        group = load_group(group_id)
        check_can_join(client, group)
        in_line = Enrollment.get_or_none(
            (Enrollment.client == client.id)
            & (Enrollment.group == group.id)
            & (Enrollment.status == "wait_listed")
            & Enrollment.retired_at.is_null()
        )
        start = start_date or default_start_date(group, client, today)
        row = join_group(
            actor,
            client,
            group,
            start,
            override_reason=override_reason,
            acknowledge_warnings=acknowledge_warnings,
            today=today,
            when_full="wait_list",
            waitlisted=in_line,
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


def status_for_reason(reason: str) -> str:
    return reason if reason in vocab.ENROLLMENT_STATUSES else "ended"


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
        when = f" on {row.end_date:%Y-%m-%d}" if row.end_date else ""
        raise DomainError(f"This enrollment has already ended{when}.")
    if end_date < row.start_date:
        raise ValidationError(
            f"The end date is before the enrollment's start date ({row.start_date:%Y-%m-%d}).",
            field="end_date",
        )
    attended = last_attended(row.client_id, row.group_id)
    if attended is not None and end_date < attended:
        raise ValidationError(
            f"The client attended this group on {attended:%Y-%m-%d}; the end date cannot be earlier.",
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
    today = today or site_today(actor)
    with transaction():
        old = load_enrollment(enrollment_id)
        if old.status not in vocab.CURRENT_ENROLLMENT or old.start_date is None:
            raise DomainError("Only a current member can be moved to another group.")
        if old.group_id == to_group_id:
            raise ValidationError("Choose a different group to move the client to.", field="to_group_id")
        client = load_client(old.client_id)
        target = load_group(to_group_id)
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
