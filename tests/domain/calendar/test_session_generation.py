"""Sessions come from each group's weekly schedule: idempotent, within dates, never rewriting the past."""

from __future__ import annotations

import datetime as dt

import pytest

from iopdesk.domain.calendar.edits import reschedule_session
from iopdesk.domain.calendar.holidays import add_holiday
from iopdesk.domain.calendar.sessions import (
    generate_ahead,
    generate_sessions,
    refresh_group_sessions,
    sessions_on,
    validate_slot,
)
from iopdesk.domain.kernel import settings
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.store.models import Attendance, Session
from tests.support import factories as f
from tests.support.factories import MONDAY, TODAY

D = dt.timedelta


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return f.pin_today(monkeypatch)


def live(group):
    return list(
        Session.select()
        .where((Session.group == group.id) & Session.retired_at.is_null())
        .order_by(Session.date)
    )


def test_generates_one_session_per_slot_and_is_idempotent(db, actor):
    grp = f.group(actor)
    f.schedule(actor, grp, 0)  # Mondays
    f.schedule(actor, grp, 2, start=dt.time(13, 0), minutes=90)  # Wednesdays
    first = generate_sessions(actor, MONDAY, MONDAY + D(days=13))
    assert first.created == 4
    again = generate_sessions(actor, MONDAY, MONDAY + D(days=13))
    assert again.created == 0
    rows = live(grp)
    assert [r.date for r in rows] == [MONDAY, MONDAY + D(2), MONDAY + D(7), MONDAY + D(9)]
    wed = rows[1]
    assert (wed.start_time, wed.duration_minutes, wed.origin_date, wed.status) == (
        dt.time(13, 0),
        90,
        wed.date,
        "scheduled",
    )
    assert wed.origin_site_id == actor.site_id and wed.room == "Room A"


def test_generate_ahead_fills_the_rolling_horizon(db, actor):
    grp = f.group(actor)
    f.schedule(actor, grp, 2)  # Wednesdays; today is a Wednesday
    result = generate_ahead(actor)
    assert result.created == settings.get("session_horizon_weeks") == 4
    assert [r.date for r in live(grp)] == [TODAY + D(weeks=n) for n in range(4)]


def test_opening_a_date_beyond_the_horizon_generates_it(db, actor):
    grp = f.group(actor, "Process Group")
    f.schedule(actor, grp, 4)  # Fridays
    far = MONDAY + D(weeks=20, days=4)
    sessions = sessions_on(actor, far)
    assert [(s.title, s.date) for s in sessions] == [("Process Group", far)]
    assert sessions_on(actor, far)[0].id == sessions[0].id  # still one


def test_nothing_for_inactive_groups_or_outside_group_and_schedule_dates(db, actor):
    inactive = f.group(actor, "Closed group", active=False)
    f.schedule(actor, inactive, 0)
    dated = f.group(actor, "Dated group", start=MONDAY + D(7), end=MONDAY + D(14))
    f.schedule(actor, dated, 0)
    windowed = f.group(actor, "Windowed")
    f.schedule(actor, windowed, 0, effective_from=MONDAY + D(21), effective_to=MONDAY + D(28))
    generate_sessions(actor, MONDAY - D(7), MONDAY + D(42))
    assert live(inactive) == []
    assert [r.date for r in live(dated)] == [MONDAY + D(7), MONDAY + D(14)]
    assert [r.date for r in live(windowed)] == [MONDAY + D(21), MONDAY + D(28)]


def test_holiday_slots_are_created_cancelled(db, actor):
    grp = f.group(actor)
    f.schedule(actor, grp, 0)
    add_holiday(actor, MONDAY + D(7), "Spring break")
    generate_sessions(actor, MONDAY, MONDAY + D(14))
    by_date = {r.date: r for r in live(grp)}
    assert by_date[MONDAY + D(7)].status == "cancelled"
    assert by_date[MONDAY + D(7)].cancel_reason == "Holiday: Spring break"
    assert by_date[MONDAY].status == by_date[MONDAY + D(14)].status == "scheduled"


def test_moved_session_is_not_generated_again(db, actor):
    grp = f.group(actor)
    f.schedule(actor, grp, 0)
    generate_sessions(actor, MONDAY + D(7), MONDAY + D(7))
    (row,) = live(grp)
    reschedule_session(actor, row.id, MONDAY + D(8))
    generate_sessions(actor, MONDAY, MONDAY + D(14))
    dates = [r.date for r in live(grp)]
    assert dates == [MONDAY, MONDAY + D(8), MONDAY + D(14)]


def test_schedule_change_leaves_past_sessions_and_their_attendance_alone(db, actor):
    grp = f.group(actor)
    old = f.schedule(actor, grp, 0, start=dt.time(9, 0))
    generate_sessions(actor, MONDAY - D(14), MONDAY + D(14))
    past = {r.id: (r.date, r.start_time, r.version) for r in live(grp) if r.date <= TODAY}
    who = f.client(actor)
    f.enroll(actor, who, grp, MONDAY - D(30))
    marked = next(r for r in live(grp) if r.date == MONDAY - D(7))
    Attendance.create(
        origin_site=actor.site_id,
        session=marked.id,
        client=who.id,
        status="present",
        minutes_attended=180,
        date=marked.date,
    )
    # The group moves to Tuesdays from tomorrow: the old row is closed, a new one opened.
    old.effective_to = TODAY
    old.save()
    f.schedule(actor, grp, 1, start=dt.time(10, 0), effective_from=TODAY + D(1))
    result = generate_sessions(actor, MONDAY - D(14), MONDAY + D(14))
    assert result.retired == 2  # the two future Mondays nobody had touched
    rows = live(grp)
    assert {r.id: (r.date, r.start_time, r.version) for r in rows if r.date <= TODAY} == past
    assert [r.date for r in rows if r.date > TODAY] == [MONDAY + D(8)]  # the new Tuesday
    assert Attendance.get(Attendance.session == marked.id).status == "present"


def test_retired_future_session_comes_back_when_the_schedule_returns(db, actor):
    grp = f.group(actor)
    f.schedule(actor, grp, 0)
    generate_sessions(actor, MONDAY, MONDAY + D(14))
    grp.active = False
    grp.save()
    assert generate_sessions(actor, MONDAY, MONDAY + D(14)).retired == 2
    assert [r.date for r in live(grp)] == [MONDAY]  # the past one stays
    grp.active = True
    grp.save()
    assert generate_sessions(actor, MONDAY, MONDAY + D(14)).revived == 2
    assert len(live(grp)) == 3


@pytest.mark.expect_warnings(r"crosses midnight or has no length; nothing generated")
def test_session_past_midnight_is_refused_and_not_generated(db, actor):
    with pytest.raises(ValidationError) as err:
        validate_slot(dt.time(22, 30), 120)
    assert err.value.field == "duration_minutes"
    validate_slot(dt.time(21, 0), 180)  # ends exactly at midnight: allowed
    grp = f.group(actor)
    f.schedule(actor, grp, 0, start=dt.time(23, 0), minutes=90)
    assert generate_sessions(actor, MONDAY, MONDAY + D(6)).created == 0


def test_sessions_on_lists_only_the_sites_sessions_in_start_order(db, actor):
    north = f.other_site()
    here_late = f.group(actor, "Zeta")
    here_early = f.group(actor, "Alpha")
    there = f.group(actor, "Elsewhere", site_id=north.id)
    f.schedule(actor, here_late, 2, start=dt.time(18, 0))
    f.schedule(actor, here_early, 2, start=dt.time(9, 0))
    f.schedule(actor, there, 2)
    assert [s.title for s in sessions_on(actor, TODAY)] == ["Alpha", "Zeta"]
    assert [s.title for s in sessions_on(actor, TODAY, site_id=north.id)] == ["Elsewhere"]


def test_refresh_group_sessions_after_a_schedule_change(db, actor):
    grp = f.group(actor)
    other = f.group(actor, "Untouched")
    old = f.schedule(actor, grp, 4)  # Fridays
    f.schedule(actor, other, 4)
    generate_ahead(actor)
    old.retired_at = old.updated_at  # the slot never started: retired outright
    old.save()
    f.schedule(actor, grp, 3, effective_from=TODAY)  # Thursdays instead
    result = refresh_group_sessions(actor, grp.id)
    assert (result.created, result.retired) == (4, 4)
    assert {r.date.weekday() for r in live(grp)} == {3}
    assert len(live(other)) == 4


def _slots(grp):
    return sorted((r.date, r.start_time, r.status) for r in live(grp))


def test_changing_the_time_on_the_day_keeps_one_session_that_day(db, actor):
    grp = f.group(actor)
    old = f.schedule(actor, grp, 2)  # Wednesdays 09:00; today is a Wednesday
    generate_ahead(actor)
    # From today the group meets at 10:00 (the form's default "from": today).
    old.effective_to = TODAY - D(1)
    old.save()
    f.schedule(actor, grp, 2, start=dt.time(10, 0), effective_from=TODAY)
    refresh_group_sessions(actor, grp.id)
    assert _slots(grp)[:2] == [
        (TODAY, dt.time(9, 0), "scheduled"),
        (TODAY + D(7), dt.time(10, 0), "scheduled"),
    ]
    assert [r.date for r in live(grp)].count(TODAY) == 1


def test_a_series_edit_keeps_a_moved_or_cancelled_meeting_as_it_was(db, actor):
    from iopdesk.domain.calendar.edits import cancel_session

    grp = f.group(actor)
    old = f.schedule(actor, grp, 0)  # Mondays 09:00
    generate_ahead(actor)
    moved = Session.get((Session.group == grp.id) & (Session.date == MONDAY + D(7)))
    reschedule_session(actor, moved.id, MONDAY + D(8))  # this week on Tuesday instead
    off = Session.get((Session.group == grp.id) & (Session.date == MONDAY + D(14)))
    cancel_session(actor, off.id, "Facilitator away")
    old.effective_to = TODAY
    old.save()
    f.schedule(actor, grp, 0, start=dt.time(10, 0), effective_from=TODAY + D(1))
    refresh_group_sessions(actor, grp.id)
    assert _slots(grp) == [
        (MONDAY + D(8), dt.time(9, 0), "scheduled"),  # still moved: no second meeting on the Monday
        (MONDAY + D(14), dt.time(9, 0), "cancelled"),  # still cancelled: not brought back at 10:00
        (MONDAY + D(21), dt.time(10, 0), "scheduled"),
        (MONDAY + D(28), dt.time(10, 0), "scheduled"),
    ]


def test_a_group_meeting_twice_a_day_keeps_its_other_meeting_after_one_slot_changes(db, actor):
    grp = f.group(actor)
    morning = f.schedule(actor, grp, 2, minutes=120)  # 09:00
    f.schedule(actor, grp, 2, start=dt.time(13, 0), minutes=120)
    generate_sessions(actor, TODAY, TODAY)
    morning.effective_to = TODAY - D(1)
    morning.save()
    f.schedule(actor, grp, 2, start=dt.time(10, 0), minutes=120, effective_from=TODAY)
    generate_sessions(actor, TODAY, TODAY + D(7))
    assert _slots(grp) == [
        (TODAY, dt.time(9, 0), "scheduled"),
        (TODAY, dt.time(13, 0), "scheduled"),
        (TODAY + D(7), dt.time(10, 0), "scheduled"),
        (TODAY + D(7), dt.time(13, 0), "scheduled"),
    ]


def test_a_meeting_moved_to_the_groups_new_day_is_that_weeks_meeting(db, actor):
    grp = f.group(actor)
    old = f.schedule(actor, grp, 0)  # Mondays 09:00
    generate_ahead(actor)
    moved = Session.get((Session.group == grp.id) & (Session.date == MONDAY + D(7)))
    reschedule_session(actor, moved.id, MONDAY + D(8))  # this week on Tuesday instead
    old.effective_to = TODAY
    old.save()
    f.schedule(actor, grp, 1, start=dt.time(10, 0), effective_from=TODAY + D(1))  # Tuesdays from now on
    refresh_group_sessions(actor, grp.id)
    assert _slots(grp) == [
        (MONDAY + D(8), dt.time(9, 0), "scheduled"),  # the moved meeting, not a second one at 10:00
        (MONDAY + D(15), dt.time(10, 0), "scheduled"),
        (MONDAY + D(22), dt.time(10, 0), "scheduled"),
        (MONDAY + D(29), dt.time(10, 0), "scheduled"),
    ]
