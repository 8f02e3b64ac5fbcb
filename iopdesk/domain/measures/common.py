"""What the measures modules share: the clinic's cut-offs, the episode a record attaches to, times a
person gave, checks on what they typed, and the audit entry of a change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from iopdesk.domain.care.common import canonical, clean_long_text, parse_json, staff_names
from iopdesk.domain.kernel import audit, clock, permissions, settings
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.display import client_display_name
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.measures.cutoffs import CutOffs
from iopdesk.store.care_models import CareEpisode
from iopdesk.store.models import Client, ClinicalModel

__all__ = [
    "canonical",
    "clean_long_text",
    "clinic_cutoffs",
    "episode_on",
    "moment",
    "names_of_clients",
    "parse_json",
    "require",
    "staff_names",
    "trail",
]

NOTE_MAX = 2_000  # a follow-up, a note on a rating or a screen: a paragraph, not a document


def clinic_cutoffs() -> CutOffs:
    """The cut-offs sources disagree on, as the clinic set them (settings; defaults as published)."""
    values = settings.values(
        "auditc_positive_men", "auditc_positive_women", "ciwa_moderate_from", "ciwa_severe_from"
    )
    try:
        return CutOffs(**values)
    except ValidationError:  # an order written around the program: the reference values instead
        return CutOffs()


def require(actor: Actor, action: str, client_id: UUID, record_type: str, record_id: object = "") -> None:
    permissions.require(actor, action, client_id=client_id, record_type=record_type, record_id=record_id)


def trail(actor: Actor, action: str, row: ClinicalModel, **changes: Any) -> None:
    """One audit entry about a measures row (inside the caller's transaction)."""
    audit.record(
        actor,
        action,
        client_id=getattr(row, "client_id", None),
        record_type=row._meta.table_name,
        record_id=row.id,
        changes=changes,
    )


def episode_on(client_id: UUID, day: dt.date) -> CareEpisode | None:
    """The client's episode of care that ``day`` falls in (admitted on or before it, not discharged
    before it); None when they were not in care then."""
    return (
        CareEpisode.select()
        .where(
            (CareEpisode.client == client_id)
            & CareEpisode.retired_at.is_null()
            & (CareEpisode.admitted_on <= day)
            & (CareEpisode.discharged_on.is_null() | (CareEpisode.discharged_on >= day))
        )
        .order_by(CareEpisode.number.desc())
        .first()
    )


def moment(
    value: dt.datetime | None, *, field: str, label: str, not_before: dt.datetime | None = None
) -> dt.datetime:
    """A time a person gave (aware, or naive UTC) as naive UTC; now when None. Never in the future
    (a minute's grace for clocks apart), never before ``not_before``."""
    now = clock.utcnow()
    if value is None:
        return now
    if not isinstance(value, dt.datetime):
        raise ValidationError(f"{label} must be a date and time.", field=field)
    utc = value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo is not None else value
    if utc > now + dt.timedelta(minutes=1):
        raise ValidationError(f"{label} cannot be in the future.", field=field)
    if not_before is not None and utc < not_before:
        raise ValidationError(f"{label} cannot be before {not_before:%Y-%m-%d %H:%M} UTC.", field=field)
    return utc


def site_day(actor: Actor, utc: dt.datetime) -> dt.date:
    """The site's date of a UTC moment (a PHQ-9 at 11 pm in Denver is on Denver's date)."""
    return utc.replace(tzinfo=dt.UTC).astimezone(clock.site_zone(actor.site_id)).date()


def names_of_clients(ids: Iterable[UUID]) -> dict[UUID, tuple[str, str]]:
    """client id -> ("Sam R.", chart number): lists are seen across the room."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = Client.select(
        Client.id, Client.preferred_name, Client.legal_first, Client.legal_last, Client.chart_number
    ).where(Client.id.in_(wanted))
    return {
        r.id: (client_display_name(r.preferred_name, r.legal_first, r.legal_last), r.chart_number)
        for r in rows
    }


def int_or_none(value: Any, *, field: str, label: str, low: int, high: int) -> int | None:
    """A whole number within a plausible range, or None when not given."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{label} must be a whole number.", field=field)
    if not low <= value <= high:
        raise ValidationError(
            f"{label} must be between {low} and {high}; {value} is not plausible.", field=field
        )
    return value
