"""A synced record's values as a person reads them, for a sync conflict laid open (conflict_detail).

Dates as every screen writes them, times on the site's clock, coded choices by their names
("Absent (excused)", not ``absent_excused``), and the records a row points at by what people know
them by (a staff member's name, a client's chart number, a session's date). Two values that differ
but would read the same (edits a moment apart, a trailing space) are written exactly instead.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from uuid import UUID

from peewee import Field, ForeignKeyField, Model

from iopdesk.domain.kernel import clock, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.declared_settings import DECLARED
from iopdesk.domain.kernel.display import day_text
from iopdesk.domain.sync.rows import State, decode
from iopdesk.store.models import Client, Session, Site, Staff, TherapyGroup

LABELS = {
    "id": "Record id",
    "origin_site_id": "Made at site",
    "created_at": "Created",
    "updated_at": "Last changed",
    "version": "Edits (version)",
    "retired_at": "Retired",
    "search_text": "Search text (from the name)",
    "date_of_birth": "Date of birth",
    "password_hash": "Password",
}

# What each synced table holds, as the list of conflicts names it (a person settles "an attendance
# mark", not a row of ``attendance``). A table missing here reads by its name (kind_of).
RECORD_KINDS = {
    "site": "Site",
    "staff": "Staff account",
    "client": "Client",
    "therapy_group": "Group",
    "group_schedule": "Group schedule",
    "group_facilitator": "Group facilitator",
    "enrollment": "Enrollment",
    "keep_apart": "Keep apart",
    "holiday": "Holiday",
    "session": "Session",
    "family_member": "Family member at a session",
    "attendance": "Attendance mark",
    "attendance_change": "Attendance history",
    "note": "Session note",
    "note_addendum": "Note addendum",
    "note_conflict": "Note conflict",
    "sync_conflict": "Sync conflict",
    "care_screening": "Screening",
    "care_episode": "Episode of care",
    "care_admission_change": "Admission terms change",
    "care_team_member": "Treatment team member",
    "care_plan": "Treatment plan",
    "care_plan_review": "Plan review",
    "care_discharge": "Discharge",
    "measure_result": "Measure (instrument)",
    "measure_safety_alert": "Safety alert",
    "measure_detox": "Detox episode",
    "measure_detox_observation": "Detox rating",
    "measure_drug_screen": "Drug screen",
    "measure_drug_screen_result": "Drug screen result",
    "note_template": "Note format (the clinic's template)",
    "snippet": "Note snippet",
    "clinic_setting": "Clinic setting",
}


def kind_of(table: str) -> str:
    """What a synced table's record is, for a person: "attendance" -> "Attendance mark"."""
    return RECORD_KINDS.get(table) or label_of(table)


def record_words(table: str, state: State | None) -> str:
    """What one record is, for a person: its kind, and for a clinic setting which one by its title
    ("Clinic setting: 42 CFR Part 2 notice on disclosures"), never its key."""
    kind = kind_of(table)
    if table == "clinic_setting" and state is not None and state.get("key"):
        return f"{kind}: {setting_title(str(state['key']))}"
    return kind


def setting_title(key: str) -> str:
    """A clinic setting's title; one this version does not declare (a newer version's) reads from
    its key in words."""
    declared = DECLARED.get(key)
    return declared.title if declared is not None else label_of(key)


# Columns holding a code from the clinic's vocabulary: shown by its name.
CHOICES: dict[tuple[str, str], dict[Any, str]] = {
    ("staff", "role"): vocab.ROLES,
    ("client", "status"): vocab.CLIENT_STATUSES,
    ("client", "population"): vocab.POPULATIONS,
    ("therapy_group", "kind"): vocab.GROUP_KINDS,
    ("therapy_group", "enrollment_mode"): vocab.ENROLLMENT_MODES,
    ("therapy_group", "participation"): vocab.PARTICIPATION,
    ("therapy_group", "population"): vocab.POPULATIONS,
    ("enrollment", "status"): vocab.ENROLLMENT_STATUSES,
    ("enrollment", "end_reason"): vocab.END_REASONS,
    ("keep_apart", "reason"): vocab.KEEP_APART_REASONS,
    ("session", "kind"): vocab.SESSION_KINDS,
    ("session", "status"): vocab.SESSION_STATUSES,
    ("session", "modality"): vocab.MODALITIES,
    ("attendance", "status"): {code: label for code, (label, _key) in vocab.ATTENDANCE_STATUSES.items()},
    ("note", "status"): vocab.NOTE_STATUSES,
    ("note", "note_format"): vocab.NOTE_FORMATS,
}


def column_label(table: str, column: str) -> str:
    """A column's name for a person, where a table names it its own way (a clinic setting's key is
    "Setting")."""
    if table == "clinic_setting" and column in SETTING_LABELS:
        return SETTING_LABELS[column]
    return label_of(column)


def label_of(column: str) -> str:
    """A column's name for a person: "primary_counselor_id" -> "Primary counselor"."""
    if column in LABELS:
        return LABELS[column]
    words = column.removesuffix("_id").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


class Texts:
    """The values of one table's rows as text (the records they point at read once, together)."""

    NAMED: dict[type[Model], Any] = {
        Staff: Staff.display_name,
        Site: Site.name,
        Client: Client.chart_number,
        TherapyGroup: TherapyGroup.name,
        Session: Session.date,  # "Session: Mar 10, 2025" says more than its id
    }

    def __init__(self, actor: Actor, table: str, fields: dict[str, Field], states: list[State]) -> None:
        self.table = table
        self.fields = fields
        self.zone = clock.site_zone(actor.site_id)
        self.names: dict[tuple[type[Model], UUID], str] = {}
        wanted: dict[type[Model], set[UUID]] = {}
        for name, field in fields.items():
            if isinstance(field, ForeignKeyField) and field.rel_model in self.NAMED:
                for state in states:
                    if state.get(name):
                        wanted.setdefault(field.rel_model, set()).add(UUID(str(state[name])))
        for model, ids in wanted.items():
            primary: Field = model._meta.primary_key  # type: ignore[assignment]  # each NAMED has one
            query = model.select(primary, self.NAMED[model]).where(primary.in_(sorted(ids))).tuples()
            self.names.update({(model, key): self._named(named) for key, named in query})

    @staticmethod
    def _named(value: Any) -> str:
        return day_text(value) if isinstance(value, dt.date) else str(value or "")

    def of(self, column: str, value: Any, *, exact: bool = False) -> str:
        """``exact``: for two values that differ but would read the same (edits a moment apart, a
        trailing space), to the microsecond, or as stored between quotes."""
        if value is None or (value == "" and not exact):
            return "—"  # nothing there: a blank cell would read as something left out
        field = self.fields.get(column)
        if field is None:
            return str(value)  # a column this version does not know: as stored
        try:
            value = decode(field, value)
        except (TypeError, ValueError):
            return str(value)
        if isinstance(field, ForeignKeyField):
            return self.names.get((field.rel_model, value)) or value.hex
        if isinstance(value, UUID):
            return value.hex
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, dt.datetime):
            local = value.replace(tzinfo=dt.UTC).astimezone(self.zone)
            return f"{day_text(local.date())} {_clock(local.time(), seconds=True, exact=exact)}"
        if exact:
            return json.dumps(value, ensure_ascii=False, default=str)
        if self.table == "clinic_setting":
            return _setting_text(column, value)
        choices = CHOICES.get((self.table, column))
        if choices is not None and value in choices:
            return choices[value]
        if isinstance(value, str) and value.startswith("{"):
            return _sections(value)
        if isinstance(value, dt.date):
            return day_text(value)
        if isinstance(value, dt.time):
            return _clock(value)
        return str(value)


# A clinic setting's row as a person reads it: the setting by its title, the value as set.
SETTING_LABELS = {"key": "Setting", "value": "Value"}


def _setting_text(column: str, value: Any) -> str:
    if column == "key":
        return setting_title(str(value))
    if column != "value" or not isinstance(value, str):
        return str(value)
    try:
        parsed = json.loads(value)
    except ValueError:
        return value
    if isinstance(parsed, list):  # levels of care, intake criteria, the instrument schedule: a line each
        return (
            "\n".join(
                " – ".join(str(v) for v in item.values()) if isinstance(item, dict) else str(item)
                for item in parsed
            )
            or "(none)"
        )
    return parsed if isinstance(parsed, str) else json.dumps(parsed, ensure_ascii=False)


def _sections(text: str) -> str:
    """A note's body, a screening's answers (JSON of named parts) as the parts that hold something,
    one a line: "Data: …"; any other text as it is."""
    try:
        parts = json.loads(text)
    except ValueError:
        return text
    if not isinstance(parts, dict):
        return text
    lines = [
        f"{label_of(str(key))}: {value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)}"
        for key, value in parts.items()
        if value not in (None, "", [], {})
    ]
    return "\n".join(lines) if lines else "(empty)"


def _clock(value: dt.time, *, seconds: bool = False, exact: bool = False) -> str:
    """9:05 am, as the screens write a time; with seconds (and their fraction) where two edits a
    moment apart differ."""
    hour = value.hour % 12 or 12
    second = f":{value.second:02d}" if seconds else ""
    if exact:
        second += f".{value.microsecond:06d}"
    return f"{hour}:{value.minute:02d}{second} {'am' if value.hour < 12 else 'pm'}"
