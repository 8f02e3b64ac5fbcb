"""Whatever the day the demo is built, its counselor has a session that day, nothing done yet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from iopdesk.demo import build_demo
from iopdesk.domain.clinic.setup import ensure_local_setup
from iopdesk.domain.overviews.today import today_overview
from iopdesk.store.database import Target, open_database
from iopdesk.store.models import Attendance, Holiday, Note, Session, Staff
from iopdesk.store.models import database as proxy

SATURDAY = dt.date(2026, 3, 21)
WEDNESDAY = dt.date(2026, 3, 18)  # the counselor's own group meets on Wednesdays
CHRISTMAS = dt.date(2025, 12, 25)  # a Thursday: the site runs no groups


@pytest.fixture
def built(tmp_path: Path) -> Iterator[object]:
    """Build a small demo for a given day into a fresh file and leave it open for reading."""
    opened = []

    def build(today: dt.date, seed: int = 3, name: str = "demo") -> None:
        if opened:
            opened.pop().close()
            proxy.initialize(None)
        opened.append(open_database(Target(path=tmp_path / f"{name}-{today}-{seed}.sqlite3")))
        build_demo("small", seed=seed, today=today)

    yield build
    for database in opened:
        database.close()
    proxy.initialize(None)


def practice(today: dt.date) -> Session:
    """The demo counselor's first session of the day (there may be more on a weekday)."""
    counselor = Staff.get(Staff.username == "counselor")
    found = Session.select().where(
        (Session.date == today) & (Session.facilitator == counselor.id) & (Session.status == "scheduled")
    ).order_by(Session.start_time)
    assert found.count() >= 1
    return found.first()


@pytest.mark.parametrize("today", [SATURDAY, WEDNESDAY], ids=["saturday", "wednesday"])
def test_the_counselor_has_a_group_session_today_with_nothing_done_yet(built, today):
    built(today)
    session = practice(today)
    assert session.kind == "group" and session.group_id is not None
    assert not Attendance.select().where(Attendance.session == session.id).exists()
    assert not Note.select().where(Note.session == session.id).exists()

    counselor = ensure_local_setup("counselor")
    overview = today_overview(counselor, today)
    mine = [o for o in overview.sessions if o.session.id == session.id]
    assert mine and mine[0].mine and mine[0].state == "not_taken" and mine[0].expected > 0
    assert overview.sessions[0].session.id == session.id  # their own sessions come first


def test_on_a_weekend_it_is_one_extra_session_of_their_group_at_its_usual_time(built):
    built(SATURDAY)
    session = practice(SATURDAY)
    outside = Session.select().where((Session.kind == "group") & Session.schedule.is_null())
    assert [s.id for s in outside] == [session.id]  # every other group session follows a schedule
    usual = {(s.start_time, s.duration_minutes) for s in Session.select().where(
        (Session.group == session.group_id) & Session.schedule.is_null(False)
    )}
    assert (session.start_time, session.duration_minutes) in usual


def test_on_a_holiday_it_is_an_individual_session_and_groups_stay_closed(built):
    built(CHRISTMAS)
    assert Holiday.select().where(Holiday.date == CHRISTMAS).exists()
    session = practice(CHRISTMAS)
    assert session.kind == "individual" and session.client_id is not None
    assert not Session.select().where(
        (Session.date == CHRISTMAS) & (Session.kind == "group") & (Session.status == "scheduled")
    ).exists()


def test_the_same_seed_and_day_give_the_same_practice_session_and_the_day_moves_it(built):
    built(SATURDAY, seed=5, name="first")
    first = practice(SATURDAY)
    before = (first.group_id, first.start_time, first.room)
    built(SATURDAY, seed=5, name="again")
    again = practice(SATURDAY)
    assert (again.group_id, again.start_time, again.room) == before
    later = SATURDAY + dt.timedelta(days=1)
    built(later, seed=5, name="sunday")
    assert practice(later).date == later  # relative to the day it is built, not a fixed date
