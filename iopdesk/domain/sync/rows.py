"""Which tables travel between places, and a row as a plain state (column -> JSON value).

A state is the same text at every place for the same row (ids as 32 hex digits, times ISO with
microseconds), so its SHA-256 tells two places whether they hold the same version. Columns that
belong to one machine only (sign-in attempts and locks) are left out, and kept where they are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any
from uuid import UUID

from peewee import (
    BooleanField,
    DateField,
    DateTimeField,
    Field,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TimeField,
    UUIDField,
)

from iopdesk.store.care_models import (
    AdmissionChange,
    CareEpisode,
    Discharge,
    PlanReview,
    PlanVersion,
    Screening,
    TeamMember,
)
from iopdesk.store.measures_models import (
    DetoxEpisode,
    DetoxObservation,
    DrugScreen,
    DrugScreenResult,
    MeasureResult,
    SafetyAlert,
)
from iopdesk.store.models import (
    Attendance,
    AttendanceChange,
    Client,
    ClinicSetting,
    Enrollment,
    FamilyMember,
    GroupFacilitator,
    GroupSchedule,
    Holiday,
    KeepApart,
    Note,
    NoteAddendum,
    NoteConflict,
    NoteTemplate,
    Session,
    Site,
    Snippet,
    Staff,
    TherapyGroup,
)
from iopdesk.store.sync_models import SyncConflict

State = dict[str, Any]

# Parents before children: a change set is applied in this order. Migrations 0010 (roster,
# attendance, notes), 0011 (treatment records, measures), 0012 (group facilitator links), 0013
# (the clinic's note templates and snippets) and 0014 (the clinic's settings) put their capture
# triggers on exactly these tables, in this order (tests/domain/sync checks the lists agree). A
# facilitator link points only at a group and a staff member, a snippet only at its owner (staff),
# all long applied by then; a template and a setting at nothing. The ``setting`` table (this
# database's own device id, sync marks, audit head, …) is not here: it never travels.
SYNCED: tuple[type[Model], ...] = (
    Site,
    Staff,
    Client,
    TherapyGroup,
    GroupSchedule,
    Enrollment,
    KeepApart,
    Holiday,
    Session,
    FamilyMember,
    Attendance,
    AttendanceChange,
    Note,
    NoteAddendum,
    NoteConflict,
    SyncConflict,
    Screening,
    CareEpisode,
    AdmissionChange,
    TeamMember,
    PlanVersion,
    PlanReview,
    Discharge,
    MeasureResult,
    SafetyAlert,
    DetoxEpisode,
    DetoxObservation,
    DrugScreen,
    DrugScreenResult,
    GroupFacilitator,
    NoteTemplate,
    Snippet,
    ClinicSetting,
)
BY_TABLE: dict[str, type[Model]] = {m._meta.table_name: m for m in SYNCED}
ORDER: dict[str, int] = {name: i for i, name in enumerate(BY_TABLE)}

# Per machine, never sent: failed sign-ins and locks are the business of the place they happened.
LOCAL_ONLY: dict[str, frozenset[str]] = {"staff": frozenset({"failed_attempts", "locked_until"})}


def fields_of(model: type[Model]) -> list[Field]:
    local = LOCAL_ONLY.get(model._meta.table_name, frozenset())
    return [f for f in model._meta.sorted_fields if f.column_name not in local]


def row_key(value: Any) -> str:
    """A row id as sync_change/sync_row keep it: 32 hex digits (PostgreSQL's trigger writes dashes)."""
    return value.hex if isinstance(value, UUID) else UUID(str(value)).hex


def encode(field: Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, UUID):
        return value.hex
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def decode(field: Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(field, ForeignKeyField) or isinstance(field, UUIDField):
        return UUID(str(value))
    if isinstance(field, DateTimeField):
        return dt.datetime.fromisoformat(value)
    if isinstance(field, DateField):
        return dt.date.fromisoformat(value)
    if isinstance(field, TimeField):
        return dt.time.fromisoformat(value)
    if isinstance(field, BooleanField):
        return bool(value)
    if isinstance(field, IntegerField):
        return int(value)
    if isinstance(field, FloatField):
        return float(value)
    return value


def read_state(table: str, row_id: str) -> State | None:
    """The row's state, or None when there is no such row."""
    model = BY_TABLE[table]
    row = model.get_or_none(model._meta.primary_key == UUID(row_id))
    return None if row is None else state_of(row)


def state_of(row: Model) -> State:
    return {f.column_name: encode(f, row.__data__.get(f.name)) for f in fields_of(type(row))}


def state_hash(state: State) -> str:
    text = json.dumps(state, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_state(table: str, state: State, *, exists: bool) -> None:
    """Make the row hold ``state`` (inside the caller's transaction)."""
    model = BY_TABLE[table]
    primary: Field = model._meta.primary_key  # type: ignore[assignment]  # every synced table has one
    values = _values(_columns(model), state)
    key = values.pop(primary.name)
    if exists:
        model.update(**values).where(primary == key).execute()
    else:
        model.insert(**{primary.name: key, **values}).execute()


# Bound values in one statement: SQLite takes 32,766 since 3.32 (the SQLCipher and Python builds
# IOPdesk runs on are later), PostgreSQL 65,535; well under both, and a batch's rows still fit.
PARAMETERS = 10_000


def insert_states(table: str, states: list[State]) -> None:
    """Insert new rows holding ``states`` as ``write_state`` would one by one, in few statements.

    peewee takes one insert's columns from its first row (the rest get defaults): rows that name
    other columns (a change set made by another version) go in statements of their own."""
    model = BY_TABLE[table]
    by_column = _columns(model)
    primary: Field = model._meta.primary_key  # type: ignore[assignment]  # every synced table has one
    rows = [_values(by_column, state) for state in states]
    for values in rows:
        if primary.name not in values:
            raise KeyError(primary.name)  # as write_state: a state without its id is no row
    start = 0
    while start < len(rows):
        columns = rows[start].keys()
        most = max(1, PARAMETERS // len(columns))
        end = start + 1
        while end < min(len(rows), start + most) and rows[end].keys() == columns:
            end += 1
        model.insert_many(rows[start:end]).execute()
        start = end


def _columns(model: type[Model]) -> dict[str, Field]:
    return {f.column_name: f for f in fields_of(model)}


def _values(by_column: dict[str, Field], state: State) -> dict[str, Any]:
    """Field name -> value as the database takes it, for the columns of ``state`` the table has."""
    return {by_column[c].name: decode(by_column[c], v) for c, v in state.items() if c in by_column}


def client_of(table: str, state: State) -> str | None:
    """The client a row is about (for showing a conflict), as 32 hex digits."""
    if table == "client":
        return str(state["id"])
    value = state.get("client_id")
    return str(value) if value else None
