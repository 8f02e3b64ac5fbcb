"""Giving an instrument: scored, attached to the episode, audited; a PHQ-9 item 9 above 0 raises a
same-day safety alert whatever the total, which stays open (on every team member's list) until a
clinician records the follow-up; results never change, corrections supersede."""

from __future__ import annotations

import datetime as dt

import pytest
from peewee import IntegrityError

from iopdesk.domain.kernel import settings
from iopdesk.domain.kernel.errors import ConflictError, DomainError, PermissionDenied, ValidationError
from iopdesk.domain.measures import alerts, results
from iopdesk.domain.overviews.measures_today import measures_today
from iopdesk.store import current
from iopdesk.store.measures_models import MeasureResult, SafetyAlert
from iopdesk.store.models import AuditEvent
from tests.support import care_factories as cf
from tests.support import factories as f
from tests.support.factories import TODAY
from tests.support.measures_factories import NOON, caseload, phq9

DAY = dt.timedelta(days=1)


@pytest.fixture
def load(actor):  # type: ignore[no-untyped-def]
    return caseload(actor)


def trail(record_type: str, action: str) -> list[AuditEvent]:
    return list(
        AuditEvent.select()
        .where((AuditEvent.record_type == record_type) & (AuditEvent.action == action))
        .order_by(AuditEvent.seq)
    )


def test_item_9_at_1_with_a_total_of_1_raises_a_same_day_alert_at_once(load) -> None:  # type: ignore[no-untyped-def]
    given = results.give(load.counselor, load.client_id, "phq9", phq9(0, 0, 0, 0, 0, 0, 0, 0, 1))
    r = given.result
    assert (r.total, r.band, r.title, r.loinc) == (1, "minimal", "PHQ-9", "44261-6")
    assert given.alert_id is not None and [a.key for a in r.alerts] == ["safety"]
    (alert,) = alerts.open_alerts(load.counselor)
    assert (alert.id, alert.item, alert.answer, alert.raised_on, alert.open) == (
        given.alert_id,
        "9",
        1,
        TODAY,
        True,
    )
    assert alert.client_name == "Robin R." and alert.total == 1
    (created,) = trail("measure_safety_alert", "create")
    assert created.client_id == load.client_id and created.staff_id == load.counselor.staff_id
    assert trail("measure_result", "create")[0].record_id == str(r.id)


def test_no_alert_when_item_9_is_0_however_high_the_total(load) -> None:  # type: ignore[no-untyped-def]
    given = results.give(load.counselor, load.client_id, "phq9", phq9(3, 3, 3, 3, 3, 3, 3, 3, 0))
    assert (given.result.total, given.result.band, given.alert_id) == (24, "severe", None)
    assert alerts.open_alerts(load.counselor) == ()


def test_the_result_attaches_to_the_episode_its_day_falls_in(actor, frozen_clock) -> None:  # type: ignore[no-untyped-def]
    load = caseload(actor)
    before = results.give(
        load.counselor, load.client_id, "phq9", phq9(*[1] * 8, 0), given_at=NOON - 25 * DAY
    ).result
    inside = results.give(
        load.counselor, load.client_id, "gad7", dict.fromkeys([f"q{n}" for n in range(1, 8)], 1)
    )
    assert (before.episode_id, before.given_on) == (None, TODAY - 25 * DAY)  # admitted 20 days ago
    assert (inside.result.episode_id, inside.result.total) == (load.episode_id, 7)
    with pytest.raises(ValidationError, match="future"):
        results.give(load.counselor, load.client_id, "phq9", phq9(*[0] * 9), given_at=NOON + DAY)


def test_an_incomplete_or_off_scale_form_is_refused_and_nothing_is_saved(load) -> None:  # type: ignore[no-untyped-def]
    answers = phq9(*[1] * 9)
    del answers["q9"]
    with pytest.raises(ValidationError, match="item 9") as missing:
        results.give(load.counselor, load.client_id, "phq9", answers)
    assert missing.value.field == "q9"
    with pytest.raises(ValidationError, match="out of range"):
        results.give(load.counselor, load.client_id, "phq9", phq9(1, 1, 1, 4, 1, 1, 1, 1, 1))
    assert MeasureResult.select().count() == 0 and SafetyAlert.select().count() == 0


def test_an_open_alert_stays_on_every_team_members_list_until_the_follow_up(actor, frozen_clock) -> None:  # type: ignore[no-untyped-def]
    load = caseload(actor)
    stranger = cf.clinician(actor, "Other Counselor")
    given = results.give(load.counselor, load.client_id, "phq9", phq9(0, 1, 0, 0, 0, 0, 0, 0, 2))
    frozen_clock.advance(days=2)
    for who in (load.counselor, load.supervisor):  # the team, the site's supervisor
        assert [a.id for a in alerts.open_alerts(who)] == [given.alert_id]
    assert alerts.open_alerts(stranger) == ()  # not their client
    today = measures_today(load.counselor, TODAY + 2 * DAY)
    assert today.allowed and [a.id for a in today.alerts] == [given.alert_id]
    assert today.alerts[0].days_open(TODAY + 2 * DAY) == 2
    assert given.alert_id is not None
    with pytest.raises(PermissionDenied):
        alerts.record_follow_up(stranger, given.alert_id, outcome="safety_plan", follow_up="Checked.")
    done = alerts.record_follow_up(
        load.counselor,
        given.alert_id,
        outcome="safety_plan",
        follow_up="Met the client; safety plan reviewed; crisis line numbers given.",
        checked_at=NOON + DAY,
    )
    assert not done.open and done.checked_by_name == "Robin's Counselor" and done.checked_at == NOON + DAY
    assert done.recorded_at == NOON + 2 * DAY and done.outcome_label.startswith("Safety check done")
    assert alerts.open_alerts(load.counselor) == ()
    (changed,) = trail("measure_safety_alert", "change")
    assert changed.staff_id == load.counselor.staff_id and '"safety_plan"' in changed.changes
    with pytest.raises(ConflictError, match="recorded this"):
        alerts.record_follow_up(
            load.supervisor, given.alert_id, outcome="no_current_risk", follow_up="Again."
        )
    (shown,) = alerts.client_alerts(load.supervisor, load.client_id)
    assert shown.follow_up.startswith("Met the client")


def test_the_follow_up_says_what_was_done_by_a_clinician_after_the_answers(actor) -> None:  # type: ignore[no-untyped-def]
    load = caseload(actor)
    alert_id = results.give(load.counselor, load.client_id, "phq9", phq9(*[0] * 8, 3)).alert_id
    assert alert_id is not None
    desk = f.actor_as(actor, f.staff(actor, role="frontdesk", name="Desk"))
    with pytest.raises(PermissionDenied):
        alerts.record_follow_up(desk, alert_id, outcome="safety_plan", follow_up="x")
    for kwargs, field in (
        ({"outcome": "fine", "follow_up": "x"}, "outcome"),
        ({"outcome": "safety_plan", "follow_up": "  "}, "follow_up"),
        ({"outcome": "safety_plan", "follow_up": "x", "checked_at": NOON - DAY}, "checked_at"),
        ({"outcome": "safety_plan", "follow_up": "x", "checked_by": desk.staff_id}, "checked_by"),
    ):
        with pytest.raises(ValidationError) as refused:
            alerts.record_follow_up(load.counselor, alert_id, **kwargs)  # type: ignore[arg-type]
        assert refused.value.field == field
    assert [a.id for a in alerts.open_alerts(load.counselor)] == [alert_id]


def test_front_desk_sees_no_measures_and_cannot_give_one(actor) -> None:  # type: ignore[no-untyped-def]
    load = caseload(actor)
    desk = f.actor_as(actor, f.staff(actor, role="frontdesk", name="Desk"))
    auditor = f.actor_as(actor, f.staff(actor, role="auditor", name="Audrey"))
    with pytest.raises(PermissionDenied):
        results.give(desk, load.client_id, "phq9", phq9(*[0] * 9))
    with pytest.raises(PermissionDenied):
        results.give(auditor, load.client_id, "phq9", phq9(*[0] * 9))
    assert not measures_today(desk, TODAY).allowed and measures_today(desk, TODAY).alerts == ()
    results.give(load.counselor, load.client_id, "phq9", phq9(*[0] * 9))
    assert len(results.results_for(auditor, load.client_id)) == 1  # auditors read
    denied = list(AuditEvent.select().where(AuditEvent.action == "permission.denied"))
    assert len(denied) == 2 and {d.staff_id for d in denied} == {desk.staff_id, auditor.staff_id}


def test_reading_a_clients_results_is_audited_unless_it_is_a_refresh(load) -> None:  # type: ignore[no-untyped-def]
    results.give(load.counselor, load.client_id, "phq9", phq9(*[0] * 9))
    results.results_for(load.counselor, load.client_id)
    results.results_for(load.counselor, load.client_id, audited=False)
    (viewed,) = trail("measure_result", "view")
    assert viewed.client_id == load.client_id and viewed.record_id == "list"


def test_a_correction_supersedes_with_its_reason_and_never_closes_an_alert(load) -> None:  # type: ignore[no-untyped-def]
    first = results.give(load.counselor, load.client_id, "phq9", phq9(*[1] * 8, 1))
    with pytest.raises(ValidationError, match="reason"):
        results.correct(load.counselor, first.result.id, phq9(*[1] * 8, 0), " ")
    fixed = results.correct(
        load.counselor, first.result.id, phq9(*[1] * 8, 0), "Item 9 was typed in the wrong row."
    )
    assert (fixed.result.total, fixed.result.supersedes_id, fixed.alert_id) == (8, first.result.id, None)
    assert fixed.result.given_at == first.result.given_at
    old, new = results.results_for(load.counselor, load.client_id)
    assert (old.current, old.superseded_by_id, new.current) == (False, new.id, True)
    assert [a.id for a in alerts.open_alerts(load.counselor)] == [first.alert_id]  # a person must look
    with pytest.raises(DomainError, match="already corrected"):
        results.correct(load.counselor, first.result.id, phq9(*[1] * 9), "again")
    again = results.correct(load.counselor, new.id, phq9(*[1] * 9), "It was 1 after all.")
    assert again.alert_id is None  # the first alert is still open: not raised twice
    later = results.correct(load.counselor, again.result.id, phq9(*[1] * 8, 2), "It was 2.")
    assert later.alert_id is None and len(alerts.open_alerts(load.counselor)) == 1


def test_a_correction_that_brings_item_9_above_0_raises_an_alert(load) -> None:  # type: ignore[no-untyped-def]
    first = results.give(load.counselor, load.client_id, "phq9", phq9(*[0] * 9))
    fixed = results.correct(load.counselor, first.result.id, phq9(*[0] * 8, 1), "Item 9 was 1 on paper.")
    assert fixed.alert_id is not None
    (alert,) = alerts.open_alerts(load.counselor)
    assert alert.result_id == fixed.result.id


def test_results_and_alerts_refuse_changes_in_the_database_itself(load) -> None:  # type: ignore[no-untyped-def]
    given = results.give(load.counselor, load.client_id, "phq9", phq9(*[0] * 8, 1))
    db = current()
    for sql in (
        "UPDATE measure_result SET total = 0",
        "UPDATE measure_result SET retired_at = '2025-01-01'",
        "DELETE FROM measure_result",
        "DELETE FROM measure_safety_alert",
        "UPDATE measure_safety_alert SET message = 'nothing'",
    ):
        with pytest.raises(IntegrityError, match="cannot be changed|never"):
            db.execute_sql(sql)
    assert given.alert_id is not None
    alerts.record_follow_up(
        load.counselor, given.alert_id, outcome="no_current_risk", follow_up="Seen at once."
    )
    with pytest.raises(IntegrityError, match="never changes"):
        db.execute_sql("UPDATE measure_safety_alert SET follow_up = 'rewritten'")
    with pytest.raises(IntegrityError, match="never changes"):
        db.execute_sql("UPDATE measure_safety_alert SET recorded_at = NULL")


def test_the_clinics_cut_offs_score_audit_c(actor) -> None:  # type: ignore[no-untyped-def]
    load = caseload(actor)
    answers = {"q1": 2, "q2": 1, "q3": 1}  # 4
    assert (
        results.give(load.counselor, load.client_id, "auditc", answers, sex="male").result.band == "positive"
    )
    settings.set_value(actor, "auditc_positive_men", 5)
    assert (
        results.give(load.counselor, load.client_id, "auditc", answers, sex="male").result.band == "negative"
    )
    with pytest.raises(ValidationError, match="ciwa_moderate_from"):
        settings.set_value(actor, "ciwa_moderate_from", 19)  # must stay below the severe cut-off


def test_a_result_reads_as_a_fhir_observation_with_its_loinc_code(load) -> None:  # type: ignore[no-untyped-def]
    r = results.give(load.counselor, load.client_id, "phq9", phq9(2, 2, 2, 2, 1, 1, 2, 0, 0)).result
    obs = results.as_observation(r, "Patient/example")
    assert obs["code"]["coding"] == [{"system": "http://loinc.org", "code": "44261-6"}]
    assert (obs["valueInteger"], obs["status"], obs["subject"]) == (
        12,
        "final",
        {"reference": "Patient/example"},
    )
    assert obs["effectiveDateTime"].startswith(TODAY.isoformat())


def test_a_correction_keeps_the_recorded_sex_unless_told_and_can_clear_it(load) -> None:  # type: ignore[no-untyped-def]
    answers = {"q1": 1, "q2": 1, "q3": 1}  # 3: positive for women and with no sex given, not for men
    first = results.give(load.counselor, load.client_id, "auditc", answers, sex="male")
    assert (first.result.band, first.result.sex) == ("negative", "male")
    kept = results.correct(load.counselor, first.result.id, answers, "Item 3 re-read.")
    assert (kept.result.band, kept.result.sex) == ("negative", "male")
    cleared = results.correct(load.counselor, kept.result.id, answers, "Sex was not asked.", sex="")
    assert (cleared.result.band, cleared.result.sex) == ("positive", "")


def test_a_safety_check_timed_in_the_minute_of_the_answers_is_not_before_them(load, frozen_clock) -> None:  # type: ignore[no-untyped-def]
    frozen_clock.set(NOON + dt.timedelta(seconds=40))
    alert_id = results.give(load.counselor, load.client_id, "phq9", phq9(*[0] * 8, 1)).alert_id
    assert alert_id is not None
    with pytest.raises(ValidationError, match="cannot be before"):
        alerts.record_follow_up(
            load.counselor,
            alert_id,
            outcome="safety_plan",
            follow_up="x",
            checked_at=NOON - dt.timedelta(minutes=1),
        )
    done = alerts.record_follow_up(
        load.counselor, alert_id, outcome="safety_plan", follow_up="Asked in the session.", checked_at=NOON
    )
    assert done.checked_at == NOON and not done.open
