"""The drug-screen log (a result per substance, an expected positive naming its medication, who
recorded it; never changed, corrected by a new screen) and what the trend charts draw."""

from __future__ import annotations

import datetime as dt

import pytest
from peewee import IntegrityError

from iopdesk.domain.kernel.errors import DomainError, PermissionDenied, ValidationError
from iopdesk.domain.measures import detox, results, screens, trends
from iopdesk.domain.measures.screens import SubstanceResult as R
from iopdesk.store import current
from iopdesk.store.models import AuditEvent
from tests.support import factories as f
from tests.support.factories import TODAY
from tests.support.measures_factories import NOON, caseload, ciwa, phq9

DAY = dt.timedelta(days=1)
CUP = {"specimen": "urine", "method": "point_of_care", "observed": True}


@pytest.fixture
def load(actor):  # type: ignore[no-untyped-def]
    return caseload(actor, admitted_days_ago=30)


def test_a_screen_keeps_each_substances_result_and_who_recorded_it(load) -> None:  # type: ignore[no-untyped-def]
    logged = screens.record(
        load.counselor,
        load.client_id,
        collected_on=TODAY - DAY,
        results=[
            R("opiates", "negative"),
            R("buprenorphine", "expected_positive", "Buprenorphine-naloxone 8 mg"),
            R("cannabinoids", "positive"),
            R("cocaine", "invalid"),
        ],
        **CUP,
    )
    assert [(r.substance, r.result) for r in logged.results] == [
        ("buprenorphine", "expected_positive"),
        ("cannabinoids", "positive"),
        ("cocaine", "invalid"),
        ("opiates", "negative"),
    ]
    assert [r.substance for r in logged.positives] == ["cannabinoids"]  # the prescribed one is expected
    assert (logged.recorded_by_name, logged.episode_id, logged.method_label) == (
        "Robin's Counselor",
        load.episode_id,
        "Point of care",
    )
    (entry,) = AuditEvent.select().where(AuditEvent.record_type == "measure_drug_screen")
    assert '"cannabinoids":"positive"' in entry.changes.replace(" ", "")


@pytest.mark.parametrize(
    ("entries", "match"),
    [
        ([], "at least one"),
        ([R("opiates", "negative"), R("opiates", "positive")], "twice"),
        ([R("kratom", "negative")], "substance"),
        ([R("opiates", "maybe")], "result"),
        ([R("methadone", "expected_positive")], "names the prescribed medication"),
        ([R("methadone", "positive", "Methadone 60 mg")], "only for an expected positive"),
    ],
)
def test_a_screen_with_a_wrong_result_is_refused_naming_it(load, entries, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match=match):
        screens.record(load.counselor, load.client_id, collected_on=TODAY, results=entries, **CUP)
    with pytest.raises(ValidationError, match="future"):
        screens.record(
            load.counselor,
            load.client_id,
            collected_on=TODAY + DAY,
            results=[R("opiates", "negative")],
            **CUP,
        )
    assert screens.screens_for(load.counselor, load.client_id) == ()


def test_a_screen_is_corrected_by_a_new_one_and_never_changed(load) -> None:  # type: ignore[no-untyped-def]
    wrong = screens.record(
        load.counselor, load.client_id, collected_on=TODAY, results=[R("cocaine", "positive")], **CUP
    )
    fixed = screens.correct(
        load.counselor,
        wrong.id,
        "Read the wrong strip.",
        collected_on=TODAY,
        results=[R("cocaine", "negative")],
        **CUP,
    )
    old, new = screens.screens_for(load.counselor, load.client_id)
    assert (old.current, new.current, new.supersedes_id, new.reason) == (
        False,
        True,
        wrong.id,
        "Read the wrong strip.",
    )
    assert fixed.id == new.id
    with pytest.raises(DomainError, match="already corrected"):
        screens.correct(
            load.counselor, wrong.id, "x", collected_on=TODAY, results=[R("cocaine", "negative")], **CUP
        )
    for sql in (
        "UPDATE measure_drug_screen SET observed = NOT observed",  # boolean on both engines
        "UPDATE measure_drug_screen_result SET result = 'negative'",
        "DELETE FROM measure_drug_screen_result",
        "DELETE FROM measure_drug_screen",
    ):
        with pytest.raises(IntegrityError, match="cannot be changed"):
            current().execute_sql(sql)


def test_screens_are_for_the_clients_clinicians(actor, load) -> None:  # type: ignore[no-untyped-def]
    desk = f.actor_as(actor, f.staff(actor, role="frontdesk", name="Desk"))
    with pytest.raises(PermissionDenied):
        screens.record(desk, load.client_id, collected_on=TODAY, results=[R("opiates", "negative")], **CUP)
    with pytest.raises(PermissionDenied):
        screens.screens_for(desk, load.client_id)


def test_the_trend_has_the_episodes_scores_with_the_bands_behind(load) -> None:  # type: ignore[no-untyped-def]
    for days_ago, total9 in ((28, 0), (14, 1), (0, 0)):
        results.give(
            load.counselor,
            load.client_id,
            "phq9",
            phq9(3, 3, 2, 2, 2, 1, 1, max(0, 2 - days_ago // 14), total9),
            given_at=NOON - days_ago * DAY,
        )
    drawn = trends.client_trends(load.counselor, load.client_id)
    (series,) = drawn.series
    assert (series.title, series.y_max, series.x_unit) == ("PHQ-9", 27.0, "days")
    assert [(b.low, b.high) for b in series.bands] == [(0, 5), (5, 10), (10, 15), (15, 20), (20, 27)]
    assert [b.level for b in series.bands] == [0.0, 0.25, 0.5, 0.75, 1.0]
    (line,) = series.lines
    assert [p.value for p in line.points] == [14.0, 16.0, 16.0] and [p.flagged for p in line.points] == [
        False,
        True,
        False,
    ]
    assert series.start == dt.datetime.combine(TODAY - 30 * DAY, dt.time())  # the admission day
    assert drawn.caption.startswith("Episode 1: admitted") and drawn.screens.empty
    (viewed,) = AuditEvent.select().where(AuditEvent.record_id == "trends")
    assert viewed.client_id == load.client_id


def test_detox_scores_over_hours_and_screens_week_by_week(load) -> None:  # type: ignore[no-untyped-def]
    episode = detox.start(
        load.counselor,
        load.client_id,
        "alcohol",
        "Per Dr. Lee.",
        started_at=NOON - 10 * dt.timedelta(hours=1),
    )
    detox.observe(load.counselor, episode.id, ciwa(14), observed_at=NOON - 8 * dt.timedelta(hours=1))
    detox.observe(load.counselor, episode.id, ciwa(21), observed_at=NOON - 4 * dt.timedelta(hours=1))
    (series,) = trends.client_trends(load.counselor, load.client_id).detox
    assert (series.x_unit, series.threshold, series.y_max) == ("hours", 19.0, 67.0)
    assert [(p.value, p.flagged) for p in series.lines[0].points] == [(14.0, False), (21.0, True)]
    monday = TODAY - dt.timedelta(days=TODAY.weekday())
    for day, result in (
        (monday, "negative"),
        (monday + DAY, "positive"),
        (monday - 7 * DAY, "expected_positive"),
    ):
        med = "Buprenorphine 8 mg" if result == "expected_positive" else ""
        screens.record(
            load.counselor, load.client_id, collected_on=day, results=[R("buprenorphine", result, med)], **CUP
        )
    grid = trends.screen_grid(screens.screens_for(load.counselor, load.client_id), monday - 7 * DAY, TODAY)
    assert grid.weeks == (monday - 7 * DAY, monday) and grid.substances == (
        ("buprenorphine", "Buprenorphine"),
    )
    assert dict(grid.cells) == {("buprenorphine", 0): "expected_positive", ("buprenorphine", 1): "positive"}


def test_the_printed_part_is_a_disclosure_and_covers_the_period(load) -> None:  # type: ignore[no-untyped-def]
    results.give(load.counselor, load.client_id, "phq9", phq9(*[1] * 8, 1), given_at=NOON - 10 * DAY)
    results.give(load.counselor, load.client_id, "gad7", dict.fromkeys([f"q{n}" for n in range(1, 8)], 2))
    packet = trends.for_print(load.counselor, load.client_id, TODAY - 5 * DAY, TODAY)
    assert [s.title for s in packet.series] == ["GAD-7"] and packet.alerts == ()
    whole = trends.for_print(load.counselor, load.client_id)
    assert [s.title for s in whole.series] == ["PHQ-9", "GAD-7"] and len(whole.alerts) == 1
    exported = list(
        AuditEvent.select().where((AuditEvent.action == "export") & (AuditEvent.record_id == "measures"))
    )
    assert len(exported) == 2 and exported[0].client_id == load.client_id
