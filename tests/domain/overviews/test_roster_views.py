import datetime as dt

import pytest

from iopdesk.domain.enrollment.enrollment import end_enrollment, enroll
from iopdesk.domain.enrollment.waitlist import add_to_waitlist
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.overviews.rosters import client_groups, group_roster, sign_in_sheet
from iopdesk.store.models import Session, Staff
from tests.support.roster_helpers import TODAY, make_client, make_group


def test_sign_in_sheet_lists_expected_members_by_first_name_and_initial(db, actor):
    co = Staff.create(username="co", display_name="Dana Co", role="counselor", home_site=actor.site_id)
    group = make_group(actor, "Morning Skills", facilitator_ids=(actor.staff_id, co.id))
    sam = make_client(actor, "Samuel", "reyes", preferred_name="Sam")
    ana = make_client(actor, "Ana", "Diaz")
    left = make_client(actor, "Leo", "Ortiz")
    later = make_client(actor, "Uma", "Park")
    waiting = make_client(actor, "Vic", "Stone")
    for client in (sam, ana, left):
        enroll(actor, client.id, group.id, TODAY, today=TODAY)
    enroll(actor, later.id, group.id, TODAY + dt.timedelta(days=7), today=TODAY)
    left_enrollment = client_groups(actor, left.id, today=TODAY)[0].enrollment_id
    end_enrollment(actor, left_enrollment, TODAY, "withdrawn")
    add_to_waitlist(actor, waiting.id, group.id, today=TODAY)
    session = Session.create(
        origin_site=actor.site_id,
        kind="group",
        group=group.id,
        site=actor.site_id,
        date=TODAY + dt.timedelta(days=2),
        start_time=dt.time(9),
        duration_minutes=180,
        facilitator=co.id,
    )
    sheet = sign_in_sheet(actor, session.id)
    assert sheet.group_name == "Morning Skills" and sheet.date == TODAY + dt.timedelta(days=2)
    assert sheet.start_time == dt.time(9) and sheet.end_time == dt.time(12)
    assert sheet.facilitator_names == ("Dana Co", "tester")
    assert [line.name for line in sheet.lines] == ["Ana D.", "Sam R."]
    assert sheet.room == "Room 2"


def test_sign_in_sheet_only_for_group_sessions(db, actor):
    client = make_client(actor)
    session = Session.create(
        origin_site=actor.site_id,
        kind="individual",
        client=client.id,
        site=actor.site_id,
        date=TODAY,
        start_time=dt.time(9),
        duration_minutes=50,
    )
    with pytest.raises(DomainError):
        sign_in_sheet(actor, session.id)


def test_client_page_lists_past_and_present_groups(db, actor):
    old, current, waiting = (
        make_group(actor, "Old"),
        make_group(actor, "Current"),
        make_group(actor, "Full", max_size=1),
    )
    client = make_client(actor)
    enroll(actor, make_client(actor).id, waiting.id, TODAY, today=TODAY)
    first = enroll(actor, client.id, old.id, TODAY, today=TODAY)
    end_enrollment(actor, first.id, TODAY + dt.timedelta(days=2), "completed")
    enroll(actor, client.id, current.id, TODAY + dt.timedelta(days=7), today=TODAY)
    enroll(actor, client.id, waiting.id, today=TODAY)
    page = client_groups(actor, client.id, today=TODAY + dt.timedelta(days=10))
    assert [(g.group_name, g.status, g.current) for g in page] == [
        ("Current", "active", True),
        ("Full", "wait_listed", False),
        ("Old", "completed", False),
    ]
    assert page[2].start_date == TODAY and page[2].end_date == TODAY + dt.timedelta(days=2)
    assert page[1].waitlist_rank == 1


def test_roster_hides_past_members_unless_asked(db, actor):
    group = make_group(actor)
    client = make_client(actor)
    info = enroll(actor, client.id, group.id, TODAY, today=TODAY)
    end_enrollment(actor, info.id, TODAY, "completed")
    later = TODAY + dt.timedelta(days=3)
    assert group_roster(actor, group.id, today=later).members == ()
    (past,) = group_roster(actor, group.id, include_past=True, today=later).members
    assert past.enrollment_status == "completed" and past.days_in_group == 1 and past.next_session is None
