"""Discharge: the summary the program assembles, aftercare, and discharging from the date forward
only (the past stays as it was); re-admission opens a new episode and keeps the old one readable."""

from __future__ import annotations

import datetime as dt

import pytest
from peewee import IntegrityError

from iopdesk.domain.care import admission, discharge, episodes, plans, reviews, team
from iopdesk.domain.care.discharge import AftercareItem
from iopdesk.domain.enrollment.expected import expected_by_session
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.errors import DomainError, NoteLocked, ValidationError
from iopdesk.domain.measures import results
from iopdesk.store.care_models import CareEpisode, TeamMember
from iopdesk.store.models import Attendance, Client, Enrollment
from tests.support import care_factories as cf
from tests.support import factories as f
from tests.support import raw_sql
from tests.support.factories import TODAY
from tests.support.measures_factories import phq9

DAY = dt.timedelta(days=1)
D = TODAY - 2 * DAY  # the discharge date


@pytest.fixture
def stay(actor):  # type: ignore[no-untyped-def]
    """Admitted 30 days ago: a group (sessions on D-3 attended, D-1 and D+4 to come), individual
    sessions, a future enrollment and a wait-list place, a nurse on the team, a reviewed plan."""
    client = cf.person(actor)
    episode = cf.admitted(actor, client.id, on=TODAY - 30 * DAY)
    row = Client.get_by_id(client.id)
    group, later, full = (
        f.group(actor, "Evening IOP"),
        f.group(actor, "CBT Skills"),
        f.group(actor, "DBT Skills"),
    )
    member = f.enroll(actor, row, group, TODAY - 28 * DAY)
    future = f.enroll(actor, row, later, TODAY + 5 * DAY)
    waiting = Enrollment.create(
        origin_site=actor.site_id, client=row.id, group=full.id, status="wait_listed", waitlist_position=1.0
    )
    attended = f.session(actor, group, D - DAY, minutes=180)
    f.attend(actor, attended, row, "present")
    missed = f.session(actor, group, D - 7 * DAY, minutes=180)
    f.attend(actor, missed, row, "absent_unexcused")
    one = f.session(actor, None, D - 4 * DAY, kind="individual", who=row, minutes=50)
    f.attend(actor, one, row, "present")
    after = f.session(actor, group, D + DAY, minutes=180)
    nurse = cf.clinician(actor, "Nia Nurse")
    team.add_team_member(actor, client.id, nurse.staff_id, "nurse", TODAY - 20 * DAY)
    plan = cf.signed_plan(actor, client.id)
    review = reviews.start_review(actor, plan.id)
    reviews.save_review(
        actor,
        review.id,
        progress={p.objective_id: ("achieved", "") for p in review.progress},
        summary="Goals met.",
    )
    reviews.sign_review(actor, review.id, True)
    return {
        "client": client,
        "episode": episode,
        "member": member,
        "future": future,
        "waiting": waiting,
        "attended": attended,
        "after": after,
    }


def _finish(actor, discharge_id, **kw):  # type: ignore[no-untyped-def]
    discharge.save_discharge(
        actor,
        discharge_id,
        summary={"condition": "Stable, abstinent 30 days.", "recommendations": "Alumni group weekly."},
        aftercare=[AftercareItem("referral", "Alumni group, Tuesdays 6 pm", TODAY + 7 * DAY, "Front desk")],
        **kw,
    )
    return discharge.sign_discharge(actor, discharge_id, True)


def test_the_summary_is_assembled_from_the_stay(actor, stay) -> None:  # type: ignore[no-untyped-def]
    draft = discharge.start_discharge(actor, stay["episode"].id, "completed", D)
    text = {key: body for key, _title, body in draft.summary}
    assert "29 days (4.1 weeks)" in text["stay"] and f"{D:%Y-%m-%d}" in text["stay"]
    assert text["attendance"].startswith("Attended 2 sessions (1 group, 1 individual), 3 h 50 min in all")
    assert "missed 1" in text["attendance"]
    assert "1 of 1 objective achieved" in text["goals"]
    assert "No standardized instrument results" in text["instruments"]
    assert text["condition"] == text["recommendations"] == ""
    assert draft.status == "draft" and Client.get_by_id(stay["client"].id).status == "active"  # nothing yet


def test_the_summary_gives_the_level_admitted_at_and_each_change(actor, stay) -> None:  # type: ignore[no-untyped-def]
    # The episode row holds the latest terms only; the summary said they were the admission's.
    admission.change_terms(actor, stay["episode"].id, "Stepped down.", D - 5 * DAY, level_of_care="1")
    draft = discharge.start_discharge(actor, stay["episode"].id, "stepped_down", D)
    text = {key: body for key, _title, body in draft.summary}["stay"]
    admitted = TODAY - 30 * DAY
    assert text.startswith(f"Admitted on {admitted:%Y-%m-%d} (Level 2.1: Intensive outpatient (IOP), adult),")
    assert f"From {D - 5 * DAY:%Y-%m-%d}: Level 1: Outpatient, adult." in text


def test_the_summary_gives_each_instruments_first_and_last_score_in_the_stay(actor, stay) -> None:  # type: ignore[no-untyped-def]
    client_id = stay["client"].id

    def give(instrument, answers, day):  # type: ignore[no-untyped-def]
        when = dt.datetime.combine(day, dt.time(17))  # UTC: mid-day at the test site
        return results.give(actor, client_id, instrument, answers, given_at=when)

    def band(instrument, answers) -> str:  # type: ignore[no-untyped-def]
        found = results.score(instrument, answers).band
        assert found is not None
        return found.label.lower()

    high, middle, wrong, right = (
        phq9(2, 2, 2, 2, 2, 2, 2, 2, 0),
        phq9(2, 2, 2, 1, 1, 1, 1, 1, 0),
        phq9(3, 1, 1, 1, 1, 1, 0, 0, 0),
        phq9(1, 1, 1, 1, 1, 1, 1, 0, 0),
    )
    dast = {f"q{n}": n in (1, 2) for n in range(1, 11)}  # yes, yes, and item 3 (reversed) no: 3
    give("phq9", phq9(0, 0, 0, 0, 0, 0, 0, 0, 0), TODAY - 40 * DAY)  # before the admission: not the stay's
    give("phq9", high, TODAY - 25 * DAY)
    give("phq9", middle, TODAY - 15 * DAY)
    last = give("phq9", wrong, D - DAY)
    results.correct(actor, last.result.id, right, "Item 1 was read from the wrong line.")
    give("dast10", dast, TODAY - 29 * DAY)
    draft = discharge.start_discharge(actor, stay["episode"].id, "completed", D)
    text = {key: body for key, _title, body in draft.summary}["instruments"]
    assert text.splitlines() == [  # the corrected result counts as its correction
        f"DAST-10: 3, {band('dast10', dast)} on {TODAY - 29 * DAY:%Y-%m-%d} (given 1 time).",
        f"PHQ-9: 16, {band('phq9', high)} on {TODAY - 25 * DAY:%Y-%m-%d}, then 7, "
        f"{band('phq9', right)} on {D - DAY:%Y-%m-%d} (given 3 times).",
    ]


def test_the_instrument_titles_records_name_are_the_instruments_own() -> None:
    from iopdesk.domain.measures import instruments

    assert vocab.INSTRUMENT_TITLES == {i.id: i.title for i in instruments.INSTRUMENTS.values()}


def test_signing_discharges_from_the_date_forward_only(actor, stay) -> None:  # type: ignore[no-untyped-def]
    marks_before = [(a.id, a.status, a.version) for a in Attendance.select()]
    draft = discharge.start_discharge(actor, stay["episode"].id, "completed", D)
    signed = _finish(actor, draft.id)
    assert signed.status == "signed" and signed.aftercare[0].kind_label == "Referral"
    client = Client.get_by_id(stay["client"].id)
    assert (client.status, client.discharge_date) == ("discharged", D)
    assert CareEpisode.get_by_id(stay["episode"].id).discharged_on == D
    member = Enrollment.get_by_id(stay["member"].id)
    assert (member.status, member.end_date, member.end_reason) == ("completed", D, "completed")
    future = Enrollment.get_by_id(stay["future"].id)
    assert (future.status, future.end_date) == ("discharged", None)  # never began: holds no session
    waiting = Enrollment.get_by_id(stay["waiting"].id)
    assert (waiting.status, waiting.waitlist_position) == ("discharged", None)
    expected = expected_by_session([stay["attended"], stay["after"]])
    assert client.id in expected[stay["attended"].id]  # the past stays as it was
    assert client.id not in expected[stay["after"].id]  # from the discharge on, no longer expected
    assert [(a.id, a.status, a.version) for a in Attendance.select()] == marks_before
    assert all(m.end_on == D for m in TeamMember.select().where(TeamMember.client == client.id))


@pytest.mark.parametrize("reason", list(vocab.DISCHARGE_REASONS))
def test_every_reason_discharges(actor, stay, reason) -> None:  # type: ignore[no-untyped-def]
    draft = discharge.start_discharge(actor, stay["episode"].id, reason, D)
    discharge.save_discharge(actor, draft.id, summary={"condition": "c", "recommendations": "r"})
    if reason in discharge.NEEDS_AFTERCARE:
        with pytest.raises(ValidationError, match="aftercare"):
            discharge.sign_discharge(actor, draft.id, True)
        discharge.save_discharge(
            actor, draft.id, aftercare=[AftercareItem("appointment", "Psychiatry follow-up")]
        )
    signed = discharge.sign_discharge(actor, draft.id, True)
    assert signed.reason_label == vocab.DISCHARGE_REASONS[reason]
    member = Enrollment.get_by_id(stay["member"].id)
    assert member.end_reason == {
        "completed": "completed",
        "stepped_down": "completed",
        "left_against_advice": "withdrawn",
    }.get(reason, "discharged")
    assert episodes.episodes(actor, stay["client"].id)[0].discharge_reason == reason


def test_the_discharge_date_is_checked(actor, stay) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="attended a session"):
        discharge.start_discharge(actor, stay["episode"].id, "completed", D - 2 * DAY)
    with pytest.raises(ValidationError, match="future"):
        discharge.start_discharge(actor, stay["episode"].id, "completed", TODAY + DAY)
    with pytest.raises(ValidationError, match="reason"):
        discharge.start_discharge(actor, stay["episode"].id, "moved away", D)
    draft = discharge.start_discharge(actor, stay["episode"].id, "completed", D)
    with pytest.raises(DomainError, match="already being written"):
        discharge.start_discharge(actor, stay["episode"].id, "completed", D)
    with pytest.raises(ValidationError, match="Condition"):
        discharge.sign_discharge(actor, draft.id, True)


def test_the_discharge_date_is_not_before_a_terms_change_of_the_episode(actor, stay) -> None:  # type: ignore[no-untyped-def]
    draft = discharge.start_discharge(actor, stay["episode"].id, "completed", D)
    admission.change_terms(actor, stay["episode"].id, "Stepped down.", D + DAY, level_of_care="1")
    with pytest.raises(ValidationError, match="terms changed from") as refused:
        _finish(actor, draft.id)  # signing checks the date again
    assert refused.value.field == "discharged_on"
    assert CareEpisode.get_by_id(stay["episode"].id).discharged_on is None  # nothing was written
    assert _finish(actor, draft.id, discharged_on=D + DAY).discharged_on == D + DAY


def test_a_team_place_begun_after_the_discharge_date_is_not_silently_retired(actor, stay) -> None:  # type: ignore[no-untyped-def]
    aide = cf.clinician(actor, "Ari Aide")
    place = team.add_team_member(actor, stay["client"].id, aide.staff_id, "case_manager", D + DAY)
    with pytest.raises(ValidationError, match="joined the treatment team on"):
        discharge.start_discharge(actor, stay["episode"].id, "completed", D)
    assert TeamMember.get_by_id(place.id).retired_at is None
    team.retire_team_member(actor, place.id, "Added to the wrong client.")  # a mistake: said so
    assert _finish(actor, discharge.start_discharge(actor, stay["episode"].id, "completed", D).id)


def test_a_signed_discharge_never_changes_and_the_episode_is_closed(actor, stay) -> None:  # type: ignore[no-untyped-def]
    signed = _finish(actor, discharge.start_discharge(actor, stay["episode"].id, "completed", D).id)
    with pytest.raises(NoteLocked):
        discharge.save_discharge(actor, signed.id, summary={"condition": "x"})
    with pytest.raises(IntegrityError, match="cannot be changed"):
        raw_sql.execute("UPDATE care_discharge SET reason = 'administrative' WHERE id = ?", (signed.id.hex,))
    with pytest.raises(DomainError, match="not admitted"):
        plans.start_plan(actor, stay["client"].id)


def test_re_admission_opens_a_new_episode_and_keeps_the_old_one(actor, stay) -> None:  # type: ignore[no-untyped-def]
    _finish(actor, discharge.start_discharge(actor, stay["episode"].id, "left_against_advice", D).id)
    with pytest.raises(ValidationError, match="re-admission starts later"):
        cf.admitted(actor, stay["client"].id, on=D)
    second = cf.admitted(actor, stay["client"].id, on=TODAY)
    assert second.number == 2 and second.is_open
    listed = episodes.episodes(actor, stay["client"].id)
    assert [(e.number, e.discharged_on, e.discharge_reason) for e in listed] == [
        (1, D, "left_against_advice"),
        (2, None, ""),
    ]
    assert Client.get_by_id(stay["client"].id).status == "active"
    old_plan = plans.plan_versions(actor, stay["client"].id, listed[0].id)
    assert [v.status for v in old_plan] == ["signed"]  # readable, as it was
    assert plans.plan_versions(actor, stay["client"].id) == ()  # the new episode starts its own


def test_a_returned_discharge_keeps_the_client_discharged(actor, stay) -> None:  # type: ignore[no-untyped-def]
    from iopdesk.store.models import Staff

    supervisor = cf.clinician(actor, "Sage Supervisor", role="supervisor")
    trainee = cf.clinician(
        actor, "Terry Trainee", needs_cosign=True, supervisor=Staff.get_by_id(supervisor.staff_id)
    )
    team.add_team_member(actor, stay["client"].id, trainee.staff_id, "case_manager", TODAY - 10 * DAY)
    draft = discharge.start_discharge(trainee, stay["episode"].id, "completed", D)
    assert _finish(trainee, draft.id).status == "pending_cosign"
    assert Client.get_by_id(stay["client"].id).status == "discharged"
    discharge.return_discharge(supervisor, draft.id, "Name the alumni group's contact.")
    with pytest.raises(DomainError, match="that date stays"):
        discharge.save_discharge(trainee, draft.id, discharged_on=D - DAY)
    discharge.save_discharge(
        trainee, draft.id, aftercare=[AftercareItem("referral", "Alumni group", None, "Jo, (555) 555-0123")]
    )
    assert discharge.sign_discharge(trainee, draft.id, True).status == "pending_cosign"
    assert discharge.cosign_discharge(supervisor, draft.id).status == "signed"
    assert CareEpisode.get_by_id(stay["episode"].id).discharged_on == D
