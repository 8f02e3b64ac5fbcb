"""What every care module shares: permission checks scoped to the client, the audit trail, JSON
kept in one canonical form, loading rows, names, and checking what a person typed."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any
from uuid import UUID

from iopdesk.domain.clients.clients import load_client
from iopdesk.domain.kernel import audit, clock, permissions, settings
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError, NotFound, ValidationError
from iopdesk.domain.kernel.records import clean_text
from iopdesk.store.care_models import CareEpisode
from iopdesk.store.models import Client, ClinicalModel, Staff

__all__ = [
    "TEXT_MAX",
    "canonical",
    "check_date",
    "clean_long_text",
    "clean_text",
    "client_name",
    "levels",
    "load_client",
    "load_episode",
    "load_row",
    "open_episode",
    "parse_json",
    "require",
    "staff_names",
    "today_for",
    "trail",
]

TEXT_MAX = 20_000  # one note-like field: far past any real entry, short of a pasted file
SHORT_MAX = 500  # a reason, a criterion's note, a goal's wording


def require(
    actor: Actor,
    action: str,
    client_id: UUID,
    record_type: str = "",
    record_id: object = "",
    author_id: UUID | None = None,
) -> None:
    """The permission matrix's answer for ``action`` on this client (a refusal is audited)."""
    permissions.require(
        actor, action, client_id=client_id, author_id=author_id, record_type=record_type, record_id=record_id
    )


def trail(actor: Actor, action: str, row: ClinicalModel, **changes: Any) -> None:
    """One audit entry about a care row (inside the caller's transaction)."""
    audit.record(
        actor,
        action,
        client_id=getattr(row, "client_id", None),
        record_type=row._meta.table_name,
        record_id=row.id,
        changes=changes,
    )


def today_for(actor: Actor, today: dt.date | None = None) -> dt.date:
    return today or clock.site_today(actor.site_id)


def canonical(value: Any) -> str:
    """The one JSON form stored and hashed: sorted keys, no spaces, dates and ids as text."""
    return json.dumps(audit.jsonable(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def parse_json(text: str | None, default: Any) -> Any:
    """Stored JSON, or ``default`` when missing or unreadable (never written by IOPdesk)."""
    try:
        value = json.loads(text or "")
    except ValueError:
        return default
    return value if isinstance(value, type(default)) else default


def load_row(model: type[Any], row_id: UUID, what: str) -> Any:
    row = model.get_or_none((model.id == row_id) & model.retired_at.is_null())
    if row is None:
        raise NotFound(f"That {what} is not in IOPdesk (it may have been removed). Refresh and try again.")
    return row


def load_episode(episode_id: UUID) -> CareEpisode:
    return load_row(CareEpisode, episode_id, "episode of care")  # type: ignore[no-any-return]


def open_episode(client_id: UUID) -> CareEpisode | None:
    """The client's episode still in progress (admitted, not discharged), if any."""
    return (
        CareEpisode.select()
        .where(
            (CareEpisode.client == client_id)
            & CareEpisode.discharged_on.is_null()
            & CareEpisode.retired_at.is_null()
        )
        .order_by(CareEpisode.number.desc())
        .first()
    )


def require_open(episode: CareEpisode) -> None:
    if episode.discharged_on is not None:
        raise DomainError(
            f"This episode of care ended on {episode.discharged_on:%Y-%m-%d}; its records can be read "
            "but no longer changed. Re-admit the client to start a new episode."
        )


def staff_names(ids: Iterable[UUID | None]) -> dict[UUID, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(Staff.select(Staff.id, Staff.display_name).where(Staff.id.in_(wanted)).tuples())


def client_name(client: Client) -> str:
    name = f"{client.legal_first} {client.legal_last}".strip()
    return f"{name} ({client.preferred_name})" if client.preferred_name else name


def check_date(value: Any, *, field: str, label: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError(f"{label} must be a date.", field=field)
    return value


def clean_long_text(
    value: Any, *, field: str, label: str, required: bool = False, max_len: int = TEXT_MAX
) -> str:
    """Text a person wrote (line breaks kept), trimmed; refused when missing or too long."""
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise ValidationError(f"{label} is required.", field=field)
    if len(text) > max_len:
        raise ValidationError(f"{label} is too long (at most {max_len:,} characters).", field=field)
    return text


def levels() -> dict[str, str]:
    """The clinic's levels of care, code → label (the setting "levels_of_care")."""
    out: dict[str, str] = {}
    for item in settings.get("levels_of_care"):
        if isinstance(item, Mapping) and str(item.get("code") or "").strip():
            code = str(item["code"]).strip()
            out[code] = str(item.get("label") or f"Level {code}")
    return out or {"2.1": "Level 2.1: Intensive outpatient (IOP)"}


def level_label(code: str) -> str:
    return levels().get(code, f"Level {code}")


def active_staff(staff_id: Any, *, field: str, label: str) -> Staff:
    row = Staff.get_or_none(Staff.id == staff_id) if isinstance(staff_id, UUID) else None
    if row is None or not row.active:
        raise ValidationError(f"{label} must be an active staff member.", field=field)
    return row
