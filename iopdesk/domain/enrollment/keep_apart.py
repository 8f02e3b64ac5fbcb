"""Keep-apart notes: two clients who should not share a group (relatives, co-defendants, …).

These are warnings, not bans: the counselor may still enroll after reading
them, which ``enroll(..., acknowledge_warnings=True)`` records by proceeding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from peewee import JOIN

from iopdesk.domain.clients.clients import display_name, load_client
from iopdesk.domain.enrollment.membership import holds_place_from
from iopdesk.domain.kernel import audit, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.errors import DomainError, NotFound, ValidationError
from iopdesk.domain.kernel.permissions import CLIENT_EDIT, require
from iopdesk.domain.kernel.records import check_choice, save_changes
from iopdesk.store import transaction
from iopdesk.store.models import Client, Enrollment, KeepApart


@dataclass(frozen=True)
class KeepApartInfo:
    id: UUID
    client_id: UUID
    other_client_id: UUID
    other_name: str
    reason: str
    reason_label: str
    comment: str


@dataclass(frozen=True)
class KeepApartConflict:
    """A current member of the group the client should be kept apart from."""

    other_client_id: UUID
    other_name: str
    reason: str
    reason_label: str
    comment: str


class KeepApartWarning(DomainError):
    """Enrolling would put clients who should be kept apart in one group. Nothing was changed."""

    def __init__(self, group_name: str, conflicts: Iterable[KeepApartConflict]) -> None:
        self.conflicts = tuple(conflicts)
        listed = "; ".join(f"{c.other_name} ({c.reason_label.lower()})" for c in self.conflicts)
        super().__init__(
            f"{group_name} already has a member this client should be kept apart from: {listed}. "
            "Enroll anyway only if the team has agreed."
        )


def _pair(client_id: UUID, other_id: UUID):  # type: ignore[no-untyped-def]
    return ((KeepApart.client_a == client_id) & (KeepApart.client_b == other_id)) | (
        (KeepApart.client_a == other_id) & (KeepApart.client_b == client_id)
    )


def add_keep_apart(
    actor: Actor, client_id: UUID, other_client_id: UUID, reason: str, comment: str = ""
) -> KeepApartInfo:
    require(actor, CLIENT_EDIT, client_id=client_id)
    check_choice(reason, vocab.KEEP_APART_REASONS, field="reason", label="Reason")
    if client_id == other_client_id:
        raise ValidationError("Choose two different clients.", field="other_client_id")
    with transaction():
        load_client(client_id)
        other = load_client(other_client_id)
        if (
            KeepApart.select()
            .where(_pair(client_id, other_client_id) & KeepApart.retired_at.is_null())
            .exists()
        ):
            raise ValidationError(
                "These two clients are already marked to be kept apart.", field="other_client_id"
            )
        row = KeepApart.create(
            origin_site=actor.site_id,
            client_a=client_id,
            client_b=other_client_id,
            reason=reason,
            comment=comment.strip(),
            created_by=actor.staff_id,
        )
        changes = audit.created({"client_a": client_id, "client_b": other_client_id, "reason": reason})
        for who in (client_id, other_client_id):  # so each client's trail shows it
            audit.record_row(actor, audit.CREATE, row, changes, client_id=who)
    return KeepApartInfo(
        row.id,
        client_id,
        other.id,
        display_name(other.legal_first, other.legal_last, other.preferred_name),
        reason,
        vocab.KEEP_APART_REASONS[reason],
        row.comment,
    )


def retire_keep_apart(actor: Actor, keep_apart_id: UUID) -> None:
    """The clients may share a group again; the note is kept, marked retired."""
    require(actor, CLIENT_EDIT, record_type="keep_apart", record_id=keep_apart_id)
    with transaction():
        row = KeepApart.get_or_none((KeepApart.id == keep_apart_id) & KeepApart.retired_at.is_null())
        if row is None:
            raise NotFound("That keep-apart note no longer exists.")
        save_changes(row, {"retired_at": utcnow()}, actor=actor, client_id=row.client_a_id)
        audit.record_row(actor, audit.CHANGE, row, {"retired": [False, True]}, client_id=row.client_b_id)


def keep_apart_list(actor: Actor, client_id: UUID) -> list[KeepApartInfo]:
    # The client (live) with their notes joined on: one line, its note empty, when there is none.
    found = list(
        Client.select(
            Client.id,
            KeepApart.id,
            KeepApart.client_a,
            KeepApart.client_b,
            KeepApart.reason,
            KeepApart.comment,
        )
        .join(
            KeepApart,
            JOIN.LEFT_OUTER,
            on=(
                ((KeepApart.client_a == Client.id) | (KeepApart.client_b == Client.id))
                & KeepApart.retired_at.is_null()
            ),
        )
        .where((Client.id == client_id) & Client.retired_at.is_null())
        .tuples()
    )
    if not found:
        load_client(client_id)  # says why
    out = []
    for _client, note_id, client_a, client_b, reason, comment in found:
        if note_id is None:
            continue
        other_id = client_b if client_a == client_id else client_a
        other = Client.get_by_id(other_id)
        out.append(
            KeepApartInfo(
                note_id,
                client_id,
                other_id,
                display_name(other.legal_first, other.legal_last, other.preferred_name),
                reason,
                vocab.KEEP_APART_REASONS.get(reason, reason),
                comment,
            )
        )
    return sorted(out, key=lambda k: k.other_name.lower())


def conflicts_in_group(client_id: UUID, group_id: UUID, from_date: dt.date) -> list[KeepApartConflict]:
    """Keep-apart partners of a client who will be in the group on or after ``from_date``."""
    notes = list(
        KeepApart.select().where(
            ((KeepApart.client_a == client_id) | (KeepApart.client_b == client_id))
            & KeepApart.retired_at.is_null()
        )
    )
    if not notes:
        return []
    partners = {(n.client_b_id if n.client_a_id == client_id else n.client_a_id): n for n in notes}
    members = {
        e.client_id
        for e in Enrollment.select(Enrollment.client).where(
            (Enrollment.group == group_id)
            & Enrollment.client.in_(list(partners))
            & holds_place_from(from_date)
        )
    }
    out = []
    for other_id in sorted(members, key=str):
        note = partners[other_id]
        other = Client.get_by_id(other_id)
        out.append(
            KeepApartConflict(
                other_id,
                display_name(other.legal_first, other.legal_last, other.preferred_name),
                note.reason,
                vocab.KEEP_APART_REASONS.get(note.reason, note.reason),
                note.comment,
            )
        )
    return out
