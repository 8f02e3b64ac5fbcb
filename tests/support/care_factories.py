"""Builders for the treatment-chart tests (iopdesk.domain.care): clinicians, a screened and admitted
client, a whole plan. Everything goes through the domain, as a counselor would do it; names are made up.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from iopdesk.domain.care import admission, plans, screening
from iopdesk.domain.care.episodes import EpisodeView
from iopdesk.domain.care.plan_content import Goal, Intervention, Objective, PlanContent, Problem
from iopdesk.domain.care.plans import PlanVersionView
from iopdesk.domain.care.screening import ScreeningView
from iopdesk.domain.clients.clients import ClientDraft, ClientInfo, add_client
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.store.models import Staff
from tests.support import factories as f
from tests.support.factories import TODAY


def clinician(
    actor: Actor,
    name: str = "Casey Counselor",
    *,
    role: str = "counselor",
    needs_cosign: bool = False,
    supervisor: Staff | None = None,
) -> Actor:
    member = f.staff(actor, role=role, name=name)
    if needs_cosign or supervisor is not None:
        Staff.update(needs_cosign=needs_cosign, supervisor=supervisor.id if supervisor else None).where(
            Staff.id == member.id
        ).execute()
    return f.actor_as(actor, member)


def person(
    actor: Actor, first: str = "Robin", last: str = "River", *, age: int = 34, born: dt.date | None = None
) -> ClientInfo:
    """A new client of ``age`` on TODAY (born a little after the birthday)."""
    dob = born or TODAY.replace(year=TODAY.year - age) - dt.timedelta(days=40)
    return add_client(actor, ClientDraft(first, last, dob), today=TODAY)


def screened(
    who: Actor, client_id: UUID, *, answer: str = "yes", rating: int = 2, on: dt.date = TODAY
) -> ScreeningView:
    """A complete, signed screening (every answer and rating the same)."""
    view = screening.start_screening(who, client_id, on, today=TODAY)
    view = screening.save_screening(
        who,
        view.id,
        answers={a.key: (answer, "Talked it through with the client.") for a in view.answers},
        ratings={key: (rating, "From the intake interview.") for key in vocab.ASAM_DIMENSIONS},
        today=TODAY,
    )
    return screening.sign_screening(who, view.id, True)


def admitted(
    who: Actor, client_id: UUID, *, on: dt.date = TODAY, counselor: Actor | None = None, **terms: object
) -> EpisodeView:
    counselor_id = (counselor or who).staff_id
    return admission.admit(who, client_id, on, primary_counselor_id=counselor_id, today=TODAY, **terms)  # type: ignore[arg-type]


def whole_plan(responsible: UUID, *, goals: int = 1, target: dt.date | None = None) -> PlanContent:
    """A plan ready to sign: one problem, ``goals`` goals, each with an objective and a group intervention."""
    target = target or TODAY + dt.timedelta(days=60)
    return PlanContent(
        (
            Problem(
                "Alcohol use disorder, moderate: drinking daily after work.",
                tuple(
                    Goal(
                        f"Goal {n}: stay abstinent from alcohol.",
                        f"I want to stop drinking ({n}).",
                        (
                            Objective(
                                f"Objective {n}: 30 days abstinent, confirmed by weekly tests.",
                                target,
                                (
                                    Intervention(
                                        "group",
                                        "4 times a week",
                                        responsible,
                                        group_kind="relapse_prevention",
                                    ),
                                ),
                            ),
                        ),
                    )
                    for n in range(1, goals + 1)
                ),
            ),
        )
    )


def signed_plan(who: Actor, client_id: UUID, *, goals: int = 1) -> PlanVersionView:
    draft = plans.start_plan(who, client_id)
    plans.save_plan(
        who,
        draft.id,
        whole_plan(who.staff_id, goals=goals),
        client_agreed=True,
        client_agreement="Read the plan together; the client signed it.",
    )
    return plans.sign_plan(who, draft.id, True, today=TODAY)
