"""Signing care records like notes: a seal over the content, the signer and the time, and a
supervisor's co-signature where the author needs one (Staff.needs_cosign).

A screening, plan version, plan review and discharge each go draft → signed, or draft →
awaiting co-signature → signed (co-signed) / returned (seal cleared, editable again). The seal is
the SHA-256 of the record's content in its canonical JSON form (each module's ``content_of``), so
``verify`` can re-check it any time. From signing on the content never changes: the domain refuses
it, and migration 0006's triggers refuse it to direct SQL as well.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from typing import Any

from iopdesk.domain.care.common import canonical, trail
from iopdesk.domain.kernel import audit, permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.errors import (
    ConflictError,
    DomainError,
    NoteLocked,
    PermissionDenied,
    ValidationError,
)
from iopdesk.domain.kernel.records import save_changes
from iopdesk.store.care_models import SealedModel
from iopdesk.store.models import Staff

log = logging.getLogger(__name__)

LOCKED = ("signed", "pending_cosign")
EDITABLE = ("draft", "returned")
COMMENT_MAX = 2_000

# What each kind of record is called in messages, by table.
KINDS = {
    "care_screening": "screening",
    "care_plan": "treatment plan",
    "care_plan_review": "plan review",
    "care_discharge": "discharge summary",
}


def what(row: SealedModel) -> str:
    return KINDS.get(row._meta.table_name, "record")


def content_hash(content: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(content).encode("utf-8")).hexdigest()


def refuse_if_locked(row: SealedModel) -> None:
    if row.status == "signed":
        raise NoteLocked(f"This {what(row)} is signed, so it can no longer change.")
    if row.status == "pending_cosign":
        raise NoteLocked(
            f"This {what(row)} is waiting for a supervisor's co-signature, so it is locked. "
            "Ask the supervisor to return it if it needs changes."
        )


def check_version(row: SealedModel, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != row.version:
        raise ConflictError("Someone else changed this record a moment ago; reopen it and try again.")


def require_confirm(confirm: bool, row: SealedModel) -> None:
    if confirm is not True:
        raise ValidationError(
            f"Confirm that the {what(row)} is complete and accurate: once signed, it cannot be changed.",
            field="confirm",
        )


def require_author(actor: Actor, row: SealedModel) -> None:
    """Only its author changes a record before it is signed: their own record stays theirs to
    finish even once the client has left their caseload (a discharge returned for changes)."""
    if row.author_id != actor.staff_id:
        permissions.require(
            actor,
            permissions.CARE_WRITE,
            client_id=row.client_id,  # type: ignore[attr-defined]
            record_type=row._meta.table_name,
            record_id=row.id,
        )
        raise PermissionDenied(f"Only the author can change this {what(row)} before it is signed.")
    permissions.require(actor, permissions.CARE_WRITE, record_type=row._meta.table_name, record_id=row.id)


def require_reader(actor: Actor, row: SealedModel) -> None:
    """The chart's readers, and the record's own author."""
    permissions.require(
        actor,
        permissions.CARE_READ,
        client_id=None if row.author_id == actor.staff_id else row.client_id,  # type: ignore[attr-defined]
        record_type=row._meta.table_name,
        record_id=row.id,
    )


def require_signer(actor: Actor, row: SealedModel) -> None:
    """Only the author signs (their own record, as ``require_author``)."""
    permissions.require(
        actor,
        permissions.CARE_SIGN,
        client_id=None if row.author_id == actor.staff_id else row.client_id,  # type: ignore[attr-defined]
        author_id=row.author_id,
        record_type=row._meta.table_name,
        record_id=row.id,
    )
    refuse_if_locked(row)


def seal(actor: Actor, row: SealedModel, content: Mapping[str, Any], **extra: Any) -> None:
    """Sign ``row`` over ``content`` (its author only; inside the caller's transaction)."""
    require_signer(actor, row)
    signer = Staff.get_or_none(Staff.id == actor.staff_id)
    if signer is None or not signer.active:
        raise PermissionDenied("Your staff account is not active.")
    seal_hash = content_hash(content)
    status = "pending_cosign" if signer.needs_cosign else "signed"
    changes = {
        "status": status,
        "content_hash": seal_hash,
        "signed_by": actor.staff_id,
        "signed_at": utcnow(),
    }
    save_changes(row, dict(changes, **extra))
    trail(actor, audit.SIGN, row, status=status, content_hash=seal_hash, **extra)
    log.info("care record signed table=%s id=%s status=%s", row._meta.table_name, row.id, status)


def verify(row: SealedModel, content: Mapping[str, Any]) -> bool:
    """Whether a sealed record's content is still exactly what was signed (tamper evidence)."""
    return row.content_hash is not None and content_hash(content) == row.content_hash


def cosign(actor: Actor, row: SealedModel, content: Mapping[str, Any]) -> None:
    """A supervisor's co-signature: the record becomes final (inside the caller's transaction)."""
    _require_supervisor(actor, row)
    if not verify(row, content):
        raise DomainError(f"This {what(row)} no longer matches its seal; it cannot be co-signed.")
    save_changes(row, {"status": "signed", "cosigned_by": actor.staff_id, "cosigned_at": utcnow()})
    trail(actor, audit.SIGN, row, status="signed", cosigned=True, content_hash=row.content_hash)


def return_for_changes(actor: Actor, row: SealedModel, comment: str) -> None:
    """Send a record awaiting co-signature back to its author: the seal is cleared, it is editable."""
    _require_supervisor(actor, row)
    text = (comment or "").strip()
    if not text:
        raise ValidationError("Say what needs to change before returning it.", field="comment")
    if len(text) > COMMENT_MAX:
        raise ValidationError(
            f"The comment is too long (at most {COMMENT_MAX:,} characters).", field="comment"
        )
    save_changes(
        row,
        {
            "status": "returned",
            "content_hash": None,
            "signed_by": None,
            "signed_at": None,
            "return_comment": text,
        },
    )
    trail(actor, audit.CHANGE, row, status="returned", comment=audit.text_digest(text))


def _require_supervisor(actor: Actor, row: SealedModel) -> None:
    permissions.require(
        actor,
        permissions.CARE_COSIGN,
        client_id=row.client_id,  # type: ignore[attr-defined]
        author_id=row.signed_by_id or row.author_id,
        record_type=row._meta.table_name,
        record_id=row.id,
    )
    if row.status != "pending_cosign":
        raise DomainError(f"This {what(row)} is not waiting for a co-signature.")
