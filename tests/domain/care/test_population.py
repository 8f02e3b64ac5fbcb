"""Age and population from the birth date (the clinic's cut-off), the adolescent hours floor, and the
warning when a group kept for one population gets a member of the other."""

from __future__ import annotations

import datetime as dt

import pytest

from iopdesk.domain.attendance.hours import weekly_target
from iopdesk.domain.care import admission, episodes
from iopdesk.domain.clients.population import age_on, population_for
from iopdesk.domain.enrollment.enrollment import enroll
from iopdesk.domain.enrollment.placement import PopulationWarning
from iopdesk.domain.groups.groups import GroupDraft, create_group, update_group
from iopdesk.domain.kernel import settings
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.store.models import AuditEvent, Client, Enrollment
from tests.support import care_factories as cf
from tests.support.factories import TODAY


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (dt.date(2007, 3, 12), dt.date(2025, 3, 12), 18),  # the 18th birthday itself
        (dt.date(2007, 3, 13), dt.date(2025, 3, 12), 17),  # the day before it
        (dt.date(2008, 2, 29), dt.date(2025, 2, 28), 16),  # a leap-day birthday in a common year…
        (dt.date(2008, 2, 29), dt.date(2025, 3, 1), 17),  # …turns over on 1 March
        (dt.date(2000, 12, 31), dt.date(2001, 1, 1), 0),
    ],
)
def test_age_counts_whole_years(born: dt.date, on: dt.date, age: int) -> None:
    assert age_on(born, on) == age


def test_population_turns_adult_on_the_cutoff_birthday(db) -> None:  # type: ignore[no-untyped-def]
    born = dt.date(2007, 3, 12)
    assert population_for(born, dt.date(2025, 3, 11)) == "adolescent"
    assert population_for(born, dt.date(2025, 3, 12)) == "adult"
    assert population_for(born, dt.date(2025, 3, 12), cutoff=21) == "adolescent"


def test_the_cutoff_is_the_clinics(actor) -> None:  # type: ignore[no-untyped-def]
    settings.set_value(actor, "adolescent_age_cutoff", 21)
    assert population_for(dt.date(2005, 1, 1), dt.date(2025, 3, 12)) == "adolescent"  # 20 years old


def test_a_new_client_gets_the_population_of_their_birth_date(actor) -> None:  # type: ignore[no-untyped-def]
    teen, adult = cf.person(actor, "Tia", "Young", age=14), cf.person(actor, "Al", "Older", age=45)
    assert Client.get_by_id(teen.id).population == "adolescent"
    assert Client.get_by_id(adult.id).population == "adult"


def test_a_14_year_old_admitted_is_held_to_the_adolescent_floor(actor) -> None:  # type: ignore[no-untyped-def]
    teen = cf.person(actor, "Tia", "Young", age=14)
    Client.update(population="adult").where(Client.id == teen.id).execute()  # as an old record had it
    episode = cf.admitted(actor, teen.id)
    assert episode.terms.population == "adolescent" and not episode.terms.population_overridden
    row = Client.get_by_id(teen.id)
    assert row.population == "adolescent"
    assert weekly_target(row) == 6 * 60  # not the adult 9 hours
    adult = cf.person(actor, "Al", "Older", age=45)
    cf.admitted(actor, adult.id)
    assert weekly_target(Client.get_by_id(adult.id)) == 9 * 60


def test_the_derived_population_is_taken_on_the_admission_date(actor) -> None:  # type: ignore[no-untyped-def]
    # 18 today, but admitted (back-dated) the day before the birthday: an adolescent stay.
    client = cf.person(actor, "Sam", "Edge", born=TODAY.replace(year=TODAY.year - 18))
    episode = admission.admit(actor, client.id, TODAY - dt.timedelta(days=1), today=TODAY)
    assert episode.terms.population == "adolescent"
    assert episode.derived_population == "adult"  # the chart can say they came of age


def test_overriding_the_population_needs_a_reason(actor) -> None:  # type: ignore[no-untyped-def]
    client = cf.person(actor, "Sam", "Edge", age=18)
    with pytest.raises(ValidationError, match="say why") as refused:
        admission.admit(actor, client.id, TODAY, population="adolescent", today=TODAY)
    assert refused.value.field == "population_reason"
    assert episodes.client_episodes(client.id) == []  # nothing was written
    episode = admission.admit(
        actor,
        client.id,
        TODAY,
        population="adolescent",
        population_reason="Still in high school; joins the adolescent group.",
        today=TODAY,
    )
    assert episode.terms.population == "adolescent" and episode.terms.population_overridden
    assert Client.get_by_id(client.id).population == "adolescent"


def _teen_group(actor):  # type: ignore[no-untyped-def]
    return create_group(
        actor,
        GroupDraft(
            name="Adolescent IOP", kind="process", facilitator_ids=(actor.staff_id,), population="adolescent"
        ),
        today=TODAY,
    )


def test_a_45_year_old_in_an_adolescent_group_is_warned_first(actor) -> None:  # type: ignore[no-untyped-def]
    group = _teen_group(actor)
    assert group.population == "adolescent"
    adult = cf.person(actor, "Al", "Older", age=45)
    with pytest.raises(PopulationWarning, match="group for adolescents.*an adult"):
        enroll(actor, adult.id, group.id, TODAY, today=TODAY)
    assert Enrollment.select().where(Enrollment.client == adult.id).count() == 0
    joined = enroll(actor, adult.id, group.id, TODAY, acknowledge_warnings=True, today=TODAY)
    assert joined.status == "active"
    entry = (
        AuditEvent.select()
        .where(AuditEvent.record_id == str(joined.id))
        .order_by(AuditEvent.seq.desc())
        .first()
    )
    assert "population_warning" in entry.changes


def test_no_warning_for_the_right_population_or_a_group_for_anyone(actor) -> None:  # type: ignore[no-untyped-def]
    group = _teen_group(actor)
    teen = cf.person(actor, "Tia", "Young", age=14)
    assert enroll(actor, teen.id, group.id, TODAY, today=TODAY).status == "active"
    update_group(actor, group.id, population=None, today=TODAY)
    adult = cf.person(actor, "Al", "Older", age=45)
    assert enroll(actor, adult.id, group.id, TODAY, today=TODAY).status == "active"


def test_a_group_population_must_be_known(actor) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="Population"):
        create_group(
            actor,
            GroupDraft(name="X", kind="process", facilitator_ids=(actor.staff_id,), population="seniors"),
            today=TODAY,
        )


def test_an_adolescent_who_turns_18_during_the_stay_is_an_adult_from_the_birthday(actor) -> None:  # type: ignore[no-untyped-def]
    # Admitted at 17; the 18th birthday was ten days ago. From that day the birth date gives
    # "adult": recording it needs no override reason (it was taken on the admission date).
    birthday = TODAY - dt.timedelta(days=10)
    client = cf.person(actor, "Sam", "Edge", born=birthday.replace(year=birthday.year - 18))
    episode = admission.admit(actor, client.id, TODAY - dt.timedelta(days=30), today=TODAY)
    assert episode.terms.population == "adolescent"
    changed = admission.change_terms(
        actor, episode.id, "Turned 18.", birthday, population="adult", population_reason="", today=TODAY
    )
    assert changed.terms.population == "adult" and not changed.terms.population_overridden
    assert [t.population for t in changed.history] == ["adolescent", "adult"]
    assert Client.get_by_id(client.id).population == "adult"
    assert weekly_target(Client.get_by_id(client.id)) == 9 * 60


def test_keeping_an_adult_in_the_adolescent_program_after_the_birthday_needs_a_reason(actor) -> None:  # type: ignore[no-untyped-def]
    birthday = TODAY - dt.timedelta(days=10)
    client = cf.person(actor, "Sam", "Edge", born=birthday.replace(year=birthday.year - 18))
    episode = admission.admit(actor, client.id, TODAY - dt.timedelta(days=30), today=TODAY)
    # The day before the birthday the birth date still gives "adolescent": no reason needed.
    before = admission.change_terms(
        actor,
        episode.id,
        "Level review.",
        birthday - dt.timedelta(days=1),
        level_of_care="1",
        population="adolescent",
        today=TODAY,
    )
    assert before.terms.population == "adolescent" and not before.terms.population_overridden
    with pytest.raises(ValidationError, match="say why they are treated as adolescent") as refused:
        admission.change_terms(
            actor,
            before.id,
            "Stays with the teen group.",
            birthday,
            population="adolescent",
            population_reason="",
            weekly_target_minutes=6 * 60,
            today=TODAY,
        )
    assert refused.value.field == "population_reason"
