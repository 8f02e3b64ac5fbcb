"""Clock time within a session: what a mark is worth, and overlapping sessions counted once (issue 17)."""

from __future__ import annotations

import datetime as dt

import pytest

from iopdesk.domain.calendar.session_time import (
    MarkTime,
    attended_minutes,
    attended_span,
    derived_minutes,
    union_minutes,
)

T = dt.time
NINE = T(9)


def mark(status="present", minutes=None, typed=False, arrived=None, departed=None, start=NINE, length=180):
    return MarkTime(status, minutes, typed, arrived, departed, start, length)


def test_overlapping_sessions_count_their_clock_time_once():
    # Issue 17: present at one group 09:00–12:00 and another 10:00–13:00 the same day.
    first = attended_span(mark(start=T(9), length=180))
    second = attended_span(mark(start=T(10), length=180))
    assert (first, second) == ((540, 720), (600, 780))
    assert union_minutes([first, second]) == 240  # 4 hours of clock time, not 360
    assert union_minutes([(540, 600), (600, 660)]) == 120  # back to back: no overlap
    assert union_minutes([(540, 720), (560, 600), (0, 0)]) == 180  # one inside the other


def test_present_is_the_whole_session_as_it_finally_ran():
    assert attended_minutes(mark(length=120)) == 120
    assert attended_minutes(mark(minutes=120, length=180)) == 180  # stored minutes not typed: derived


@pytest.mark.parametrize(
    ("kwargs", "span"),
    [
        ({"status": "late", "arrived": T(10, 45)}, (645, 720)),  # arrived 10:45 at 09:00–12:00
        ({"status": "left_early", "departed": T(10, 30)}, (540, 630)),
        ({"status": "present", "arrived": T(8, 30), "departed": T(12, 45)}, (540, 720)),  # outside: trimmed
        ({"status": "late", "arrived": T(10, 45), "length": 240}, (645, 780)),  # times keep their minutes
    ],
)
def test_times_give_their_own_minutes(kwargs, span):
    assert attended_span(mark(**kwargs)) == span


def test_typed_minutes_are_kept_and_placed_where_known():
    assert attended_span(mark(minutes=150, typed=True)) == (540, 690)
    assert attended_span(mark("late", minutes=90, typed=True)) == (630, 720)  # up to the end
    assert attended_span(mark("left_early", minutes=60, typed=True, departed=T(11))) == (600, 660)
    assert attended_minutes(mark(minutes=180, typed=True, length=120)) == 120  # never past the session


def test_a_mark_without_minutes_or_times_is_not_known_and_absences_are_worth_nothing():
    # Issue 17: an import's "late" with no minutes used to count as the whole session.
    assert attended_span(mark("late")) is None
    assert attended_span(mark("left_early")) is None
    assert attended_minutes(mark("absent_unexcused")) == 0
    assert derived_minutes("late", None, None, T(9), 180) is None
    assert derived_minutes("present", None, None, T(9), 180) == 180
