"""Detox monitoring: an episode with the prescriber's plan, serial CIWA-Ar / COWS ratings with vital
signs, a flag when a score or a vital sign reaches the clinic's threshold for a higher level of care,
and an end; what was recorded never changes."""

from __future__ import annotations

import datetime as dt

import pytest
from peewee import IntegrityError

from iopdesk.domain.kernel import settings
from iopdesk.domain.kernel.errors import DomainError, PermissionDenied, ValidationError
from iopdesk.domain.measures import detox
from iopdesk.domain.measures.detox_limits import Thresholds, Vitals, flags_for
from iopdesk.store import current
from iopdesk.store.models import AuditEvent
from tests.support import factories as f
from tests.support.measures_factories import NOON, caseload, ciwa, cows

HOUR = dt.timedelta(hours=1)
LIMITS = Thresholds(ciwa=19, cows=25, pulse=110, systolic=160, diastolic=100, temperature_f=100.4)
CALM = Vitals(pulse=84, systolic=128, diastolic=82, temperature_f=98.6)


@pytest.fixture
def load(actor):  # type: ignore[no-untyped-def]
    return caseload(actor)


def started(load, substance: str = "alcohol"):  # type: ignore[no-untyped-def]
    return detox.start(
        load.counselor,
        load.client_id,
        substance,
        "Chlordiazepoxide per Dr. Lee's taper; call her if CIWA-Ar reaches 15.",
        prescriber="Dr. Lee",
        started_at=NOON - 6 * HOUR,
    )


@pytest.mark.parametrize(
    ("instrument", "score", "vitals", "expected"),
    [
        ("ciwa-ar", 18, CALM, []),
        ("ciwa-ar", 19, CALM, ["score"]),  # at the threshold: flagged
        ("cows", 24, CALM, []),
        ("cows", 25, CALM, ["score"]),
        ("ciwa-ar", 5, Vitals(pulse=109), []),
        ("ciwa-ar", 5, Vitals(pulse=110), ["pulse"]),
        ("ciwa-ar", 5, Vitals(systolic=159, diastolic=99), []),
        ("ciwa-ar", 5, Vitals(systolic=160, diastolic=100), ["systolic", "diastolic"]),
        ("ciwa-ar", 5, Vitals(temperature_f=100.3), []),
        ("ciwa-ar", 5, Vitals(temperature_f=100.4), ["temperature"]),
        ("ciwa-ar", 22, Vitals(pulse=120, temperature_f=101.0), ["score", "pulse", "temperature"]),
    ],
)
def test_a_flag_at_each_threshold_for_a_higher_level_of_care(instrument, score, vitals, expected) -> None:  # type: ignore[no-untyped-def]
    assert [flag.key for flag in flags_for(instrument, score, vitals, LIMITS)] == expected


def test_serial_ratings_are_scored_timed_and_flagged_at_the_clinics_thresholds(load) -> None:  # type: ignore[no-untyped-def]
    episode = started(load)
    assert (episode.instrument, episode.substance_label, episode.open) == ("ciwa-ar", "Alcohol", True)
    first = detox.observe(load.counselor, episode.id, ciwa(12), vitals=CALM, observed_at=NOON - 5 * HOUR)
    assert (first.score, first.hours, first.flags, first.band_label) == (12, 1.0, (), "Moderate (10-18)")
    second = detox.observe(
        load.counselor, episode.id, ciwa(20), vitals=Vitals(112, 150, 95, 99.1), observed_at=NOON - 2 * HOUR
    )
    assert [fl.key for fl in second.flags] == ["score", "pulse"] and second.hours == 4.0
    assert "CIWA-Ar 20 (at or above 19)" in second.flags[0].message
    settings.set_value(load.supervisor, "detox_pulse_flag_from", 120)  # kept as they were then
    third = detox.observe(load.counselor, episode.id, ciwa(6), vitals=Vitals(pulse=112))
    assert third.flags == ()
    (view,) = detox.detox_for_client(load.counselor, load.client_id)
    assert [o.score for o in view.observations] == [12, 20, 6] and not view.flagged
    assert [fl.key for fl in view.observations[1].flags] == ["score", "pulse"]
    assert AuditEvent.select().where(AuditEvent.record_type == "measure_detox_observation").count() == 3


def test_opioid_withdrawal_is_rated_on_cows(load) -> None:  # type: ignore[no-untyped-def]
    episode = started(load, "opioids")
    rated = detox.observe(load.counselor, episode.id, cows(26), vitals=CALM)
    assert (episode.title, rated.score, [fl.key for fl in rated.flags]) == ("COWS", 26, ["score"])
    with pytest.raises(ValidationError, match="COWS"):
        detox.observe(load.counselor, episode.id, ciwa(5))


def test_vital_signs_must_be_plausible_and_blood_pressure_comes_in_pairs(load) -> None:  # type: ignore[no-untyped-def]
    episode = started(load)
    for vitals, field in (
        (Vitals(pulse=400), "pulse"),
        (Vitals(systolic=130), "diastolic"),
        (Vitals(systolic=80, diastolic=90), "diastolic"),
        (Vitals(temperature_f=37.0), "temperature_f"),  # a Celsius reading in the Fahrenheit box
    ):
        with pytest.raises(ValidationError) as refused:
            detox.observe(load.counselor, episode.id, ciwa(3), vitals=vitals)
        assert refused.value.field == field
    with pytest.raises(ValidationError, match="before"):
        detox.observe(load.counselor, episode.id, ciwa(3), observed_at=NOON - 7 * HOUR)


def test_one_episode_at_a_time_with_a_plan_and_an_end(load) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as no_plan:
        detox.start(load.counselor, load.client_id, "alcohol", "  ")
    assert no_plan.value.field == "plan"
    with pytest.raises(ValidationError):
        detox.start(load.counselor, load.client_id, "kratom", "A plan.")
    episode = started(load)
    with pytest.raises(DomainError, match="already"):
        started(load)
    changed = detox.change_plan(load.counselor, episode.id, "Taper finished; monitor only.")
    assert changed.plan == "Taper finished; monitor only."
    detox.observe(load.counselor, episode.id, ciwa(4), observed_at=NOON - HOUR)
    with pytest.raises(ValidationError, match="end"):
        detox.end(load.counselor, episode.id, "other")  # "other" says what
    ended = detox.end(load.counselor, episode.id, "completed", note="Symptoms resolved.")
    assert (ended.open, ended.end_label, ended.ended_by_name) == (
        False,
        "Withdrawal resolved",
        "Robin's Counselor",
    )
    with pytest.raises(DomainError, match="ended"):
        detox.observe(load.counselor, episode.id, ciwa(4))
    with pytest.raises(DomainError, match="ended"):
        detox.change_plan(load.counselor, episode.id, "More.")
    assert started(load).open  # a new one may start


def test_a_correction_supersedes_a_rating_with_its_reason(load) -> None:  # type: ignore[no-untyped-def]
    episode = started(load)
    wrong = detox.observe(load.counselor, episode.id, ciwa(21), observed_at=NOON - HOUR)
    right = detox.correct_observation(load.counselor, wrong.id, ciwa(12), "Tremor rated 7 instead of 1.")
    (view,) = detox.detox_for_client(load.counselor, load.client_id)
    assert [(o.score, o.current) for o in view.observations] == [(21, False), (12, True)]
    assert right.observed_at == wrong.observed_at and right.supersedes_id == wrong.id and not view.flagged


def test_detox_rows_refuse_changes_in_the_database(load) -> None:  # type: ignore[no-untyped-def]
    episode = started(load)
    detox.observe(load.counselor, episode.id, ciwa(8))
    db = current()
    for sql in (
        "UPDATE measure_detox_observation SET score = 1",
        "DELETE FROM measure_detox_observation",
        "UPDATE measure_detox SET substance = 'opioids'",
        "DELETE FROM measure_detox",
    ):
        with pytest.raises(IntegrityError, match="cannot be changed|monitors"):
            db.execute_sql(sql)
    detox.end(load.counselor, episode.id, "completed")
    with pytest.raises(IntegrityError, match="once ended"):
        db.execute_sql("UPDATE measure_detox SET plan = 'rewritten'")


def test_only_the_clients_clinicians_record_or_read(actor, load) -> None:  # type: ignore[no-untyped-def]
    desk = f.actor_as(actor, f.staff(actor, role="frontdesk", name="Desk"))
    stranger = caseload(actor, name="Sky").counselor
    for who in (desk, stranger):
        with pytest.raises(PermissionDenied):
            started(load.__class__(load.supervisor, who, load.client_id, load.episode_id))
        with pytest.raises(PermissionDenied):
            detox.detox_for_client(who, load.client_id)
