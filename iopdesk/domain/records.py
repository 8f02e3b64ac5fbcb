"""Small helpers every roster module uses to write clinical rows the same way.

Kept in one place so the rules of ARCHITECTURE.md (origin site, version
counter, UTC update time, optimistic concurrency) cannot drift between modules.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from iopdesk.domain import clock
from iopdesk.domain.actor import Actor
from iopdesk.domain.errors import ConflictError, PermissionDenied, ValidationError
from iopdesk.store.models import ClinicalModel, utcnow

# Auditors may read everything but change nothing.
WRITER_ROLES = ("administrator", "supervisor", "counselor", "frontdesk")

Row = TypeVar("Row", bound=ClinicalModel)


def require_writer(actor: Actor) -> None:
    if actor.role not in WRITER_ROLES:
        raise PermissionDenied("Your account can look at rosters but not change them.")


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


def save_changes(row: Row, changes: dict[str, Any], *, expected_version: int | None = None) -> Row:
    """Write ``changes`` to a clinical row, bumping its version and update time.

    The UPDATE only matches the version we read, so a concurrent edit from
    another workstation is refused instead of silently overwritten.
    """
    model = type(row)
    if expected_version is not None and expected_version != row.version:
        raise ConflictError("Someone else changed this record a moment ago; reopen it and try again.")
    old_version = row.version
    values = dict(changes, version=old_version + 1, updated_at=utcnow())
    fields = {getattr(model, name): value for name, value in values.items()}
    count = model.update(fields).where((model.id == row.id) & (model.version == old_version)).execute()
    if count != 1:
        raise ConflictError("Someone else changed this record a moment ago; reopen it and try again.")
    for name, value in values.items():
        setattr(row, name, value)
    return row
