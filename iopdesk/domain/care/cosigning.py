"""The supervisor's queue of treatment records awaiting a co-signature, and acting on one by kind.

Like the notes' queue (iopdesk.domain.notes.cosign): records signed by staff the supervisor
supervises (or by staff with no supervisor), of clients in the supervisor's reach, never their own;
``everyone`` widens it to every waiting record the supervisor may co-sign.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from peewee import JOIN

from iopdesk.domain.care import discharge, plans, reviews, screening
from iopdesk.domain.care.sealing import KINDS
from iopdesk.domain.kernel import permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.display import client_display_name
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.store.care_models import Discharge, PlanReview, PlanVersion, Screening, SealedModel
from iopdesk.store.models import Client, Staff

MODELS: dict[str, type[SealedModel]] = {
    "care_screening": Screening,
    "care_plan": PlanVersion,
    "care_plan_review": PlanReview,
    "care_discharge": Discharge,
}


@dataclass(frozen=True)
class CareCosignItem:
    record_type: str  # a table name: care_screening, care_plan, care_plan_review, care_discharge
    record_id: UUID
    client_id: UUID
    client_name: str
    signed_by_name: str
    submitted_at: dt.datetime  # UTC
    version: int

    @property
    def what(self) -> str:
        return KINDS[self.record_type]


def cosign_queue(actor: Actor, *, everyone: bool = False) -> list[CareCosignItem]:
    """Records waiting for this supervisor's co-signature, oldest submission first."""
    permissions.require(actor, permissions.CARE_COSIGN, record_type="care", record_id="queue")
    out: list[CareCosignItem] = []
    for table, model in MODELS.items():
        query = (
            model.select(
                model,
                Client.legal_first,
                Client.legal_last,
                Client.preferred_name,
                Staff.display_name.alias("signer_name"),
            )
            .join(Client, on=(model.client == Client.id))  # type: ignore[attr-defined]
            .switch(model)
            .join(Staff, JOIN.INNER, on=(model.signed_by == Staff.id))
            .where(
                (model.status == "pending_cosign")
                & model.retired_at.is_null()
                & (model.signed_by != actor.staff_id)
            )
        )
        if not everyone:
            query = query.where(Staff.supervisor.is_null() | (Staff.supervisor == actor.staff_id))
        scope = permissions.client_scope(actor, permissions.CARE_COSIGN, model.client)  # type: ignore[attr-defined]
        if scope is not None:
            query = query.where(scope)
        for row in query.objects():
            out.append(
                CareCosignItem(
                    table,
                    row.id,
                    row.client_id,
                    client_display_name(row.preferred_name, row.legal_first, row.legal_last),
                    row.signer_name,
                    row.signed_at,
                    row.version,
                )
            )
    out.sort(key=lambda item: item.submitted_at)
    return out


def cosign(actor: Actor, record_type: str, record_id: UUID) -> None:
    """Co-sign one record from the queue (it becomes final)."""
    _act(record_type)[0](actor, record_id)


def return_for_changes(actor: Actor, record_type: str, record_id: UUID, comment: str) -> None:
    """Send one record from the queue back to its author with what needs to change."""
    _act(record_type)[1](actor, record_id, comment)


def _act(record_type: str):  # type: ignore[no-untyped-def]
    actions = {
        "care_screening": (screening.cosign_screening, screening.return_screening),
        "care_plan": (plans.cosign_plan, plans.return_plan),
        "care_plan_review": (reviews.cosign_review, reviews.return_review),
        "care_discharge": (discharge.cosign_discharge, discharge.return_discharge),
    }
    if record_type not in actions:
        raise ValidationError(f"{record_type!r} is not a kind of treatment record.", field="record_type")
    return actions[record_type]
