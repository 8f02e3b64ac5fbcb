"""A group's wait list: who is in line, in what order, and taking people from it.

A wait-listed client is an Enrollment row with status "wait_listed" and a
``waitlist_position``; enrolling from the list turns that same row into the
membership (``placement.take_from_line``, which ``enroll`` also uses for a
client already in line), so the time the client waited stays on record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from iopdesk.domain.clients.clients import display_name, load_client
from iopdesk.domain.enrollment.membership import holds_place_from
from iopdesk.domain.enrollment.placement import (
    EnrollmentInfo,
    enrollment_info,
    group_today,
    load_enrollment,
    put_on_waitlist,
    status_for_reason,
    take_from_line,
)
from iopdesk.domain.groups.groups import load_group
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError, ValidationError
from iopdesk.domain.kernel.permissions import ENROLLMENT_EDIT, require
from iopdesk.domain.kernel.records import check_choice, save_changes, site_today
from iopdesk.store import transaction
from iopdesk.store.models import Client, Enrollment


@dataclass(frozen=True)
class WaitlistEntry:
    enrollment_id: UUID
    client_id: UUID
    client_name: str
    chart_number: str
    rank: int  # 1 = next in line
    waitlisted_at: dt.datetime  # UTC
    version: int


def _in_line(group_id: UUID) -> list[Enrollment]:
    return list(
        Enrollment.select()
        .where(
            (Enrollment.group == group_id)
            & (Enrollment.status == "wait_listed")
            & Enrollment.retired_at.is_null()
        )
        .order_by(Enrollment.waitlist_position, Enrollment.waitlisted_at, Enrollment.id)
    )


def waitlist(actor: Actor, group_id: UUID, *, group_read: bool = False) -> list[WaitlistEntry]:
    """The group's wait list in order (``group_read``: the caller has just read the live group)."""
    if not group_read:
        load_group(group_id)
    rows = _in_line(group_id)
    if not rows:
        return []
    clients = {c.id: c for c in Client.select().where(Client.id.in_([r.client_id for r in rows]))}
    return [
        WaitlistEntry(
            enrollment_id=r.id,
            client_id=r.client_id,
            client_name=display_name(
                clients[r.client_id].legal_first,
                clients[r.client_id].legal_last,
                clients[r.client_id].preferred_name,
            ),
            chart_number=clients[r.client_id].chart_number,
            rank=rank,
            # Every entry is stamped when put in line; one without a stamp shows when it was made.
            waitlisted_at=r.waitlisted_at or r.created_at,
            version=r.version,
        )
        for rank, r in enumerate(rows, start=1)
    ]


def add_to_waitlist(
    actor: Actor, client_id: UUID, group_id: UUID, *, today: dt.date | None = None
) -> EnrollmentInfo:
    require(actor, ENROLLMENT_EDIT, client_id=client_id)
    today = today or site_today(actor)
    with transaction():
        client = load_client(client_id)
        group = load_group(group_id)
        if (
            Enrollment.select()
            .where(
                (Enrollment.client == client.id) & (Enrollment.group == group.id) & holds_place_from(today)
            )
            .exists()
        ):
            raise DomainError(f"The client is already a member of {group.name}.")
        row = put_on_waitlist(actor, client, group)
    return enrollment_info(row)


def reorder_waitlist(actor: Actor, group_id: UUID, enrollment_ids: Sequence[UUID]) -> list[WaitlistEntry]:
    """Put the wait list in the given order; every entry must be listed exactly once."""
    require(actor, ENROLLMENT_EDIT, record_type="therapy_group", record_id=group_id)
    with transaction():
        load_group(group_id)
        rows = {r.id: r for r in _in_line(group_id)}
        if len(enrollment_ids) != len(set(enrollment_ids)) or set(enrollment_ids) != set(rows):
            raise ValidationError(
                "The wait list changed while you were reordering it; refresh it and try again.",
                field="enrollment_ids",
            )
        for position, enrollment_id in enumerate(enrollment_ids, start=1):
            row = rows[enrollment_id]
            if row.waitlist_position != position:
                save_changes(row, {"waitlist_position": float(position)}, actor=actor)
    return waitlist(actor, group_id)


def move_on_waitlist(actor: Actor, enrollment_id: UUID, new_rank: int) -> list[WaitlistEntry]:
    """Move one entry to ``new_rank`` (1 = first); the others keep their relative order."""
    row = load_enrollment(enrollment_id)
    if row.status != "wait_listed":
        raise DomainError("The client is not on the wait list.")
    order = [r.id for r in _in_line(row.group_id)]
    order.remove(row.id)
    new_rank = min(max(new_rank, 1), len(order) + 1)
    order.insert(new_rank - 1, row.id)
    return reorder_waitlist(actor, row.group_id, order)


def enroll_from_waitlist(
    actor: Actor,
    enrollment_id: UUID,
    start_date: dt.date | None = None,
    *,
    override_reason: str = "",
    acknowledge_warnings: bool = False,
    today: dt.date | None = None,
) -> EnrollmentInfo:
    """Turn a wait-list entry into a membership (refused when the group is still full, unless overridden)."""
    require(actor, ENROLLMENT_EDIT, record_type="enrollment", record_id=enrollment_id)
    with transaction():
        row = load_enrollment(enrollment_id)
        if row.status != "wait_listed":
            raise DomainError("The client is not on the wait list.")
        client = load_client(row.client_id)
        group = load_group(row.group_id)
        today = group_today(group, today)
        take_from_line(
            actor,
            row,
            client,
            group,
            start_date,
            override_reason=override_reason,
            acknowledge_warnings=acknowledge_warnings,
            today=today,
        )
    return enrollment_info(row)


def leave_waitlist(
    actor: Actor, enrollment_id: UUID, reason: str = "withdrawn", comment: str = ""
) -> EnrollmentInfo:
    """Take a client out of line; the entry is kept with the reason, never deleted."""
    require(actor, ENROLLMENT_EDIT, record_type="enrollment", record_id=enrollment_id)
    check_choice(reason, vocab.END_REASONS, field="reason", label="Reason")
    with transaction():
        row = load_enrollment(enrollment_id)
        if row.status != "wait_listed":
            raise DomainError("The client is not on the wait list.")
        save_changes(
            row,
            {
                "status": status_for_reason(reason),
                "end_reason": reason,
                "end_comment": comment.strip(),
                "waitlist_position": None,
            },
            actor=actor,
        )
    return enrollment_info(row)
