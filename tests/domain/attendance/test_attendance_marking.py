"""Taking attendance: who is expected, marks and their minutes, history, walk-ins, refusals."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

from iopdesk.domain.attendance.marking import (
    add_walk_in,
    attendance_changes,
    mark,
    mark_all_present,
    session_attendance,
)
from iopdesk.domain.kernel.errors import (
    ConflictError,
    DomainError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from iopdesk.store.models import Attendance, AttendanceChange, Enrollment
from tests.support import factories as f
from tests.support.factories import MONDAY, TODAY

D = dt.timedelta
T = dt.time


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return f.pin_today(monkeypatch)


@pytest.fixture
def setup(db, actor):
    grp = f.group(actor)
    s = f.session(actor, grp, TODAY, start=T(9, 0), minutes=180)
    sam = f.client(actor, "Samuel", "Rivera", preferred="Sam")
    alex = f.client(actor, "Alex", "Moreno")
    f.enroll(actor, sam, grp, MONDAY)
    f.enroll(actor, alex, grp, MONDAY)
    return grp, s, sam, alex


def test_expected_members_follow_enrollment_dates(db, actor):
    grp = f.group(actor)
    past = f.session(actor, grp, MONDAY - D(7))
    now = f.session(actor, grp, TODAY)
    left = f.client(actor, "Left", "Later")
    joined = f.client(actor, "Joined", "Recently")
    waiting = f.client(actor, "Wait", "Listed")
    held = f.client(actor, "On", "Hold")
    f.enroll(actor, left, grp, MONDAY - D(30), end=MONDAY - D(1), status="completed")
    f.enroll(actor, joined, grp, MONDAY)
    f.enroll(actor, waiting, grp, MONDAY - D(30), status="wait_listed")
    f.enroll(actor, held, grp, MONDAY - D(30), status="on_hold")
    f.enroll(actor, f.client(actor, "No", "Enddate"), grp, MONDAY - D(30), status="withdrawn")
    assert {r.display_name for r in session_attendance(actor, past.id).rows} == {"Left L.", "On H."}
    assert {r.display_name for r in session_attendance(actor, now.id).rows} == {"Joined R.", "On H."}


def test_rows_default_to_not_recorded(db, actor, setup):
    _, s, sam, alex = setup
    sheet = session_attendance(actor, s.id)
    assert [(r.display_name, r.status, r.attendance_id, r.walk_in) for r in sheet.rows] == [
        ("Alex M.", "not_recorded", None, False),
        ("Sam R.", "not_recorded", None, False),
    ]
    assert (sheet.expected_count, sheet.recorded_count, sheet.session.title) == (2, 0, "Relapse Prevention")


def test_present_late_and_left_early_minutes(db, actor, setup):
    _, s, sam, alex = setup
    assert mark(actor, s.id, sam.id, "present").minutes_attended == 180
    late = mark(actor, s.id, alex.id, "late", arrived=T(9, 40))
    assert (late.minutes_attended, late.arrived_at) == (140, T(9, 40))
    early = mark(actor, s.id, alex.id, "left_early", departed=T(11, 15))
    assert (early.minutes_attended, early.arrived_at, early.departed_at) == (135, None, T(11, 15))
    both = mark(actor, s.id, alex.id, "late", arrived=T(9, 30), departed=T(11, 30))
    assert both.minutes_attended == 120
    # Time outside the session does not count; explicit minutes win over times.
    assert mark(actor, s.id, sam.id, "present", arrived=T(8, 30), departed=T(12, 45)).minutes_attended == 180
    assert mark(actor, s.id, sam.id, "present", minutes=150).minutes_attended == 150
    # Typed minutes within what the times allow stay as typed (a break taken out, say).
    assert mark(actor, s.id, alex.id, "late", minutes=100, arrived=T(10, 0)).minutes_attended == 100
    assert mark(actor, s.id, alex.id, "late", minutes=120, arrived=T(10, 0)).minutes_attended == 120
    assert mark(actor, s.id, sam.id, "absent_excused").minutes_attended == 0


def test_a_roll_call_saves_late_and_left_early_with_the_time_to_follow(db, actor, setup):
    _, s, sam, alex = setup
    late = mark(actor, s.id, sam.id, "late", time_later=True)
    assert (late.status, late.arrived_at, late.minutes_attended, late.version) == ("late", None, None, 1)
    early = mark(actor, s.id, alex.id, "left_early", time_later=True)
    assert (early.departed_at, early.minutes_attended) == (None, None)  # not known, never guessed
    timed = mark(actor, s.id, sam.id, "late", arrived=T(9, 40), expected_version=late.version)
    assert (timed.minutes_attended, timed.version) == (140, 2)  # the same mark, its time typed
    assert AttendanceChange.select().count() == 3  # each step is in the history


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"status": "present", "minutes": 181}, "minutes"),
        ({"status": "present", "minutes": -1}, "minutes"),
        ({"status": "late"}, "arrived"),
        ({"status": "left_early"}, "departed"),
        ({"status": "late", "arrived": T(12, 30)}, "arrived"),
        ({"status": "present", "arrived": T(10, 0), "departed": T(9, 30)}, "departed"),
        # Typed minutes the times cannot hold (came at 10:00 to 09:00–12:00; left at 10:30; both).
        ({"status": "late", "minutes": 180, "arrived": T(10, 0)}, "minutes"),
        ({"status": "left_early", "minutes": 91, "departed": T(10, 30)}, "minutes"),
        ({"status": "present", "minutes": 61, "arrived": T(9, 30), "departed": T(10, 30)}, "minutes"),
        ({"status": "absent_unexcused", "minutes": 30}, "minutes"),
        ({"status": "here"}, "status"),
        ({"status": "present", "comment": "x" * 501}, "comment"),
    ],
)
def test_bad_marks_are_refused_and_change_nothing(db, actor, setup, kwargs, field):
    _, s, sam, _ = setup
    with pytest.raises(ValidationError) as err:
        mark(actor, s.id, sam.id, **kwargs)
    assert err.value.field == field
    assert Attendance.select().count() == AttendanceChange.select().count() == 0


def test_every_change_keeps_history_and_the_row_id(db, actor, setup):
    _, s, sam, _ = setup
    first = mark(actor, s.id, sam.id, "present", comment="Engaged")
    second = mark(actor, s.id, sam.id, "late", arrived=T(9, 20))
    third = mark(actor, s.id, sam.id, "late", arrived=T(9, 20))  # no change: no new version
    assert first.attendance_id == second.attendance_id == third.attendance_id
    assert (first.version, second.version, third.version) == (1, 2, 2)
    assert second.comment == "Engaged"  # comment=None keeps the comment
    assert Attendance.select().count() == 1
    changes = attendance_changes(actor, s.id, sam.id)
    assert len(changes) == 2
    assert changes[0].before == {} and changes[0].after["status"] == "present"
    assert changes[1].before["status"] == "present"
    assert changes[1].after == {
        "status": "late",
        "minutes_attended": 160,
        "arrived_at": "09:20",
        "departed_at": None,
        "comment": "Engaged",
        "walk_in_reason": None,
    }
    raw = [
        json.loads(c.before)
        for c in AttendanceChange.select().where(AttendanceChange.changed_by == actor.staff_id)
    ]
    assert sorted(b.get("minutes_attended", 0) for b in raw) == [0, 180]
    assert changes[1].changed_by == "tester"


def test_future_sessions_refused_and_late_entries_need_a_reason(db, actor, setup):
    grp, _, sam, _ = setup
    tomorrow = f.session(actor, grp, TODAY + D(1))
    with pytest.raises(DomainError, match="future"):
        mark(actor, tomorrow.id, sam.id, "present")
    old = f.session(actor, grp, TODAY - D(8))
    f.enroll(actor, sam, grp, TODAY - D(20), end=MONDAY - D(1), status="completed")
    with pytest.raises(ValidationError) as err:
        mark(actor, old.id, sam.id, "present")
    assert err.value.field == "reason"
    row = mark(actor, old.id, sam.id, "present", reason="Paper sign-in sheet found")
    assert row.status == "present"
    assert attendance_changes(actor, old.id, sam.id)[0].reason == "Paper sign-in sheet found"
    week_ago = f.session(actor, grp, TODAY - D(7))  # exactly the limit: no reason needed
    assert mark(actor, week_ago.id, sam.id, "absent_excused").status == "absent_excused"


def test_cancelled_session_refuses_marks(db, actor, setup):
    grp, _, sam, _ = setup
    off = f.session(actor, grp, TODAY, start=T(13, 0), status="cancelled")
    with pytest.raises(DomainError, match="cancelled"):
        mark(actor, off.id, sam.id, "present")
    with pytest.raises(DomainError, match="cancelled"):
        mark_all_present(actor, off.id)


def test_mark_all_present_only_touches_unrecorded(db, actor, setup):
    _, s, sam, alex = setup
    mark(actor, s.id, alex.id, "absent_excused")
    sheet = mark_all_present(actor, s.id)
    assert {r.display_name: (r.status, r.minutes_attended) for r in sheet.rows} == {
        "Alex M.": ("absent_excused", 0),
        "Sam R.": ("present", 180),
    }
    assert AttendanceChange.select().count() == 2


def test_walk_in_needs_a_reason_and_is_not_enrolled(db, actor, setup):
    grp, s, sam, _ = setup
    guest = f.client(actor, "Guest", "Visitor")
    with pytest.raises(DomainError, match="walk-in"):
        mark(actor, s.id, guest.id, "present")
    with pytest.raises(ValidationError) as err:
        add_walk_in(actor, s.id, guest.id, "")
    assert err.value.field == "reason"
    row = add_walk_in(actor, s.id, guest.id, "Covering for usual group")
    assert (row.walk_in, row.walk_in_reason, row.status) == (True, "Covering for usual group", "not_recorded")
    assert mark(actor, s.id, guest.id, "present").walk_in
    assert Enrollment.select().where(Enrollment.client == guest.id).count() == 0
    with pytest.raises(DomainError, match="already listed"):
        add_walk_in(actor, s.id, guest.id, "again")
    with pytest.raises(DomainError, match="roster"):
        add_walk_in(actor, s.id, sam.id, "already enrolled")
    assert attendance_changes(actor, s.id, guest.id)[0].after["walk_in_reason"] == "Covering for usual group"


def test_individual_session_expects_its_client(db, actor):
    who = f.client(actor, "Riley", "Test")
    s = f.session(actor, None, TODAY, kind="individual", who=who, minutes=50)
    assert [r.client_id for r in session_attendance(actor, s.id).rows] == [who.id]
    assert mark(actor, s.id, who.id, "present").minutes_attended == 50
    with pytest.raises(DomainError):
        add_walk_in(actor, s.id, f.client(actor).id, "Sibling came")


def test_auditor_cannot_mark_and_missing_things_are_not_found(db, actor, setup):
    _, s, sam, _ = setup
    auditor = f.actor_as(actor, f.staff(actor, role="auditor"))
    with pytest.raises(PermissionDenied):
        mark(auditor, s.id, sam.id, "present")
    with pytest.raises(NotFound):
        mark(actor, uuid.uuid4(), sam.id, "present")
    with pytest.raises(NotFound):
        add_walk_in(actor, s.id, uuid.uuid4(), "Unknown person")


def test_stale_screen_gets_a_conflict_instead_of_overwriting(db, actor, setup):
    _, s, sam, _ = setup
    row = mark(actor, s.id, sam.id, "present", expected_version=0)
    other = f.actor_as(actor, f.staff(actor))
    mark(other, s.id, sam.id, "absent_excused", expected_version=row.version)
    with pytest.raises(ConflictError):
        mark(actor, s.id, sam.id, "late", arrived=T(9, 10), expected_version=row.version)
    assert session_attendance(actor, s.id).rows[1].status == "absent_excused"
