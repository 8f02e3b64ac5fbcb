"""Who the enroll picker offers, who waits ahead in line, and dates in enrollment messages."""

from __future__ import annotations

import datetime as dt

import pytest

from iopdesk.domain.enrollment.candidates import ahead_in_line, enroll_candidates, group_population
from iopdesk.domain.enrollment.enrollment import end_enrollment, enroll
from iopdesk.domain.enrollment.waitlist import add_to_waitlist
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import PermissionDenied, ValidationError
from iopdesk.store.models import Client, TherapyGroup
from tests.support.roster_helpers import TODAY, make_client, make_group
from tests.support.roster_support import pinned  # noqa: F401


def names(found) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.display_name for c in found.clients]


def test_the_picker_leaves_out_members_and_the_other_population(db, actor, pinned):  # noqa: F811
    group = make_group(actor, "Evening IOP")
    member = make_client(actor, "Mona", "Lane")
    enroll(actor, member.id, group.id, TODAY, today=TODAY)
    make_client(actor, "Mark", "Lane")
    make_client(actor, "Milo", "Lane", date_of_birth=TODAY - dt.timedelta(days=16 * 365))  # sixteen
    teen_by_record = make_client(actor, "Max", "Lane", date_of_birth=dt.date(2000, 1, 1))
    Client.update(population="adolescent").where(Client.id == teen_by_record.id).execute()

    found = enroll_candidates(actor, group.id, "lane")
    assert names(found) == ["Mark Lane"]
    assert (found.members_left_out, found.population_left_out, found.group_population) == (1, 2, "adult")


def test_an_adolescent_group_offers_adolescents_only(db, actor, pinned):  # noqa: F811
    group = make_group(actor, "Teen IOP", track="Adolescent IOP")
    assert group_population(TherapyGroup.get_by_id(group.id)) == "adolescent"
    make_client(actor, "Tess", "Rowe", date_of_birth=TODAY - dt.timedelta(days=15 * 365))
    make_client(actor, "Tom", "Rowe")
    found = enroll_candidates(actor, group.id, "rowe")
    assert names(found) == ["Tess Rowe"] and found.population_left_out == 1


def test_a_member_is_left_out_through_their_last_day(db, actor, pinned):  # noqa: F811
    group = make_group(actor)
    leaving = make_client(actor, "Bea", "Quill")
    info = enroll(actor, leaving.id, group.id, TODAY, today=TODAY)
    end_enrollment(actor, info.id, TODAY, "completed")
    found = enroll_candidates(actor, group.id, "quill")
    assert names(found) == [] and found.members_left_out == 1  # today is still their day in it


def test_who_waits_ahead_in_line(db, actor, pinned):  # noqa: F811
    group = make_group(actor, max_size=1)
    first, second, newcomer = (make_client(actor, n, "Wait") for n in ("Ann", "Ben", "Cal"))
    add_to_waitlist(actor, first.id, group.id)
    add_to_waitlist(actor, second.id, group.id)
    assert [e.client_name for e in ahead_in_line(actor, group.id, newcomer.id)] == ["Ann Wait", "Ben Wait"]
    assert [e.client_name for e in ahead_in_line(actor, group.id, second.id)] == ["Ann Wait"]
    assert ahead_in_line(actor, group.id, first.id) == ()


def test_the_overlap_refusal_says_the_date_as_the_screens_do(db, actor, pinned):  # noqa: F811
    group = make_group(actor, "Morning Process")
    client = make_client(actor, "Olly", "Overlap")
    enroll(actor, client.id, group.id, TODAY, today=TODAY)
    with pytest.raises(ValidationError) as refused:
        enroll(actor, client.id, group.id, TODAY + dt.timedelta(days=2), today=TODAY)
    text = str(refused.value)
    assert "from Mar 3, 2025;" in text and "2025-03-03" not in text


def test_candidates_need_a_role_that_may_see_clients(db, actor, pinned):  # noqa: F811
    group = make_group(actor)
    nobody = Actor(actor.staff_id, actor.site_id, "nobody")
    with pytest.raises(PermissionDenied):
        enroll_candidates(nobody, group.id, "")
