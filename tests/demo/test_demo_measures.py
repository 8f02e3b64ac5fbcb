"""The demo clinic's measures: scored as the program scores, attached to the episodes, safety alerts
followed up or (a recent few) open, detox monitoring with serial ratings, weekly drug screens; the
demo counselor has an open alert, instruments due and a detox in progress on the day of the build."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from uuid import UUID

import pytest

from iopdesk.demo import DemoSummary, build_demo
from iopdesk.domain.clinic.setup import actor_for
from iopdesk.domain.measures import detox, detox_limits, scoring, trends
from iopdesk.domain.overviews.measures_today import measures_today
from iopdesk.store.care_models import CareEpisode
from iopdesk.store.database import Target, open_database
from iopdesk.store.measures_models import (
    DetoxEpisode,
    DetoxObservation,
    DrugScreen,
    DrugScreenResult,
    MeasureResult,
    SafetyAlert,
)
from iopdesk.store.models import database as proxy

TODAY = dt.date(2026, 3, 18)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoSummary]:
    path = tmp_path_factory.mktemp("demo-measures") / "demo.sqlite3"
    database = open_database(Target(path=path))
    try:
        summary = build_demo("small", seed=5, today=TODAY)
    finally:
        database.close()
        proxy.initialize(None)
    return path, summary


@pytest.fixture
def demo(built, monkeypatch, frozen_clock):  # type: ignore[no-untyped-def]
    from iopdesk.domain.kernel import clock

    frozen_clock.set(dt.datetime.combine(TODAY, dt.time(16)))
    monkeypatch.setattr(clock, "site_today", lambda site_id: TODAY)
    path, summary = built
    database = open_database(Target(path=path))
    yield summary
    database.close()
    proxy.initialize(None)


def test_counts_and_scores_are_the_programs_own(demo: DemoSummary) -> None:
    assert demo.measure_results == MeasureResult.select().count() > 200
    assert demo.drug_screens == DrugScreen.select().count() > 100
    assert demo.detox_episodes == DetoxEpisode.select().count() >= 2
    assert demo.detox_observations == DetoxObservation.select().count() > 5
    kinds = Counter(r.instrument for r in MeasureResult.select(MeasureResult.instrument))
    assert {"phq9", "gad7", "auditc", "dast10"} <= set(kinds)
    for row in MeasureResult.select():
        answers = json.loads(row.answers)
        again = scoring.score(row.instrument, answers)
        assert (again.total, again.band.key if again.band else "") == (row.total, row.band)
        assert bool(json.loads(row.alerts)) == bool(again.alerts)
        assert row.given_on <= TODAY and row.given_by_id is not None


def test_results_sit_in_their_episodes(demo: DemoSummary) -> None:
    episodes = {e.id: e for e in CareEpisode.select()}
    for row in MeasureResult.select(MeasureResult.episode, MeasureResult.given_on, MeasureResult.client):
        episode = episodes[row.episode_id]
        assert episode.client_id == row.client_id
        assert episode.admitted_on <= row.given_on <= (episode.discharged_on or TODAY)


def test_alerts_follow_item_9_and_most_are_followed_up(demo: DemoSummary) -> None:
    alerts = list(SafetyAlert.select())
    assert len(alerts) == demo.safety_alerts >= 3
    assert 1 <= demo.safety_alerts_open < len(alerts)
    flagged = {r.id for r in MeasureResult.select() if json.loads(r.alerts)}
    assert {a.result_id for a in alerts} == flagged
    for a in alerts:
        if a.recorded_at is None:
            assert (TODAY - a.raised_on).days <= 2  # nobody leaves one open for long
        else:
            assert a.follow_up and a.outcome and a.checked_at >= a.raised_at


def test_detox_ratings_are_serial_and_flagged_at_the_thresholds(demo: DemoSummary) -> None:
    limits = detox_limits.thresholds()
    for episode in DetoxEpisode.select():
        rows = list(
            DetoxObservation.select()
            .where(DetoxObservation.detox == episode.id)
            .order_by(DetoxObservation.observed_at)
        )
        assert rows and all(r.instrument == episode.instrument for r in rows)
        assert all(r.observed_at >= episode.started_at for r in rows)
        for r in rows:
            vitals = detox_limits.Vitals(r.pulse, r.systolic, r.diastolic, r.temperature_f)
            expected = [f.key for f in detox_limits.flags_for(r.instrument, r.score, vitals, limits)]
            assert [f["key"] for f in json.loads(r.flags)] == expected
    assert DetoxEpisode.select().where(DetoxEpisode.ended_at.is_null()).count() >= 1


def test_screens_have_results_and_expected_positives_name_the_medication(demo: DemoSummary) -> None:
    results = Counter(r.result for r in DrugScreenResult.select(DrugScreenResult.result))
    assert results["negative"] > results["positive"] > 0
    for r in DrugScreenResult.select().where(DrugScreenResult.result == "expected_positive"):
        assert r.medication


def test_the_demo_counselor_has_something_to_practise_today(demo: DemoSummary) -> None:
    counselor = actor_for("counselor")
    today = measures_today(counselor, TODAY)
    assert today.allowed and len(today.alerts) >= 1 and len(today.due) >= 1
    client = UUID(str(today.alerts[0].client_id))
    drawn = trends.client_trends(counselor, client)
    assert any(s.key == "phq9" and not s.empty for s in drawn.series)
    watched = [
        d
        for d in DetoxEpisode.select().where(DetoxEpisode.ended_at.is_null())
        if detox.detox_for_client(counselor, d.client_id, audited=False)
    ]
    assert watched  # a detox in progress, in the counselor's reach
