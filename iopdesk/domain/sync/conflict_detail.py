"""One sync conflict laid open: for each column of its record, what is kept here and what lost.

What the administrator settling a conflict needs to judge it. "Kept" is the record as this database
holds it now: it may have changed again since the merge, or be gone, or never have been added here
(a record refused because it collided with one made here keeps an empty winner). The losing state is
the JSON sync stored, read with sync's own encoding (``rows``), so a value compares here exactly as
the merge compared it.

Who sees which values follows the rest of the program, not only SYNC_RUN: a note, a treatment
record or a measure is shown to an administrator only as the chart and the notes screens would show
it (``permissions.can`` for NOTE_READ, CARE_READ, MEASURE_READ about that client); otherwise the
values are withheld and only the column names and whether they differ are given. Rosters, schedules,
attendance and accounts are shown as their own screens show them to an administrator; a table that
travels but is in neither list is withheld until someone decides. Password hashes and stored copies
of other records are never shown. Opening a conflict about a client is a reading of their record and
lands in each such client's audit trail (both of a keep-apart pair; the client of the note, session
or attendance an addendum, family member or attendance change belongs to).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from uuid import UUID

from peewee import Field

from iopdesk.domain.kernel import audit, permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import NotFound
from iopdesk.domain.notes.common import SHARED_REFUSED, may_read_shared
from iopdesk.domain.sync.conflict_texts import Texts, column_label
from iopdesk.domain.sync.rows import BY_TABLE, State, fields_of, read_state, state_hash
from iopdesk.store import transaction
from iopdesk.store.models import Attendance, Client, Note, Session
from iopdesk.store.sync_models import SyncConflict

log = logging.getLogger(__name__)

# Why a value is not given (the screen words it).
WITHHELD = "withheld"  # the actor may not read this client's records of this kind
SECRET = "secret"  # never shown to anyone: a password hash, another record's stored copy

# Where the record stands here now, against the state that won the merge.
KEPT_SAME = "same"  # as it was when the merge kept it
KEPT_CHANGED = "changed"  # changed here since the merge
KEPT_GONE = "gone"  # kept at the merge, no longer here
KEPT_REFUSED = "refused"  # never added here: it collided with a record made here

# The permission that reads each clinical table's records, as its own screens ask it (client
# scoped). Every other synced table is roster, schedule or account data an administrator already
# sees on its screens (ROSTER_TABLES); a table in neither list is withheld until someone decides.
CLINICAL_TABLES: dict[str, str] = {
    "note": permissions.NOTE_READ,
    "note_addendum": permissions.NOTE_READ,
    "note_conflict": permissions.NOTE_READ,
    "care_screening": permissions.CARE_READ,
    "care_episode": permissions.CARE_READ,
    "care_admission_change": permissions.CARE_READ,
    "care_team_member": permissions.CARE_READ,
    "care_plan": permissions.CARE_READ,
    "care_plan_review": permissions.CARE_READ,
    "care_discharge": permissions.CARE_READ,
    "measure_result": permissions.MEASURE_READ,
    "measure_safety_alert": permissions.MEASURE_READ,
    "measure_detox": permissions.MEASURE_READ,
    "measure_detox_observation": permissions.MEASURE_READ,
    "measure_drug_screen": permissions.MEASURE_READ,
    "measure_drug_screen_result": permissions.MEASURE_READ,
}
ROSTER_TABLES = frozenset(
    {
        "site",
        "staff",
        "client",
        "therapy_group",
        "group_schedule",
        "enrollment",
        "keep_apart",
        "holiday",
        "session",
        "family_member",
        "attendance",
        "attendance_change",
        "sync_conflict",
        "group_facilitator",
        # The clinic's writing aids: which fields a note format offers, reusable text. No record
        # about a client: shown, except a counselor's own snippets (PERSONAL_TABLES).
        "note_template",
        "snippet",
        # The clinic's settings: no record about a client; an administrator changes them.
        "clinic_setting",
    }
)
# Rows that belong to one staff member, read by them alone on their own screens (the snippets
# dialog shows a counselor only their own): the column naming the owner (NULL: the clinic's).
PERSONAL_TABLES: dict[str, str] = {"snippet": "owner_id"}
# The columns naming the client(s) a row is about, where it is not ``client_id``.
CLIENT_COLUMNS: dict[str, tuple[str, ...]] = {"client": ("id",), "keep_apart": ("client_a_id", "client_b_id")}
# Rows that name their client only through the row they belong to: (the column pointing at it, that
# row's id and client).
CLIENT_BY_PARENT: dict[str, tuple[str, Field, Field]] = {
    "note_addendum": ("note_id", Note.id, Note.client),
    "note_conflict": ("note_id", Note.id, Note.client),
    "family_member": ("session_id", Session.id, Session.client),
    "attendance_change": ("attendance_id", Attendance.id, Attendance.client),
}

# Never a value on screen, whoever asks.
SECRET_COLUMNS = frozenset({("staff", "password_hash"), ("sync_conflict", "lost")})

# What every row carries to travel and be merged: shown even when the rest is withheld, and
# listed after the columns that say what the record is about.
BOOKKEEPING = frozenset(
    {"id", "origin_site_id", "created_at", "updated_at", "version", "retired_at", "search_text"}
)
SHOWN_WHEN_WITHHELD = BOOKKEEPING | {"client_id"}


@dataclass(frozen=True)
class ColumnDiff:
    column: str  # the database's name for it
    label: str
    kept: str | None  # None: no record here, or ``hidden``
    lost: str | None  # None: ``hidden``
    differs: bool
    hidden: str = ""  # "", WITHHELD or SECRET
    bookkeeping: bool = False


@dataclass(frozen=True)
class ConflictDetail:
    id: UUID
    table: str
    row_id: str
    client_id: UUID | None
    client_chart: str
    created_at: dt.datetime | None
    resolved_at: dt.datetime | None
    kept_status: str  # KEPT_SAME, KEPT_CHANGED, KEPT_GONE or KEPT_REFUSED
    columns: tuple[ColumnDiff, ...]
    withheld_because: str = ""  # why values are withheld, for the person ("" when none are)

    @property
    def kept_exists(self) -> bool:
        return self.kept_status in (KEPT_SAME, KEPT_CHANGED)

    @property
    def differing(self) -> tuple[ColumnDiff, ...]:
        return tuple(c for c in self.columns if c.differs)


def conflict_detail(actor: Actor, conflict_id: UUID) -> ConflictDetail:
    """The conflict's record column by column: kept here, lost, and whether they differ (differing
    columns first). Values the actor may not read are withheld; the reading is audited when the
    record is about a client."""
    permissions.require(actor, permissions.SYNC_RUN, record_type="sync_conflict", record_id=conflict_id)
    with transaction():
        row = SyncConflict.get_or_none(SyncConflict.id == conflict_id)
        if row is None:
            raise NotFound("There is no such sync conflict.")
        lost: State = json.loads(row.lost)
        kept = read_state(row.table_name, row.row_id) if row.table_name in BY_TABLE else None
        clients = _clients_of(row, lost, kept)
        because = (
            _withheld_because(actor, row.table_name, clients)
            or _shared_because(actor, row, clients, (kept, lost))
            or _personal_because(actor, row.table_name, (kept, lost))
        )
        client = row.client_id or min(clients or (), key=str, default=None)  # an addendum's: its note's
        detail = ConflictDetail(
            id=row.id,
            table=row.table_name,
            row_id=row.row_id,
            client_id=client,
            client_chart=_chart_of(client),
            created_at=row.created_at,
            resolved_at=row.resolved_at,
            kept_status=_kept_status(row, kept),
            columns=_columns(actor, row.table_name, kept, lost, withheld=bool(because)),
            withheld_because=because,
        )
    # A reading of each client's record the row is about (both of a keep-apart pair, both clients
    # of a row moved from one to another), in each one's trail; one entry without a client when
    # that cannot be told, or for a clinical record about no one client. As every reading: on a
    # full disk or a read-only file the entry waits in the key file (audit.record_read).
    if clients is None or clients or row.table_name in CLINICAL_TABLES:
        about_whom: list[UUID | None] = [*sorted(clients or (), key=str)] or [detail.client_id]
        for about in about_whom:
            audit.record_read(
                actor,
                audit.VIEW,
                client_id=about,
                record_type="sync_conflict",
                record_id=row.id,
                changes={"table": row.table_name, "row": row.row_id, "withheld": bool(because)},
            )
    log.info("sync conflict opened: conflict=%s table=%s withheld=%s", row.id, row.table_name, bool(because))
    return detail


def _kept_status(row: SyncConflict, kept: State | None) -> str:
    if kept is None:
        return KEPT_REFUSED if row.kept_hash == state_hash({}) else KEPT_GONE
    return KEPT_SAME if state_hash(kept) == row.kept_hash else KEPT_CHANGED


def _clients_of(row: SyncConflict, lost: State, kept: State | None) -> set[UUID] | None:
    """Every client the record is about, as either side has it (a record that changed client at one
    place is withheld unless both clients may be read); None when that cannot be told here (an
    addendum whose note is not here)."""
    found: set[UUID] = set()
    if row.client_id is not None:
        found.add(row.client_id)
    parent = CLIENT_BY_PARENT.get(row.table_name)
    for state in (lost, kept):
        if state is None:
            continue
        for column in CLIENT_COLUMNS.get(row.table_name, ("client_id",)):
            if state.get(column):
                found.add(UUID(str(state[column])))
        if parent is not None:
            column, parent_id, parent_client = parent
            key = state.get(column)
            held = (
                parent_id.model.select(parent_client).where(parent_id == UUID(str(key))).tuples().first()
                if key
                else None
            )
            if held is None:
                return None
            if held[0] is not None:
                found.add(UUID(str(held[0])))
    return found


def _shared_because(
    actor: Actor, row: SyncConflict, clients: set[UUID] | None, states: tuple[State | None, State]
) -> str:
    """Why a group note's shared part (or its addendum, or a text that lost on it) is not shown:
    it is read as on the notes screen, by whoever writes it or may read one member's notes."""
    if clients or row.table_name not in ("note", "note_addendum", "note_conflict"):
        return ""
    note_ids = {row.row_id} if row.table_name == "note" else {s.get("note_id") for s in states if s} - {None}
    for note_id in note_ids:
        if not may_read_shared(actor, UUID(str(note_id))):
            return SHARED_REFUSED
    return ""


def _personal_because(actor: Actor, table: str, states: tuple[State | None, State]) -> str:
    """Why a row owned by one staff member is not shown to another ("" when it may be)."""
    column = PERSONAL_TABLES.get(table)
    if column is None:
        return ""
    mine = actor.staff_id.hex
    owners = {state.get(column) for state in states if state is not None} - {None}
    if owners - {mine}:
        return "A counselor's own snippet is read only by them."
    return ""


def _withheld_because(actor: Actor, table: str, clients: set[UUID] | None) -> str:
    """Why the actor may not read this record's values ("" when they may)."""
    if table in ROSTER_TABLES:
        return ""
    action = CLINICAL_TABLES.get(table)
    if action is None:
        return "This kind of record is not shown here."
    if clients is None:
        return "The note this belongs to is not here, so who may read it cannot be told."
    asked: list[UUID | None] = [*sorted(clients, key=str)] or [None]  # None: a group note's shared part
    for client in asked:
        reason = permissions.refusal(actor, action, client_id=client)
        if reason is not None:
            return reason
    return ""


def _columns(
    actor: Actor, table: str, kept: State | None, lost: State, *, withheld: bool
) -> tuple[ColumnDiff, ...]:
    model = BY_TABLE.get(table)
    fields = {f.column_name: f for f in fields_of(model)} if model is not None else {}
    names = list(fields) + [c for c in lost if c not in fields]  # a newer version's columns last
    texts = Texts(actor, table, fields, [s for s in (kept, lost) if s is not None])
    out: list[tuple[tuple[bool, bool, int], ColumnDiff]] = []
    for place, name in enumerate(names):
        before, after = (kept or {}).get(name), lost.get(name)
        differs = before != after if kept is not None else after not in (None, "")
        hidden = ""
        if (table, name) in SECRET_COLUMNS:
            hidden = SECRET
        elif withheld and name not in SHOWN_WHEN_WITHHELD:
            hidden = WITHHELD
        kept_text = lost_text = None
        if not hidden:
            kept_text = texts.of(name, before) if kept is not None else None
            lost_text = texts.of(name, after)
            if differs and kept_text == lost_text:
                kept_text, lost_text = texts.of(name, before, exact=True), texts.of(name, after, exact=True)
        diff = ColumnDiff(
            column=name,
            label=column_label(table, name),
            kept=kept_text,
            lost=lost_text,
            differs=differs,
            hidden=hidden,
            bookkeeping=name in BOOKKEEPING,
        )
        out.append(((not differs, diff.bookkeeping, place), diff))
    return tuple(diff for _key, diff in sorted(out, key=lambda pair: pair[0]))


def _chart_of(client_id: UUID | None) -> str:
    if client_id is None:
        return ""
    return Client.select(Client.chart_number).where(Client.id == client_id).scalar() or ""
