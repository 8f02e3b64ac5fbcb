"""Placing a client in a group: the checks, joining, getting in line and taking someone from the line.

The shared core under ``enrollment`` (enroll, end, move), ``waitlist`` (the
line and its order) and the roster import. Nothing here checks permissions or
opens a transaction: the callers do both. Enrollment changes only shape future
sessions: a start date cannot be in the past.

A wait-listed client is an Enrollment row with status "wait_listed" and a
``waitlist_position``; taking them from the line turns that same row into the
membership, so the time the client waited stays on record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from peewee import fn

from iopdesk.domain.clients.clients import display_name
from iopdesk.domain.clients.population import mismatch as population_mismatch
from iopdesk.domain.enrollment.keep_apart import KeepApartWarning, conflicts_in_group
from iopdesk.domain.enrollment.membership import holds_place_from
from iopdesk.domain.groups.groups import has_started, next_meeting
from iopdesk.domain.kernel import audit, clock, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.display import day_text
from iopdesk.domain.kernel.errors import DomainError, NotFound, ValidationError
from iopdesk.domain.kernel.records import save_changes
from iopdesk.store.models import Client, Enrollment, TherapyGroup


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


def place_in_line(client_id: UUID, group_id: UUID) -> Enrollment | None:
    """The client's wait-list entry for the group, if they are in line."""
    return Enrollment.get_or_none(
        (Enrollment.client == client_id)
        & (Enrollment.group == group_id)
        & (Enrollment.status == "wait_listed")
        & Enrollment.retired_at.is_null()
    )


def status_for_reason(reason: str) -> str:
    return reason if reason in vocab.ENROLLMENT_STATUSES else "ended"


def group_today(group: TherapyGroup, today: dt.date | None) -> dt.date:
    """Today where the group meets (unless the caller names the day): whether its sessions are past
    goes by its own site's clock, and a workstation at a site in another time zone may be on
    another date (an evening on the west coast is already tomorrow in the east)."""
    return today if today is not None else clock.site_today(group.site_id)


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


class PopulationWarning(DomainError):
    """The group is kept for the other population (adults / adolescents). Nothing was changed;
    enrolling again with ``acknowledge_warnings=True`` goes ahead (and the trail says so)."""

    def __init__(self, group_name: str, group_population: str, client_population: str) -> None:
        self.group_population = group_population
        self.client_population = client_population
        group_label = vocab.POPULATIONS.get(group_population, group_population).lower()
        client_label = vocab.POPULATIONS.get(client_population, client_population).lower()
        super().__init__(
            f"{group_name} is a group for {group_label}s, and this client is treated as "
            f"{'an' if client_label[:1] in 'aeiou' else 'a'} {client_label}. "
            "Enroll anyway only if the team has agreed."
        )


def check_population(client: Client, group: TherapyGroup, acknowledged: bool) -> bool:
    """Warn (PopulationWarning) when the group is kept for the other population, unless the
    warning was acknowledged; True when it was (the caller records that it went ahead)."""
    if not population_mismatch(client.population, group.population):
        return False
    if not acknowledged:
        raise PopulationWarning(group.name, group.population or "", client.population)
    return True


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
            f"The start date is before the client's admission date ({day_text(client.admission_date)}).",
            field="start_date",
        )
    if client.admission_date is None and client.date_of_birth > start:
        raise ValidationError("The start date is before the client's date of birth.", field="start_date")
    if group.start_date is not None and start < group.start_date:
        raise ValidationError(f"{group.name} begins on {day_text(group.start_date)}.", field="start_date")
    if group.end_date is not None and start > group.end_date:
        raise ValidationError(f"{group.name} ends on {day_text(group.end_date)}.", field="start_date")
    overlapping = (
        Enrollment.select()
        .where((Enrollment.client == client.id) & (Enrollment.group == group.id) & holds_place_from(start))
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            f"The client is already in {group.name} from {day_text(overlapping.start_date)}"
            + (f" to {day_text(overlapping.end_date)}" if overlapping.end_date else "")
            + "; enrollments in the same group cannot overlap.",
            field="start_date",
        )
    if group.enrollment_mode == "closed" and has_started(group, today):
        raise DomainError(
            f"{group.name} is a closed group that has already started; it takes no new members."
        )
    if group.enrollment_mode == "closed" and has_started(group, start):
        # Not begun yet, but it will have by that day: its members begin together.
        raise ValidationError(
            f"{group.name} is a closed group: its members begin together, so a membership cannot "
            "start after its first meeting.",
            field="start_date",
        )


def put_on_waitlist(actor: Actor, client: Client, group: TherapyGroup) -> Enrollment:
    """Add a client at the end of the line."""
    check_can_join(client, group)
    if place_in_line(client.id, group.id) is not None:
        raise DomainError(f"The client is already on the wait list for {group.name}.")
    last = (
        Enrollment.select(fn.MAX(Enrollment.waitlist_position))
        .where((Enrollment.group == group.id) & (Enrollment.status == "wait_listed"))
        .scalar()
    )
    row = Enrollment.create(
        origin_site=actor.site_id,
        client=client.id,
        group=group.id,
        status="wait_listed",
        waitlist_position=(last or 0) + 1,
        waitlisted_at=utcnow(),
        created_by=actor.staff_id,
    )
    changes = {"group": group.id, "status": "wait_listed", "waitlist_position": row.waitlist_position}
    audit.record_row(actor, audit.CREATE, row, audit.created(changes))
    return row


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
    """The shared core of enroll, taking from the line, move and import.

    ``when_full`` is "wait_list" (put the client in line) or "refuse". Given
    ``waitlisted`` (the client's entry in line), that row becomes the membership
    (use ``take_from_line``, which refuses a full group).
    """
    check_can_join(client, group)
    check_start(client, group, start, today)
    other_population = check_population(client, group, acknowledge_warnings)
    override = override_reason.strip()
    full = places_taken(group.id, start) >= group.max_size
    if full and not override:
        if when_full == "wait_list" and waitlisted is None:
            row = put_on_waitlist(actor, client, group)
            _went_ahead(actor, row, client, group, other_population)
            return row
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
        row = save_changes(waitlisted, values, actor=actor)
    else:
        row = Enrollment.create(
            origin_site=actor.site_id, client=client.id, group=group.id, created_by=actor.staff_id, **values
        )
        audit.record_row(actor, audit.CREATE, row, audit.created(dict(values, group=group.id)))
    _went_ahead(actor, row, client, group, other_population)
    return row


def _went_ahead(actor: Actor, row: Enrollment, client: Client, group: TherapyGroup, warned: bool) -> None:
    """The trail keeps that the population warning was read and passed."""
    if warned:
        audit.record_row(
            actor,
            audit.CHANGE,
            row,
            {"population_warning": [None, f"{client.population} client in a {group.population} group"]},
        )


def take_from_line(
    actor: Actor,
    row: Enrollment,
    client: Client,
    group: TherapyGroup,
    start_date: dt.date | None,
    *,
    override_reason: str,
    acknowledge_warnings: bool,
    today: dt.date,
) -> Enrollment:
    """Turn the wait-list entry ``row`` into the membership; a full group refuses unless overridden.

    The one way out of the line into the group: enrolling a client who is in
    line, and enrolling from the wait list, both come here.
    """
    start = start_date or default_start_date(group, client, today)
    return join_group(
        actor,
        client,
        group,
        start,
        override_reason=override_reason,
        acknowledge_warnings=acknowledge_warnings,
        today=today,
        when_full="refuse",
        waitlisted=row,
    )
