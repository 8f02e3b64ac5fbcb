"""Small helpers every roster module uses to write clinical rows the same way.

Kept in one place so the rules of ARCHITECTURE.md (origin site, version
counter, UTC update time, optimistic concurrency) cannot drift between modules.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from iopdesk.domain.kernel import audit, clock, permissions, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.errors import ConflictError, ValidationError
from iopdesk.store.models import ClinicalModel

# Roles that may change rosters (auditors read but change nothing), for the UI's greying out.
WRITER_ROLES = tuple(r for r in vocab.ROLES if r in permissions.MATRIX[permissions.CLIENT_EDIT])

Row = TypeVar("Row", bound=ClinicalModel)


def require_writer(actor: Actor) -> None:
    """Older name for ``permissions.require(actor, CLIENT_EDIT)``: auditors read but change nothing."""
    permissions.require(actor, permissions.CLIENT_EDIT)


def site_today(actor: Actor) -> dt.date:
    """Today's date where the acting staff member works (the clock module decides, tests pin it there)."""
    return clock.site_today(actor.site_id)


def clean_text(value: Any, *, field: str, label: str, max_len: int, required: bool = False) -> str:
    """Trimmed text, refused when missing (if required) or too long for its column."""
    text = "" if value is None else " ".join(str(value).split())
    if required and not text:
        raise ValidationError(f"{label} is required.", field=field)
    if len(text) > max_len:
        raise ValidationError(f"{label} is too long (at most {max_len} characters).", field=field)
    return text


def check_choice(value: str, choices: dict[str, Any], *, field: str, label: str) -> str:
    if value not in choices:
        allowed = ", ".join(str(v if isinstance(v, str) else v[0]) for v in choices.values())
        raise ValidationError(f"{label} must be one of: {allowed}.", field=field)
    return value


def save_changes(
    row: Row,
    changes: dict[str, Any],
    *,
    expected_version: int | None = None,
    actor: Actor | None = None,
    client_id: Any = None,
) -> Row:
    """Write ``changes`` to a clinical row, bumping its version and update time.

    The UPDATE only matches the version we read, so a concurrent edit from
    another workstation is refused instead of silently overwritten. Given the
    ``actor``, the fields that really changed go to the audit trail (old and
    new values), under the row's client or ``client_id``.
    """
    model = type(row)
    if expected_version is not None and expected_version != row.version:
        raise ConflictError("Someone else changed this record a moment ago; reopen it and try again.")
    before = {name: row.__data__.get(name) for name in changes}
    old_version = row.version
    values = dict(changes, version=old_version + 1, updated_at=utcnow())
    fields = {getattr(model, name): value for name, value in values.items()}
    count = model.update(fields).where((model.id == row.id) & (model.version == old_version)).execute()
    if count != 1:
        raise ConflictError("Someone else changed this record a moment ago; reopen it and try again.")
    for name, value in values.items():
        setattr(row, name, value)
    if actor is not None:
        changed = audit.diff(before, {k: v for k, v in changes.items() if k not in UNAUDITED})
        if changed:
            extra = {"client_id": client_id} if client_id is not None else {}
            audit.record_row(actor, audit.CHANGE, row, changed, **extra)
    return row


# Derived columns that would only repeat what the audit entry already says.
UNAUDITED = ("search_text", "version", "updated_at")
