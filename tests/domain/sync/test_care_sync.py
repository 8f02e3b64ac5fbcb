"""Treatment records and measures travel like the rest (issue 14, migration 0011): what a counselor
records at a satellite reaches the clinic, and a record that collides with one made at the clinic is
kept for a person instead of stopping the sync. Runs with the hub on SQLite or on the test server."""

from __future__ import annotations

import pytest

from iopdesk.domain.attendance import marking
from iopdesk.domain.kernel import audit
from iopdesk.domain.measures import results
from iopdesk.store.measures_models import MeasureResult, SafetyAlert
from iopdesk.store.models import Attendance
from iopdesk.store.sync_models import SyncConflict
from tests.support import sync_places as sp
from tests.support.measures_factories import phq9


def test_an_instrument_given_at_a_satellite_reaches_the_clinic_with_its_alert(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop, client = clinic.laptops[0], clinic.clients[0]
    with laptop.open():
        given = results.give(clinic.counselor, client, "phq9", phq9(2, 2, 2, 2, 1, 1, 1, 1, 1))
        assert given.alert_id is not None
    summary = sp.receive(clinic, clinic.hub, sp.send(clinic, laptop, clinic.hub, tmp_path))
    assert summary.counts.tables.get("measure_result") == 1
    assert summary.counts.tables.get("measure_safety_alert") == 1
    with clinic.hub.open():
        there = results.get_result(clinic.counselor, given.result.id)
        assert there.total == given.result.total
        assert SafetyAlert.get_by_id(given.alert_id).result_id == given.result.id
        assert audit.verify_chain().ok


@pytest.mark.expect_warnings("sync could not add a row that collides with one here")
def test_one_result_corrected_at_both_places_is_kept_for_a_person_and_the_rest_arrives(
    clinic, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    laptop, client = clinic.laptops[0], clinic.clients[1]
    with clinic.hub.open():
        first = results.give(clinic.counselor, client, "phq9", phq9(1, 1, 1, 1, 1, 1, 1, 1, 0))
    sp.exchange(clinic, clinic.hub, laptop, tmp_path)  # the laptop has the result
    with clinic.hub.open():
        at_clinic = results.correct(
            clinic.counselor, first.result.id, phq9(2, 1, 1, 1, 1, 1, 1, 1, 0), "item 1 misread"
        )
    with laptop.open():
        at_laptop = results.correct(
            clinic.counselor, first.result.id, phq9(1, 2, 1, 1, 1, 1, 1, 1, 0), "item 2 misread"
        )
        marking.mark(clinic.counselor, clinic.sessions[1], client, "late", minutes=100)
    summary = sp.receive(clinic, clinic.hub, sp.send(clinic, laptop, clinic.hub, tmp_path))
    assert summary.counts.conflicts_kept >= 1
    with clinic.hub.open():
        corrections = MeasureResult.select().where(MeasureResult.supersedes == first.result.id)
        assert [r.id for r in corrections] == [at_clinic.result.id]
        kept = SyncConflict.get(SyncConflict.row_id == at_laptop.result.id.hex)
        assert kept.table_name == "measure_result" and "item 2 misread" in kept.lost
        assert Attendance.get(session=clinic.sessions[1], client=client).status == "late"
    sp.receive(clinic, laptop, sp.send(clinic, clinic.hub, laptop, tmp_path))
    with laptop.open():  # the laptop is told too, and keeps the clinic's correction the same way
        assert SyncConflict.select().where(SyncConflict.row_id == at_laptop.result.id.hex).exists()
        assert SyncConflict.select().where(SyncConflict.row_id == at_clinic.result.id.hex).exists()


@pytest.mark.expect_warnings("sync could not add a row that collides with one here")
def test_a_staff_account_made_at_both_places_with_one_user_name_is_kept_for_a_person(
    clinic, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from iopdesk.domain.access.staff_accounts import create_staff
    from iopdesk.store.models import Staff

    laptop, client = clinic.laptops[0], clinic.clients[0]
    with clinic.hub.open():
        at_clinic = create_staff(
            clinic.admin, "jordan", "Jordan Clinic", "counselor", "a long temporary phrase"
        )
    with laptop.open():
        at_laptop = create_staff(
            clinic.admin, "jordan", "Jordan Laptop", "counselor", "a long temporary phrase"
        )
        marking.mark(clinic.counselor, clinic.sessions[1], client, "late", minutes=100)
    # A staff row has no updated_at: the sync conflict keeping it takes its created_at (it had none,
    # and the database refused it, which stopped the whole import).
    summary = sp.receive(clinic, clinic.hub, sp.send(clinic, laptop, clinic.hub, tmp_path))
    assert summary.counts.conflicts_kept >= 1
    with clinic.hub.open():
        assert [s.display_name for s in Staff.select().where(Staff.username == "jordan")] == ["Jordan Clinic"]
        kept = SyncConflict.get(SyncConflict.row_id == at_laptop.id.hex)
        assert kept.table_name == "staff" and "Jordan Laptop" in kept.lost and kept.created_at is not None
        assert Attendance.get(session=clinic.sessions[1], client=client).status == "late"
    assert at_clinic.id != at_laptop.id
