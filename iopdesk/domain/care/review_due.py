"""The plan reviews due: the list on Today.

A review is due ``review_days`` after the plan in force was signed or last reviewed, whichever is
later (iopdesk.domain.care.plans.review_clock says it for one plan; this says it for many, in a
few grouped queries). Listed: the clients whose chart the actor may read (a counselor's caseload,
their treatment teams included; a supervisor's site), with a review due within the clinic's notice
("plan_review_notice_days") or overdue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from peewee import JOIN, fn

from iopdesk.domain.care.common import today_for
from iopdesk.domain.care.plans import IN_FORCE
from iopdesk.domain.kernel import permissions, settings
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.display import client_display_name
from iopdesk.store.care_models import CareEpisode, PlanReview, PlanVersion
from iopdesk.store.models import Client, Staff


@dataclass(frozen=True)
class ReviewDue:
    client_id: UUID
    client_name: str  # "Sam R.": the list is seen across the room
    chart_number: str
    plan_id: UUID
    plan_number: int
    last_reviewed_on: dt.date | None
    due_on: dt.date
    days_overdue: int  # > 0 overdue, 0 due today, < 0 days still to go
    primary_counselor_name: str

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


def reviews_due(
    actor: Actor, *, today: dt.date | None = None, within_days: int | None = None, everyone: bool = False
) -> tuple[ReviewDue, ...]:
    """Plan reviews due within ``within_days`` (default: the clinic's notice) or overdue, soonest first.

    The clients are those whose chart the actor may read; a counselor sees their caseload (their
    treatment teams included), a supervisor their site; ``everyone`` lifts the caseload filter for
    whoever may read every chart anyway (never widens what may be read).
    """
    permissions.require(actor, permissions.CARE_READ, record_type="care_plan_review", record_id="due")
    day = today_for(actor, today)
    ahead = settings.get("plan_review_notice_days") if within_days is None else within_days
    # The newest plan in force per open episode, and its latest review, in one grouped query each.
    newest = (
        PlanVersion.select(PlanVersion.episode, fn.MAX(PlanVersion.number).alias("number"))
        .join(CareEpisode, on=(PlanVersion.episode == CareEpisode.id))
        .where(
            PlanVersion.status.in_(IN_FORCE)
            & PlanVersion.retired_at.is_null()
            & CareEpisode.discharged_on.is_null()
            & CareEpisode.retired_at.is_null()
        )
        .group_by(PlanVersion.episode)
    )
    scope = None if everyone else permissions.client_scope(actor, permissions.CARE_READ, PlanVersion.client)
    query = (
        PlanVersion.select(
            PlanVersion,
            Client.legal_first,
            Client.legal_last,
            Client.preferred_name,
            Client.chart_number,
            Staff.display_name.alias("counselor_name"),
        )
        .join(
            newest,
            on=((PlanVersion.episode == newest.c.episode_id) & (PlanVersion.number == newest.c.number)),
        )
        .switch(PlanVersion)
        .join(Client, on=(PlanVersion.client == Client.id))
        .join(Staff, JOIN.LEFT_OUTER, on=(Client.primary_counselor == Staff.id))
        .where(
            PlanVersion.status.in_(IN_FORCE)
            & PlanVersion.signed_on.is_null(False)
            & Client.retired_at.is_null()
        )
    )
    if scope is not None:
        query = query.where(scope)
    plans = list(query.objects())
    last = (
        dict(
            PlanReview.select(PlanReview.plan, fn.MAX(PlanReview.reviewed_on))
            .where(
                PlanReview.plan.in_([p.id for p in plans])
                & PlanReview.status.in_(IN_FORCE)
                & PlanReview.retired_at.is_null()
            )
            .group_by(PlanReview.plan)
            .tuples()
        )
        if plans
        else {}
    )
    out = []
    for p in plans:
        reviewed = last.get(p.id)
        if isinstance(reviewed, str):  # an aggregate comes back as stored text
            reviewed = dt.date.fromisoformat(reviewed)
        start = max(p.signed_on, reviewed) if reviewed is not None else p.signed_on
        due = start + dt.timedelta(days=p.review_days)
        if (due - day).days > ahead:
            continue
        out.append(
            ReviewDue(
                p.client_id,
                client_display_name(p.preferred_name, p.legal_first, p.legal_last),
                p.chart_number,
                p.id,
                p.number,
                reviewed,
                due,
                (day - due).days,
                p.counselor_name or "",
            )
        )
    out.sort(key=lambda r: (r.due_on, r.client_name.casefold()))
    return tuple(out)
