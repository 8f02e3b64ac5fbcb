"""Treatment plans: drafted with the client, signed (and co-signed where required), never changed
after signing (even by raw SQL), changed by new versions that keep the items' ids."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from peewee import IntegrityError

from iopdesk.domain.care import plans
from iopdesk.domain.care.plan_content import Goal, Intervention, Objective, PlanContent, Problem
from iopdesk.domain.kernel.errors import DomainError, NoteLocked, PermissionDenied, ValidationError
from iopdesk.store.care_models import PlanVersion
from iopdesk.store.models import AuditEvent, Staff
from tests.support import care_factories as cf
from tests.support import raw_sql
from tests.support.factories import TODAY

DAY = dt.timedelta(days=1)


@pytest.fixture
def admitted(actor):  # type: ignore[no-untyped-def]
    client = cf.person(actor)
    cf.admitted(actor, client.id, on=TODAY - 14 * DAY)
    return client


def test_a_plan_is_written_agreed_and_signed(actor, admitted) -> None:  # type: ignore[no-untyped-def]
    draft = plans.start_plan(actor, admitted.id)
    assert (draft.number, draft.status, draft.content.problems, draft.review_days) == (1, "draft", (), 30)
    saved = plans.save_plan(
        actor,
        draft.id,
        cf.whole_plan(actor.staff_id, goals=2),
        client_agreed=True,
        client_agreement="Signed by the client.",
    )
    goals = [g for _p, g in saved.content.goals()]
    assert [g.client_words for g in goals] == ["I want to stop drinking (1).", "I want to stop drinking (2)."]
    intervention = next(saved.content.interventions())
    assert (
        intervention.responsible_name == "tester"
        and intervention.service_label == "Group counseling: Relapse prevention"
    )
    signed = plans.sign_plan(actor, draft.id, True, today=TODAY)
    assert (signed.status, signed.in_force, signed.signed_on) == ("signed", True, TODAY)
    assert plans.verify_plan(actor, signed.id)
    assert [e.action for e in AuditEvent.select().where(AuditEvent.record_id == str(draft.id))] == [
        "create",
        "change",
        "sign",
    ]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda c, s: PlanContent(), "add at least one problem"),
        (lambda c, s: PlanContent((Problem("Use", ()),)), "Problem 1: add at least one goal"),
        (lambda c, s: PlanContent((Problem("Use", (Goal("Sober"),)),)), "goal 1: add at least one objective"),
        (
            lambda c, s: PlanContent((Problem("Use", (Goal("Sober", "", (Objective("30 days", None),)),)),)),
            "give it a target date",
        ),
        (
            lambda c, s: PlanContent(
                (Problem("Use", (Goal("Sober", "", (Objective("30 days", TODAY - DAY),)),)),)
            ),
            "target date has passed",
        ),
        (
            lambda c, s: PlanContent(
                (Problem("Use", (Goal("Sober", "", (Objective("30 days", TODAY + DAY),)),)),)
            ),
            "add at least one intervention",
        ),
        (
            lambda c, s: PlanContent(
                (
                    Problem(
                        "Use",
                        (
                            Goal(
                                "Sober",
                                "",
                                (Objective("30 days", TODAY + DAY, (Intervention("group", "weekly", s),)),),
                            ),
                        ),
                    ),
                )
            ),
            "which kind of group",
        ),
        (
            lambda c, s: PlanContent(
                (
                    Problem(
                        "Use",
                        (
                            Goal(
                                "Sober",
                                "",
                                (
                                    Objective(
                                        "30 days", TODAY + DAY, (Intervention("individual", "weekly", None),)
                                    ),
                                ),
                            ),
                        ),
                    ),
                )
            ),
            "name the team member",
        ),
        (
            lambda c, s: PlanContent(
                (
                    Problem(
                        "",
                        (
                            Goal(
                                "Sober",
                                "",
                                (
                                    Objective(
                                        "30 days", TODAY + DAY, (Intervention("individual", "weekly", s),)
                                    ),
                                ),
                            ),
                        ),
                    ),
                )
            ),
            "Problem 1: write the problem",
        ),
    ],
)
def test_signing_needs_a_whole_plan_and_says_where(actor, admitted, mutate, message) -> None:  # type: ignore[no-untyped-def]
    draft = plans.start_plan(actor, admitted.id)
    plans.save_plan(actor, draft.id, mutate(None, actor.staff_id), client_agreement="Agreed verbally.")
    with pytest.raises(ValidationError, match=message):
        plans.sign_plan(actor, draft.id, True, today=TODAY)
    assert PlanVersion.get_by_id(draft.id).status == "draft"


def test_the_responsible_person_must_be_on_the_team(actor, admitted) -> None:  # type: ignore[no-untyped-def]
    stranger = cf.clinician(actor, "Sol Stranger")
    draft = plans.start_plan(actor, admitted.id)
    plans.save_plan(actor, draft.id, cf.whole_plan(stranger.staff_id), client_agreement="Agreed.")
    with pytest.raises(ValidationError, match="on the client's team"):
        plans.sign_plan(actor, draft.id, True, today=TODAY)


def test_the_clients_agreement_must_be_recorded(actor, admitted) -> None:  # type: ignore[no-untyped-def]
    draft = plans.start_plan(actor, admitted.id)
    plans.save_plan(actor, draft.id, cf.whole_plan(actor.staff_id))
    with pytest.raises(ValidationError, match="agreement"):
        plans.sign_plan(actor, draft.id, True, today=TODAY)
    plans.save_plan(
        actor, draft.id, client_agreed=False, client_agreement="Disagrees with goal 1; signed anyway."
    )
    assert plans.sign_plan(actor, draft.id, True, today=TODAY).client_agreed is False


def test_a_signed_version_never_changes(actor, admitted) -> None:  # type: ignore[no-untyped-def]
    signed = cf.signed_plan(actor, admitted.id)
    with pytest.raises(NoteLocked):
        plans.save_plan(actor, signed.id, PlanContent())
    for sql in (
        "UPDATE care_plan SET content = '{}' WHERE id = ?",
        "UPDATE care_plan SET client_agreed = FALSE WHERE id = ?",  # (SQLite reads FALSE as 0)
        "UPDATE care_plan SET status = 'draft' WHERE id = ?",
        "DELETE FROM care_plan WHERE id = ?",
    ):
        with pytest.raises(IntegrityError, match="cannot be changed"):
            raw_sql.execute(sql, (signed.id.hex,))
    assert plans.verify_plan(actor, signed.id)


def test_a_change_is_a_new_version_keeping_the_ids(actor, admitted) -> None:  # type: ignore[no-untyped-def]
    v1 = cf.signed_plan(actor, admitted.id)
    v2 = plans.start_plan(actor, admitted.id)
    assert (v2.number, v2.based_on_id, v2.status) == (2, v1.id, "draft")
    assert [g.id for _p, g in v2.content.goals()] == [g.id for _p, g in v1.content.goals()]
    with pytest.raises(DomainError, match="being written"):
        plans.start_plan(actor, admitted.id)
    problem = v2.content.problems[0]
    more = dataclasses.replace(
        problem,
        goals=problem.goals
        + (
            Goal(
                "Repair family ties",
                "Talk with my sister",
                (
                    Objective(
                        "Two family sessions",
                        TODAY + 30 * DAY,
                        (Intervention("family", "every other week", actor.staff_id),),
                    ),
                ),
            ),
        ),
    )
    plans.save_plan(actor, v2.id, PlanContent((more,)), client_agreed=True, client_agreement="Signed.")
    plans.sign_plan(actor, v2.id, True, today=TODAY)
    versions = plans.plan_versions(actor, admitted.id)
    assert [(v.number, v.status, v.in_force) for v in versions] == [
        (1, "superseded", False),
        (2, "signed", True),
    ]
    assert PlanVersion.get_by_id(v1.id).status == "signed"  # superseded is seen, never written


def test_a_trainees_plan_is_in_force_while_it_waits_and_final_when_cosigned(actor, admitted) -> None:  # type: ignore[no-untyped-def]
    supervisor = cf.clinician(actor, "Sage Supervisor", role="supervisor")
    trainee = cf.clinician(
        actor, "Terry Trainee", needs_cosign=True, supervisor=Staff.get_by_id(supervisor.staff_id)
    )
    from iopdesk.domain.care import team

    team.add_team_member(actor, admitted.id, trainee.staff_id, "case_manager", TODAY - DAY)
    plan = cf.signed_plan(trainee, admitted.id)
    assert (plan.status, plan.in_force) == ("pending_cosign", True)
    with pytest.raises(DomainError, match="co-signature"):
        plans.start_plan(trainee, admitted.id)
    with pytest.raises(PermissionDenied):
        plans.cosign_plan(trainee, plan.id)
    returned = plans.return_plan(supervisor, plan.id, "Objective 1 is not measurable.")
    assert (returned.status, returned.in_force, returned.return_comment) == (
        "returned",
        False,
        "Objective 1 is not measurable.",
    )
    plans.sign_plan(trainee, plan.id, True, today=TODAY)
    final = plans.cosign_plan(supervisor, plan.id)
    assert (final.status, final.cosigned_by_name, final.in_force) == ("signed", "Sage Supervisor", True)


def test_only_the_author_changes_a_draft(actor, admitted) -> None:  # type: ignore[no-untyped-def]
    colleague = cf.clinician(actor, "Dana Colleague")
    from iopdesk.domain.care import team

    team.add_team_member(actor, admitted.id, colleague.staff_id, "case_manager", TODAY - DAY)
    draft = plans.start_plan(actor, admitted.id)
    with pytest.raises(PermissionDenied, match="author"):
        plans.save_plan(colleague, draft.id, PlanContent())
    with pytest.raises(PermissionDenied):
        plans.sign_plan(colleague, draft.id, True)
