"""Every table that travels, laid open by conflict_detail: a made-up losing state for a row of it,
every text column holding the same private words. A clinical record's values reach only an
administrator who may read that client's chart (as a counselor would); roster, schedule and account
records are shown; a table this version does not know is withheld; whom the record is about is
found for the audit trail, through the row it belongs to where it names no client itself. Runs with
the hub on SQLite or on the test server."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID, uuid4

import pytest
from peewee import (
    BooleanField,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    TimeField,
    UUIDField,
)

from iopdesk.domain.kernel import audit
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.sync import conflict_detail as cd
from iopdesk.domain.sync.conflict_detail import conflict_detail
from iopdesk.domain.sync.conflict_texts import RECORD_KINDS, kind_of
from iopdesk.domain.sync.rows import BY_TABLE, State, client_of, fields_of, state_hash
from iopdesk.store.models import Attendance, AuditEvent, Client, TherapyGroup
from iopdesk.store.sync_models import SyncConflict
from tests.support import factories as f
from tests.support import sync_places as sp

WORDS = "private words 7315"
FUTURE = "a_table_of_a_later_version"


# A counselor's own rows (their snippets), told here rather than from conflict_detail's lists: the
# lost state below names a staff member who is not the reading administrator as the owner.
PERSONAL = {"snippet"}


def _clinical(table: str) -> bool:
    """Told here from where the table's model lives, not from conflict_detail's own lists: the
    notes, the treatment chart and measures are clinical records (the clinic's note templates are
    not: a template holds which fields a format offers, no client's words)."""
    model = BY_TABLE.get(table)
    if model is None:
        return False
    notes = table.startswith("note") and table != "note_template"
    return notes or model.__module__.endswith((".care_models", ".measures_models"))


def _value(field: Any, points_at: dict[str, list[UUID]]) -> Any:
    if isinstance(field, ForeignKeyField):
        known = points_at.get(field.rel_model._meta.table_name)
        return (known.pop(0) if known else uuid4()).hex
    if isinstance(field, UUIDField):
        return uuid4().hex
    if isinstance(field, DateTimeField):
        return "2025-03-10 09:00:00.000000"
    if isinstance(field, DateField):
        return "2025-03-10"
    if isinstance(field, TimeField):
        return "09:00:00"
    if isinstance(field, BooleanField):
        return True
    if isinstance(field, IntegerField):
        return 7
    if isinstance(field, FloatField):
        return 1.5
    return WORDS


def _lost_state(table: str, points_at: dict[str, list[UUID]]) -> State:
    if table == FUTURE:
        return {"id": uuid4().hex, "client_id": points_at["client"][0].hex, "remark": WORDS}
    return {f.column_name: _value(f, points_at) for f in fields_of(BY_TABLE[table])}


def _admins(clinic: sp.Clinic) -> tuple[Actor, Actor]:
    """An administrator who is also clinical and leads the client's group (reads their chart as a
    counselor would), and one who is also clinical but has nothing to do with the client."""
    out = []
    for name in ("Robin Inside", "Robin Outside"):
        member = f.staff(clinic.supervisor, role="administrator", name=name)
        member.also_clinical = True
        member.save()
        out.append(Actor(member.id, clinic.supervisor.site_id, "administrator", also_clinical=True))
    f.facilitate(TherapyGroup.get_by_id(clinic.group), out[0].staff_id)
    return out[0], out[1]


@pytest.mark.parametrize("table", [*BY_TABLE, FUTURE])
def test_each_table_is_shown_withheld_or_kept_secret_by_its_rule_and_the_reading_audited(  # type: ignore[no-untyped-def]
    clinic, table: str
) -> None:
    with clinic.hub.open():
        part = sp.note_parts()[0]
        other = Client.select().where(Client.id != part.client_id).order_by(Client.id).first()
        family = f.session(
            clinic.supervisor, None, sp.DAY, kind="family", who=Client.get_by_id(part.client_id)
        )
        mark = Attendance.get((Attendance.client == part.client_id) & (Attendance.session == part.session_id))
        points_at = {
            "client": [part.client_id, other.id],
            "note": [part.id],
            "session": [family.id],
            "attendance": [mark.id],
        }
        lost = _lost_state(table, points_at)
        if table == "clinic_setting":
            lost["key"] = "part2_notice"  # a setting is shown by its title (a check of its own)
        if table == "sync_conflict":
            lost["client_id"] = part.client_id.hex  # a plain id there, not a link
        named = client_of(table, lost) if table != FUTURE else lost["client_id"]
        kept = SyncConflict.create(
            table_name=table,
            row_id=lost["id"],
            client_id=UUID(named) if named else None,
            kept_hash=state_hash({}),  # refused here: no kept record to read
            lost=json.dumps(lost),
        )
        inside, outside = _admins(clinic)

        detail = conflict_detail(clinic.admin, kept.id)
        assert detail.kept_status == cd.KEPT_REFUSED
        texts = " ".join(str(c.lost) for c in detail.columns)
        if table != FUTURE and not _clinical(table) and table not in PERSONAL:
            assert detail.withheld_because == ""
            for column in detail.columns:
                secret = (table, column.column) in cd.SECRET_COLUMNS
                assert column.hidden == (cd.SECRET if secret else ""), column.column
                if secret:
                    assert column.lost is None and column.differs
                elif lost[column.column] == WORDS:
                    assert column.lost == WORDS, column.column  # as stored, nothing kept back
        else:
            assert detail.withheld_because
            assert WORDS not in texts
            for column in detail.columns:
                withheld = column.column not in cd.SHOWN_WHEN_WITHHELD
                assert (column.hidden == cd.WITHHELD) == withheld, column.column
                assert column.differs, column.column  # whether it differs is still given

        if _clinical(table):
            assert WORDS not in " ".join(str(c.lost) for c in conflict_detail(outside, kept.id).columns)
            shown = conflict_detail(inside, kept.id)
            assert shown.withheld_because == "" and not any(c.hidden for c in shown.columns)
            assert WORDS in " ".join(str(c.lost) for c in shown.columns)

        # The reading lands in the trail of each client the record is about, found through the
        # row it belongs to where it names none itself (a group session's family member: nobody).
        about = {
            "client": {UUID(lost["id"])},
            "keep_apart": {part.client_id, other.id},
            "group_facilitator": set(),
            "site": set(),
            "staff": set(),
            "therapy_group": set(),
            "group_schedule": set(),
            "holiday": set(),
            "note_template": set(),
            "snippet": set(),
            "clinic_setting": set(),
        }.get(table, {part.client_id})
        entries = list(
            AuditEvent.select().where(
                (AuditEvent.action == audit.VIEW) & (AuditEvent.record_id == str(kept.id))
            )
        )
        readings = 3 if _clinical(table) else 1
        if about:
            assert sorted(str(e.client_id) for e in entries) == sorted(str(c) for c in about) * readings
        else:
            assert entries == []
        assert all(WORDS not in e.changes for e in entries)
        assert audit.verify_chain().ok


def test_a_note_addendum_whose_note_is_not_here_is_withheld_even_from_a_clinical_reader(clinic) -> None:  # type: ignore[no-untyped-def]
    with clinic.hub.open():
        inside, _outside = _admins(clinic)
        lost = _lost_state("note_addendum", {})  # points at a note this place never had
        kept = SyncConflict.create(
            table_name="note_addendum",
            row_id=lost["id"],
            client_id=None,
            kept_hash=state_hash({}),
            lost=json.dumps(lost),
        )
        detail = conflict_detail(inside, kept.id)
        assert "cannot be told" in detail.withheld_because
        assert WORDS not in " ".join(str(c.lost) for c in detail.columns)
        (entry,) = AuditEvent.select().where(
            (AuditEvent.action == audit.VIEW) & (AuditEvent.record_id == str(kept.id))
        )
        assert entry.client_id is None  # still a reading, whoever it was about


def test_every_synced_table_has_a_name_for_people_in_the_list() -> None:
    assert set(BY_TABLE) <= set(RECORD_KINDS), set(BY_TABLE) - set(RECORD_KINDS)
    assert kind_of("attendance") == "Attendance mark"
    assert kind_of("a_table_added_later") == "A table added later"
