import datetime as dt

import pytest

from iopdesk.domain.clients.clients import update_client
from iopdesk.domain.enrollment.enrollment import end_enrollment, enroll, move_member
from iopdesk.domain.enrollment.keep_apart import (
    KeepApartWarning,
    add_keep_apart,
    keep_apart_list,
    retire_keep_apart,
)
from iopdesk.domain.enrollment.waitlist import (
    add_to_waitlist,
    enroll_from_waitlist,
    leave_waitlist,
    move_on_waitlist,
    reorder_waitlist,
    waitlist,
)
from iopdesk.domain.kernel.errors import DomainError, ValidationError
from iopdesk.domain.overviews.rosters import client_groups, group_roster
from iopdesk.store.models import Attendance, Enrollment, Session
from tests.support.roster_helpers import TODAY, make_client, make_group

WED = TODAY + dt.timedelta(days=2)


def test_enroll_defaults_to_the_next_scheduled_day(db, actor):
    group = make_group(actor)
    client = make_client(actor)
    info = enroll(actor, client.id, group.id, today=TODAY + dt.timedelta(days=1))  # a Tuesday
    assert info.status == "active" and info.start_date == WED
    row = Enrollment.get_by_id(info.id)
    assert row.origin_site_id == actor.site_id and row.created_by_id == actor.staff_id


def test_full_group_puts_the_client_on_the_wait_list(db, actor):
    group = make_group(actor, max_size=2)
    for _ in range(2):
        enroll(actor, make_client(actor).id, group.id, TODAY, today=TODAY)
    third = enroll(actor, make_client(actor).id, group.id, TODAY, today=TODAY)
    assert third.status == "wait_listed" and third.waitlist_rank == 1 and third.start_date is None
    over = enroll(actor, make_client(actor).id, group.id, TODAY, override_reason="Court order", today=TODAY)
    assert over.status == "active" and over.override_reason == "Court order"
    assert group_roster(actor, group.id, today=TODAY).places_taken == 3


def test_wait_list_order_reorder_and_enroll_from_it(db, actor):
    group = make_group(actor, max_size=1)
    member = enroll(actor, make_client(actor).id, group.id, TODAY, today=TODAY)
    first, second, third = (
        enroll(actor, make_client(actor).id, group.id, TODAY, today=TODAY) for _ in range(3)
    )
    assert [e.enrollment_id for e in waitlist(actor, group.id)] == [first.id, second.id, third.id]

    move_on_waitlist(actor, third.id, 1)
    assert [e.enrollment_id for e in waitlist(actor, group.id)] == [third.id, first.id, second.id]
    reorder_waitlist(actor, group.id, [second.id, third.id, first.id])
    assert [e.rank for e in waitlist(actor, group.id)] == [1, 2, 3]
    with pytest.raises(ValidationError):
        reorder_waitlist(actor, group.id, [second.id, third.id])

    with pytest.raises(DomainError, match="full"):
        enroll_from_waitlist(actor, second.id, TODAY, today=TODAY)
    end_enrollment(actor, member.id, TODAY + dt.timedelta(days=6), "completed")
    joined = enroll_from_waitlist(actor, second.id, TODAY + dt.timedelta(days=7), today=TODAY)
    assert joined.id == second.id and joined.status == "active" and joined.waitlist_rank is None
    assert [e.enrollment_id for e in waitlist(actor, group.id)] == [third.id, first.id]
    gone = leave_waitlist(actor, first.id, "withdrawn", "Found another program")
    assert gone.status == "withdrawn" and Enrollment.get_or_none(Enrollment.id == first.id) is not None
    assert [e.enrollment_id for e in waitlist(actor, group.id)] == [third.id]


def test_add_to_wait_list_directly_and_no_duplicates(db, actor):
    group = make_group(actor)
    client = make_client(actor)
    add_to_waitlist(actor, client.id, group.id, today=TODAY)
    with pytest.raises(DomainError):
        add_to_waitlist(actor, client.id, group.id, today=TODAY)
    promoted = enroll(actor, client.id, group.id, TODAY, today=TODAY)  # enrolling takes them out of line
    assert promoted.status == "active" and waitlist(actor, group.id) == []


def test_closed_group_refuses_new_members_once_started(db, actor):
    group = make_group(actor, enrollment_mode="closed", start_date=TODAY)
    enroll(actor, make_client(actor).id, group.id, TODAY, today=TODAY)
    with pytest.raises(DomainError, match="closed"):
        enroll(actor, make_client(actor).id, group.id, today=TODAY + dt.timedelta(days=1))

    held = make_group(actor, enrollment_mode="closed")
    Session.create(
        origin_site=actor.site_id,
        kind="group",
        group=held.id,
        site=actor.site_id,
        date=TODAY - dt.timedelta(days=7),
        start_time=dt.time(9),
        duration_minutes=180,
    )
    with pytest.raises(DomainError, match="closed"):
        enroll(actor, make_client(actor).id, held.id, today=TODAY)


def test_date_rules(db, actor):
    group = make_group(actor)
    client = make_client(actor, admission_date=TODAY + dt.timedelta(days=7))
    with pytest.raises(ValidationError, match="admission") as err:
        enroll(actor, client.id, group.id, TODAY, today=TODAY)
    assert err.value.field == "start_date"
    assert enroll(actor, client.id, group.id, today=TODAY).start_date == TODAY + dt.timedelta(days=7)

    other = make_client(actor)
    first = enroll(actor, other.id, group.id, TODAY, today=TODAY)
    with pytest.raises(ValidationError, match="overlap"):
        enroll(actor, other.id, group.id, TODAY + dt.timedelta(days=14), today=TODAY)
    with pytest.raises(ValidationError, match="before the enrollment's start") as err:
        end_enrollment(actor, first.id, TODAY - dt.timedelta(days=1), "withdrawn")
    assert err.value.field == "end_date"
    end_enrollment(actor, first.id, TODAY + dt.timedelta(days=7), "completed")
    with pytest.raises(ValidationError, match="overlap"):
        enroll(actor, other.id, group.id, TODAY + dt.timedelta(days=7), today=TODAY)
    again = enroll(actor, other.id, group.id, TODAY + dt.timedelta(days=14), today=TODAY)
    assert again.status == "active"
    with pytest.raises(ValidationError, match="today at the earliest"):
        enroll(actor, make_client(actor).id, group.id, TODAY - dt.timedelta(days=7), today=TODAY)


def test_discharged_client_cannot_be_enrolled(db, actor):
    group = make_group(actor)
    client = make_client(actor)
    update_client(actor, client.id, status="discharged", today=TODAY)
    with pytest.raises(DomainError, match="discharged"):
        enroll(actor, client.id, group.id, TODAY, today=TODAY)
    assert Enrollment.select().count() == 0


def test_end_date_cannot_erase_attended_sessions(db, actor):
    group = make_group(actor)
    client = make_client(actor)
    info = enroll(actor, client.id, group.id, TODAY, today=TODAY)
    session = Session.create(
        origin_site=actor.site_id,
        kind="group",
        group=group.id,
        site=actor.site_id,
        date=WED,
        start_time=dt.time(9),
        duration_minutes=180,
    )
    Attendance.create(
        origin_site=actor.site_id, session=session.id, client=client.id, status="present", date=WED
    )
    with pytest.raises(ValidationError, match="attended"):
        end_enrollment(actor, info.id, TODAY, "withdrawn")
    ended = end_enrollment(actor, info.id, WED, "other", "Moved away")
    assert ended.status == "ended" and ended.end_reason == "other"
    with pytest.raises(DomainError, match="already ended"):
        end_enrollment(actor, info.id, WED, "completed")
    assert Attendance.select().count() == 1 and Attendance.get().version == 1


def test_keep_apart_warning_and_acknowledgement(db, actor):
    group = make_group(actor)
    a, b = make_client(actor, "Ana", "Ruiz"), make_client(actor, "Bea", "Ruiz")
    note = add_keep_apart(actor, a.id, b.id, "relatives", "Sisters")
    assert keep_apart_list(actor, b.id)[0].other_client_id == a.id
    enroll(actor, a.id, group.id, TODAY, today=TODAY)
    with pytest.raises(KeepApartWarning) as warning:
        enroll(actor, b.id, group.id, TODAY, today=TODAY)
    (conflict,) = warning.value.conflicts
    assert conflict.other_client_id == a.id and conflict.reason == "relatives"
    assert "relatives" in str(warning.value)
    assert Enrollment.select().count() == 1
    assert enroll(actor, b.id, group.id, TODAY, acknowledge_warnings=True, today=TODAY).status == "active"

    other_group = make_group(actor)
    retire_keep_apart(actor, note.id)
    enroll(actor, a.id, other_group.id, TODAY, today=TODAY)
    assert enroll(actor, b.id, other_group.id, TODAY, today=TODAY).status == "active"
    with pytest.raises(ValidationError):
        add_keep_apart(actor, a.id, a.id, "other")


def test_move_member_ends_one_and_starts_the_other(db, actor):
    first, second = make_group(actor), make_group(actor)
    client = make_client(actor)
    old = enroll(actor, client.id, first.id, TODAY, today=TODAY)
    result = move_member(actor, old.id, second.id, today=TODAY + dt.timedelta(days=1))
    assert result.ended.status == "transferred" and result.ended.end_reason == "transferred"
    assert result.ended.end_date == TODAY + dt.timedelta(days=1)
    assert result.started.group_id == second.id and result.started.start_date == WED
    history = client_groups(actor, client.id, today=TODAY + dt.timedelta(days=1))
    assert [(g.group_id, g.current) for g in history] == [(second.id, True), (first.id, True)]
    later = client_groups(actor, client.id, today=WED)
    assert [(g.group_id, g.current) for g in later] == [(second.id, True), (first.id, False)]


def test_move_into_a_full_group_is_refused_and_changes_nothing(db, actor):
    first, full = make_group(actor), make_group(actor, max_size=1)
    enroll(actor, make_client(actor).id, full.id, TODAY, today=TODAY)
    old = enroll(actor, make_client(actor).id, first.id, TODAY, today=TODAY)
    with pytest.raises(DomainError, match="full"):
        move_member(actor, old.id, full.id, today=TODAY)
    assert Enrollment.get_by_id(old.id).status == "active" and Enrollment.get_by_id(old.id).version == 1


def test_roster_shows_days_attendance_rate_and_next_session(db, actor):
    group = make_group(actor, slots=())  # only the sessions below: no weekly schedule
    client = make_client(actor, "Samuel", "Reyes", preferred_name="Sam")
    enroll(actor, client.id, group.id, TODAY, today=TODAY)
    statuses = ["present", "late", "absent_unexcused", "cancelled_clinic", "not_recorded"]
    for offset, status in enumerate(statuses):
        day = TODAY + dt.timedelta(days=offset)
        session = Session.create(
            origin_site=actor.site_id,
            kind="group",
            group=group.id,
            site=actor.site_id,
            date=day,
            start_time=dt.time(9),
            duration_minutes=180,
        )
        Attendance.create(
            origin_site=actor.site_id, session=session.id, client=client.id, status=status, date=day
        )
    Session.create(
        origin_site=actor.site_id,
        kind="group",
        group=group.id,
        site=actor.site_id,
        date=TODAY + dt.timedelta(days=9),
        start_time=dt.time(9),
        duration_minutes=180,
    )
    roster = group_roster(actor, group.id, today=TODAY + dt.timedelta(days=5))
    (member,) = roster.members
    assert member.preferred_name == "Sam" and member.days_in_group == 6
    assert (member.sessions_attended, member.sessions_recorded) == (2, 3)
    assert member.attendance_rate == pytest.approx(2 / 3)
    assert member.next_session == TODAY + dt.timedelta(days=9)
    assert roster.open_places == group.max_size - 1


def test_enrollment_dates_follow_the_groups_site_clock_not_the_workstations(db, actor, monkeypatch):
    """A workstation still on Wednesday evening enrolls a client in a group at a site in a time
    zone where it is already Thursday: Wednesday's session there has been held and stays as it was."""
    from iopdesk.domain.kernel import clock
    from iopdesk.store.models import Site

    east = Site.create(name="East site")
    wed, thu = TODAY + dt.timedelta(days=2), TODAY + dt.timedelta(days=3)
    monkeypatch.setattr(clock, "site_today", lambda site_id: thu if site_id == east.id else wed)
    group = make_group(actor, site_id=east.id)  # Mondays and Wednesdays
    client = make_client(actor)
    with pytest.raises(ValidationError, match="today at the earliest"):
        enroll(actor, client.id, group.id, wed)
    assert enroll(actor, client.id, group.id).start_date == TODAY + dt.timedelta(days=7)  # next Monday


def test_closed_group_not_begun_yet_takes_members_from_its_start_only(db, actor):
    """Before a closed group begins, a new member joins from its first meeting; a start date
    weeks later would have them join a cohort already under way."""
    first = TODAY + dt.timedelta(days=7)  # a Monday
    group = make_group(actor, enrollment_mode="closed", start_date=first)
    assert enroll(actor, make_client(actor).id, group.id, today=TODAY).start_date == first
    with pytest.raises(DomainError, match="closed") as err:
        enroll(actor, make_client(actor).id, group.id, first + dt.timedelta(days=14), today=TODAY)
    assert getattr(err.value, "field", None) == "start_date"
    assert Enrollment.select().where(Enrollment.group == group.id).count() == 1
