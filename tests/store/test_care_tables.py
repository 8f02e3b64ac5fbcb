"""Migration 0006 (the client's treatment) on saved databases: clients admitted before it get their
first episode; its own rows come through; signed care records stay locked in the upgraded file."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest
from peewee import IntegrityError

from iopdesk.domain.care.episodes import terms_in_force
from iopdesk.store.care_models import AdmissionChange, CareEpisode, PlanVersion, TeamMember
from iopdesk.store.database import Target, open_database
from iopdesk.store.models import Note, TherapyGroup
from iopdesk.store.models import database as proxy
from tests.fixtures import make_schema_fixtures as made

pytestmark = pytest.mark.sqlite_only("migration 0006 on saved SQLite databases")


def opened(step: str, tmp_path: Path) -> Iterator[None]:
    path = tmp_path / "clinic.sqlite3"
    shutil.copyfile(made.path_for(step), path)
    db = open_database(Target(path=path))
    yield
    db.close()
    proxy.initialize(None)


@pytest.fixture
def before_care(tmp_path: Path) -> Iterator[None]:
    yield from opened("0004_indexes", tmp_path)


@pytest.fixture
def with_care(tmp_path: Path) -> Iterator[None]:
    yield from opened("0006_care", tmp_path)


def test_clients_admitted_before_the_upgrade_get_their_first_episode(before_care) -> None:  # type: ignore[no-untyped-def]
    river = UUID(made.RIVER)
    (episode,) = CareEpisode.select().where(CareEpisode.client == river)
    assert (episode.number, episode.admitted_on, episode.discharged_on) == (1, dt.date(2024, 1, 8), None)
    assert (episode.level_of_care, episode.population, episode.primary_counselor_id) == (
        "2.1",
        "adult",
        UUID(made.COUNSELOR),
    )
    (change,) = AdmissionChange.select().where(AdmissionChange.client == river)
    assert change.changed_by_id is None and "upgraded" in change.reason
    (member,) = TeamMember.select().where(TeamMember.client == river)
    assert (member.role, member.start_on, member.end_on) == ("primary_counselor", dt.date(2024, 1, 8), None)
    assert terms_in_force(river, dt.date(2024, 2, 5)).level_of_care == "2.1"
    assert CareEpisode.select().count() == 2  # Stone, admitted too, has one as well
    assert TherapyGroup.get_by_id(UUID(made.GROUP)).population is None  # for anyone, as before


def test_the_care_rows_of_a_0006_database_come_through_locked(with_care) -> None:  # type: ignore[no-untyped-def]
    plan = PlanVersion.get_by_id(UUID(made.PLAN))
    assert (plan.status, plan.signed_on, plan.client_agreed) == ("signed", dt.date(2024, 1, 10), True)
    assert Note.get_by_id(UUID(made.NOTE)).goals_addressed == f'["{UUID(made.GOAL)}"]'
    assert TherapyGroup.get_by_id(UUID(made.GROUP)).population == "adult"
    with pytest.raises(IntegrityError, match="cannot be changed"):
        PlanVersion.update(content="{}").where(PlanVersion.id == plan.id).execute()
    with pytest.raises(IntegrityError, match="cannot be changed or removed"):
        AdmissionChange.delete().execute()
