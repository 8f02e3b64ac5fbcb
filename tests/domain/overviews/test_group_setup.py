"""The Groups screen's domain calls: staff and site pickers, the groups list, and saving the group form."""

import dataclasses
import datetime as dt

import pytest

from iopdesk.domain.calendar.sessions import sessions_between
from iopdesk.domain.clinic.staff import list_sites, list_staff
from iopdesk.domain.enrollment.enrollment import enroll
from iopdesk.domain.groups.groups import GroupDraft, ScheduleSlot, get_group, schedule_history
from iopdesk.domain.kernel import clock
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.overviews.group_setup import current_slots, group_overview, save_group
from iopdesk.store.models import Staff
from tests.support.roster_helpers import TODAY, make_client, make_group


@pytest.fixture
def pinned(monkeypatch):
    monkeypatch.setattr(clock, "site_today", lambda site_id: TODAY)
    return TODAY


def test_staff_and_sites_for_pickers(db, actor):
    Staff.create(
        username="gone", display_name="Gone Away", role="counselor", home_site=actor.site_id, active=False
    )
    Staff.create(
        username="ana", display_name="Ana Co", role="counselor", credentials="LCSW", home_site=actor.site_id
    )
    names = [s.display_name for s in list_staff(actor)]
    assert names == ["Ana Co", "tester"]
    assert len(list_staff(actor, include_inactive=True)) == 3
    assert list_staff(actor)[0].label == "Ana Co, LCSW (Counselor)"
    assert [s.name for s in list_sites(actor)] == ["Main site"]


def test_overview_counts_places_and_wait_list(db, actor, pinned):
    group = make_group(actor, "Small", max_size=1)
    first, second = make_client(actor), make_client(actor)
    enroll(actor, first.id, group.id, today=TODAY)
    enroll(actor, second.id, group.id, today=TODAY)  # full: goes on the wait list
    (row,) = group_overview(actor, today=TODAY)
    assert (row.places_taken, row.waiting, row.full) == (1, 1, True)
    assert row.next_meeting is not None and row.next_meeting.date == TODAY


def test_save_new_group_creates_sessions(db, actor, pinned):
    draft = GroupDraft(name="Evening Skills", kind="skills", facilitator_ids=(actor.staff_id,))
    slots = [ScheduleSlot(0, dt.time(18), 180), ScheduleSlot(3, dt.time(18), 180)]
    info = save_group(actor, draft, slots)
    assert current_slots(info) == tuple(slots)
    sessions = sessions_between(actor, TODAY, TODAY + dt.timedelta(days=13), group_id=info.id)
    assert [s.date.weekday() for s in sessions] == [0, 3, 0, 3]


def test_save_unchanged_schedule_keeps_its_rows(db, actor, pinned):
    group = make_group(actor, "Steady")
    before = schedule_history(actor, group.id)
    draft = GroupDraft(
        **{f.name: getattr(group, f.name) for f in dataclasses.fields(GroupDraft) if hasattr(group, f.name)}
        | {"facilitator_ids": (actor.staff_id,), "site_id": group.site_id, "room": "Room 9"}
    )
    info = save_group(actor, draft, current_slots(group), group_id=group.id, expected_version=group.version)
    assert info.room == "Room 9"
    assert schedule_history(actor, group.id) == before


def test_save_changed_schedule_applies_from_the_date(db, actor, pinned):
    group = make_group(actor, "Changing")
    draft = GroupDraft(name="Changing", kind="process", facilitator_ids=(actor.staff_id,), room="Room 2")
    later = TODAY + dt.timedelta(days=7)
    info = save_group(
        actor, draft, [ScheduleSlot(4, dt.time(10), 120)], group_id=group.id, effective_from=later
    )
    assert current_slots(info) == (ScheduleSlot(4, dt.time(10), 120),)
    history = schedule_history(actor, group.id)
    assert {r.effective_to for r in history if r.weekday in (0, 2)} == {later - dt.timedelta(days=1)}


def test_save_is_all_or_nothing(db, actor, pinned):
    group = make_group(actor, "Whole")
    draft = GroupDraft(name="Renamed", kind="process", facilitator_ids=(actor.staff_id,))
    with pytest.raises(ValidationError) as refused:
        save_group(actor, draft, [ScheduleSlot(0, dt.time(23), 120)], group_id=group.id)
    assert refused.value.field == "schedule"
    assert get_group(actor, group.id).name == "Whole"  # the rename was rolled back with the schedule
