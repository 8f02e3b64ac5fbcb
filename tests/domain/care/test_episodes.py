"""Admission and episodes: the terms and their history, the client row kept in step (the hours floor
follows), the primary counselor's team place, re-admission as a new episode."""

from __future__ import annotations

import datetime as dt

import pytest
from peewee import IntegrityError

from iopdesk.domain.attendance.hours import weekly_hours
from iopdesk.domain.care import admission, episodes
from iopdesk.domain.care.episodes import terms_in_force
from iopdesk.domain.kernel.errors import DomainError, PermissionDenied, ValidationError
from iopdesk.store.care_models import AdmissionChange, TeamMember
from iopdesk.store.models import AuditEvent, Client
from tests.support import care_factories as cf
from tests.support import factories as f
from tests.support import raw_sql
from tests.support.factories import MONDAY, TODAY

DAY = dt.timedelta(days=1)


def test_admitting_opens_an_episode_with_its_terms(actor) -> None:  # type: ignore[no-untyped-def]
    counselor = cf.clinician(actor)
    client = cf.person(actor)
    screening = cf.screened(counselor, client.id)
    episode = admission.admit(
        counselor,
        client.id,
        TODAY - 7 * DAY,
        level_of_care="2.5",
        weekly_target_minutes=1200,
        referral_source="Court",
        primary_counselor_id=counselor.staff_id,
        screening_id=screening.id,
        today=TODAY,
    )
    assert (episode.number, episode.is_open, episode.screening_id) == (1, True, screening.id)
    t = episode.terms
    assert (t.admitted_on, t.level_of_care, t.population, t.weekly_target_minutes, t.referral_source) == (
        TODAY - 7 * DAY,
        "2.5",
        "adult",
        1200,
        "Court",
    )
    assert t.primary_counselor_name == "Casey Counselor" and t.level_label.startswith("Level 2.5")
    row = Client.get_by_id(client.id)
    assert (row.status, row.admission_date, row.level_of_care, row.weekly_target_minutes) == (
        "active",
        TODAY - 7 * DAY,
        "2.5",
        1200,
    )
    assert row.primary_counselor_id == counselor.staff_id
    team = TeamMember.get(TeamMember.client == client.id)
    assert (team.staff_id, team.role, team.start_on) == (
        counselor.staff_id,
        "primary_counselor",
        TODAY - 7 * DAY,
    )
    assert (
        AuditEvent.select()
        .where((AuditEvent.record_type == "care_episode") & (AuditEvent.action == "create"))
        .count()
        == 1
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"admitted_on": TODAY + DAY}, "admitted_on"),
        ({"level_of_care": "3.7"}, "level_of_care"),
        ({"weekly_target_minutes": 0}, "weekly_target_minutes"),
        ({"population": "senior", "population_reason": "x"}, "population"),
    ],
)
def test_bad_admissions_are_refused_and_write_nothing(actor, kwargs, field) -> None:  # type: ignore[no-untyped-def]
    client = cf.person(actor)
    on = kwargs.pop("admitted_on", TODAY)
    with pytest.raises(ValidationError) as refused:
        admission.admit(actor, client.id, on, today=TODAY, **kwargs)
    assert refused.value.field == field
    assert episodes.client_episodes(client.id) == [] and AdmissionChange.select().count() == 0


def test_frontdesk_cannot_admit(actor) -> None:  # type: ignore[no-untyped-def]
    desk = cf.clinician(actor, "Frankie Desk", role="frontdesk")
    with pytest.raises(PermissionDenied):
        admission.admit(desk, cf.person(actor).id, TODAY, today=TODAY)


def test_one_open_episode_at_a_time(actor) -> None:  # type: ignore[no-untyped-def]
    client = cf.person(actor)
    cf.admitted(actor, client.id)
    with pytest.raises(DomainError, match="admitted since"):
        cf.admitted(actor, client.id)


def test_changing_the_level_keeps_history_and_the_floor_follows(actor) -> None:  # type: ignore[no-untyped-def]
    client = cf.person(actor)
    episode = cf.admitted(actor, client.id, on=TODAY - 30 * DAY)
    assert weekly_hours(actor, client.id, weeks=1, until=TODAY)[0].target_minutes == 9 * 60
    changed = admission.change_terms(
        actor, episode.id, "Stepped up after a relapse.", MONDAY, level_of_care="2.5", today=TODAY
    )
    assert [h.level_of_care for h in changed.history] == ["2.1", "2.5"]
    assert (
        changed.history[-1].effective_on == MONDAY
        and changed.history[-1].reason == "Stepped up after a relapse."
    )
    assert changed.terms.level_of_care == "2.5"
    assert Client.get_by_id(client.id).level_of_care == "2.5"
    assert weekly_hours(actor, client.id, weeks=1, until=TODAY)[0].target_minutes == 20 * 60
    assert terms_in_force(client.id, MONDAY - DAY).level_of_care == "2.1"  # noqa: PLR2004 (the history)
    assert terms_in_force(client.id, MONDAY).level_of_care == "2.5"
    assert terms_in_force(client.id, TODAY - 31 * DAY) is None  # before the admission


def test_changes_go_forward_and_say_why(actor) -> None:  # type: ignore[no-untyped-def]
    client = cf.person(actor)
    episode = cf.admitted(actor, client.id, on=TODAY - 30 * DAY)
    admission.change_terms(
        actor, episode.id, "Works days now.", MONDAY, weekly_target_minutes=600, today=TODAY
    )
    with pytest.raises(ValidationError, match="cannot take effect earlier"):
        admission.change_terms(actor, episode.id, "Back-dated.", MONDAY - DAY, level_of_care="1", today=TODAY)
    with pytest.raises(ValidationError, match="today at the latest"):
        admission.change_terms(actor, episode.id, "Tomorrow.", TODAY + DAY, level_of_care="1", today=TODAY)
    with pytest.raises(ValidationError, match="reason"):
        admission.change_terms(actor, episode.id, "  ", level_of_care="1", today=TODAY)
    with pytest.raises(ValidationError, match="Nothing was changed"):
        admission.change_terms(actor, episode.id, "Same.", weekly_target_minutes=600, today=TODAY)
    with pytest.raises(ValidationError, match="no field"):
        admission.change_terms(actor, episode.id, "Oops.", colour="blue", today=TODAY)


def test_a_new_primary_counselor_takes_over_the_team_place(actor) -> None:  # type: ignore[no-untyped-def]
    first, second = cf.clinician(actor, "Casey First"), cf.clinician(actor, "Dana Second")
    client = cf.person(actor)
    episode = cf.admitted(actor, client.id, on=TODAY - 30 * DAY, counselor=first)
    admission.change_terms(
        actor, episode.id, "Caseload balancing.", MONDAY, primary_counselor_id=second.staff_id, today=TODAY
    )
    places = {(m.staff_id, m.role): m for m in TeamMember.select().where(TeamMember.client == client.id)}
    old, new = places[(first.staff_id, "primary_counselor")], places[(second.staff_id, "primary_counselor")]
    assert (old.end_on, new.start_on, new.end_on) == (MONDAY - DAY, MONDAY, None)
    assert Client.get_by_id(client.id).primary_counselor_id == second.staff_id


def test_correcting_the_admission_date_respects_group_starts(actor) -> None:  # type: ignore[no-untyped-def]
    client = cf.person(actor)
    episode = cf.admitted(actor, client.id, on=TODAY - 30 * DAY)
    group = f.group(actor)
    f.enroll(actor, Client.get_by_id(client.id), group, TODAY - 20 * DAY)
    with pytest.raises(ValidationError, match="in a group from"):
        admission.change_terms(actor, episode.id, "Typo.", admitted_on=TODAY - 10 * DAY, today=TODAY)
    fixed = admission.change_terms(
        actor, episode.id, "Typo in the date.", admitted_on=TODAY - 25 * DAY, today=TODAY
    )
    assert fixed.admitted_on == TODAY - 25 * DAY == Client.get_by_id(client.id).admission_date


def test_the_history_of_terms_cannot_be_rewritten(actor) -> None:  # type: ignore[no-untyped-def]
    client = cf.person(actor)
    cf.admitted(actor, client.id)
    row = AdmissionChange.get(AdmissionChange.client == client.id)
    with pytest.raises(IntegrityError, match="cannot be changed or removed"):
        raw_sql.execute(
            "UPDATE care_admission_change SET level_of_care = '1' WHERE id = ?", (row.id.hex,)
        )
    with pytest.raises(IntegrityError, match="cannot be changed or removed"):
        raw_sql.execute("DELETE FROM care_admission_change WHERE id = ?", (row.id.hex,))


def test_episodes_are_listed_with_history_and_the_read_is_audited(actor) -> None:  # type: ignore[no-untyped-def]
    client = cf.person(actor)
    cf.admitted(actor, client.id)
    listed = episodes.episodes(actor, client.id)
    assert [e.number for e in listed] == [1] and len(listed[0].history) == 1
    assert (
        AuditEvent.select()
        .where((AuditEvent.action == "view") & (AuditEvent.record_type == "care_episode"))
        .count()
        == 1
    )
    assert episodes.current_terms(actor, client.id).level_of_care == "2.1"


def test_a_discharge_on_the_client_record_closes_the_episode_at_re_admission(actor) -> None:  # type: ignore[no-untyped-def]
    from iopdesk.domain.clients.clients import update_client

    client = cf.person(actor)
    first = cf.admitted(actor, client.id, on=TODAY - 30 * DAY)
    update_client(actor, client.id, status="discharged", discharge_date=TODAY - 10 * DAY, today=TODAY)
    second = cf.admitted(actor, client.id, on=TODAY)
    assert second.number == 2
    closed = episodes.episodes(actor, client.id)[0]
    assert (closed.id, closed.discharged_on, closed.discharge_reason) == (first.id, TODAY - 10 * DAY, "")
    ended = TeamMember.get(TeamMember.episode == first.id)
    assert ended.end_on == TODAY - 10 * DAY


def test_levels_of_care_are_the_clinics_data(actor) -> None:  # type: ignore[no-untyped-def]
    client = cf.person(actor)
    cf.admitted(actor, client.id)
    levels = admission.set_levels(
        actor, [("1", "Outpatient"), ("2.1", "IOP"), ("2.7", "Medically managed IOP")]
    )
    assert list(levels) == ["1", "2.1", "2.7"]
    other = cf.person(actor, "Sky", "Stone")
    assert cf.admitted(actor, other.id, level_of_care="2.7").terms.level_label == "Medically managed IOP"
    with pytest.raises(ValidationError, match="in care now"):
        admission.set_levels(actor, [("1", "Outpatient")])
    with pytest.raises(ValidationError, match="Two levels"):
        admission.set_levels(actor, [("1", "a"), ("1", "b")])
    with pytest.raises(PermissionDenied):
        admission.set_levels(cf.clinician(actor), [("1", "a")])
