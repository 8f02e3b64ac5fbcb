"""Migration 0008 (measurement-based care) on saved databases: an older clinic gets the empty tables
with their guards; a 0008 clinic's rows come through, still refusing changes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest
from peewee import IntegrityError

from iopdesk.store import current
from iopdesk.store.database import Target, open_database
from iopdesk.store.measures_models import DetoxObservation, DrugScreenResult, MeasureResult, SafetyAlert
from iopdesk.store.models import database as proxy
from tests.fixtures import make_schema_fixtures as made

pytestmark = pytest.mark.sqlite_only("migration 0008 on saved SQLite databases")


def opened(step: str, tmp_path: Path) -> Iterator[None]:
    path = tmp_path / "clinic.sqlite3"
    shutil.copyfile(made.path_for(step), path)
    db = open_database(Target(path=path))
    yield
    db.close()
    proxy.initialize(None)


@pytest.fixture
def before(tmp_path: Path) -> Iterator[None]:
    yield from opened("0006_care", tmp_path)


@pytest.fixture
def with_measures(tmp_path: Path) -> Iterator[None]:
    yield from opened("0008_measures", tmp_path)


def test_an_upgraded_clinic_has_the_tables_and_their_guards(before) -> None:  # type: ignore[no-untyped-def]
    assert MeasureResult.select().count() == 0 and SafetyAlert.select().count() == 0
    names = {r[0] for r in current().execute_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"measure_result_no_update", "measure_safety_alert_follow_up_once", "measure_detox_fixed"} <= names


def test_the_measures_of_a_0008_clinic_come_through_and_stay_as_recorded(with_measures) -> None:  # type: ignore[no-untyped-def]
    result = MeasureResult.get_by_id(UUID(made.RESULT))
    assert (result.instrument, result.total, result.band, result.episode_id) == (
        "phq9",
        13,
        "moderate",
        UUID(made.EPISODE),
    )
    alert = SafetyAlert.get_by_id(UUID(made.ALERT))
    assert (alert.result_id, alert.outcome, alert.recorded_at is not None) == (result.id, "safety_plan", True)
    assert DetoxObservation.get_by_id(UUID(made.OBSERVATION)).score == 9
    assert {r.result for r in DrugScreenResult.select()} == {"negative", "expected_positive"}
    with pytest.raises(IntegrityError, match="cannot be changed"):
        current().execute_sql("UPDATE measure_result SET total = 0")
    with pytest.raises(IntegrityError, match="never changes"):
        current().execute_sql("UPDATE measure_safety_alert SET follow_up = ''")
