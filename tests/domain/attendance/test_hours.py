"""Weekly hours: minutes actually attended, Monday–Sunday weeks, targets and the program rule."""

from __future__ import annotations

import datetime as dt

import pytest

from iopdesk.domain.attendance.hours import (
    format_minutes,
    hours_for_week,
    week_start,
    weekly_hours,
    weekly_target,
)
from iopdesk.domain.attendance.marking import mark
from iopdesk.domain.kernel import settings
from iopdesk.domain.kernel.errors import ValidationError
from tests.support import factories as f
from tests.support.factories import MONDAY, TODAY

D = dt.timedelta
T = dt.time


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return f.pin_today(monkeypatch)


def test_week_start_is_monday():
    assert week_start(dt.date(2025, 3, 16)) == MONDAY  # Sunday belongs to the week before it
    assert week_start(dt.date(2025, 3, 17)) == dt.date(2025, 3, 17)
    assert week_start(MONDAY) == MONDAY


def test_targets_by_client_population_and_level(db, actor):
    assert weekly_target(f.client(actor)) == 540
    assert weekly_target(f.client(actor, population="adolescent")) == 360
    assert weekly_target(f.client(actor, level="2.5")) == 1200
    assert weekly_target(f.client(actor, level="1")) is None
    assert weekly_target(f.client(actor, target=600, population="adolescent")) == 600
    settings.set_value(actor, "adult_weekly_floor_minutes", 600)
    assert weekly_target(f.client(actor)) == 600


def test_late_and_left_early_reduce_minutes_and_the_week_sums_them(db, actor):
    grp = f.group(actor)
    who = f.client(actor)
    f.enroll(actor, who, grp, MONDAY - D(7))
    mon = f.session(actor, grp, MONDAY, start=T(9, 0), minutes=180)
    tue = f.session(actor, grp, MONDAY + D(1), start=T(9, 0), minutes=180)
    wed = f.session(actor, grp, MONDAY + D(2), start=T(9, 0), minutes=180)
    mark(actor, mon.id, who.id, "present")
    mark(actor, tue.id, who.id, "late", arrived=T(9, 45))
    mark(actor, wed.id, who.id, "left_early", departed=T(11, 0))
    (week,) = weekly_hours(actor, who.id, weeks=1)
    assert (week.week_start, week.minutes, week.days_attended, week.program_days) == (
        MONDAY,
        180 + 135 + 120,
        3,
        1,
    )
    assert (week.target_minutes, week.below_floor, week.at_php_intensity) == (540, True, False)
    assert not week.meets_program_rule and not week.complete


def test_cancelled_sessions_and_absences_count_nothing(db, actor):
    grp = f.group(actor)
    who = f.client(actor)
    held = f.session(actor, grp, MONDAY)
    off = f.session(actor, grp, MONDAY + D(1), status="cancelled")
    missed = f.session(actor, grp, MONDAY + D(2))
    f.attend(actor, held, who, "present")
    f.attend(actor, off, who, "present")  # left over from before the cancellation
    f.attend(actor, missed, who, "absent_unexcused")
    (week,) = weekly_hours(actor, who.id, weeks=1)
    assert (week.minutes, week.days_attended) == (180, 1)


def test_weeks_split_on_monday_and_days_sum_across_sessions(db, actor):
    grp = f.group(actor)
    who = f.client(actor)
    sunday = MONDAY - D(1)
    f.attend(actor, f.session(actor, grp, sunday), who, "present")
    morning = f.session(actor, grp, MONDAY, start=T(9, 0), minutes=120)
    evening = f.session(actor, None, MONDAY, start=T(18, 0), minutes=60, kind="individual", who=who)
    f.attend(actor, morning, who)
    f.attend(actor, evening, who)
    weeks = weekly_hours(actor, who.id, weeks=3)
    assert [w.week_start for w in weeks] == [MONDAY - D(14), MONDAY - D(7), MONDAY]
    assert [(w.minutes, w.days_attended, w.program_days) for w in weeks] == [
        (0, 0, 0),
        (180, 1, 1),
        (180, 1, 1),
    ]
    assert [w.complete for w in weeks] == [True, True, False]
    (before,) = weekly_hours(actor, who.id, weeks=1, until=sunday)
    assert (before.week_start, before.minutes, before.complete) == (MONDAY - D(7), 180, True)


def test_program_rule_and_php_intensity(db, actor):
    grp = f.group(actor)
    who = f.client(actor)
    last = MONDAY - D(7)
    for day in range(5):  # 5 days x 4 h = 20 h: partial-hospitalization intensity
        f.attend(actor, f.session(actor, grp, last + D(day), minutes=240), who)
    (week, _) = weekly_hours(actor, who.id, weeks=2)
    assert (week.minutes, week.program_days, week.meets_program_rule) == (1200, 5, True)
    assert week.at_php_intensity and not week.below_floor


def test_bulk_hours_for_a_week(db, actor):
    grp = f.group(actor)
    a, b = f.client(actor), f.client(actor, population="adolescent", admitted=MONDAY - D(30))
    s = f.session(actor, grp, MONDAY)
    # b is in care and enrolled in a group that meets 6 h this week (their floor), and came to none.
    f.enroll(actor, b, grp, MONDAY - D(30))
    f.session(actor, grp, MONDAY + D(1))
    f.attend(actor, s, a, "present", 90)
    result = hours_for_week(actor, [a.id, b.id], TODAY)
    assert (result[a.id].minutes, result[a.id].target_minutes) == (90, 540)
    assert (result[b.id].minutes, result[b.id].target_minutes, result[b.id].below_floor) == (0, 360, True)


def test_weeks_argument_is_checked(db, actor):
    with pytest.raises(ValidationError):
        weekly_hours(actor, f.client(actor).id, weeks=0)


def test_format_minutes():
    assert [format_minutes(m) for m in (570, 540, 45, 0, None)] == [
        "9 h 30 min",
        "9 h",
        "45 min",
        "0 min",
        "",
    ]
    assert TODAY.weekday() == 2
