"""Plan reviews: progress on each objective of the plan in force, on the clinic's interval.

A review is due ``review_days`` (the clinic's "plan_review_days", 30 by default, when the version
was drafted) after the plan was signed or last reviewed, whichever is later; the list of reviews
due, for Today, is iopdesk.domain.care.review_due. A review is written, then signed like a note
(and co-signed where the author needs it); its outcome may call for a new plan version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from iopdesk.domain.care import sealing
from iopdesk.domain.care.common import (
    SHORT_MAX,
    canonical,
    check_date,
    clean_long_text,
    load_episode,
    load_row,
    parse_json,
    require,
    require_open,
    staff_names,
    today_for,
    trail,
)
from iopdesk.domain.care.plans import IN_FORCE, content, in_force_row, review_clock
from iopdesk.domain.kernel import audit, permissions, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError, ValidationError
from iopdesk.domain.kernel.records import save_changes
from iopdesk.store import transaction
from iopdesk.store.care_models import PlanReview, PlanVersion


@dataclass(frozen=True)
class ObjectiveProgress:
    objective_id: UUID
    goal_id: UUID
    goal_text: str
    objective_text: str
    target_date: dt.date | None
    progress: str  # vocab.OBJECTIVE_PROGRESS key
    note: str

    @property
    def progress_label(self) -> str:
        return vocab.OBJECTIVE_PROGRESS.get(self.progress, self.progress)


@dataclass(frozen=True)
class ReviewView:
    id: UUID
    plan_id: UUID
    plan_number: int
    client_id: UUID
    reviewed_on: dt.date
    progress: tuple[ObjectiveProgress, ...]  # in the plan's order
    summary: str
    outcome: str  # vocab.REVIEW_OUTCOMES key
    client_participated: bool
    status: str
    author_id: UUID
    author_name: str
    signed_by_name: str
    signed_at: dt.datetime | None
    cosigned_by_name: str
    cosigned_at: dt.datetime | None
    return_comment: str
    content_hash: str | None
    version: int

    @property
    def outcome_label(self) -> str:
        return vocab.REVIEW_OUTCOMES.get(self.outcome, self.outcome)

    @property
    def status_label(self) -> str:
        return vocab.CARE_RECORD_STATUSES.get(self.status, self.status)


def _progress_items(row: PlanReview) -> dict[str, dict[str, Any]]:
    return {str(p.get("objective")): p for p in parse_json(row.progress, []) if isinstance(p, dict)}


def content_of(row: PlanReview) -> dict[str, Any]:
    return {
        "client": row.client_id,
        "plan": row.plan_id,
        "reviewed_on": row.reviewed_on,
        "progress": parse_json(row.progress, []),
        "summary": row.summary,
        "outcome": row.outcome,
        "client_participated": row.client_participated,
    }


def views(rows: Sequence[PlanReview]) -> list[ReviewView]:
    plans = (
        {p.id: p for p in PlanVersion.select().where(PlanVersion.id.in_({r.plan_id for r in rows}))}
        if rows
        else {}
    )
    names = staff_names(n for r in rows for n in (r.author_id, r.signed_by_id, r.cosigned_by_id))
    out = []
    for r in rows:
        plan = plans[r.plan_id]
        stored = _progress_items(r)
        progress = []
        for goal, objective in content(plan).objectives():
            item = stored.get(str(objective.id), {})
            progress.append(
                ObjectiveProgress(
                    objective.id,
                    goal.id,
                    goal.text,
                    objective.text,
                    objective.target_date,
                    str(item.get("progress", "")),
                    str(item.get("note", "")),
                )
            )
        out.append(
            ReviewView(
                id=r.id,
                plan_id=r.plan_id,
                plan_number=plan.number,
                client_id=r.client_id,
                reviewed_on=r.reviewed_on,
                progress=tuple(progress),
                summary=r.summary,
                outcome=r.outcome,
                client_participated=r.client_participated,
                status=r.status,
                author_id=r.author_id,
                author_name=names.get(r.author_id, ""),
                signed_by_name=names.get(r.signed_by_id, "") if r.signed_by_id else "",
                signed_at=r.signed_at,
                cosigned_by_name=names.get(r.cosigned_by_id, "") if r.cosigned_by_id else "",
                cosigned_at=r.cosigned_at,
                return_comment=r.return_comment,
                content_hash=r.content_hash,
                version=r.version,
            )
        )
    return out


def review_rows(plan_ids: Sequence[UUID]) -> list[PlanReview]:
    if not plan_ids:
        return []
    return list(
        PlanReview.select()
        .where(PlanReview.plan.in_(list(plan_ids)) & PlanReview.retired_at.is_null())
        .order_by(PlanReview.reviewed_on, PlanReview.created_at)
    )


def plan_reviews(actor: Actor, plan_id: UUID, *, audited: bool = True) -> tuple[ReviewView, ...]:
    """The reviews of one plan version, oldest first."""
    plan = load_row(PlanVersion, plan_id, "treatment plan")
    require(actor, permissions.CARE_READ, plan.client_id, "care_plan_review", plan.id)
    with transaction():
        rows = review_rows([plan.id])
        if audited:
            audit.record(
                actor,
                audit.VIEW,
                client_id=plan.client_id,
                record_type="care_plan_review",
                record_id=plan.id,
                changes={"reviews": len(rows)},
            )
    return tuple(views(rows))


# --- writing ---------------------------------------------------------------------------------


def start_review(
    actor: Actor, plan_id: UUID, reviewed_on: dt.date | None = None, *, today: dt.date | None = None
) -> ReviewView:
    """A draft review of the plan in force, each objective's progress carried over from the last
    review (or "not started")."""
    day = today_for(actor, today)
    with transaction():
        plan = load_row(PlanVersion, plan_id, "treatment plan")
        require(actor, permissions.CARE_WRITE, plan.client_id, "care_plan_review", plan.id)
        _check_reviewable(plan)
        working = (
            PlanReview.select()
            .where(
                (PlanReview.plan == plan.id)
                & PlanReview.status.in_(sealing.EDITABLE)
                & PlanReview.retired_at.is_null()
            )
            .first()
        )
        if working is not None:
            raise DomainError("A review of this plan is already being written; finish or sign it first.")
        on = _review_date(plan, reviewed_on or day, day)
        previous = (
            PlanReview.select()
            .where(
                (PlanReview.plan == plan.id)
                & PlanReview.status.in_(IN_FORCE)
                & PlanReview.retired_at.is_null()
            )
            .order_by(PlanReview.reviewed_on.desc())
            .first()
        )
        before = _progress_items(previous) if previous is not None else {}
        progress = [
            {
                "objective": str(o.id),
                "progress": str(before.get(str(o.id), {}).get("progress", "not_started")),
                "note": "",
            }
            for _goal, o in content(plan).objectives()
        ]
        row = PlanReview.create(
            origin_site=actor.site_id,
            plan=plan.id,
            client=plan.client_id,
            author=actor.staff_id,
            reviewed_on=on,
            progress=canonical(progress),
        )
        trail(actor, audit.CREATE, row, plan=plan.id, reviewed_on=on)
    return views([row])[0]


def _check_reviewable(plan: PlanVersion) -> None:
    require_open(load_episode(plan.episode_id))
    current = in_force_row(plan.episode_id)
    if current is None or current.id != plan.id:
        raise DomainError("Only the plan in force is reviewed; open the newest signed version.")


def _review_date(plan: PlanVersion, value: Any, today: dt.date) -> dt.date:
    day = check_date(value, field="reviewed_on", label="The review date")
    if day > today:
        raise ValidationError("A review cannot be dated in the future.", field="reviewed_on")
    if plan.signed_on is not None and day < plan.signed_on:
        raise ValidationError(
            f"The plan was signed on {plan.signed_on:%Y-%m-%d}; review it after that.", field="reviewed_on"
        )
    return day


def save_review(
    actor: Actor,
    review_id: UUID,
    *,
    progress: Mapping[UUID, tuple[str, str]] | None = None,
    summary: str | None = None,
    outcome: str | None = None,
    client_participated: bool | None = None,
    reviewed_on: dt.date | None = None,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> ReviewView:
    """Save a review being written; parts not given stay. ``progress``: {objective id: (progress, note)}."""
    day = today_for(actor, today)
    with transaction():
        row = load_row(PlanReview, review_id, "plan review")
        sealing.require_author(actor, row)
        sealing.refuse_if_locked(row)
        sealing.check_version(row, expected_version)
        plan = PlanVersion.get_by_id(row.plan_id)
        _check_reviewable(plan)
        changes: dict[str, Any] = {}
        if progress is not None:
            items = _progress_items(row)
            known = {str(o.id) for _g, o in content(plan).objectives()}
            for objective_id, (state, note) in progress.items():
                key = str(objective_id)
                if key not in known:
                    raise ValidationError("That objective is not in the plan under review.", field="progress")
                if state not in vocab.OBJECTIVE_PROGRESS:
                    raise ValidationError(f"{state!r} is not a kind of progress.", field="progress")
                items[key] = {
                    "objective": key,
                    "progress": state,
                    "note": clean_long_text(note, field="progress", label="The note", max_len=SHORT_MAX),
                }
            changes["progress"] = canonical([items[k] for k in sorted(items, key=_order(plan)) if k in known])
        if summary is not None:
            changes["summary"] = clean_long_text(summary, field="summary", label="The summary")
        if outcome is not None:
            if outcome not in vocab.REVIEW_OUTCOMES:
                raise ValidationError(f"{outcome!r} is not an outcome of a review.", field="outcome")
            changes["outcome"] = outcome
        if client_participated is not None:
            changes["client_participated"] = bool(client_participated)
        if reviewed_on is not None:
            changes["reviewed_on"] = _review_date(plan, reviewed_on, day)
        save_changes(row, changes)
        trail(
            actor,
            audit.CHANGE,
            row,
            **{
                k: (audit.text_digest(str(v)) if k in ("progress", "summary") else v)
                for k, v in changes.items()
            },
        )
    return views([row])[0]


def _order(plan: PlanVersion) -> Any:
    order = {str(o.id): n for n, (_g, o) in enumerate(content(plan).objectives())}
    return lambda key: order.get(key, len(order))


def sign_review(
    actor: Actor, review_id: UUID, confirm: bool, *, expected_version: int | None = None
) -> ReviewView:
    """Seal a review: every objective's progress given and a summary written."""
    with transaction():
        row = load_row(PlanReview, review_id, "plan review")
        sealing.require_confirm(confirm, row)
        sealing.check_version(row, expected_version)
        sealing.require_signer(actor, row)
        plan = PlanVersion.get_by_id(row.plan_id)
        _check_reviewable(plan)
        view = views([row])[0]
        missing = [
            p.objective_text or "an objective"
            for p in view.progress
            if p.progress not in vocab.OBJECTIVE_PROGRESS
        ]
        if missing:
            raise ValidationError(f"Give the progress on: {'; '.join(missing)}.", field="progress")
        if not row.summary.strip():
            raise ValidationError("Write the review's summary before signing it.", field="summary")
        sealing.seal(actor, row, content_of(row))
    return views([row])[0]


def cosign_review(actor: Actor, review_id: UUID) -> ReviewView:
    with transaction():
        row = load_row(PlanReview, review_id, "plan review")
        sealing.cosign(actor, row, content_of(row))
    return views([row])[0]


def return_review(actor: Actor, review_id: UUID, comment: str) -> ReviewView:
    with transaction():
        row = load_row(PlanReview, review_id, "plan review")
        sealing.return_for_changes(actor, row, comment)
    return views([row])[0]


__all__ = [
    "ObjectiveProgress",
    "ReviewView",
    "cosign_review",
    "plan_reviews",
    "return_review",
    "review_clock",
    "save_review",
    "sign_review",
    "start_review",
]
