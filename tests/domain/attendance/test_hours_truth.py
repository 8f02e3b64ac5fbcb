"""Issue 17's failed hours cases, each as a test: clock time counted once, minutes as the session
finally ran, unknown minutes flagged, what the program offered, one rule for a partial week, H0015."""

from __future__ import annotations

import datetime as dt

import pytest

from iopdesk.domain.attendance.alerts import client_alerts
from iopdesk.domain.attendance.hours import (
    BELOW_FLOOR,
    PARTIAL_WEEK,
    SHORT_OFFER,
    HoursRules,
    hours_for_week,
    weekly_hours,
)
from iopdesk.domain.attendance.marking import attendance_changes, mark
from iopdesk.domain.calendar.edits import reschedule_session
from iopdesk.domain.calendar.holidays import add_holiday
from iopdesk.domain.kernel import settings
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.overviews.attendance_reports import export_hours_csv, hours_header, hours_report_rows
from iopdesk.store.models import Attendance, Session
from tests.support import factories as f
from tests.support.factories import MONDAY, TODAY

D = dt.timedelta
T = dt.time
LAST_MONDAY = MONDAY - D(7)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return f.pin_today(monkeypatch)


def this_week(actor, who):
    (week,) = weekly_hours(actor, who.id, weeks=1)
    return week


def test_overlapping_groups_count_clock_time_once(db, actor):
    # Present at one group 09:00–12:00 and another 10:00–13:00 the same day: 240 minutes, not 360.
    morning, late_morning = f.group(actor, "Morning"), f.group(actor, "Late morning")
    who = f.client(actor, admitted=MONDAY - D(30))
    for grp in (morning, late_morning):
        f.enroll(actor, who, grp, MONDAY - D(30))
    first = f.session(actor, morning, MONDAY, start=T(9), minutes=180)
    second = f.session(actor, late_morning, MONDAY, start=T(10), minutes=180)
    mark(actor, first.id, who.id, "present")
    mark(actor, second.id, who.id, "present")  # not refused: the count stays true instead
    week = this_week(actor, who)
    assert (week.minutes, week.overlap_minutes, week.days_attended, week.program_days) == (240, 120, 1, 1)
    assert week.offered_minutes == 240  # what was offered is clock time too
    assert "2 h at overlapping sessions counted once" in week.notes()


def test_present_follows_the_session_as_it_finally_ran(db, actor):
    grp = f.group(actor)
    who = f.client(actor)
    f.enroll(actor, who, grp, MONDAY - D(30))
    s = f.session(actor, grp, MONDAY, start=T(9), minutes=180)
    assert mark(actor, s.id, who.id, "present").minutes_attended == 180
    # Shortened to 120 after marking: 180 used to stay.
    reschedule_session(actor, s.id, MONDAY, T(9), 120)
    assert this_week(actor, who).minutes == 120
    assert Attendance.get(Attendance.session == s.id).minutes_attended == 120  # re-derived, stored
    # Then it ran long, to 180 again: 120 used to stay.
    reschedule_session(actor, s.id, MONDAY, T(9), 180)
    assert this_week(actor, who).minutes == 180
    history = attendance_changes(actor, s.id, who.id)
    assert [c.after["minutes_attended"] for c in history] == [180, 120, 180]
    assert history[1].reason == "Session time changed from 09:00–12:00 (180 min) to 09:00–11:00 (120 min)"


def test_times_keep_their_own_minutes_and_typed_minutes_stay_as_typed(db, actor):
    grp = f.group(actor)
    late, typed = f.client(actor, "Late", "Comer"), f.client(actor, "Typed", "In")
    for who in (late, typed):
        f.enroll(actor, who, grp, MONDAY - D(30))
    s = f.session(actor, grp, MONDAY, start=T(9), minutes=180)
    late_mark = mark(actor, s.id, late.id, "late", arrived=T(10, 45))
    typed_mark = mark(actor, s.id, typed.id, "present", minutes=100)
    assert (late_mark.minutes_attended, late_mark.minutes_typed) == (75, False)  # from the time
    assert (typed_mark.minutes_attended, typed_mark.minutes_typed) == (100, True)
    assert not mark(actor, s.id, late.id, "late", arrived=T(10, 45), minutes=75).minutes_typed  # = the time
    reschedule_session(actor, s.id, MONDAY, T(9), 240)  # ran on to 13:00
    assert this_week(actor, late).minutes == 135  # 10:45–13:00
    assert this_week(actor, typed).minutes == 100
    # A new length the marks cannot follow is refused, naming the client, and changes nothing.
    with pytest.raises(DomainError, match="Late C.'s attendance times .arrived 10:45. fall outside"):
        reschedule_session(actor, s.id, MONDAY, T(9), 90)
    with pytest.raises(DomainError, match="Typed I. has 100 minutes typed in"):
        reschedule_session(actor, s.id, MONDAY, T(11), 60)
    assert this_week(actor, late).minutes == 135
    assert Session.get_by_id(s.id).duration_minutes == 240


def test_a_mark_with_no_minutes_counts_only_what_is_known_and_is_flagged(db, actor):
    grp = f.group(actor)
    who = f.client(actor)
    s1, s2 = f.session(actor, grp, MONDAY), f.session(actor, grp, MONDAY + D(1))
    f.attend(actor, s1, who, "present")
    # An import (or older data): "late", no arrival time, no minutes. It used to count 180.
    Attendance.create(origin_site=actor.site_id, session=s2.id, client=who.id, status="late", date=s2.date)
    week = this_week(actor, who)
    assert (week.minutes, week.days_attended, week.unknown_minutes) == (180, 2, 1)
    assert "minutes not known for 1 session" in week.notes()
    (row,) = [r for r in hours_report_rows(actor, TODAY) if r.client_id == who.id]
    assert row.unknown_minutes == 1


def test_a_holiday_week_is_the_programs_shortfall_not_the_clients(db, actor):
    grp = f.group(actor)
    who = f.client(actor, "Holly", "Day", admitted=LAST_MONDAY - D(60))
    f.enroll(actor, who, grp, LAST_MONDAY - D(60))
    sessions = [f.session(actor, grp, LAST_MONDAY + D(n)) for n in (0, 2, 4)]  # Mon, Wed, Fri: 9 h
    add_holiday(actor, LAST_MONDAY, "Clinic closed")  # Monday's session is cancelled
    for s in sessions[1:]:
        f.attend(actor, s, who, "present")
    (last, _) = weekly_hours(actor, who.id, weeks=2)
    assert (last.minutes, last.offered_minutes, last.floor_status) == (360, 360, SHORT_OFFER)
    alerts = client_alerts(actor, who.id)
    assert [a.kind for a in alerts] == ["short_offer"]
    assert alerts[0].message == (
        "The program offered only 6 h in the week of Mar 03, under the weekly target of 9 h (attended 6 h)."
    )
    (row,) = [r for r in hours_report_rows(actor, LAST_MONDAY) if r.client_id == who.id]
    assert (row.offered_minutes, row.floor_text) == (360, "The program offered only 6 h this week")


def test_the_same_client_missing_offered_hours_is_below_the_floor(db, actor):
    grp = f.group(actor)
    who = f.client(actor, admitted=LAST_MONDAY - D(60))
    f.enroll(actor, who, grp, LAST_MONDAY - D(60))
    sessions = [f.session(actor, grp, LAST_MONDAY + D(n)) for n in (0, 2, 4)]
    f.attend(actor, sessions[0], who, "present")
    f.attend(actor, sessions[1], who, "absent_unexcused")
    (last, _) = weekly_hours(actor, who.id, weeks=2)
    assert (last.minutes, last.offered_minutes, last.floor_status) == (180, 540, BELOW_FLOOR)
    assert "below_floor" in [a.kind for a in client_alerts(actor, who.id)]


def test_a_closure_is_not_worded_as_the_clients_absence(db, actor):
    grp = f.group(actor)
    who = f.client(actor, admitted=TODAY - D(60))
    f.enroll(actor, who, grp, TODAY - D(60))
    f.attend(actor, f.session(actor, grp, TODAY - D(12)), who, "present")
    for n in range(1, 8):  # the clinic was closed: every session of the last week cancelled
        f.session(actor, grp, TODAY - D(n), status="cancelled")
    (alert,) = [a for a in client_alerts(actor, who.id) if a.kind.startswith("no_")]
    assert alert.kind == "no_sessions_offered"
    assert alert.message == (
        "The program held no sessions for this client in the last 7 days "
        "(holidays or cancellations; last attended Feb 28, 2025)."
    )


def test_a_partial_first_week_is_judged_by_one_rule_everywhere(db, actor):
    grp = f.group(actor)
    who = f.client(actor, "New", "Admit", admitted=LAST_MONDAY + D(2))  # admitted on a Wednesday
    f.enroll(actor, who, grp, LAST_MONDAY + D(2))
    for n in (2, 4):
        f.attend(actor, f.session(actor, grp, LAST_MONDAY + D(n)), who, "present")
    f.session(actor, grp, LAST_MONDAY + D(3))  # offered 9 h from admission, attended 6 h
    (dialog_week, _) = weekly_hours(actor, who.id, weeks=2)  # what the client's hours show
    bulk = hours_for_week(actor, [who.id], LAST_MONDAY)[who.id]
    (report,) = [r for r in hours_report_rows(actor, LAST_MONDAY) if r.client_id == who.id]
    assert dialog_week.floor_status == bulk.floor_status == report.floor_status == PARTIAL_WEEK
    assert not dialog_week.below_floor and not bulk.below_floor and not report.below_floor
    assert report.floor_text == "Partial week in care: not judged"
    assert "below_floor" not in [a.kind for a in client_alerts(actor, who.id)]
    csv_row = next(line for line in export_hours_csv(actor, LAST_MONDAY).splitlines() if "New A." in line)
    assert ",no,no," in csv_row  # below floor: no, PHP: no (the report used to say "yes")


def test_the_program_day_rule_is_named_h0015(db, actor):
    grp = f.group(actor)
    who = f.client(actor, admitted=LAST_MONDAY - D(30))
    for n in range(3):
        f.attend(actor, f.session(actor, grp, LAST_MONDAY + D(n)), who, "present")
    rules = HoursRules.load()
    assert rules.program_rule == "H0015 (≥ 3 h on ≥ 3 days)"
    (week, _) = weekly_hours(actor, who.id, weeks=2)
    assert week.meets_program_rule and week.program_days == 3
    header = hours_header()
    assert "Meets H0015 (≥ 3 h on ≥ 3 days)" in header
    (row,) = [r for r in hours_report_rows(actor, LAST_MONDAY) if r.client_id == who.id]
    assert row.meets_program_rule
    lines = export_hours_csv(actor, LAST_MONDAY, part2_notice=False).splitlines()
    cells = dict(zip(lines[0].split(","), lines[1].split(","), strict=True))
    assert cells["Meets H0015 (≥ 3 h on ≥ 3 days)"] == "yes"
    settings.set_value(actor, "program_min_days_per_week", 4)
    assert HoursRules.load().program_rule == "H0015 (≥ 3 h on ≥ 4 days)"


def test_unexcused_absences_in_a_row_is_a_setting(db, actor):
    grp = f.group(actor)
    who = f.client(actor, admitted=MONDAY - D(30))
    f.enroll(actor, who, grp, MONDAY - D(30))
    for n in range(2):
        f.attend(actor, f.session(actor, grp, MONDAY + D(n)), who, "absent_unexcused")
    kinds = lambda: [a.kind for a in client_alerts(actor, who.id)]  # noqa: E731
    assert "unexcused_in_a_row" in kinds()
    settings.set_value(actor, "unexcused_in_a_row", 3)
    assert "unexcused_in_a_row" not in kinds()
    f.attend(actor, f.session(actor, grp, MONDAY + D(2)), who, "absent_unexcused")
    assert "unexcused_in_a_row" in kinds()
