"""Intake screening: the clinic's criteria, the six ASAM dimensions, the program's recommendation,
the clinician's override with a reason, and signing like a note (immutable, even to raw SQL)."""

from __future__ import annotations

import pytest
from peewee import IntegrityError

from iopdesk.domain.care import screening, suitability
from iopdesk.domain.care.suitability import Criterion, CriterionAnswer, DimensionRating, recommend
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.errors import NoteLocked, PermissionDenied, ValidationError
from iopdesk.store.care_models import Screening
from iopdesk.store.models import AuditEvent
from tests.support import care_factories as cf
from tests.support import raw_sql
from tests.support.factories import TODAY


def answers(*given: str) -> list[CriterionAnswer]:
    return [CriterionAnswer(f"c{n}", f"Criterion {n}", a, "note") for n, a in enumerate(given)]


def ratings(*given: int | None) -> list[DimensionRating]:
    return [DimensionRating(key, r, "reason") for key, r in zip(vocab.ASAM_DIMENSIONS, given, strict=True)]


@pytest.mark.parametrize(
    ("given", "scores", "expected"),
    [
        (("yes",) * 5, (1, 1, 1, 1, 1, 1), "outpatient"),  # mild everywhere, every criterion met
        (("yes",) * 5, (0, 0, 2, 1, 1, 0), "iop"),  # one moderate dimension
        (("yes", "yes", "no", "yes", "yes"), (1,) * 6, "iop"),  # one criterion not met
        (("yes", "unknown", "yes", "yes", "yes"), (1,) * 6, "outpatient"),  # not known is not "not met"
        (("yes",) * 5, (0, 0, 0, 3, 0, 0), "higher"),  # a significant dimension
        (("yes",) * 5, (4, 0, 0, 0, 0, 0), "higher"),  # severe withdrawal risk
        (("no", "no", "yes", "yes", "yes"), (1,) * 6, "higher"),  # two criteria not met
        (("yes", ""), (1,) * 6, ""),  # a criterion not answered yet
        (("yes",) * 5, (1, 1, 1, 1, 1, None), ""),  # a dimension not rated yet
    ],
)
def test_the_recommendation_rule(given, scores, expected) -> None:  # type: ignore[no-untyped-def]
    assert recommend(answers(*given), ratings(*scores)) == expected


def test_the_five_criteria_of_the_program_brief_are_the_default(db) -> None:  # type: ignore[no-untyped-def]
    keys = [c.key for c in suitability.criteria()]
    assert keys == ["support", "health", "first_iop", "low_relapse_risk", "group_comfort"]


def test_the_clinic_can_reword_its_criteria_and_screenings_keep_theirs(actor) -> None:  # type: ignore[no-untyped-def]
    client = cf.person(actor)
    started = screening.start_screening(actor, client.id, today=TODAY)
    new = suitability.set_criteria(
        actor,
        [Criterion("support", "Someone at home supports the treatment"), ("", "Has transport to the clinic")],
    )
    assert [c.key for c in new] == ["support", "has_transport_to_the_clinic"]
    assert suitability.criteria() == new
    again = screening.get_screening(actor, started.id)
    assert [a.key for a in again.answers][:2] == ["support", "health"]  # as it was started
    later = screening.start_screening(actor, client.id, today=TODAY)
    assert [a.label for a in later.answers] == [c.label for c in new]


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([], "at least one"),
        ([("a", "")], "wording"),
        ([("x", "One"), ("x", "Two")], "Two criteria"),
        ([("Bad Key", "One")], "small letters"),
    ],
)
def test_criteria_are_checked(actor, items, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match=message):
        suitability.set_criteria(actor, items)


def test_only_administrators_and_supervisors_change_the_criteria(actor) -> None:  # type: ignore[no-untyped-def]
    counselor = cf.clinician(actor)
    with pytest.raises(PermissionDenied):
        suitability.set_criteria(counselor, [("a", "A")])


def test_a_screening_is_drafted_then_signed_with_the_computed_recommendation(actor) -> None:  # type: ignore[no-untyped-def]
    counselor = cf.clinician(actor)
    client = cf.person(actor)
    view = screening.start_screening(counselor, client.id, today=TODAY)
    assert view.status == "draft" and view.computed == "" and view.missing
    assert "not a diagnosis" in view.notice
    with pytest.raises(ValidationError, match="not complete"):
        screening.sign_screening(counselor, view.id, True)
    view = screening.save_screening(
        counselor,
        view.id,
        answers={a.key: ("yes", "Lives with a supportive partner.") for a in view.answers},
        ratings={k: (2, "Moderate, per interview.") for k in vocab.ASAM_DIMENSIONS},
        today=TODAY,
    )
    assert view.computed == "iop" and view.missing == ()
    signed = screening.sign_screening(counselor, view.id, True)
    assert (signed.status, signed.recommendation, signed.overridden) == ("signed", "iop", False)
    assert signed.signed_by_name == "Casey Counselor" and signed.content_hash
    assert screening.verify_screening(counselor, view.id)


def test_each_answer_needs_a_note_and_each_rating_a_reason(actor) -> None:  # type: ignore[no-untyped-def]
    client = cf.person(actor)
    view = screening.start_screening(actor, client.id, today=TODAY)
    view = screening.save_screening(
        actor,
        view.id,
        answers={a.key: ("yes", "") for a in view.answers},
        ratings={k: (1, "") for k in vocab.ASAM_DIMENSIONS},
        today=TODAY,
    )
    assert view.computed == "outpatient"
    assert any("Add a note" in m for m in view.missing) and any("reason" in m for m in view.missing)
    with pytest.raises(ValidationError, match="Add a note"):
        screening.sign_screening(actor, view.id, True)


def test_overriding_the_recommendation_needs_a_written_reason(actor) -> None:  # type: ignore[no-untyped-def]
    client = cf.person(actor)
    view = screening.start_screening(actor, client.id, today=TODAY)
    view = screening.save_screening(
        actor,
        view.id,
        answers={a.key: ("yes", "ok") for a in view.answers},
        ratings={k: (1, "mild") for k in vocab.ASAM_DIMENSIONS},
        recommendation="iop",
        today=TODAY,
    )
    assert view.computed == "outpatient" and view.overridden
    with pytest.raises(ValidationError, match="differs"):
        screening.sign_screening(actor, view.id, True)
    view = screening.save_screening(
        actor, view.id, override_reason="Relapsed twice after outpatient care.", today=TODAY
    )
    signed = screening.sign_screening(actor, view.id, True)
    assert (signed.final_recommendation, signed.computed, signed.overridden) == ("iop", "outpatient", True)


def test_bad_input_is_refused_and_changes_nothing(actor) -> None:  # type: ignore[no-untyped-def]
    client = cf.person(actor)
    view = screening.start_screening(actor, client.id, today=TODAY)
    for kwargs, field in (
        ({"answers": {"nope": ("yes", "")}}, "answers"),
        ({"answers": {"support": ("maybe", "")}}, "support"),
        ({"ratings": {"withdrawal": (5, "")}}, "withdrawal"),
        ({"ratings": {"dimension 7": (1, "")}}, "ratings"),
        ({"recommendation": "residential"}, "recommendation"),
    ):
        with pytest.raises(ValidationError) as refused:
            screening.save_screening(actor, view.id, today=TODAY, **kwargs)
        assert refused.value.field == field
    assert screening.get_screening(actor, view.id).version == view.version


def test_a_signed_screening_never_changes(actor) -> None:  # type: ignore[no-untyped-def]
    client = cf.person(actor)
    signed = cf.screened(actor, client.id)
    with pytest.raises(NoteLocked):
        screening.save_screening(actor, signed.id, summary="changed", today=TODAY)
    with pytest.raises(IntegrityError, match="cannot be changed"):
        raw_sql.execute("UPDATE care_screening SET summary = 'x' WHERE id = ?", (signed.id.hex,))
    with pytest.raises(IntegrityError, match="cannot be changed"):
        raw_sql.execute("UPDATE care_screening SET status = 'draft' WHERE id = ?", (signed.id.hex,))
    with pytest.raises(IntegrityError, match="cannot be changed"):
        raw_sql.execute("DELETE FROM care_screening WHERE id = ?", (signed.id.hex,))
    assert Screening.get_by_id(signed.id).status == "signed"


def test_a_trainees_screening_waits_for_the_supervisors_cosignature(actor) -> None:  # type: ignore[no-untyped-def]
    supervisor = cf.clinician(actor, "Sage Supervisor", role="supervisor")
    trainee = cf.clinician(actor, "Terry Trainee", needs_cosign=True, supervisor=Staff_of(supervisor))
    client = cf.person(actor)
    view = cf.screened(trainee, client.id)
    assert view.status == "pending_cosign"
    with pytest.raises(NoteLocked):
        screening.save_screening(trainee, view.id, summary="more", today=TODAY)
    with pytest.raises(PermissionDenied):
        screening.cosign_screening(trainee, view.id)
    returned = screening.return_screening(supervisor, view.id, "Say more about dimension 5.")
    assert returned.status == "returned" and returned.content_hash is None
    screening.save_screening(trainee, view.id, summary="Relapse history added.", today=TODAY)
    again = screening.sign_screening(trainee, view.id, True)
    assert again.status == "pending_cosign"
    done = screening.cosign_screening(supervisor, view.id)
    assert done.status == "signed" and done.cosigned_by_name == "Sage Supervisor"


def Staff_of(who):  # type: ignore[no-untyped-def]
    from iopdesk.store.models import Staff

    return Staff.get_by_id(who.staff_id)


def test_reads_and_changes_are_audited_and_scoped(actor) -> None:  # type: ignore[no-untyped-def]
    counselor, other = cf.clinician(actor), cf.clinician(actor, "Dana Other")
    client = cf.person(actor)
    view = cf.screened(counselor, client.id)
    actions = [e.action for e in AuditEvent.select().where(AuditEvent.record_id == str(view.id))]
    assert actions[0] == "create" and "change" in actions and actions[-1] == "sign"
    screening.screenings(counselor, client.id)  # the screener sees the client (intake brings them in)
    seen = AuditEvent.select().where(
        (AuditEvent.action == "view") & (AuditEvent.record_type == "care_screening")
    )
    assert seen.count() == 1
    with pytest.raises(PermissionDenied, match="caseload"):
        screening.screenings(other, client.id)
    assert AuditEvent.select().where(AuditEvent.action == "permission.denied").count() == 1
    with pytest.raises(PermissionDenied):
        screening.save_screening(other, view.id, summary="x", today=TODAY)


def test_the_supervisors_queue_lists_every_kind_waiting(actor) -> None:  # type: ignore[no-untyped-def]
    from iopdesk.domain.care import cosigning

    supervisor = cf.clinician(actor, "Sage Supervisor", role="supervisor")
    trainee = cf.clinician(actor, "Terry Trainee", needs_cosign=True, supervisor=Staff_of(supervisor))
    client = cf.person(actor)
    waiting = cf.screened(trainee, client.id)
    cf.admitted(actor, client.id)
    from iopdesk.domain.care import team

    team.add_team_member(actor, client.id, trainee.staff_id, "case_manager")
    plan = cf.signed_plan(trainee, client.id)
    queue = cosigning.cosign_queue(supervisor)
    assert [(i.record_type, i.record_id) for i in queue] == [
        ("care_screening", waiting.id),
        ("care_plan", plan.id),
    ]
    assert queue[0].what == "screening" and queue[0].signed_by_name == "Terry Trainee"
    assert cosigning.cosign_queue(cf.clinician(actor, "Other Supervisor", role="supervisor")) == []
    cosigning.cosign(supervisor, "care_plan", plan.id)
    cosigning.return_for_changes(supervisor, "care_screening", waiting.id, "Rate dimension 3 again.")
    assert cosigning.cosign_queue(supervisor) == []
    with pytest.raises(ValidationError):
        cosigning.cosign(supervisor, "note", plan.id)
    with pytest.raises(PermissionDenied):
        cosigning.cosign_queue(trainee)
