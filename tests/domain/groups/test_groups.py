import datetime as dt

import pytest

from iopdesk.domain.groups.groups import (
    GroupDraft,
    ScheduleSlot,
    change_schedule,
    create_group,
    get_group,
    next_meeting,
    schedule_history,
    update_group,
)
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.store.models import GroupSchedule, Holiday, Session, Site, Staff, TherapyGroup
from tests.support.roster_helpers import MONDAY, TODAY, WEDNESDAY, make_group

NINE = dt.time(9, 0)


def test_create_group_with_facilitators_and_schedule(db, actor):
    co = Staff.create(username="co", display_name="Co Facilitator", role="counselor", home_site=actor.site_id)
    group = make_group(
        actor,
        "Evening Process",
        facilitator_ids=(actor.staff_id, co.id),
        max_size=10,
        enrollment_mode="closed",
        participation="optional",
        track="IOP",
    )
    assert group.facilitators[0].staff_id == actor.staff_id and group.facilitators[0].is_lead
    assert {f.name for f in group.facilitators} == {"tester", "Co Facilitator"}
    assert [(s.weekday, s.start_time) for s in group.schedule] == [(MONDAY, NINE), (WEDNESDAY, NINE)]
    assert group.enrollment_mode == "closed" and group.max_size == 10


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": " "}, "name"),
        ({"kind": "karaoke"}, "kind"),
        ({"max_size": 0}, "max_size"),
        ({"facilitator_ids": ()}, "facilitator_ids"),
        ({"start_date": dt.date(2025, 5, 1), "end_date": dt.date(2025, 4, 1)}, "end_date"),
    ],
)
def test_bad_group_settings_are_refused(db, actor, changes, field):
    values = {"name": "Group", "kind": "process", "facilitator_ids": (actor.staff_id,)} | changes
    with pytest.raises(ValidationError) as err:
        create_group(actor, GroupDraft(**values), today=TODAY)
    assert err.value.field == field
    assert TherapyGroup.select().count() == 0


def test_two_active_groups_cannot_share_a_name(db, actor):
    make_group(actor, "Monday Process")
    with pytest.raises(ValidationError):
        make_group(actor, "monday  process")


def test_schedule_change_keeps_the_old_rows(db, actor):
    group = make_group(actor)
    change_from = TODAY + dt.timedelta(days=14)
    changed = change_schedule(
        actor,
        group.id,
        [ScheduleSlot(MONDAY, NINE, 180), ScheduleSlot(4, dt.time(13, 0), 120)],
        change_from,
        today=TODAY,
    )
    history = schedule_history(actor, group.id)
    monday = [s for s in history if s.weekday == MONDAY]
    wednesday = [s for s in history if s.weekday == WEDNESDAY]
    friday = [s for s in history if s.weekday == 4]
    assert len(monday) == 1 and monday[0].effective_to is None  # unchanged slot keeps its row
    assert wednesday[0].effective_from == dt.date(2025, 1, 6)
    assert wednesday[0].effective_to == change_from - dt.timedelta(days=1)
    assert friday[0].effective_from == change_from and friday[0].effective_to is None
    assert GroupSchedule.select().where(GroupSchedule.retired_at.is_null(False)).count() == 0
    assert {(s.weekday, s.effective_to) for s in changed.schedule} >= {(MONDAY, None), (4, None)}
    # The old Wednesday still applies before the change, the Friday only after it.
    assert next_meeting(group.id, TODAY + dt.timedelta(days=1)).date == dt.date(2025, 3, 5)
    assert next_meeting(group.id, change_from + dt.timedelta(days=1)).date == change_from + dt.timedelta(
        days=4
    )


def test_schedule_change_cannot_rewrite_the_past(db, actor):
    group = make_group(actor)
    with pytest.raises(ValidationError):
        change_schedule(
            actor, group.id, [ScheduleSlot(MONDAY, NINE, 60)], TODAY - dt.timedelta(days=1), today=TODAY
        )
    assert len(schedule_history(actor, group.id)) == 2


def test_next_meeting_prefers_sessions_then_the_schedule(db, actor):
    group = make_group(actor)
    assert next_meeting(group.id, TODAY).date == TODAY
    Holiday.create(origin_site=actor.site_id, site=actor.site_id, date=TODAY, reason="Closed")
    assert next_meeting(group.id, TODAY).date == TODAY + dt.timedelta(days=2)
    moved = Session.create(
        origin_site=actor.site_id,
        kind="group",
        group=group.id,
        site=actor.site_id,
        date=TODAY + dt.timedelta(days=1),
        start_time=NINE,
        duration_minutes=180,
    )
    meeting = next_meeting(group.id, TODAY)
    assert meeting.session_id == moved.id and meeting.date == TODAY + dt.timedelta(days=1)


def test_finishing_a_group_closes_its_schedule(db, actor):
    group = make_group(actor)
    finished = update_group(actor, group.id, active=False, today=TODAY)
    assert not finished.active and finished.end_date == TODAY
    assert finished.schedule == tuple(s for s in finished.schedule if s.effective_to == TODAY)
    assert next_meeting(group.id, TODAY + dt.timedelta(days=1)) is None
    assert get_group(actor, group.id, today=TODAY).version == 2


def test_next_meeting_takes_the_schedule_when_sessions_are_not_generated_that_far(db, actor):
    group = make_group(actor)
    far = Session.create(
        origin_site=actor.site_id,
        kind="group",
        group=group.id,
        site=actor.site_id,
        date=TODAY + dt.timedelta(days=30),
        start_time=NINE,
        duration_minutes=180,
    )
    assert next_meeting(group.id, TODAY + dt.timedelta(days=1)).date == TODAY + dt.timedelta(days=2)
    assert next_meeting(group.id, TODAY + dt.timedelta(days=29)).session_id == far.id


def test_a_meeting_must_end_by_midnight(db, actor):
    group = make_group(actor)
    with pytest.raises(ValidationError, match="midnight"):
        change_schedule(actor, group.id, [ScheduleSlot(MONDAY, dt.time(23, 0), 90)], TODAY, today=TODAY)


def test_next_meeting_after_a_series_edit_is_the_moved_meeting_not_its_old_day(db, actor, monkeypatch):
    from iopdesk.domain.calendar.edits import reschedule_session
    from iopdesk.domain.calendar.generation import generate_sessions
    from iopdesk.domain.kernel import clock

    monday = dt.date(2025, 3, 17)
    monkeypatch.setattr(clock, "site_today", lambda site_id: monday - dt.timedelta(days=5))
    group = make_group(actor, slots=(ScheduleSlot(0, dt.time(9, 0), 180),))
    generate_sessions(actor, monday, monday)
    moved = Session.get((Session.group == group.id) & (Session.date == monday))
    reschedule_session(actor, moved.id, monday + dt.timedelta(days=1))
    change_schedule(actor, group.id, [ScheduleSlot(0, dt.time(10, 0), 180)], monday - dt.timedelta(days=4))
    meeting = next_meeting(group.id, monday)
    assert meeting is not None
    assert (meeting.date, meeting.start_time, meeting.session_id) == (
        monday + dt.timedelta(days=1),
        dt.time(9, 0),
        moved.id,
    )


def test_a_schedule_change_goes_by_the_groups_site_clock(db, actor, monkeypatch):
    """Wednesday evening at this workstation is Thursday at the group's site: a change "from
    today" (Wednesday) would rewrite a day already past there."""
    from iopdesk.domain.kernel import clock

    east = Site.create(name="East site")
    wed, thu = dt.date(2025, 3, 12), dt.date(2025, 3, 13)
    monkeypatch.setattr(clock, "site_today", lambda site_id: thu if site_id == east.id else wed)
    group = make_group(actor, site_id=east.id)
    with pytest.raises(ValidationError, match="today at the earliest"):
        change_schedule(actor, group.id, [ScheduleSlot(2, dt.time(10, 0), 180)], wed)
    change_schedule(actor, group.id, [ScheduleSlot(2, dt.time(10, 0), 180)], thu)
