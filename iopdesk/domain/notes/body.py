"""What a note's body is: the fields of each format, and its canonical form for signing.

The default templates ship as plain JSON under ``resources/note_templates/``
(a clinic may later keep its own copy in the NoteTemplate table). A body is
stored as JSON {field key: text}; its signature hash is taken over one
canonical serialisation so that the same content always hashes the same,
whatever order the fields were typed in.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from iopdesk.domain.kernel.vocab import NOTE_FORMATS
from iopdesk.paths import resource

TEMPLATE_FOLDER = "note_templates"


@dataclass(frozen=True)
class FieldDef:
    key: str
    label: str
    hint: str = ""
    required: bool = False  # the clinic's rule: a part is not signed while this field is blank


@dataclass(frozen=True)
class TemplateDef:
    note_format: str
    title: str
    shared_fields: tuple[FieldDef, ...]
    member_fields: tuple[FieldDef, ...]
    member_hint: str = ""

    @property
    def shared_keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.shared_fields)

    @property
    def member_keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.member_fields)

    def required_fields(self, shared: bool) -> tuple[FieldDef, ...]:
        return tuple(f for f in (self.shared_fields if shared else self.member_fields) if f.required)


def parse_template(text: str, source: str) -> TemplateDef:
    """Read one template definition; ``source`` names it in error messages."""
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"{source}: not valid JSON ({exc})") from exc
    if not isinstance(doc, dict):
        raise ValueError(f"{source}: expected a JSON object")
    fmt = doc.get("format")
    if fmt not in NOTE_FORMATS:
        raise ValueError(f"{source}: unknown note format {fmt!r}")

    def fields(name: str) -> tuple[FieldDef, ...]:
        raw = doc.get(name)
        if not isinstance(raw, list) or not raw:
            raise ValueError(f"{source}: {name} must be a non-empty list")
        out = []
        for i, item in enumerate(raw):
            if not isinstance(item, dict) or not item.get("key") or not item.get("label"):
                raise ValueError(f"{source}: {name}[{i}] needs a key and a label")
            required = item.get("required", False)
            if not isinstance(required, bool):
                raise ValueError(f"{source}: {name}[{i}] says required {required!r}; write true or false")
            out.append(FieldDef(str(item["key"]), str(item["label"]), str(item.get("hint", "")), required))
        keys = [f.key for f in out]
        if len(set(keys)) != len(keys):
            raise ValueError(f"{source}: {name} repeats a key")
        return tuple(out)

    return TemplateDef(
        note_format=fmt,
        title=str(doc.get("title") or fmt),
        shared_fields=fields("shared_fields"),
        member_fields=fields("member_fields"),
        member_hint=str(doc.get("member_hint", "")),
    )


@lru_cache(maxsize=1)
def default_templates() -> dict[str, TemplateDef]:
    """The shipped template of every note format, keyed by format."""
    out = {}
    for fmt in NOTE_FORMATS:
        path = resource(f"{TEMPLATE_FOLDER}/{fmt}.json")
        out[fmt] = parse_template(path.read_text(encoding="utf-8"), str(path))
    return out


def default_template(note_format: str) -> TemplateDef:
    return default_templates()[note_format]


def canonical_json(body: Mapping[str, str]) -> str:
    """The one serialisation of a body that is stored and hashed."""
    return json.dumps(dict(body), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(body: Mapping[str, str]) -> str:
    """SHA-256 (hex) of the canonical body: what a signature seals."""
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()
