"""The clinic's note formats: shipped defaults, overridden by the clinic's own copies.

A template only decides which fields a screen offers, in which order, and
which of them must be filled before a part is signed (``required``; the
shipped formats require risk and use / abstinence in each member's part,
and put them first, where they are seen without scrolling). Text already
written is never tied to it: when a clinic drops or renames a field, notes
that used the old field keep it (``part_fields`` lists such fields after the
template's own).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from peewee import fn

from iopdesk.domain.kernel import permissions, settings
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.errors import ConflictError, ValidationError
from iopdesk.domain.kernel.ids import template_id
from iopdesk.domain.kernel.vocab import NOTE_FORMATS
from iopdesk.domain.notes.body import FieldDef, TemplateDef, default_template, parse_template
from iopdesk.store import transaction
from iopdesk.store.models import Note, NoteTemplate, Session

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TemplateInfo:
    note_format: str
    template: TemplateDef
    customized: bool  # the clinic's own copy, not the shipped default


def template_for(note_format: str) -> TemplateDef:
    """The template in force for a format: the clinic's copy if it has one."""
    if note_format not in NOTE_FORMATS:
        note_format = clinic_format()
    row = NoteTemplate.get_or_none(NoteTemplate.note_format == note_format)
    if row is not None and row.definition is not None:  # NULL: reset to the shipped default
        try:
            return parse_template(row.definition, f"the clinic's {note_format} template")
        except ValueError:
            # A broken copy must not stop note writing: fall back and say so in the log.
            log.warning("clinic template for %s is unreadable; using the default", note_format)
    return default_template(note_format)


def clinic_format() -> str:
    value = settings.get("note_format")
    return value if value in NOTE_FORMATS else "DAP"


def list_templates(actor: Actor) -> list[TemplateInfo]:
    custom = {
        r.note_format
        for r in NoteTemplate.select(NoteTemplate.note_format).where(NoteTemplate.definition.is_null(False))
    }
    return [TemplateInfo(fmt, template_for(fmt), fmt in custom) for fmt in NOTE_FORMATS]


def save_template(
    actor: Actor, note_format: str, definition: str | dict[str, Any], *, based_on: TemplateDef | None = None
) -> TemplateDef:
    """Store the clinic's own version of a format (the JSON shape of resources/note_templates).

    ``based_on``: the format as the editing window showed it. A format is saved whole: changed at
    another workstation since, the save is refused (ConflictError) rather than put back the fields
    the window was filled with over the other one's."""
    _require_editor(actor)
    if note_format not in NOTE_FORMATS:
        raise ValidationError(f"{note_format!r} is not a note format.", field="note_format")
    text = definition if isinstance(definition, str) else json.dumps(definition, ensure_ascii=False)
    if isinstance(definition, dict):
        _check_fields(definition)
    try:
        parsed = parse_template(text, "The template")
    except ValueError as exc:
        raise ValidationError(str(exc), field="definition") from exc
    if parsed.note_format != note_format:
        raise ValidationError(
            f"The template says it is {parsed.note_format}, not {note_format}.", field="definition"
        )
    now = utcnow()
    with transaction():
        in_force = template_for(note_format)
        if based_on is not None and in_force != based_on and in_force != parsed:
            raise ConflictError(
                f"The {note_format} format was changed at another workstation a moment ago; "
                "open it again and make your change once more."
            )
        # One row per format, its id derived from the format: the same at every place (sync).
        NoteTemplate.insert(
            id=template_id(note_format), note_format=note_format, definition=text, updated_at=now
        ).on_conflict(
            conflict_target=[NoteTemplate.note_format],
            update={NoteTemplate.definition: text, NoteTemplate.updated_at: now},
        ).execute()
    return parsed


PARTS = {"shared_fields": "shared part", "member_fields": "member's part"}
KEY_MAX = 40
LABEL_MAX = 80
HINT_MAX = 300


def _check_fields(doc: dict[str, Any]) -> None:
    """Say plainly which field of which part is wrong (``field`` names the part's list)."""
    for name, part in PARTS.items():
        raw = doc.get(name)
        if not isinstance(raw, list) or not raw:
            raise ValidationError(f"Keep at least one field in the {part}.", field=name)
        seen: set[str] = set()
        for number, item in enumerate(raw, start=1):
            item = item if isinstance(item, dict) else {}
            key, label = str(item.get("key") or ""), " ".join(str(item.get("label") or "").split())
            if not label:
                raise ValidationError(f"Field {number} of the {part} needs a label.", field=name)
            if len(label) > LABEL_MAX:
                raise ValidationError(
                    f"The label “{label[:30]}…” is longer than {LABEL_MAX} characters.", field=name
                )
            if len(str(item.get("hint") or "")) > HINT_MAX:
                raise ValidationError(
                    f"The hint of “{label}” is longer than {HINT_MAX} characters.", field=name
                )
            if not KEY_PATTERN.fullmatch(key):
                raise ValidationError(
                    f"The key of “{label}” may hold only small letters, digits and _ "
                    f"(at most {KEY_MAX}), starting with a letter.",
                    field=name,
                )
            if key in seen:
                raise ValidationError(f"Two fields of the {part} use the key {key!r}.", field=name)
            if not isinstance(item.get("required", False), bool):
                raise ValidationError(f"Say whether “{label}” is required: yes or no.", field=name)
            seen.add(key)


KEY_PATTERN = re.compile(rf"[a-z][a-z0-9_]{{0,{KEY_MAX - 1}}}")


def new_field_key(label: str, taken: Iterable[str]) -> str:
    """The key a newly added field is stored under, made from its label ("Coping skills" → coping_skills)."""
    base = re.sub(r"[^a-z0-9]+", "_", label.casefold()).strip("_")[: KEY_MAX - 4] or "field"
    if not base[0].isalpha():
        base = f"field_{base}"[: KEY_MAX - 4]
    used = set(taken)
    key, n = base, 2
    while key in used:
        key, n = f"{base}_{n}", n + 1
    return key


def reset_template(actor: Actor, note_format: str) -> TemplateDef:
    """Go back to the shipped default (a template is configuration, not a clinical record).

    The row is kept with no definition, meaning "the shipped default" (migration 0013): templates
    travel between places and a delete cannot, so the reset reaches the other places as an edit."""
    _require_editor(actor)
    with transaction():
        NoteTemplate.update(definition=None, updated_at=utcnow()).where(
            (NoteTemplate.note_format == note_format) & NoteTemplate.definition.is_null(False)
        ).execute()
    return template_for(note_format)


def part_fields(template: TemplateDef, shared: bool, body: dict[str, str] | Any) -> tuple[FieldDef, ...]:
    """The fields to show for one part: the template's, then any older field holding text.

    A field the clinic took out of its format stays on screen and in print for
    every note that has text in it, under the label the shipped format gave it
    (if it came from there); where it is empty it is simply gone.
    """
    fields = template.shared_fields if shared else template.member_fields
    known = {f.key for f in fields}
    extra = tuple(
        _old_field(template.note_format, shared, key)
        for key, text in body.items()
        if key not in known and str(text or "").strip()
    )
    return tuple(fields) + extra


def _old_field(note_format: str, shared: bool, key: str) -> FieldDef:
    shipped = default_template(note_format) if note_format in NOTE_FORMATS else None
    if shipped is not None:
        for field in shipped.shared_fields if shared else shipped.member_fields:
            if field.key == key:
                return FieldDef(key, field.label)
    return FieldDef(key, key.replace("_", " ").capitalize())


def allowed_keys(template: TemplateDef, shared: bool, body: dict[str, str]) -> set[str]:
    """Keys a save may write: the template's, and every key the note already holds (even emptied)."""
    fields = template.shared_fields if shared else template.member_fields
    return {f.key for f in fields} | set(body)


def empty_body(template: TemplateDef, shared: bool) -> dict[str, str]:
    return {key: "" for key in (template.shared_keys if shared else template.member_keys)}


def format_for_new_note(session: Session, requested: str | None) -> str:
    """A session's first part: the format asked for, else the one the group (or client) used last."""
    if requested is not None:
        if requested not in NOTE_FORMATS:
            raise ValidationError(f"{requested!r} is not a note format.", field="note_format")
        return requested
    query = Note.select(Note.note_format).join(Session, on=(Note.session == Session.id))
    if session.group_id is not None:
        query = query.where(Session.group == session.group_id)
    elif session.client_id is not None:
        query = query.where((Session.client == session.client_id) & (Session.kind == session.kind))
    else:
        return clinic_format()
    last = query.where(Note.retired_at.is_null()).order_by(Note.date.desc(), Note.created_at.desc()).first()
    if last is not None and last.note_format in NOTE_FORMATS:
        return str(last.note_format)
    return clinic_format()


def format_in_use(session_id: UUID) -> str | None:
    row = (
        Note.select(Note.note_format, fn.COUNT(Note.id).alias("n"))
        .where((Note.session == session_id) & Note.retired_at.is_null())
        .group_by(Note.note_format)
        .order_by(fn.COUNT(Note.id).desc())
        .first()
    )
    return str(row.note_format) if row is not None else None


def _require_editor(actor: Actor) -> None:
    permissions.require(
        actor,
        permissions.SETTINGS_EDIT,
        message="Only an administrator or supervisor can change the clinic's note formats.",
    )
