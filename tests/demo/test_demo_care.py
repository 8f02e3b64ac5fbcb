"""The demo clinic's treatment records: screenings, admissions, teams, plans with reviews (some due,
some overdue), discharges of every kind and a re-admission, consistent with the rest of the demo and
sealed as the program seals them."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from uuid import UUID

import pytest

from iopdesk.demo import DemoSummary, build_demo
from iopdesk.domain.care import chart, discharge, plans, review_due, screening
from iopdesk.domain.care.sealing import verify
from iopdesk.domain.clients.population import population_for
from iopdesk.domain.clinic.setup import actor_for
from iopdesk.domain.kernel import vocab
from iopdesk.store.care_models import CareEpisode, Discharge, PlanReview, PlanVersion, Screening, TeamMember
from iopdesk.store.database import Target, open_database
from iopdesk.store.models import Attendance, Client, Enrollment, Note, TherapyGroup
from iopdesk.store.models import database as proxy

TODAY = dt.date(2026, 3, 18)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoSummary]:
    path = tmp_path_factory.mktemp("demo-care") / "demo.sqlite3"
    database = open_database(Target(path=path))
    try:
        summary = build_demo("small", seed=3, today=TODAY)
    finally:
        database.close()
        proxy.initialize(None)
    return path, summary


@pytest.fixture
def demo(built, monkeypatch):  # type: ignore[no-untyped-def]
    from iopdesk.domain.kernel import clock

    monkeypatch.setattr(clock, "site_today", lambda site_id: TODAY)
    path, summary = built
    database = open_database(Target(path=path))
    yield summary
    database.close()
    proxy.initialize(None)


def test_every_admitted_client_has_an_episode_in_step_with_their_row(demo: DemoSummary) -> None:
    assert (
        demo.episodes == CareEpisode.select().count() > 40 and demo.screenings == Screening.select().count()
    )
    for client in Client.select():
        episodes = list(
            CareEpisode.select().where(CareEpisode.client == client.id).order_by(CareEpisode.number)
        )
        if client.admission_date is None:
            assert episodes == []
            continue
        current = episodes[-1]
        assert (current.admitted_on, current.level_of_care, current.population) == (
            client.admission_date,
            client.level_of_care,
            client.population,
        )
        assert current.weekly_target_minutes == client.weekly_target_minutes
        assert (current.discharged_on is None) == (client.status != "discharged")
        assert client.population == population_for(client.date_of_birth, current.admitted_on)
        first = episodes[0]
        starts = [
            e.start_date for e in Enrollment.select().where(Enrollment.client == client.id) if e.start_date
        ]
        assert not starts or first.admitted_on == min(starts)


def test_discharges_of_every_kind_and_a_re_admission(demo: DemoSummary) -> None:
    reasons = Counter(d.reason for d in Discharge.select())
    assert set(reasons) == set(vocab.DISCHARGE_REASONS) and demo.discharges == sum(reasons.values())
    again = CareEpisode.select().where(CareEpisode.number == 2)
    assert again.count() >= 1
    for second in again:
        first = CareEpisode.get((CareEpisode.client == second.client_id) & (CareEpisode.number == 1))
        assert first.discharged_on is not None and first.discharged_on < second.admitted_on <= TODAY
        assert Client.get_by_id(second.client_id).status == "active"
    for d in Discharge.select():
        episode = CareEpisode.get_by_id(d.episode_id)
        assert d.discharged_on == episode.discharged_on and d.status in ("signed", "pending_cosign")
        last = max(
            (a.date for a in Attendance.select().where(Attendance.client == d.client_id)), default=None
        )
        assert last is None or last <= d.discharged_on  # re-admitted clients have not attended since
        team = TeamMember.select().where(TeamMember.episode == episode.id)
        assert all(m.end_on == d.discharged_on for m in team)


def test_signed_records_carry_the_seal_the_program_computes(demo: DemoSummary) -> None:
    checked = 0
    for model, content_of in (
        (Screening, screening.content_of),
        (PlanVersion, plans.content_of),
        (Discharge, discharge.content_of),
    ):
        for row in model.select().where(model.status.in_(("signed", "pending_cosign"))):
            assert verify(row, content_of(row)), (model.__name__, row.id)
            checked += 1
    from iopdesk.domain.care import reviews

    for row in PlanReview.select().where(PlanReview.status == "signed"):
        assert verify(row, reviews.content_of(row))
        checked += 1
    assert checked > 150


def test_reviews_fall_due_and_some_are_overdue(demo: DemoSummary) -> None:
    supervisor = actor_for("supervisor")
    due = review_due.reviews_due(supervisor, today=TODAY, everyone=True)
    assert due and any(r.overdue for r in due)
    assert Counter(r.status for r in PlanReview.select())["draft"] >= 1  # some being written
    assert Counter(p.number for p in PlanVersion.select())[2] >= 1  # a plan revised after a review


def test_notes_name_goals_of_the_plan_in_force(demo: DemoSummary) -> None:
    named = Note.select().where(Note.goals_addressed.is_null(False))
    assert named.count() > 200
    goals: dict[UUID, set[str]] = {}
    for plan in PlanVersion.select():
        content = json.loads(plan.content)
        goals.setdefault(plan.client_id, set()).update(
            g["id"] for p in content["problems"] for g in p["goals"]
        )
    for note in named:
        assert set(json.loads(note.goals_addressed)) <= goals[note.client_id]


def test_groups_are_kept_for_their_population(demo: DemoSummary) -> None:
    kept = {g.id: g.population for g in TherapyGroup.select()}
    assert "adolescent" in kept.values() and "adult" in kept.values() and None in kept.values()
    for e in Enrollment.select().where(Enrollment.status != "wait_listed"):
        population = kept[e.group_id]
        assert population is None or population == Client.get_by_id(e.client_id).population


def test_the_counselor_opens_a_chart_of_their_caseload(demo: DemoSummary) -> None:
    counselor = actor_for("counselor")
    mine = CareEpisode.select().where(CareEpisode.primary_counselor == counselor.staff_id).first()
    view = chart.open_chart(counselor, mine.client_id)
    assert view.episode is not None and view.team.current or view.team.past
    assert view.plan.versions or view.episode.admitted_on > TODAY - dt.timedelta(days=10)
