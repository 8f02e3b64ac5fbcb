"""Group facilitator links travel (migration 0012): who facilitates a group decides whose records a
counselor reads, so a link made or removed at the clinic must hold on the laptop after a sync, and
one person assigned to one group at two places apart is one link. Runs with the hub on SQLite or on
the test server."""

from __future__ import annotations

from uuid import UUID

from iopdesk.domain.groups.groups import get_group, update_group
from iopdesk.domain.kernel import permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.ids import facilitator_id
from iopdesk.domain.kernel.permissions import CARE_READ, NOTE_READ
from iopdesk.store.models import GroupFacilitator
from iopdesk.store.sync_models import SyncConflict
from tests.support import factories as f
from tests.support import sync_places as sp


def _reader(clinic: sp.Clinic, tmp_path) -> Actor:  # type: ignore[no-untyped-def]
    """A counselor made at the clinic, on no group yet, and copied to the laptop by a sync."""
    with clinic.hub.open():
        reader = f.actor_as(clinic.supervisor, f.staff(clinic.supervisor, name="Robin Reader"))
    sp.exchange(clinic, clinic.hub, clinic.laptops[0], tmp_path)
    return reader


def _facilitate(clinic: sp.Clinic, *staff: UUID) -> None:
    update_group(clinic.supervisor, clinic.group, facilitator_ids=staff)


def _reads(reader: Actor, client: UUID) -> bool:
    note = permissions.can(reader, NOTE_READ, client_id=client)
    chart = permissions.readable_client_ids(reader, [client], CARE_READ) == {client}
    assert note == chart
    return note


def _links() -> dict[str, dict]:  # type: ignore[type-arg]
    return sp.dump()["group_facilitator"]


def test_a_facilitator_assigned_at_the_clinic_reads_on_the_laptop_after_a_sync(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop, member = clinic.laptops[0], clinic.clients[0]
    reader = _reader(clinic, tmp_path)
    with laptop.open():
        assert not _reads(reader, member)
    with clinic.hub.open():
        _facilitate(clinic, clinic.counselor.staff_id, reader.staff_id)
        assert _reads(reader, member)
        at_clinic = _links()
    summary = sp.receive(clinic, laptop, sp.send(clinic, clinic.hub, laptop, tmp_path))
    assert summary.counts.tables.get("group_facilitator") == 1
    with laptop.open():
        assert _links() == at_clinic
        assert facilitator_id(clinic.group, reader.staff_id).hex in at_clinic
        assert reader.staff_id in [
            x.staff_id for x in get_group(clinic.supervisor, clinic.group).facilitators
        ]
        assert _reads(reader, member)


def test_a_facilitator_removed_at_the_clinic_stops_reading_on_the_laptop_after_a_sync(
    clinic, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    laptop, member = clinic.laptops[0], clinic.clients[0]
    reader = _reader(clinic, tmp_path)
    with clinic.hub.open():
        _facilitate(clinic, clinic.counselor.staff_id, reader.staff_id)
    sp.exchange(clinic, clinic.hub, laptop, tmp_path)
    with laptop.open():
        assert _reads(reader, member)
    with clinic.hub.open():
        _facilitate(clinic, clinic.counselor.staff_id)
        assert not _reads(reader, member)
    sp.exchange(clinic, clinic.hub, laptop, tmp_path)
    with laptop.open():
        assert not _reads(reader, member)
        link = GroupFacilitator.get_by_id(facilitator_id(clinic.group, reader.staff_id))
        assert link.removed_at is not None  # kept, as removed: the laptop sees why
        shown = [x.staff_id for x in get_group(clinic.supervisor, clinic.group).facilitators]
        assert shown == [clinic.counselor.staff_id]
    with clinic.hub.open():  # put back at the clinic: the same row comes back to life everywhere
        _facilitate(clinic, clinic.counselor.staff_id, reader.staff_id)
    sp.exchange(clinic, clinic.hub, laptop, tmp_path)
    with laptop.open():
        assert _reads(reader, member)


def test_one_person_assigned_to_one_group_at_both_places_is_one_link(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop, member = clinic.laptops[0], clinic.clients[0]
    reader = _reader(clinic, tmp_path)
    with clinic.hub.open():
        _facilitate(clinic, clinic.counselor.staff_id, reader.staff_id)
    with laptop.open():  # apart, and not alike: here the reader leads
        _facilitate(clinic, reader.staff_id, clinic.counselor.staff_id)
    summary = sp.receive(clinic, laptop, sp.send(clinic, clinic.hub, laptop, tmp_path))
    assert summary.counts.merged_tables.get("group_facilitator") == 1  # both made it: merged
    assert summary.counts.conflicts_kept == 0
    sp.exchange(clinic, laptop, clinic.hub, tmp_path)
    states = []
    for place in (clinic.hub, laptop):
        with place.open():
            links = _links()
            states.append(links)
            mine = [s for s in links.values() if s["staff_id"] == reader.staff_id.hex]
            assert len(mine) == 1 and mine[0]["removed_at"] is None
            assert not SyncConflict.select().where(SyncConflict.table_name == "group_facilitator").exists()
            assert _reads(reader, member)
    assert states[0] == states[1]


def test_a_removal_and_a_change_made_apart_end_removed_and_the_change_is_kept(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop, member = clinic.laptops[0], clinic.clients[0]
    reader = _reader(clinic, tmp_path)
    with clinic.hub.open():
        _facilitate(clinic, clinic.counselor.staff_id, reader.staff_id)
    sp.exchange(clinic, clinic.hub, laptop, tmp_path)
    with clinic.hub.open():  # taken off at the clinic…
        _facilitate(clinic, clinic.counselor.staff_id)
    with laptop.open():  # …while the laptop, not knowing, makes them the lead
        _facilitate(clinic, reader.staff_id, clinic.counselor.staff_id)
    sp.exchange(clinic, clinic.hub, laptop, tmp_path)
    sp.exchange(clinic, laptop, clinic.hub, tmp_path)
    link_id = facilitator_id(clinic.group, reader.staff_id)
    for place in (clinic.hub, laptop):
        with place.open():
            assert GroupFacilitator.get_by_id(link_id).removed_at is not None  # access errs closed
            assert not _reads(reader, member)
            kept = SyncConflict.get(SyncConflict.row_id == link_id.hex)  # shown to a person
            assert kept.table_name == "group_facilitator" and '"removed_at":null' in kept.lost
