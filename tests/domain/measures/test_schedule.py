"""Instruments due at intake, every N days and at discharge: the rule at its edges, the clinic's
schedule checked when it is set, and the lists a counselor sees (their caseload only)."""

from __future__ import annotations

import datetime as dt
from uuid import uuid4

import pytest

from iopdesk.domain.care import discharge
from iopdesk.domain.kernel import settings
from iopdesk.domain.kernel.errors import PermissionDenied, ValidationError
from iopdesk.domain.measures import results, schedule
from iopdesk.domain.measures.schedule import EpisodeFacts, ScheduleEntry, due_items
from tests.support import care_factories as cf
from tests.support import factories as f
from tests.support.factories import TODAY
from tests.support.measures_factories import NOON, caseload, phq9

DAY = dt.timedelta(days=1)
ADMITTED = TODAY - 40 * DAY
EVERY_30 = ScheduleEntry("phq9", every_days=30)
INTAKE_DISCHARGE = ScheduleEntry("auditc", intake=True, discharge=True)


def due(entry: ScheduleEntry, given: dict[str, dt.date], *, planned: dt.date | None = None, notice: int = 3):  # type: ignore[no-untyped-def]
    facts = EpisodeFacts(uuid4(), uuid4(), ADMITTED, planned)
    return [
        (d.occasion, d.due_on, d.days_overdue)
        for d in due_items(facts, given, [entry], today=TODAY, window_days=7, notice_days=notice)
    ]


def test_every_n_days_the_first_is_due_on_admission_then_n_days_after_the_last() -> None:
    assert due(EVERY_30, {}) == [("periodic", ADMITTED, 40)]
    last = TODAY - 30 * DAY
    assert due(EVERY_30, {"phq9": last}) == [("periodic", TODAY, 0)]  # exactly N days: due today
    assert due(EVERY_30, {"phq9": last + 3 * DAY}) == [("periodic", TODAY + 3 * DAY, -3)]  # the notice's edge
    assert due(EVERY_30, {"phq9": last + 4 * DAY}) == []  # a day beyond the notice
    assert due(EVERY_30, {"phq9": last + 4 * DAY}, notice=4) == [("periodic", TODAY + 4 * DAY, -4)]


def test_intake_is_due_from_admission_until_given_and_a_screening_result_counts() -> None:
    assert due(INTAKE_DISCHARGE, {}) == [("intake", ADMITTED, 40)]
    assert due(INTAKE_DISCHARGE, {"auditc": ADMITTED - 7 * DAY}) == []  # at screening, within the window
    assert due(INTAKE_DISCHARGE, {"auditc": ADMITTED - 8 * DAY}) == [
        ("intake", ADMITTED, 40)
    ]  # an earlier stay


def test_discharge_is_due_while_a_discharge_is_prepared_unless_given_in_the_window() -> None:
    planned = TODAY + 2 * DAY
    given = {"auditc": ADMITTED}
    assert due(INTAKE_DISCHARGE, given) == []  # no discharge prepared
    assert due(INTAKE_DISCHARGE, given, planned=planned) == [("discharge", planned, -2)]
    assert due(INTAKE_DISCHARGE, {"auditc": planned - 7 * DAY}, planned=planned) == []
    assert due(INTAKE_DISCHARGE, {"auditc": planned - 8 * DAY}, planned=planned) == [
        ("discharge", planned, -2)
    ]
    assert due(INTAKE_DISCHARGE, given, planned=TODAY + 10 * DAY) == []  # beyond the notice


def test_the_schedule_is_checked_when_set(actor) -> None:  # type: ignore[no-untyped-def]
    assert [e.instrument for e in schedule.entries()] == ["phq9", "gad7", "auditc", "dast10"]
    for bad, field in (
        ([ScheduleEntry("phq10", every_days=30)], "instrument"),
        ([ScheduleEntry("phq9", every_days=3)], "every_days"),
        ([ScheduleEntry("phq9")], "instrument"),
        ([EVERY_30, ScheduleEntry("phq9", intake=True)], "instrument"),
        ([], "instrument"),
    ):
        with pytest.raises(ValidationError) as refused:
            schedule.set_schedule(actor, bad)
        assert refused.value.field == field
    counselor = cf.clinician(actor)
    with pytest.raises(PermissionDenied):
        schedule.set_schedule(counselor, [EVERY_30])
    assert schedule.set_schedule(actor, [ScheduleEntry("phq9", every_days=14), INTAKE_DISCHARGE])
    assert settings.get("measure_schedule")[0] == {
        "instrument": "phq9",
        "intake": False,
        "every_days": 14,
        "discharge": False,
    }


def test_a_counselor_sees_what_their_caseload_is_due_and_giving_it_clears_it(actor) -> None:  # type: ignore[no-untyped-def]
    mine = caseload(actor, admitted_days_ago=0)
    theirs = caseload(actor, name="Sky")
    titles = [(d.client_name, d.title, d.occasion) for d in schedule.due_list(mine.counselor)]
    assert titles == [
        ("Robin R.", "AUDIT-C", "intake"),
        ("Robin R.", "DAST-10", "intake"),
        ("Robin R.", "GAD-7", "periodic"),
        ("Robin R.", "PHQ-9", "periodic"),
    ]
    assert {d.client_name for d in schedule.due_list(actor)} == {
        "Robin R.",
        "Sky R.",
    }  # the site's supervisor
    results.give(mine.counselor, mine.client_id, "phq9", phq9(*[0] * 9))
    left = schedule.due_for_client(mine.counselor, mine.client_id)
    assert [d.title for d in left] == ["AUDIT-C", "DAST-10", "GAD-7"]
    with pytest.raises(PermissionDenied):
        schedule.due_for_client(mine.counselor, theirs.client_id)


def test_a_prepared_discharge_makes_the_discharge_instruments_due(actor, frozen_clock) -> None:  # type: ignore[no-untyped-def]
    load = caseload(actor, admitted_days_ago=35)
    no_drugs = dict.fromkeys([f"q{n}" for n in range(1, 11)], False)
    for name, answers in (("auditc", {"q1": 1, "q2": 0, "q3": 0}), ("dast10", no_drugs)):
        results.give(load.counselor, load.client_id, name, answers, given_at=NOON - 35 * DAY)
    assert "AUDIT-C" not in [d.title for d in schedule.due_for_client(load.counselor, load.client_id)]
    discharge.start_discharge(load.counselor, load.episode_id, "completed", TODAY)  # a draft, not signed
    due_now = [
        (d.title, d.occasion, d.due_on) for d in schedule.due_for_client(load.counselor, load.client_id)
    ]
    assert ("AUDIT-C", "discharge", TODAY) in due_now and ("DAST-10", "discharge", TODAY) in due_now
    desk = f.actor_as(actor, f.staff(actor, role="frontdesk", name="Desk"))
    with pytest.raises(PermissionDenied):
        schedule.due_list(desk)
