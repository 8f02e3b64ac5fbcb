"""The confidentiality guard: a member's part must not name or identify another member.

Checked names: each other member's legal first and last name, preferred name,
full names and chart number. "Other members" are everyone attending or
expected at the session, everyone with a part in its note, and the group's
current members; the shared part is checked against all of them (it names no
one). An individual or family note is checked against the client's groups.

Matching is whole-word, case- and accent-insensitive (José = Jose), and
treats curly and straight apostrophes and hyphen variants alike (O’Brien,
O'Brien, OBrien; Mary-Kate, Mary Kate). A first name that is also an everyday
word (Hope, Will, May, Grace, Faith, Rose …) is still flagged, as kind
"common word" (low confidence); written in lower case ("we hope") such a flag
does not stop signing (``blocks_signing``), because "the client will…" would
otherwise stop every note in a group with a Will in it.

The member's own names are never flagged: where a peer's name is part of the
member's own (own "Mary-Kate", peer "Mary") the longer, own match wins.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from uuid import UUID

from iopdesk.domain.calendar.sessions import load_session
from iopdesk.domain.enrollment.expected import expected_by_session
from iopdesk.domain.kernel import audit
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import ConflictError, ValidationError
from iopdesk.domain.kernel.vocab import CURRENT_ENROLLMENT
from iopdesk.domain.notes.common import (
    digest,
    load_note,
    refuse_if_locked,
    require_reader,
    require_writer,
    trail,
    write_body,
)
from iopdesk.domain.notes.drafts import SaveResult
from iopdesk.domain.notes.templates import part_fields, template_for
from iopdesk.domain.notes.views import parse_body
from iopdesk.store import transaction
from iopdesk.store.models import Attendance, Client, Enrollment, Note, Session

PEER = "a peer"
NAME, COMMON, CHART = "name", "common word", "chart number"

# First (and a few last) names that are everyday English words.
COMMON_WORD_NAMES = frozenset(
    """
    hope will may grace faith rose joy june april august summer autumn dawn eve ivy lily daisy iris
    amber ruby pearl crystal jade jasmine hazel heather holly laurel olive violet willow sage river
    brook sky sunny star destiny harmony honor liberty trinity patience prudence charity mercy
    melody misty sandy penny robin jack mark bill pat sue rich ray art frank drew guy chase hunter
    grant miles earl king major rocky bob rob nick don dean gene wade cliff dale glen heath lane
    young brown white black green gray grey long short hill wood stone field bell rice love
    """.split()
)

APOSTROPHES = "'’‘ʼ`´"
HYPHENS = "-‐‑‒"


@dataclass(frozen=True)
class Flag:
    note_id: UUID
    field: str
    start: int  # offsets into the field's text as stored
    end: int
    found: str  # the text as written there
    name: str  # the roster name (or chart number) it matches
    kind: str  # "name", "common word" or "chart number"
    client_ids: tuple[UUID, ...]  # whose name it is
    replacement: str = PEER

    @property
    def low_confidence(self) -> bool:
        return self.kind == COMMON

    @property
    def blocks_signing(self) -> bool:
        return not (self.low_confidence and self.found == self.found.lower())


@dataclass(frozen=True)
class _Term:
    name: str
    kind: str
    owners: frozenset[UUID]


def fold(text: str) -> tuple[str, list[int]]:
    """Text compared case-, accent- and punctuation-insensitively, with each character's source index."""
    out: list[str] = []
    index: list[int] = []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not space:
                out.append(" ")
                index.append(i)
            space = True
            continue
        space = False
        if ch in APOSTROPHES:
            ch = "'"
        elif ch in HYPHENS:
            ch = "-"
        for part in unicodedata.normalize("NFKD", ch):
            if unicodedata.combining(part):
                continue
            for folded in part.casefold():
                out.append(folded)
                index.append(i)
    return "".join(out), index


class NameMatcher:
    """Finds other people's names in text, ignoring the own client's."""

    def __init__(self, others: Iterable[Client], own: Client | None = None) -> None:
        terms: dict[str, _Term] = {}
        own_terms: set[str] = set()
        if own is not None:
            for folded, _name, _kind in _terms_of(own):
                own_terms.add(folded)
        for client in others:
            if own is not None and client.id == own.id:
                continue
            for folded, name, kind in _terms_of(client):
                if folded in own_terms:
                    continue
                known = terms.get(folded)
                owners = frozenset({client.id}) | (known.owners if known else frozenset())
                terms[folded] = _Term(name, kind, owners)
        self._terms = terms
        self._own = own_terms
        alternatives = sorted(set(terms) | own_terms, key=lambda t: (-len(t), t))
        self._pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in alternatives) + r")(?!\w)")
            if terms
            else None
        )

    def find(self, note_id: UUID, field: str, text: str) -> list[Flag]:
        if self._pattern is None or not text:
            return []
        folded, index = fold(text)
        flags = []
        for m in self._pattern.finditer(folded):
            term = self._terms.get(m.group(0))
            if term is None:  # the client's own name
                continue
            start, end = index[m.start()], index[m.end() - 1] + 1
            flags.append(
                Flag(note_id, field, start, end, text[start:end], term.name, term.kind,
                     tuple(sorted(term.owners, key=str)))
            )
        return flags


def _terms_of(client: Client) -> list[tuple[str, str, str]]:
    """(folded term, shown name, kind) for every way a client could be named."""
    first, last, preferred = (client.legal_first or "").strip(), (client.legal_last or "").strip(), (
        client.preferred_name or ""
    ).strip()
    names = [first, last, preferred]
    if first and last:
        names.append(f"{first} {last}")
    if preferred and last:
        names.append(f"{preferred} {last}")
    out = []
    for name in names:
        for variant in _variants(name):
            if len(variant) >= 2:
                kind = COMMON if variant in COMMON_WORD_NAMES else NAME
                out.append((variant, name, kind))
    chart = (client.chart_number or "").strip()
    if chart:
        out.append((fold(chart)[0], chart, CHART))
    return out


def _variants(name: str) -> set[str]:
    folded = fold(name)[0].strip()
    if not folded:
        return set()
    out = {folded}
    if "-" in folded:
        out.add(folded.replace("-", " "))
    if "'" in folded:
        out.add(folded.replace("'", ""))
    return out


def people_of_session(session: Session) -> set[UUID]:
    """Everyone whose name a note of this session must not carry (the own client included)."""
    people = {
        c for (c,) in Attendance.select(Attendance.client)
        .where((Attendance.session == session.id) & Attendance.retired_at.is_null()).tuples()
    }
    people |= {
        c for (c,) in Note.select(Note.client)
        .where((Note.session == session.id) & Note.client.is_null(False)).tuples()
    }
    people |= expected_by_session([session])[session.id]
    groups: set[UUID] = set()
    if session.group_id is not None:
        groups.add(session.group_id)
    elif session.client_id is not None:
        people.add(session.client_id)
        groups |= {
            g for (g,) in Enrollment.select(Enrollment.group)
            .where((Enrollment.client == session.client_id) & _current()).tuples()
        }
    if groups:
        people |= {
            c for (c,) in Enrollment.select(Enrollment.client)
            .where(Enrollment.group.in_(list(groups)) & _current()).tuples()
        }
    return people


def _current():  # type: ignore[no-untyped-def]
    return Enrollment.status.in_(CURRENT_ENROLLMENT) & Enrollment.retired_at.is_null()


def flags_for_notes(session: Session, rows: Sequence[Note]) -> dict[UUID, list[Flag]]:
    """Flags of several parts of one session (each in field order), sharing one roster lookup."""
    clients = {c.id: c for c in Client.select().where(Client.id.in_(list(people_of_session(session))))}
    out: dict[UUID, list[Flag]] = {}
    matchers: dict[UUID | None, NameMatcher] = {}
    for row in rows:
        own = row.client_id
        if own not in matchers:
            matchers[own] = NameMatcher(clients.values(), clients.get(own) if own is not None else None)
        flags = []
        for key, text in parse_body(row.body).items():
            flags += matchers[own].find(row.id, key, text)
        order = field_order(row)
        flags.sort(key=lambda f: (order.get(f.field, len(order)), f.field, f.start))
        out[row.id] = flags
    return out


def check_confidentiality(actor: Actor, note_id: UUID) -> list[Flag]:
    """Every place this part names or identifies another member, in field order."""
    row = load_note(note_id)
    require_reader(actor, row.client_id, record_id=row.id)
    return flags_for_notes(load_session(row.session_id), [row])[row.id]


def field_order(row: Note) -> dict[str, int]:
    fields = part_fields(template_for(row.note_format), row.client_id is None, parse_body(row.body))
    return {f.key: i for i, f in enumerate(fields)}


def apply_peer_replacement(
    actor: Actor, note_id: UUID, flags: Flag | Sequence[Flag], expected_version: int
) -> SaveResult:
    """Replace flagged names with "a peer" ("A peer" at the start of a sentence).

    The flags must come from a check of this version of the note; if the text
    moved since, nothing changes (ConflictError: check again).
    """
    require_writer(actor)
    chosen = [flags] if isinstance(flags, Flag) else list(flags)
    if not chosen:
        raise ValidationError("Choose at least one flagged name to replace.")
    with transaction():
        row = load_note(note_id)
        require_writer(actor, row)
        refuse_if_locked(row)
        if row.version != expected_version:
            raise ConflictError("The note changed since it was checked; check it again, then replace.")
        body = parse_body(row.body)
        by_field: dict[str, list[Flag]] = {}
        for flag in chosen:
            text = body.get(flag.field, "")
            if flag.note_id != row.id or text[flag.start : flag.end] != flag.found:
                raise ConflictError("The note changed since it was checked; check it again, then replace.")
            by_field.setdefault(flag.field, []).append(flag)
        for key, items in by_field.items():
            text = body[key]
            last_start = len(text) + 1
            for flag in sorted(items, key=lambda f: f.start, reverse=True):
                if flag.end > last_start:
                    continue  # overlaps a replacement already made
                word = flag.replacement
                if _sentence_start(text, flag.start):
                    word = word[:1].upper() + word[1:]
                text = text[: flag.start] + word + text[flag.end :]
                last_start = flag.start
            body[key] = text
        if not write_body(row, body):
            raise ConflictError("The note changed since it was checked; check it again, then replace.")
        trail(actor, audit.CHANGE, row, peer_replacements=len(chosen), body=digest(body))
    return SaveResult(True, row.id, row.version, row.updated_at)


def _sentence_start(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return not before or before[-1] in ".!?:\n"
