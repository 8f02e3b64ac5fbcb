"""Cancelling, reinstating, rescheduling, ad hoc, individual and family sessions, and holidays."""

from __future__ import annotations

import datetime as dt

import pytest

from iopdesk.domain.attendance.marking import add_walk_in, mark
from iopdesk.domain.calendar.client_sessions import (
    family_members,
    schedule_client_session,
    set_family_members,
)
from iopdesk.domain.calendar.edits import add_session, cancel_session, reinstate_session, reschedule_session
from iopdesk.domain.calendar.holidays import add_holiday, holidays_between, remove_holiday
from iopdesk.domain.calendar.sessions import get_session
from iopdesk.domain.kernel.errors import DomainError, PermissionDenied, ValidationError
from iopdesk.store.models import Attendance, FamilyMember, Session
from tests.support import factories as f
from tests.support.factories import MONDAY, TODAY

D = dt.timedelta


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return f.pin_today(monkeypatch)


def test_cancel_needs_a_reason_and_keeps_the_row(db, actor):
    grp = f.group(actor)
    s = f.session(actor, grp, TODAY + D(1))
    with pytest.raises(ValidationError) as err:
        cancel_session(actor, s.id, "  ")
    assert err.value.field == "reason"
    info = cancel_session(actor, s.id, "Facilitator ill")
    assert (info.status, info.cancel_reason, info.version) == ("cancelled", "Facilitator ill", 2)
    with pytest.raises(DomainError):
        cancel_session(actor, s.id, "again")
    back = reinstate_session(actor, s.id)
    assert (back.status, back.cancel_reason, back.version) == ("scheduled", "", 3)


def test_cancel_refused_once_someone_attended(db, actor):
    grp = f.group(actor)
    who = f.client(actor)
    f.enroll(actor, who, grp, MONDAY)
    s = f.session(actor, grp, TODAY)
    mark(actor, s.id, who.id, "present")
    with pytest.raises(DomainError, match="attended"):
        cancel_session(actor, s.id, "Snow")
    assert Session.get_by_id(s.id).status == "scheduled"


def test_reschedule_keeps_origin_date_and_refuses_midnight_and_recorded_sessions(db, actor):
    grp = f.group(actor)
    s = f.session(actor, grp, TODAY + D(5))
    Session.update(origin_date=TODAY + D(5)).where(Session.id == s.id).execute()
    moved = reschedule_session(actor, s.id, TODAY + D(6), dt.time(17, 0), 120)
    assert (moved.date, moved.start_time, moved.duration_minutes, moved.origin_date) == (
        TODAY + D(6),
        dt.time(17, 0),
        120,
        TODAY + D(5),
    )
    assert moved.moved
    with pytest.raises(ValidationError):
        reschedule_session(actor, s.id, TODAY + D(6), dt.time(23, 0), 120)
    held = f.session(actor, grp, TODAY)
    who = f.client(actor)
    f.enroll(actor, who, grp, MONDAY)
    mark(actor, held.id, who.id, "absent_excused")
    with pytest.raises(DomainError, match="already recorded"):
        reschedule_session(actor, held.id, TODAY + D(1))
    # The time of day may still be corrected.
    assert reschedule_session(actor, held.id, TODAY, dt.time(9, 30)).start_time == dt.time(9, 30)


def test_reschedule_carries_listed_walk_ins_to_the_new_date(db, actor):
    grp = f.group(actor)
    s = f.session(actor, grp, TODAY)
    who = f.client(actor)
    add_walk_in(actor, s.id, who.id, "Trial visit")
    reschedule_session(actor, s.id, TODAY - D(1))
    assert Attendance.get(Attendance.session == s.id).date == TODAY - D(1)


def test_ad_hoc_group_session(db, actor):
    grp = f.group(actor, "Skills")
    info = add_session(actor, grp.id, TODAY + D(2), dt.time(18, 0), 90, topic="Extra skills practice")
    assert (info.kind, info.title, info.schedule_id, info.origin_date, info.room) == (
        "group",
        "Skills",
        None,
        None,
        "Room A",
    )
    with pytest.raises(ValidationError):
        add_session(actor, grp.id, TODAY, dt.time(23, 30), 60)
    add_holiday(actor, TODAY + D(3), "Clinic closed")
    with pytest.raises(ValidationError) as err:
        add_session(actor, grp.id, TODAY + D(3), dt.time(9, 0), 60)
    assert err.value.field == "date"


def test_individual_and_family_sessions(db, actor):
    who = f.client(actor, "Jordan", "Sample", preferred="Jo")
    ind = schedule_client_session(actor, who.id, "individual", TODAY, dt.time(11, 0), 50)
    assert (ind.kind, ind.client_id, ind.group_id, ind.facilitator_id) == (
        "individual",
        who.id,
        None,
        actor.staff_id,
    )
    assert ind.title == "Individual session – Jo S."
    fam = schedule_client_session(
        actor, who.id, "family", TODAY, dt.time(15, 0), 60, family_members=[("Pat Sample", "Mother")]
    )
    assert [(m.name, m.relationship) for m in family_members(actor, fam.id)] == [("Pat Sample", "Mother")]
    kept = family_members(actor, fam.id)[0].id
    now = set_family_members(actor, fam.id, [("pat sample", "mother"), ("Lee Sample", "Brother")])
    assert [m.name for m in now] == ["Pat Sample", "Lee Sample"] and now[0].id == kept
    set_family_members(actor, fam.id, [("Lee Sample", "Brother")])
    assert FamilyMember.select().where(FamilyMember.session == fam.id).count() == 2  # retired, not deleted
    with pytest.raises(ValidationError):
        set_family_members(actor, fam.id, [("", "Aunt")])
    with pytest.raises(ValidationError):
        set_family_members(actor, ind.id, [("Pat Sample", "Mother")])
    with pytest.raises(ValidationError):
        schedule_client_session(actor, who.id, "group", TODAY, dt.time(9, 0), 60)
    desk = f.actor_as(actor, f.staff(actor, role="frontdesk"))
    with pytest.raises(PermissionDenied):
        schedule_client_session(desk, who.id, "individual", TODAY, dt.time(9, 0), 60)


def test_holiday_cancels_the_days_sessions_without_attendance_and_reports_them(db, actor):
    grp = f.group(actor, "Morning")
    f.schedule(actor, grp, 2)  # today's Wednesday slot is generated by add_holiday itself
    busy = f.group(actor, "Evening")
    held = f.session(actor, busy, TODAY, start=dt.time(18, 0))
    who = f.client(actor)
    f.enroll(actor, who, busy, MONDAY)
    mark(actor, held.id, who.id, "present")
    elsewhere = f.group(actor, "Other site", site_id=f.other_site().id)
    other = f.session(actor, elsewhere, TODAY)
    result = add_holiday(actor, TODAY, "Staff training day")
    assert [s.title for s in result.cancelled] == ["Morning"]
    assert result.cancelled[0].cancel_reason == "Holiday: Staff training day"
    assert [s.id for s in result.kept] == [held.id]
    assert get_session(actor, held.id).status == "scheduled"
    assert get_session(actor, other.id).status == "scheduled"
    with pytest.raises(ValidationError):
        add_holiday(actor, TODAY, "Twice")
    assert [h.reason for h in holidays_between(actor, MONDAY, MONDAY + D(6))] == ["Staff training day"]
    # Removing it reinstates exactly what it cancelled.
    back = remove_holiday(actor, result.holiday.id)
    assert [s.title for s in back] == ["Morning"] and back[0].status == "scheduled"
    assert holidays_between(actor, MONDAY, MONDAY + D(6)) == []


def test_holidays_are_kept_by_supervisors(db, actor):
    counselor = f.actor_as(actor, f.staff(actor))
    with pytest.raises(PermissionDenied):
        add_holiday(counselor, TODAY, "Day off")


def test_an_extra_session_takes_the_groups_usual_time_length_and_facilitator(db, actor):
    from iopdesk.domain.calendar.edits import FALLBACK_MINUTES, extra_session_defaults

    grp = f.group(actor, "Skills")
    lead = f.staff(actor, "counselor", "Lee Lead")
    f.facilitate(grp, lead.id)
    f.schedule(actor, grp, 0, start=dt.time(18, 0), minutes=120)  # Mondays
    f.schedule(actor, grp, 2, start=dt.time(18, 0), minutes=120)
    f.schedule(actor, grp, 4, start=dt.time(10, 0), minutes=90)  # Fridays
    friday, thursday = MONDAY + D(4), MONDAY + D(3)
    usual = extra_session_defaults(actor, grp.id, friday)
    assert (usual.start_time, usual.duration_minutes, usual.facilitator_id) == (dt.time(10, 0), 90, lead.id)
    usual = extra_session_defaults(actor, grp.id, thursday)  # no slot that day: the most common one
    assert (usual.start_time, usual.duration_minutes) == (dt.time(18, 0), 120)

    info = add_session(actor, grp.id, thursday, dt.time(17, 30))  # no length, no facilitator given
    assert (info.duration_minutes, info.facilitator_id) == (120, lead.id)

    # A counselor who leads the group leads the extra meeting too (not the group's lead).
    me = f.actor_as(actor, f.staff(actor, "counselor", "Co Leader"))
    f.facilitate(grp, me.staff_id, lead=False)
    assert extra_session_defaults(me, grp.id, thursday).facilitator_id == me.staff_id

    # No schedule: the group's last session; nothing at all: the fallback, and the actor leads.
    bare = f.group(actor, "Bare")
    f.session(actor, bare, TODAY - D(7), start=dt.time(13, 0), minutes=75)
    usual = extra_session_defaults(me, bare.id, TODAY)
    assert (usual.start_time, usual.duration_minutes) == (dt.time(13, 0), 75)
    assert usual.facilitator_id == me.staff_id
    empty = f.group(actor, "Empty")
    assert extra_session_defaults(me, empty.id, TODAY).duration_minutes == FALLBACK_MINUTES
    desk = f.actor_as(actor, f.staff(actor, "frontdesk", "Front Desk"))
    assert extra_session_defaults(desk, empty.id, TODAY).facilitator_id is None  # leads no session


def test_a_holiday_added_later_keeps_a_session_whose_note_is_signed(db, actor):
    """A signed note documents its session as held (it can no longer be cancelled by hand):
    a holiday entered afterwards for that day, a snow day typed in the next morning, leaves it."""
    from iopdesk.domain import notes
    from tests.support.note_factories import DAY, group_with, writer

    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=me, attend=False)  # nothing marked yet
    shared = notes.open_group_note(me, setup.session.id).shared
    assert shared is not None
    fields = {"topic": "Coping", "interventions": "CBT", "dynamics": "Calm", "number_present": "1"}
    saved = notes.save_draft(me, shared.id, fields, shared.version)
    notes.sign_note(me, shared.id, confirm=True, expected_version=saved.version)
    result = add_holiday(actor, DAY, "Snow day")
    assert [s.id for s in result.kept] == [setup.session.id] and result.cancelled == ()
    assert get_session(actor, setup.session.id).status == "scheduled"
