"""Writing a draft: autosave that never loses text, conflicts, and "start from my last note".

Autosave sends the fields the screen holds with the version it last read. If
someone else saved in between, nothing is overwritten: the losing text is kept
as a NoteConflict row and both texts come back, so the writer can merge them.
Fields the screen did not send are left as they are (a screen that does not
know a field cannot erase it); sending "" clears a field on purpose.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from uuid import UUID

from iopdesk.domain.kernel import audit
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.errors import ConflictError, NotFound, ValidationError
from iopdesk.domain.notes.body import canonical_json
from iopdesk.domain.notes.common import (
    COPY_MARKER_PREFIX,
    body_of,
    clean_body,
    digest,
    load_note,
    refuse_if_locked,
    require_note_reader,
    require_writer,
    trail,
    write_body,
)
from iopdesk.domain.notes.templates import allowed_keys, template_for
from iopdesk.domain.notes.views import parse_body, staff_names
from iopdesk.store import transaction
from iopdesk.store.models import Note, NoteConflict

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConflictInfo:
    """Both texts of a save that lost the race; the losing one is kept as ``conflict_id``."""

    conflict_id: UUID
    note_id: UUID
    mine: Mapping[str, str]  # what this save tried to store
    theirs: Mapping[str, str]  # what the note holds now
    based_on_version: int
    current_version: int


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    note_id: UUID
    version: int  # the note's version now: send it with the next save
    updated_at: dt.datetime  # UTC
    conflict: ConflictInfo | None = None


@dataclass(frozen=True)
class ConflictView:
    id: UUID
    note_id: UUID
    author_id: UUID
    author_name: str
    body: Mapping[str, str]
    based_on_version: int
    created_at: dt.datetime  # UTC
    resolved_at: dt.datetime | None


@dataclass(frozen=True)
class CopyResult:
    note_id: UUID
    version: int
    source_note_id: UUID
    source_date: dt.date
    copied_fields: tuple[str, ...]
    skipped_fields: tuple[str, ...]  # already had text: left as written


def save_draft(actor: Actor, note_id: UUID, body: Mapping[str, str], expected_version: int) -> SaveResult:
    """Autosave one part. Refused on a signed note (NoteLocked); a lost race is a conflict result."""
    require_writer(actor)
    fields = clean_body(body)
    with transaction():
        row = load_note(note_id)
        require_writer(actor, row)
        refuse_if_locked(row)
        current = body_of(row)
        _check_keys(row, current, fields)
        if row.version != expected_version:
            return _keep_losing_text(actor, row, fields, expected_version)
        merged = {**current, **fields}
        if merged == current:
            return SaveResult(True, row.id, row.version, row.updated_at)
        if not write_body(row, merged):
            row = load_note(note_id)
            return _keep_losing_text(actor, row, fields, expected_version)
        trail(actor, audit.CHANGE, row, body=digest(merged), version=row.version)
    return SaveResult(True, row.id, row.version, row.updated_at)


def note_conflicts(actor: Actor, note_id: UUID, include_resolved: bool = False) -> list[ConflictView]:
    """Texts that lost a concurrent save on this note, oldest first."""
    note = load_note(note_id)
    require_note_reader(actor, note)
    query = NoteConflict.select().where(NoteConflict.note == note_id)
    if not include_resolved:
        query = query.where(NoteConflict.resolved_at.is_null())
    rows = list(query.order_by(NoteConflict.created_at))
    names = staff_names(r.author_id for r in rows)
    return [
        ConflictView(r.id, r.note_id, r.author_id, names.get(r.author_id, ""),
                     MappingProxyType(parse_body(r.body)), r.based_on_version, r.created_at, r.resolved_at)
        for r in rows
    ]


def resolve_conflict(actor: Actor, conflict_id: UUID) -> None:
    """The writer has merged (or set aside) a losing text; it stays stored, marked as seen."""
    require_writer(actor)
    with transaction():
        row = NoteConflict.get_or_none(NoteConflict.id == conflict_id)
        if row is None:
            raise NotFound("That saved text no longer exists.")
        note = load_note(row.note_id)
        require_writer(actor, note)
        if row.resolved_at is None:
            trail(actor, audit.CHANGE, note, conflict=row.id, resolved=True)
            row.resolved_at = utcnow()
            row.updated_at = row.resolved_at
            row.version += 1
            row.save()


def copy_from_last(actor: Actor, note_id: UUID, expected_version: int | None = None) -> CopyResult:
    """Fill this draft's empty fields from the actor's own last note for the same client.

    Each copied field starts with a visible marker line ("[Copied from note of
    2026-11-20 — edit before signing]"); signing is refused while a marker is
    left, so copied text is always read again. Fields already written are kept.
    """
    require_writer(actor)
    with transaction():
        row = load_note(note_id)
        require_writer(actor, row)
        refuse_if_locked(row)
        if expected_version is not None and row.version != expected_version:
            raise ConflictError("Someone else changed this note a moment ago; reopen it and try again.")
        if row.client_id is None:
            raise ValidationError(
                "The shared part of a group note belongs to no client; there is nothing to copy."
            )
        source = (
            Note.select()
            .where(
                (Note.author == actor.staff_id)
                & (Note.client == row.client_id)
                & (Note.id != row.id)
                & Note.retired_at.is_null()
                & (
                    (Note.date < row.date)
                    | ((Note.date == row.date) & (Note.created_at < row.created_at))
                )
            )
            .order_by(Note.date.desc(), Note.created_at.desc())
            .first()
        )
        if source is None:
            raise NotFound("You have no earlier note for this client to start from.")
        marker = copy_marker(source.date)
        current = body_of(row)
        keys = allowed_keys(template_for(row.note_format), False, current)
        copied, skipped = [], []
        for key, text in body_of(source).items():
            text = strip_marker(text)
            if key not in keys or not text.strip():
                continue
            if current.get(key, "").strip():
                skipped.append(key)
                continue
            current[key] = f"{marker}\n{text}"
            copied.append(key)
        if copied:
            if not write_body(row, current, copied_from=source.id):
                raise ConflictError("Someone else changed this note a moment ago; reopen it and try again.")
            trail(actor, audit.CHANGE, row, copied_from=source.id, fields=copied, body=digest(current))
            log.info("note copied note=%s from=%s fields=%d", row.id, source.id, len(copied))
    return CopyResult(row.id, row.version, source.id, source.date, tuple(copied), tuple(skipped))


def copy_marker(day: dt.date) -> str:
    return f"{COPY_MARKER_PREFIX}{day.isoformat()} — edit before signing]"


def strip_marker(text: str) -> str:
    """A copied field without its marker line (copying a copy must not stack markers)."""
    lines = text.splitlines()
    while lines and lines[0].lstrip().startswith(COPY_MARKER_PREFIX):
        lines.pop(0)
    return "\n".join(lines)


def _check_keys(row: Note, current: dict[str, str], fields: dict[str, str]) -> None:
    keys = allowed_keys(template_for(row.note_format), row.client_id is None, current)
    unknown = sorted(set(fields) - keys)
    if unknown:
        raise ValidationError(
            f"The {row.note_format} note has no field called {unknown[0]!r}.", field=unknown[0]
        )


def _keep_losing_text(actor: Actor, row: Note, fields: dict[str, str], based_on: int) -> SaveResult:
    conflict = NoteConflict.create(
        origin_site=actor.site_id,
        note=row.id,
        author=actor.staff_id,
        body=canonical_json(fields),
        based_on_version=based_on,
    )
    trail(actor, audit.CHANGE, row, conflict=conflict.id, body=digest(fields), based_on_version=based_on)
    log.info("note save conflict note=%s conflict=%s", row.id, conflict.id)
    info = ConflictInfo(
        conflict_id=conflict.id,
        note_id=row.id,
        mine=MappingProxyType(dict(fields)),
        theirs=MappingProxyType(body_of(row)),
        based_on_version=based_on,
        current_version=row.version,
    )
    return SaveResult(False, row.id, row.version, row.updated_at, info)
