"""The audit trail in words: what was done, to which record, and what changed, for a person.

The trail stores keys and ids ("sign", "note", "374d5cf8-…", {"content_hash": …});
the audit view used to show them cut off. Here each entry becomes "Co-signed
note" (a co-signature is stored as a signature with ``cosigned``), "note on
Relapse Prevention, Mar 3, 2026", "status: draft → signed". Ids are resolved to
names in a few queries for a whole page of entries; digests and hashes stay out
of the words (the raw entry is still there, for the tooltip and the CSV).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any
from uuid import UUID

from peewee import JOIN, chunked

from iopdesk.domain.clients.clients import display_name
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.display import day_text
from iopdesk.domain.kernel.permissions import WHAT
from iopdesk.store.models import Attendance, Client, Note, Session, Staff, TherapyGroup

THINGS = {
    "client": "client record",
    "note": "note",
    "session": "session",
    "attendance": "attendance",
    "enrollment": "enrollment",
    "therapy_group": "group",
    "staff": "staff account",
    "holiday": "holiday",
    "keep_apart": "keep-apart note",
    "setting": "setting",
    "report": "report",
    "roster": "roster",
    "audit_trail": "audit trail",
    "database": "database",
    "recovery_key": "recovery key",
    "family_member": "family member",
}
SIMPLE = {
    "sign_in.failure": "Sign-in refused",
    "sign_out": "Signed out",
    "screen.lock": "Screen locked",
    "lock": "Account locked",
    "unlock": "Account unlocked",
    "addendum": "Added an addendum",
    "import": "Imported a roster",
    "backup": "Backed up the database",
    "restore": "Restored the database",
}
CREATED = {
    "client": "Added client",
    "attendance": "Recorded attendance",
    "session": "Scheduled session",
    "note": "Started note",
    "therapy_group": "Set up group",
    "enrollment": "Enrolled in group",
    "holiday": "Added holiday",
    "keep_apart": "Added keep-apart note",
    "staff": "Added staff account",
}
# What never reads as words: fingerprints, and counters only the program uses.
HIDDEN_KEYS = frozenset({"content_hash", "hash", "username_sha256", "version", "tag"})
# A flag that is simply on reads as a phrase ("opened the encrypted database"), not "unlocked: yes".
FLAG_WORDS = {
    "unlocked": "opened the encrypted database",
    "resumed": "after the screen lock",
    "cosigned": "co-signature",
}
KEY_WORDS = {
    "start": "from",
    "end": "to",
    "entries": "entries listed",
    "waitlist_position": "place in line",
    "minutes_attended": "minutes",
    "arrived_at": "arrived",
    "departed_at": "departed",
    "legal_first": "first name",
    "legal_last": "last name",
    "date_of_birth": "date of birth",
    "facilitator_ids": "facilitators",
}
_UUID = re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$", re.IGNORECASE)
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def what_text(action: str, record_type: str, changes: Mapping[str, Any]) -> str:
    """The action in words: "Co-signed note", "Signed in", "Refused: …"."""
    thing = THINGS.get(record_type, record_type.replace("_", " ") or "record")
    if action == "sign_in.success":
        if changes.get("resumed"):
            return "Unlocked the screen"
        return "Signed in"
    if action in SIMPLE:
        return SIMPLE[action]
    if action == "sign":
        return "Co-signed note" if changes.get("cosigned") else "Signed note"
    if action == "view":
        return {
            "audit_trail": "Looked at the audit trail",
            "note": "Read note",
            "client": "Opened client record",
            "session": "Opened attendance",
        }.get(record_type, f"Viewed {thing}")
    if action == "create":
        if record_type == "enrollment" and _new_value(changes, "status") == "wait_listed":
            return "Put on wait list"
        return CREATED.get(record_type, f"Added {thing}")
    if action == "change":
        status = _new_value(changes, "status")
        if record_type == "session" and status in ("cancelled", "scheduled") and "status" in changes:
            return "Cancelled session" if status == "cancelled" else "Reinstated session"
        if record_type == "staff" and "password" in changes:
            return "Changed password"
        return f"Changed {thing}"
    if action in ("print", "export"):
        return f"{'Printed' if action == 'print' else 'Exported'} {thing}"
    if action == "permission.denied":
        refused = WHAT.get(str(changes.get("action", "")), "do that")
        return f"Refused: {refused}"
    return action.replace("_", " ").replace(".", " ").capitalize()


def _new_value(changes: Mapping[str, Any], key: str) -> Any:
    value = changes.get(key)
    return value[1] if isinstance(value, list) and len(value) == 2 else value


class Names:
    """Ids the page's entries mention, resolved to what a person recognises (a few queries a page)."""

    def __init__(self, ids: Iterable[UUID], *, clients_by_name: bool) -> None:
        wanted = list(set(ids))
        self.text: dict[UUID, str] = {}
        self.sessions: dict[UUID, str] = {}
        for batch in chunked(wanted, 500):
            for s in Staff.select(Staff.id, Staff.display_name).where(Staff.id.in_(batch)):
                self.text[s.id] = s.display_name
            groups = TherapyGroup.select(TherapyGroup.id, TherapyGroup.name)
            for g in groups.where(TherapyGroup.id.in_(batch)):
                self.text[g.id] = g.name
            for c in Client.select(
                Client.id, Client.chart_number, Client.legal_first, Client.legal_last, Client.preferred_name
            ).where(Client.id.in_(batch)):
                name = display_name(c.legal_first, c.legal_last, c.preferred_name)
                self.text[c.id] = f"{name} ({c.chart_number})" if clients_by_name else c.chart_number
            self._sessions(batch)

    def _sessions(self, batch: list[UUID]) -> None:
        notes = {n.id: n.session_id for n in Note.select(Note.id, Note.session).where(Note.id.in_(batch))}
        marks = Attendance.select(Attendance.id, Attendance.session).where(Attendance.id.in_(batch))
        notes.update({a.id: a.session_id for a in marks})  # a mark is named by its session, as a note is
        ids = set(batch) | set(notes.values())
        for session_id, day, kind, group_name in (
            Session.select(Session.id, Session.date, Session.kind, TherapyGroup.name)
            .join(TherapyGroup, JOIN.LEFT_OUTER, on=(Session.group == TherapyGroup.id))
            .where(Session.id.in_(list(ids)))
            .tuples()
        ):
            title = group_name or f"{kind} session"
            self.sessions[session_id] = f"{title}, {day_text(day)}"
        for note_id, session_id in notes.items():
            if session_id in self.sessions:
                self.sessions[note_id] = self.sessions[session_id]

    def of(self, value: object) -> str | None:
        key = as_uuid(value)
        if key is None:
            return None
        return self.text.get(key) or self.sessions.get(key)


def as_uuid(value: object) -> UUID | None:
    if isinstance(value, UUID):
        return value
    if isinstance(value, str) and _UUID.match(value.strip()):
        return UUID(value.strip())
    return None


def ids_in(record_id: str, changes: Mapping[str, Any]) -> set[UUID]:
    """Every id an entry mentions: its record, and ids among the values of its changes."""
    found = {u for u in (as_uuid(record_id),) if u is not None}

    def walk(value: Any) -> None:
        if isinstance(value, Mapping):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif (u := as_uuid(value)) is not None:
            found.add(u)

    walk(dict(changes))
    return found


def record_text(record_type: str, record_id: str, staff_id: UUID | None, names: Names) -> str:
    """Which record, in words: "note on Relapse Prevention, Mar 3, 2026", "staff account: Dana Co"."""
    if not record_type:
        return ""
    thing = THINGS.get(record_type, record_type.replace("_", " "))
    subject = as_uuid(record_id)
    if record_type == "staff" and subject is not None and subject == staff_id:
        return "own account"
    if record_type == "client":
        return thing  # the client is in the entry's own Client column
    if record_type in ("note", "session", "attendance") and subject is not None:
        session = names.sessions.get(subject)
        if session is None:
            return thing
        return f"note on {session}" if record_type == "note" else session
    named = names.of(record_id)
    if named:
        return f"{thing}: {named}"
    if record_id and subject is None:
        return f"{thing}: {record_id.replace('_', ' ')}"
    return thing


def _status_words(record_type: str) -> Mapping[str, str]:
    """The vocabulary a record's ``status`` is written in, so "absent_excused" reads "Absent (excused)"."""
    if record_type == "attendance":
        return {key: word for key, (word, _letter) in vocab.ATTENDANCE_STATUSES.items()}
    return {
        "enrollment": vocab.ENROLLMENT_STATUSES,
        "client": vocab.CLIENT_STATUSES,
        "session": vocab.SESSION_STATUSES,
        "note": vocab.NOTE_STATUSES,
    }.get(record_type, {})


def details_text(changes: Mapping[str, Any], names: Names, record_type: str = "") -> str:
    """ "status: draft → signed; place in line: 2"; fingerprints left out, ids named, ISO dates read."""
    parts = []
    for key, value in changes.items():
        if key in HIDDEN_KEYS or key == "action":
            continue
        if value is True and key in FLAG_WORDS:
            parts.append(FLAG_WORDS[key])
            continue
        label = KEY_WORDS.get(key, key.removesuffix("_id").replace("_", " "))
        if key == "status":
            words = _status_words(record_type)
            value = [words.get(v, v) for v in value] if isinstance(value, list) else words.get(value, value)
        if isinstance(value, list) and len(value) == 2 and not _is_name_list(key):
            old, new = (_words(v, names) for v in value)
            parts.append(f"{label}: {new}" if value[0] is None else f"{label}: {old} → {new}")
        else:
            parts.append(f"{label}: {_words(value, names)}")
    return "; ".join(p for p in parts if p)


def _is_name_list(key: str) -> bool:
    return key.endswith("_ids")


def _words(value: Any, names: Names) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Mapping):
        if "sha256" in value:
            length = value.get("length")
            return f"text of {length} characters" if isinstance(length, int) else "text"
        return ", ".join(f"{k}: {_words(v, names)}" for k, v in value.items() if k not in HIDDEN_KEYS)
    if isinstance(value, list):
        return ", ".join(_words(v, names) for v in value) or "—"
    if isinstance(value, str):
        if as_uuid(value) is not None:
            return names.of(value) or "another record"
        if _ISO_DAY.match(value):
            return day_text(dt.date.fromisoformat(value))
        if len(value) > 19 and value[:10].count("-") == 2 and "T" in value:
            try:
                return day_text(dt.datetime.fromisoformat(value).date())
            except ValueError:
                return value
    return str(value)
