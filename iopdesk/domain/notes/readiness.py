"""What stops parts of a note from being signed: every problem at once, before any password is typed.

A part is not signed while it is empty, while a field still carries copied
text not yet reviewed ("[Copied from …]"), or while a field its format marks
required is blank (the clinic decides which, per format, in Note formats; the
shipped formats require risk and use / abstinence in each member's part).
Names of other clients flagged by the names check stop signing too, but the
signer may override them with a reason (signing.py), so those problems are
``overridable``.

Signing asks ``refuse_unready`` inside its transaction and names every part
and field at once; the editor asks ``signing_readiness`` first and lists the
same problems before the signing dialog opens.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from uuid import UUID

from iopdesk.domain.calendar.sessions import load_session
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.notes.body import FieldDef, TemplateDef
from iopdesk.domain.notes.common import body_of, copied_fields, is_locked, load_note, require_note_reader
from iopdesk.domain.notes.guard import Flag, flags_for_notes
from iopdesk.domain.notes.templates import part_fields, template_for
from iopdesk.domain.notes.views import client_names
from iopdesk.store.models import Note

EMPTY, REQUIRED, COPIED, FLAGGED = "empty", "required", "copied", "flagged"
SHARED_PART = "the shared part"


@dataclass(frozen=True)
class Problem:
    """One reason one part cannot be signed yet."""

    note_id: UUID
    part: str  # whose part, as a person reads it: "Alex R." or "the shared part"
    kind: str  # EMPTY, REQUIRED, COPIED or FLAGGED
    fields: tuple[str, ...]  # the keys of the fields concerned, in the part's order
    labels: tuple[str, ...]  # their labels, as the screen shows them
    text: str  # one sentence naming the part and the fields

    @property
    def overridable(self) -> bool:
        """Flagged names may stay when the signer says why; nothing else may."""
        return self.kind == FLAGGED


@dataclass(frozen=True)
class Readiness:
    problems: tuple[Problem, ...]
    flags: Mapping[UUID, list[Flag]] = field(default_factory=dict)  # every flag found, per part

    @property
    def to_fix(self) -> tuple[Problem, ...]:
        """What must change in the text before these parts can be signed at all."""
        return tuple(p for p in self.problems if not p.overridable)

    @property
    def flagged(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.overridable)

    @property
    def ready(self) -> bool:
        return not self.problems


def missing_required(template: TemplateDef, shared: bool, body: Mapping[str, str]) -> tuple[FieldDef, ...]:
    """The fields this part's format requires that are still blank, in the part's order."""
    return tuple(f for f in template.required_fields(shared) if not str(body.get(f.key) or "").strip())


def part_problems(
    note_id: UUID, who: str, template: TemplateDef, shared: bool, body: Mapping[str, str]
) -> list[Problem]:
    """What in one part's text stops it from being signed (the names check aside)."""
    if not any(str(v or "").strip() for v in body.values()):
        text = f"The note for {who} is empty; write it before signing."
        return [Problem(note_id, who, EMPTY, (), (), text)]
    fields = part_fields(template, shared, body)
    labels = {f.key: f.label for f in fields}
    order = {f.key: i for i, f in enumerate(fields)}
    out = []
    copied = sorted(copied_fields(body), key=lambda k: order.get(k, len(order)))
    if copied:
        names = tuple(labels.get(k, k) for k in copied)
        out.append(
            Problem(
                note_id, who, COPIED, tuple(copied), names,
                f"The note for {who} still has copied text not yet reviewed ({', '.join(names)}): "
                "read it, edit it and remove the \"[Copied from …]\" line before signing.",
            )
        )
    missing = missing_required(template, shared, body)
    if missing:
        names = tuple(f.label for f in missing)
        out.append(
            Problem(
                note_id, who, REQUIRED, tuple(f.key for f in missing), names,
                f"The note for {who} needs {_and(names)} before signing: "
                f"the clinic's {template.note_format} format requires {'it' if len(names) == 1 else 'them'}.",
            )
        )
    return out


def refuse_unready(rows: Sequence[Note], names: Mapping[UUID | None, str]) -> None:
    """ValidationError naming every part and field that stops these parts from being signed."""
    templates = _templates(rows)
    problems = [p for row in rows for p in _text_problems(row, names, templates)]
    if not problems:
        return
    problems.sort(key=lambda p: (p.part != SHARED_PART, p.part.casefold()))  # as the editor lists them
    first = problems[0].fields[0] if problems[0].fields else None
    if len(problems) == 1:
        raise ValidationError(problems[0].text, field=first)
    raise ValidationError(
        "Nothing was signed. Fix these first:\n" + "\n".join(f"• {p.text}" for p in problems), field=first
    )


def signing_readiness(actor: Actor, note_ids: Iterable[UUID]) -> Readiness:
    """Everything that stops these parts from being signed now, flagged names included.

    Parts already signed or waiting for a co-signature are not asked about (signing
    refuses them on its own). The names check runs once per session.
    """
    rows = [load_note(note_id) for note_id in note_ids]
    for row in rows:
        require_note_reader(actor, row)
    rows = [r for r in rows if not is_locked(r)]
    names = _names(rows)
    flags: dict[UUID, list[Flag]] = {}
    for session_id in dict.fromkeys(r.session_id for r in rows):
        session_rows = [r for r in rows if r.session_id == session_id]
        flags.update(flags_for_notes(load_session(session_id), session_rows))
    problems: list[Problem] = []
    templates = _templates(rows)
    for row in rows:
        problems += _text_problems(row, names, templates)
        blocking = [f for f in flags.get(row.id, []) if f.blocks_signing]
        if blocking:
            who = names.get(row.client_id, SHARED_PART)
            keys = tuple(dict.fromkeys(f.field for f in blocking))
            problems.append(
                Problem(
                    row.id, who, FLAGGED, keys, tuple(f"“{f.found}”" for f in blocking),
                    (
                        f"The note for {who} may identify another client in {len(blocking)} "
                        f"place{'s' if len(blocking) != 1 else ''}: replace the names with “a peer”, "
                        "or sign with the override, saying why they may stay."
                    ),
                )
            )
    return Readiness(tuple(problems), flags)


def _text_problems(
    row: Note, names: Mapping[UUID | None, str], templates: Mapping[str, TemplateDef]
) -> list[Problem]:
    who = names.get(row.client_id, SHARED_PART)
    return part_problems(row.id, who, templates[row.note_format], row.client_id is None, body_of(row))


def _templates(rows: Sequence[Note]) -> dict[str, TemplateDef]:
    """Each format's template read once (a group note's parts share one), not once per part."""
    return {fmt: template_for(fmt) for fmt in dict.fromkeys(r.note_format for r in rows)}


def _names(rows: Sequence[Note]) -> dict[UUID | None, str]:
    return dict(client_names(r.client_id for r in rows if r.client_id is not None).items())


def _and(words: Sequence[str]) -> str:
    quoted = [f"“{w}”" for w in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
