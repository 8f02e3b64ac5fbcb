"""A sync conflict laid open for the administrator who settles it (conflict_detail): each column kept
here against the change that lost, the differing ones first; values of a client's clinical records
only for who may read them, secrets for nobody, and the reading in the audit trail. Runs with the
hub on SQLite or on the test server."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from iopdesk.domain.access.staff_accounts import create_staff, reset_password
from iopdesk.domain.attendance import marking
from iopdesk.domain.clients.clients import update_client
from iopdesk.domain.kernel import audit
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import NotFound, PermissionDenied
from iopdesk.domain.sync import conflict_detail as cd
from iopdesk.domain.sync.conflict_detail import conflict_detail
from iopdesk.domain.sync.rows import BY_TABLE
from iopdesk.store.models import AuditEvent, Client, Note, Staff, TherapyGroup
from iopdesk.store.sync_models import SyncConflict
from tests.support import factories as f
from tests.support import sync_places as sp


def _conflict(table: str) -> SyncConflict:
    return SyncConflict.get(SyncConflict.table_name == table)


def _views_of(conflict_id: UUID) -> list[AuditEvent]:
    return list(
        AuditEvent.select().where(
            (AuditEvent.action == audit.VIEW)
            & (AuditEvent.record_type == "sync_conflict")
            & (AuditEvent.record_id == str(conflict_id))
        )
    )


def _every_text(detail: cd.ConflictDetail) -> str:
    return " ".join(f"{c.kept} {c.lost}" for c in detail.columns)


def _attendance_conflict(clinic: sp.Clinic, folder: Path) -> Note:
    laptop = clinic.laptops[0]
    with laptop.open():
        part = sp.note_parts()[0]
        marking.mark(clinic.counselor, part.session_id, part.client_id, "absent_excused")
    with clinic.hub.open():
        marking.mark(clinic.counselor, part.session_id, part.client_id, "late", minutes=60)
    sp.exchange(clinic, laptop, clinic.hub, folder)
    return part


def test_differing_columns_come_first_with_both_values_and_the_reading_is_audited(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    part = _attendance_conflict(clinic, tmp_path)
    with clinic.hub.open():
        kept = _conflict("attendance")
        assert _views_of(kept.id) == []
        detail = conflict_detail(clinic.admin, kept.id)
        assert detail.table == "attendance" and detail.kept_exists and detail.kept_status == cd.KEPT_SAME
        assert detail.client_id == part.client_id
        assert detail.client_chart == Client.get_by_id(part.client_id).chart_number
        assert detail.withheld_because == ""
        by_name = {c.column: c for c in detail.columns}
        status = by_name["status"]
        assert status.differs and not status.hidden
        assert {status.kept, status.lost} == {"Late", "Absent (excused)"}  # by name, not code
        for same in ("session_id", "client_id", "date"):
            assert not by_name[same].differs and by_name[same].kept == by_name[same].lost, same
        assert by_name["client_id"].kept.startswith(detail.client_chart)  # a chart number, not an id
        assert by_name["session_id"].label == "Session"
        # The differing columns first, the ones saying what the record is about before bookkeeping.
        flags = [c.differs for c in detail.columns]
        assert flags == sorted(flags, reverse=True)
        assert detail.columns[0].column == "status" or not detail.columns[0].bookkeeping
        first_bookkeeping = next(i for i, c in enumerate(detail.columns) if c.bookkeeping)
        assert any(c.differs for c in detail.columns[:first_bookkeeping])
        # Every column of the table is there, once.
        assert sorted(by_name) == sorted(json.loads(kept.lost))

        (entry,) = _views_of(kept.id)
        assert entry.client_id == part.client_id and entry.staff_id == clinic.admin.staff_id
        assert json.loads(entry.changes) == {"table": "attendance", "row": kept.row_id, "withheld": False}
        assert "late" not in entry.changes and "absent" not in entry.changes  # ids, not values
        assert audit.verify_chain().ok


def test_a_kept_record_changed_since_the_merge_says_so(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    part = _attendance_conflict(clinic, tmp_path)
    with clinic.hub.open():
        marking.mark(clinic.counselor, part.session_id, part.client_id, "present")
        detail = conflict_detail(clinic.admin, _conflict("attendance").id)
        assert detail.kept_status == cd.KEPT_CHANGED and detail.kept_exists
        assert next(c for c in detail.columns if c.column == "status").kept == "Present"


def test_a_kept_record_deleted_since_shows_only_what_lost(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with clinic.hub.open():
        client = f.client(clinic.supervisor, "Solo", "Sample", chart="H-90").id
    sp.exchange(clinic, clinic.hub, laptop, tmp_path)
    with laptop.open():
        update_client(clinic.admin, client, phone="555-0101")
    with clinic.hub.open():
        update_client(clinic.admin, client, phone="555-0199")
    sp.exchange(clinic, laptop, clinic.hub, tmp_path)
    with clinic.hub.open():
        kept = _conflict("client")
        Client.delete().where(Client.id == client).execute()
        detail = conflict_detail(clinic.admin, kept.id)
        assert detail.kept_status == cd.KEPT_GONE and not detail.kept_exists
        assert all(c.kept is None for c in detail.columns)
        phone = next(c for c in detail.columns if c.column == "phone")
        assert phone.differs and phone.lost in {"555-0101", "555-0199"}
        assert not any(c.differs for c in detail.columns if c.lost == "—")  # nothing lost there
        assert detail.client_id == client and detail.client_chart == ""  # the client is gone too
        assert len(_views_of(kept.id)) == 1


@pytest.mark.expect_warnings("sync could not replace a locked row")
def test_note_text_is_withheld_from_an_administrator_who_may_not_read_it(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with laptop.open():
        part = sp.note_parts()[0]
    # The clinic's later signature wins the merge; the laptop cannot replace its own signed note, so
    # it keeps the clinic's text as a sync conflict beside it.
    sp.note_signed_apart(clinic, tmp_path)
    with laptop.open():
        kept = _conflict("note")
        assert "clinic words" in kept.lost  # what is stored is the whole losing state
        outsider = _admin(clinic, also_clinical=True)  # reads notes as a counselor: not this client's
        inside = _admin(clinic, also_clinical=True)
        f.facilitate(
            TherapyGroup.get_by_id(clinic.group), inside.staff_id
        )  # leads the client's group: in the caseload
        for who, why in ((clinic.admin, "cannot read session notes"), (outsider, "not in your caseload")):
            detail = conflict_detail(who, kept.id)
            assert why in detail.withheld_because
            by_name = {c.column: c for c in detail.columns}
            body = by_name["body"]
            assert body.differs and body.hidden == cd.WITHHELD and body.kept is None and body.lost is None
            assert by_name["author_id"].hidden == cd.WITHHELD  # not only the free text: the whole record
            assert by_name["updated_at"].kept is not None and not by_name["updated_at"].hidden
            assert by_name["client_id"].kept is not None  # which client: the list shows it already
            assert "words" not in _every_text(detail)
            assert [c.column for c in detail.columns if c.differs][0] == "body"  # names and order kept
        shown = conflict_detail(inside, kept.id)
        assert shown.withheld_because == "" and not any(c.hidden for c in shown.columns)
        body = next(c for c in shown.columns if c.column == "body")
        assert "laptop words" in body.kept and "clinic words" in body.lost
        entries = _views_of(kept.id)
        assert [json.loads(e.changes)["withheld"] for e in entries] == [True, True, False]
        assert {e.client_id for e in entries} == {part.client_id}
        assert all("words" not in e.changes for e in entries)


def _admin(clinic: sp.Clinic, *, also_clinical: bool) -> Actor:
    member = f.staff(clinic.supervisor, role="administrator", name="Robin Admin")
    member.also_clinical = also_clinical
    member.save()
    return Actor(member.id, clinic.supervisor.site_id, "administrator", also_clinical=also_clinical)


def test_a_password_hash_is_never_shown_even_when_it_is_what_differs(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    for place, phrase in ((laptop, "a laptop temporary phrase"), (clinic.hub, "a clinic temporary phrase")):
        with place.open():
            reset_password(clinic.admin, clinic.counselor.staff_id, phrase)
    sp.exchange(clinic, laptop, clinic.hub, tmp_path)
    with clinic.hub.open():
        kept = _conflict("staff")
        hashes = {
            json.loads(kept.lost)["password_hash"],
            Staff.get_by_id(clinic.counselor.staff_id).password_hash,
        }
        detail = conflict_detail(clinic.admin, kept.id)
        assert detail.kept_exists and detail.withheld_because == ""
        secret = next(c for c in detail.columns if c.column == "password_hash")
        assert secret.differs and secret.hidden == cd.SECRET and secret.kept is None and secret.lost is None
        text = _every_text(detail)
        assert not any(h and h in text for h in hashes) and "argon2" not in text
        assert next(c for c in detail.columns if c.column == "display_name").kept == "Casey Counselor"
        assert next(c for c in detail.columns if c.column == "credentials").kept == "—"  # empty, not blank
        assert next(c for c in detail.columns if c.column == "role").kept == "Counselor"  # by name
        assert _views_of(kept.id) == []  # an account, not a client's record: no disclosure


@pytest.mark.expect_warnings("sync could not add a row that collides with one here")
def test_a_record_refused_here_says_it_was_never_added(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with clinic.hub.open():
        create_staff(clinic.admin, "jordan", "Jordan Clinic", "counselor", "a long temporary phrase")
    with laptop.open():
        made = create_staff(clinic.admin, "jordan", "Jordan Laptop", "counselor", "a long temporary phrase")
    sp.exchange(clinic, laptop, clinic.hub, tmp_path)
    with clinic.hub.open():
        detail = conflict_detail(clinic.admin, SyncConflict.get(SyncConflict.row_id == made.id.hex).id)
        assert detail.kept_status == cd.KEPT_REFUSED and not detail.kept_exists
        assert next(c for c in detail.columns if c.column == "display_name").lost == "Jordan Laptop"
        assert next(c for c in detail.columns if c.column == "password_hash").lost is None


def test_an_unknown_conflict_is_not_found_and_only_administrators_look(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _attendance_conflict(clinic, tmp_path)
    with clinic.hub.open():
        with pytest.raises(NotFound):
            conflict_detail(clinic.admin, uuid4())
        kept = _conflict("attendance")
        for who in (clinic.counselor, clinic.supervisor):
            with pytest.raises(PermissionDenied):
                conflict_detail(who, kept.id)
        assert _views_of(kept.id) == []


def test_every_table_that_travels_has_a_rule_for_who_reads_its_values() -> None:
    assert set(cd.CLINICAL_TABLES) | cd.ROSTER_TABLES == set(BY_TABLE)
    assert not set(cd.CLINICAL_TABLES) & cd.ROSTER_TABLES
    for table, column in cd.SECRET_COLUMNS:
        assert column in {f.column_name for f in BY_TABLE[table]._meta.sorted_fields}
