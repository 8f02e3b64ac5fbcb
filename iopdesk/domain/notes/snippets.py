"""Snippets: reusable pieces of note text, the clinic's (shared) and each counselor's own.

A snippet is a writing aid, not part of any record. Snippets travel between places (migration
0013), and a delete cannot, so removing one marks it removed (``removed_at``) and every reader here
leaves it out; two places' edits are ordered by ``updated_at``.
Everyone clinical uses the clinic's snippets; only those who may change the
clinic's settings (supervisors, administrators) change them. Personal snippets belong to their owner alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from iopdesk.domain.kernel import permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.errors import NotFound, ValidationError
from iopdesk.store import transaction
from iopdesk.store.models import Snippet

TITLE_MAX = 80
TEXT_MAX = 5_000


@dataclass(frozen=True)
class SnippetView:
    id: UUID
    title: str
    text: str
    clinic_wide: bool
    owner_id: UUID | None
    created_at: dt.datetime  # UTC


def list_snippets(actor: Actor) -> list[SnippetView]:
    """The clinic's snippets, then the actor's own, each by title."""
    permissions.require(actor, permissions.NOTE_WRITE, message="Your account has no note snippets.")
    rows = Snippet.select().where(
        (Snippet.owner.is_null() | (Snippet.owner == actor.staff_id)) & Snippet.removed_at.is_null()
    )
    return sorted((_view(r) for r in rows), key=lambda s: (not s.clinic_wide, s.title.casefold()))


def add_snippet(actor: Actor, title: str, text: str, clinic_wide: bool = False) -> SnippetView:
    _require_may_edit(actor, clinic_wide)
    title, text = _clean(title, text)
    now = utcnow()
    with transaction():
        row = Snippet.create(
            owner=None if clinic_wide else actor.staff_id,
            title=title,
            text=text,
            created_at=now,
            updated_at=now,
        )
    return _view(row)


def update_snippet(actor: Actor, snippet_id: UUID, title: str, text: str) -> SnippetView:
    title, text = _clean(title, text)
    with transaction():
        row = _load(actor, snippet_id)
        row.title, row.text, row.updated_at = title, text, utcnow()
        row.save()
    return _view(row)


def delete_snippet(actor: Actor, snippet_id: UUID) -> None:
    with transaction():
        row = _load(actor, snippet_id)
        row.removed_at = row.updated_at = utcnow()  # kept, marked: the removal travels
        row.save()


def _load(actor: Actor, snippet_id: UUID) -> Snippet:
    row = Snippet.get_or_none(Snippet.id == snippet_id)
    if (
        row is None
        or row.removed_at is not None
        or (row.owner_id is not None and row.owner_id != actor.staff_id)
    ):
        raise NotFound("That snippet no longer exists.")
    _require_may_edit(actor, row.owner_id is None)
    return row


def _require_may_edit(actor: Actor, clinic_wide: bool) -> None:
    if clinic_wide:
        permissions.require(
            actor,
            permissions.SETTINGS_EDIT,
            message="Only a supervisor or administrator can change the clinic's snippets.",
        )
    else:
        permissions.require(
            actor, permissions.NOTE_WRITE, message="Only a counselor or supervisor can keep note snippets."
        )


def _clean(title: str, text: str) -> tuple[str, str]:
    title = " ".join((title or "").split())
    text = (text or "").strip()
    if not title:
        raise ValidationError("Give the snippet a title.", field="title")
    if len(title) > TITLE_MAX:
        raise ValidationError(f"A snippet title can be at most {TITLE_MAX} characters.", field="title")
    if not text:
        raise ValidationError("A snippet needs some text.", field="text")
    if len(text) > TEXT_MAX:
        raise ValidationError(f"A snippet can be at most {TEXT_MAX:,} characters.", field="text")
    return title, text


def _view(row: Snippet) -> SnippetView:
    return SnippetView(row.id, row.title, row.text, row.owner_id is None, row.owner_id, row.created_at)
