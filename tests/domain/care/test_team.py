"""The treatment team: members by role and dates, and the team deciding who sees the chart."""

from __future__ import annotations

import datetime as dt

import pytest

from iopdesk.domain.care import chart, team
from iopdesk.domain.kernel import permissions
from iopdesk.domain.kernel.errors import DomainError, PermissionDenied, ValidationError
from iopdesk.store.models import AuditEvent, Client
from tests.support import care_factories as cf
from tests.support import factories as f
from tests.support.factories import TODAY

DAY = dt.timedelta(days=1)


def test_members_join_and_leave_with_dates(actor) -> None:  # type: ignore[no-untyped-def]
    nurse, peer = cf.clinician(actor, "Nia Nurse"), cf.clinician(actor, "Pat Peer")
    client = cf.person(actor)
    cf.admitted(actor, client.id, on=TODAY - 20 * DAY)
    n = team.add_team_member(actor, client.id, nurse.staff_id, "nurse", TODAY - 10 * DAY)
    p = team.add_team_member(actor, client.id, peer.staff_id, "peer_support")
    assert (n.role_label, n.active, p.start_on) == ("Nurse", True, TODAY)
    ended = team.end_team_member(actor, n.id, TODAY - DAY, "Moved to another site.")
    assert (ended.end_on, ended.active) == (TODAY - DAY, False)
    view = team.team(actor, client.id)
    assert [m.role for m in view.current] == ["primary_counselor", "peer_support"]
    assert [m.name for m in view.past] == ["Nia Nurse"]


def test_team_rules(actor) -> None:  # type: ignore[no-untyped-def]
    nurse = cf.clinician(actor, "Nia Nurse")
    client = cf.person(actor)
    with pytest.raises(DomainError, match="not admitted"):
        team.add_team_member(actor, client.id, nurse.staff_id, "nurse")
    episode = cf.admitted(actor, client.id, on=TODAY - 5 * DAY)
    with pytest.raises(ValidationError, match="Role"):
        team.add_team_member(actor, client.id, nurse.staff_id, "chef")
    with pytest.raises(ValidationError, match="admitted on"):
        team.add_team_member(actor, client.id, nurse.staff_id, "nurse", TODAY - 6 * DAY)
    with pytest.raises(DomainError, match="admission"):
        team.add_team_member(actor, client.id, nurse.staff_id, "primary_counselor")
    member = team.add_team_member(actor, client.id, nurse.staff_id, "nurse")
    with pytest.raises(ValidationError, match="already has that role"):
        team.add_team_member(actor, client.id, nurse.staff_id, "nurse")
    team.retire_team_member(actor, member.id, "Added to the wrong client.")
    assert team.team(actor, client.id, episode.id).current[-1].role == "primary_counselor"


def test_the_team_decides_who_sees_the_chart(actor) -> None:  # type: ignore[no-untyped-def]
    counselor, nurse = cf.clinician(actor, "Casey Counselor"), cf.clinician(actor, "Nia Nurse")
    north = f.other_site()
    client = cf.person(actor)
    Client.update(home_site=north.id).where(Client.id == client.id).execute()
    cf.admitted(counselor, client.id, on=TODAY - 10 * DAY)
    with pytest.raises(PermissionDenied, match="treatment team"):
        chart.open_chart(nurse, client.id)
    assert not permissions.can(nurse, permissions.NOTE_READ, client_id=client.id)
    member = team.add_team_member(counselor, client.id, nurse.staff_id, "nurse", TODAY - 5 * DAY)
    assert chart.open_chart(nurse, client.id).header.chart_number == client.chart_number
    assert permissions.can(nurse, permissions.NOTE_READ, client_id=client.id)  # the chart includes the notes
    assert permissions.readable_client_ids(nurse, [client.id], permissions.CARE_READ) == {client.id}
    team.end_team_member(counselor, member.id, TODAY - DAY)
    with pytest.raises(PermissionDenied):
        chart.open_chart(nurse, client.id)
    denied = AuditEvent.select().where(
        (AuditEvent.action == "permission.denied") & (AuditEvent.client_id == client.id)
    )
    assert denied.count() == 2


def test_a_future_team_place_opens_the_chart_only_from_its_start(actor) -> None:  # type: ignore[no-untyped-def]
    counselor, nurse = cf.clinician(actor), cf.clinician(actor, "Nia Nurse")
    client = cf.person(actor)
    Client.update(home_site=f.other_site().id).where(Client.id == client.id).execute()
    cf.admitted(counselor, client.id)
    episode_team = team.add_team_member(counselor, client.id, nurse.staff_id, "nurse", TODAY + 3 * DAY)
    assert not episode_team.active
    assert not permissions.can(nurse, permissions.CARE_READ, client_id=client.id)


def test_frontdesk_never_sees_the_chart(actor) -> None:  # type: ignore[no-untyped-def]
    desk = cf.clinician(actor, "Frankie Desk", role="frontdesk")
    client = cf.person(actor)
    cf.admitted(actor, client.id)
    with pytest.raises(PermissionDenied, match="treatment chart"):
        chart.open_chart(desk, client.id)
    auditor = cf.clinician(actor, "Avery Auditor", role="auditor")
    assert chart.open_chart(auditor, client.id).episode is not None
