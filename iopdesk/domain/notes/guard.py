"""The confidentiality guard: a member's part must not name or identify another client.

Every client of the program is checked, not only the session's members: the
people at the session, the group's current members and those who left it in
the last RECENT_DAYS come first (they are "near"), then members of other groups,
then every other client. Names are found by dictionary lookup in one index of
all clients (guard_names.py: names, nicknames, initials, chart numbers; every
dash, apostrophe and accent form), and each match is judged by how the words
are used (guard_rules.py, whose docstring lists the rules): a flag either
blocks signing or is a warning (low confidence) shown to the writer.

The shared part of a group note is checked against everyone; a member's part
never flags that member's own names. Flags come in text order (field order,
then position: the screen walks them in that order), each naming its closest
owner first (``client_ids``, ``tier``). The index is kept between checks and
built again whenever the clients' names as read (one query) differ in any way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
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
    require_note_reader,
    require_writer,
    trail,
    write_body,
)
from iopdesk.domain.notes.drafts import SaveResult
from iopdesk.domain.notes.guard_names import (
    CHART,
    CLIENT,
    COMMON,
    GROUP,
    INITIALS,
    NAME,
    NICKNAME,
    PROGRAM,
    RECENT,
    SESSION,
    NameIndex,
    Person,
    fold,
)
from iopdesk.domain.notes.guard_rules import PEER, Flag, find_flags
from iopdesk.domain.notes.templates import TemplateDef, part_fields, template_for
from iopdesk.domain.notes.views import parse_body
from iopdesk.store import current, transaction
from iopdesk.store.models import Attendance, Client, Enrollment, Note, Session

__all__ = [
    "CHART", "COMMON", "INITIALS", "NAME", "NICKNAME", "PEER", "Flag", "apply_peer_replacement",
    "check_confidentiality", "flags_for_notes", "fold", "name_index", "session_tiers",
]  # fmt: skip

RECENT_DAYS = 90  # a member who left the group this many days before the session is still "near"

_cache: tuple[tuple[tuple[object, ...], ...], NameIndex, dict[str, UUID]] | None = None


def name_index() -> NameIndex:
    """Every client's names, from one query; rebuilt only when a name or chart number changed."""
    return _index_and_ids()[0]


def _index_and_ids() -> tuple[NameIndex, dict[str, UUID]]:
    global _cache
    query = Client.select(
        Client.id, Client.legal_first, Client.legal_last, Client.preferred_name, Client.chart_number
    ).where(Client.retired_at.is_null())
    # The cursor's own values (ids as stored text): 2,500 rows compare with the cached ones in
    # C, and ids become UUIDs only when the index is built again.
    rows = tuple(current().execute(query).fetchall())
    if _cache is not None and _cache[0] == rows:
        return _cache[1], _cache[2]
    ids = {raw: UUID(str(raw)) for raw, *_names in rows}
    index = NameIndex(
        Person(ids[raw], first or "", last or "", pref or "", chart or "")
        for raw, first, last, pref, chart in rows
    )
    _cache = (rows, index, ids)
    return index, ids


def session_tiers(session: Session, ids: dict[str, UUID] | None = None) -> dict[UUID, int]:
    """How close each client is to this session (clients not listed: CLIENT, the farthest).

    ``ids``: stored id text -> UUID for the clients known (saves converting thousands of ids).
    """
    known = ids or {}
    tiers: dict[UUID, int] = {}
    groups: set[str] = set()
    if session.group_id is not None:
        groups.add(Enrollment.group.db_value(session.group_id))
    cutoff = session.date - dt.timedelta(days=RECENT_DAYS)
    query = Enrollment.select(Enrollment.client, Enrollment.group, Enrollment.status).where(
        Enrollment.retired_at.is_null()
        & (Enrollment.status.in_((*CURRENT_ENROLLMENT, "wait_listed")) | (Enrollment.end_date >= cutoff))
    )
    # Ids as the cursor gives them, as in _index_and_ids: SQLite's stored hex text; a PostgreSQL
    # server's UUIDs, whose group and client are compared as hex text here like SQLite's.
    enrollments = [
        (c, g.hex if isinstance(g, UUID) else g, s) for c, g, s in current().execute(query).fetchall()
    ]
    if session.client_id is not None and not groups:
        own = Enrollment.client.db_value(session.client_id)
        groups |= {g for c, g, s in enrollments if _hex(c) == own and s in CURRENT_ENROLLMENT}

    def closer(client: UUID, tier: int) -> None:
        if tier < tiers.get(client, CLIENT):
            tiers[client] = tier

    for raw, group, status in enrollments:
        client = known.get(raw) or UUID(str(raw))
        if group in groups:
            closer(client, GROUP if status in CURRENT_ENROLLMENT else PROGRAM if status == "wait_listed"
                   else RECENT)
        else:
            closer(client, PROGRAM)
    for client in _people_at(session):
        closer(client, SESSION)
    return tiers


def _hex(raw: object) -> object:
    return raw.hex if isinstance(raw, UUID) else raw


def _people_at(session: Session) -> set[UUID]:
    """Everyone attending, expected, or with a part in this session's note (the own client included)."""
    people = {
        c for (c,) in Attendance.select(Attendance.client)
        .where((Attendance.session == session.id) & Attendance.retired_at.is_null()).tuples()
    }
    people |= {
        c for (c,) in Note.select(Note.client)
        .where((Note.session == session.id) & Note.client.is_null(False)).tuples()
    }
    people |= expected_by_session([session])[session.id]
    if session.client_id is not None:
        people.add(session.client_id)
    return people


def flags_for_notes(session: Session, rows: Sequence[Note]) -> dict[UUID, list[Flag]]:
    """Flags of several parts of one session (each in field order), sharing one index and one tier map."""
    index, ids = _index_and_ids()
    tiers = session_tiers(session, ids)
    templates: dict[str, TemplateDef] = {}
    out: dict[UUID, list[Flag]] = {}
    for row in rows:
        flags = []
        for key, text in parse_body(row.body).items():
            flags += find_flags(index, tiers, row.id, key, text, row.client_id)
        if row.note_format not in templates:
            templates[row.note_format] = template_for(row.note_format)
        order = field_order(row, templates[row.note_format])
        flags.sort(key=lambda f: (order.get(f.field, len(order)), f.field, f.start))
        out[row.id] = flags
    return out


def check_confidentiality(actor: Actor, note_id: UUID) -> list[Flag]:
    """Every place this part names or identifies another client, in field order."""
    row = load_note(note_id)
    require_note_reader(actor, row)
    return flags_for_notes(load_session(row.session_id), [row])[row.id]


def field_order(row: Note, template: TemplateDef | None = None) -> dict[str, int]:
    template = template or template_for(row.note_format)
    fields = part_fields(template, row.client_id is None, parse_body(row.body))
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
