"""Facilitator links (migration 0012): taken off a group, a link is kept as removed, not deleted, and
grants nothing; the same person put back revives the same row. Runs on SQLite and on the server."""

from __future__ import annotations

from iopdesk.domain.groups.groups import get_group, list_groups, update_group
from iopdesk.domain.kernel import permissions
from iopdesk.domain.kernel.ids import facilitator_id
from iopdesk.domain.kernel.permissions import CARE_READ, NOTE_READ
from iopdesk.domain.overviews.rosters import sign_in_sheet
from iopdesk.domain.overviews.today import today_overview
from iopdesk.store.models import GroupFacilitator, TherapyGroup
from tests.support import factories as f
from tests.support.roster_helpers import TODAY, make_group


def _links(group_id):  # type: ignore[no-untyped-def]
    query = GroupFacilitator.select().where(GroupFacilitator.group == group_id)
    return {link.staff_id: link for link in query}


def _mine(who):  # type: ignore[no-untyped-def]
    """Whether Today counts the day's sessions the counselor's own (they lead none themselves)."""
    return {o.mine for o in today_overview(who, TODAY).sessions}


def test_a_facilitator_taken_off_is_kept_removed_and_put_back_on_the_same_row(db, actor) -> None:  # type: ignore[no-untyped-def]
    co = f.staff(actor, name="Corey Cofacilitator")
    group = make_group(actor, facilitator_ids=(actor.staff_id, co.id))
    first = _links(group.id)
    assert first[co.id].id == facilitator_id(group.id, co.id) and first[co.id].removed_at is None

    update_group(actor, group.id, facilitator_ids=(actor.staff_id,), today=TODAY)
    after = _links(group.id)
    assert set(after) == {actor.staff_id, co.id}  # kept, not deleted
    assert after[co.id].removed_at is not None and not after[co.id].is_lead
    assert after[co.id].updated_at >= first[co.id].updated_at
    assert [x.staff_id for x in get_group(actor, group.id).facilitators] == [actor.staff_id]
    listed = next(g for g in list_groups(actor) if g.id == group.id)
    assert [x.staff_id for x in listed.facilitators] == [actor.staff_id]

    update_group(actor, group.id, facilitator_ids=(co.id, actor.staff_id), today=TODAY)  # back, as lead
    again = _links(group.id)
    assert len(again) == 2 and again[co.id].id == first[co.id].id  # the same row, revived
    assert again[co.id].removed_at is None and again[co.id].is_lead
    assert not again[actor.staff_id].is_lead  # changing the lead is an update of the links
    shown = get_group(actor, group.id).facilitators
    assert [(x.staff_id, x.is_lead) for x in shown] == [(co.id, True), (actor.staff_id, False)]


def test_a_counselor_taken_off_a_group_no_longer_reads_its_members_records(db, actor) -> None:  # type: ignore[no-untyped-def]
    counselor = f.actor_as(actor, f.staff(actor, name="Robin Reader"))
    group = make_group(actor, facilitator_ids=(actor.staff_id, counselor.staff_id))
    member = f.client(actor, "Member", "One")
    row = TherapyGroup.get_by_id(group.id)
    f.enroll(actor, member, row, TODAY)
    meeting = f.session(actor, row, TODAY)  # no facilitator of its own: the group's are named
    assert permissions.can(counselor, NOTE_READ, client_id=member.id)
    assert permissions.readable_client_ids(counselor, [member.id], CARE_READ) == {member.id}
    assert "Robin Reader" in sign_in_sheet(actor, meeting.id).facilitator_names
    assert _mine(counselor) == {True}

    update_group(actor, group.id, facilitator_ids=(actor.staff_id,), today=TODAY)
    assert not permissions.can(counselor, NOTE_READ, client_id=member.id)
    assert permissions.readable_client_ids(counselor, [member.id], CARE_READ) == set()
    assert "Robin Reader" not in sign_in_sheet(actor, meeting.id).facilitator_names
    assert _mine(counselor) == {False}
