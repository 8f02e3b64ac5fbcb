"""Individual and family sessions: one client's session with a counselor, and the family members
who came to a family session (kept, never deleted: someone no longer listed is retired).

Apart from edits.py (cancelling, reinstating, rescheduling, extra group sessions), whose checks
(a holiday, an active facilitator) and audit entries these share.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from iopdesk.domain.calendar.edits import check_facilitator, created_fields, refuse_holiday, touch
from iopdesk.domain.calendar.sessions import SessionInfo, get_session, load_session, validate_slot
from iopdesk.domain.kernel import audit, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.errors import NotFound, ValidationError
from iopdesk.domain.kernel.permissions import SESSION_CLINICAL, require
from iopdesk.store import transaction
from iopdesk.store.models import Client, FamilyMember, Session


@dataclass(frozen=True)
class FamilyMemberInfo:
    id: UUID
    name: str
    relationship: str


def schedule_client_session(
    actor: Actor,
    client_id: UUID,
    kind: str,
    date: dt.date,
    start_time: dt.time,
    duration_minutes: int,
    *,
    facilitator_id: UUID | None = None,
    modality: str = "in_person",
    topic: str = "",
    room: str = "",
    site_id: UUID | None = None,
    family_members: Sequence[tuple[str, str]] = (),
) -> SessionInfo:
    """An individual or family session for one client, led by a counselor (the actor by default).

    ``family_members`` are (name, relationship) pairs of who came; they can be
    set later with ``set_family_members``.
    """
    require(actor, SESSION_CLINICAL, client_id=client_id)
    if kind not in ("individual", "family"):
        raise ValidationError("Choose an individual or a family session.", field="kind")
    if modality not in vocab.MODALITIES:
        raise ValidationError("Choose in person or telehealth.", field="modality")
    if family_members and kind != "family":
        raise ValidationError("Only a family session lists family members.", field="family_members")
    validate_slot(start_time, duration_minutes)
    client = Client.get_or_none((Client.id == client_id) & Client.retired_at.is_null())
    if client is None:
        raise NotFound("That client no longer exists.")
    facilitator = facilitator_id or actor.staff_id
    check_facilitator(facilitator)
    members = _clean_members(family_members)
    site = site_id or actor.site_id
    with transaction():
        refuse_holiday(site, date)
        row = Session.create(
            origin_site=actor.site_id,
            kind=kind,
            client=client.id,
            site=site,
            date=date,
            start_time=start_time,
            duration_minutes=duration_minutes,
            facilitator=facilitator,
            modality=modality,
            topic=(topic or "").strip()[:200],
            room=(room or "").strip()[:60],
        )
        for name, relationship in members:
            FamilyMember.create(
                origin_site=actor.site_id, session=row.id, name=name, relationship=relationship
            )
        audit.record_row(actor, audit.CREATE, row, created_fields(row, family_members=len(members)))
    return get_session(actor, row.id)


def family_members(actor: Actor, session_id: UUID) -> tuple[FamilyMemberInfo, ...]:
    load_session(session_id)
    rows = (
        FamilyMember.select()
        .where((FamilyMember.session == session_id) & FamilyMember.retired_at.is_null())
        .order_by(FamilyMember.created_at, FamilyMember.name)
    )
    return tuple(FamilyMemberInfo(r.id, r.name, r.relationship) for r in rows)


def set_family_members(
    actor: Actor, session_id: UUID, members: Sequence[tuple[str, str]]
) -> tuple[FamilyMemberInfo, ...]:
    """Who came to a family session. People no longer listed are retired, not deleted."""
    require(actor, SESSION_CLINICAL, record_type="session", record_id=session_id)
    wanted = _clean_members(members)
    with transaction():
        row = load_session(session_id)
        if row.kind != "family":
            raise ValidationError("Only a family session lists family members.", field="family_members")
        current = list(
            FamilyMember.select().where((FamilyMember.session == row.id) & FamilyMember.retired_at.is_null())
        )
        listed = sorted(f"{m.name} ({m.relationship})" for m in current)
        keys = {(n.casefold(), r.casefold()) for n, r in wanted}
        have = set()
        for member in current:
            key = (member.name.casefold(), member.relationship.casefold())
            if key in keys and key not in have:
                have.add(key)
                continue
            member.retired_at = utcnow()
            touch(member)
        for name, relationship in wanted:
            if (name.casefold(), relationship.casefold()) not in have:
                have.add((name.casefold(), relationship.casefold()))
                FamilyMember.create(
                    origin_site=actor.site_id, session=row.id, name=name, relationship=relationship
                )
        now_listed = sorted(f"{n} ({r})" for n, r in wanted)
        if now_listed != listed:
            audit.record_row(actor, audit.CHANGE, row, {"family_members": [listed, now_listed]})
    return family_members(actor, session_id)


def _clean_members(members: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    out = []
    for n, (name, relationship) in enumerate(members, start=1):
        name, relationship = (name or "").strip(), (relationship or "").strip()
        if not name:
            raise ValidationError(f"Family member {n} has no name.", field="family_members")
        if not relationship:
            raise ValidationError(f"Give {name}'s relationship to the client.", field="family_members")
        if len(name) > 120 or len(relationship) > 60:
            raise ValidationError(
                f"Family member {n}: the name or relationship is too long.", field="family_members"
            )
        out.append((name, relationship))
    return out
