"""Treatment plans: personal plans built with the client, signed, reviewed, and changed by versions.

A plan belongs to an episode. Version 1 starts empty; each later version starts as a copy of the
one in force (same problem, goal, objective and intervention ids, so notes and progress follow
them). One version at a time is being worked on. Signing needs a whole plan
(plan_content.check), the client's agreement recorded (agreed or not, and how), and the author;
an author who needs a co-signature leaves it awaiting one. Signed versions never change (the
database refuses it too); "superseded" is not stored but seen: a newer version was signed.

The plan in force is the newest version of the episode that its author has signed (co-signed or
still awaiting the co-signature): that is the plan notes choose their goals from and reviews look
at. Reviews fall due every ``review_days`` days (the clinic's setting "plan_review_days" when the
version was drafted) from the signing or the latest review (iopdesk.domain.care.reviews).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from iopdesk.domain.care import plan_content, sealing
from iopdesk.domain.care.common import (
    SHORT_MAX,
    canonical,
    clean_long_text,
    load_client,
    load_episode,
    load_row,
    open_episode,
    parse_json,
    require,
    require_open,
    staff_names,
    today_for,
    trail,
)
from iopdesk.domain.care.episodes import active_team_staff
from iopdesk.domain.care.plan_content import PlanContent
from iopdesk.domain.kernel import audit, permissions, settings, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError, ValidationError
from iopdesk.domain.kernel.records import save_changes
from iopdesk.store import transaction
from iopdesk.store.care_models import CareEpisode, PlanReview, PlanVersion

IN_FORCE = ("signed", "pending_cosign")
MAX_REVIEW_DAYS = 365


@dataclass(frozen=True)
class PlanVersionView:
    id: UUID
    client_id: UUID
    episode_id: UUID
    number: int
    status: str  # stored status, or "superseded" when a newer version was signed
    content: PlanContent  # with each intervention's responsible person named
    review_days: int
    client_agreed: bool
    client_agreement: str
    author_id: UUID
    author_name: str
    signed_by_name: str
    signed_at: dt.datetime | None  # UTC
    signed_on: dt.date | None  # the site's date: reviews count from here
    cosigned_by_name: str
    cosigned_at: dt.datetime | None
    return_comment: str
    content_hash: str | None
    based_on_id: UUID | None
    in_force: bool
    version: int

    @property
    def status_label(self) -> str:
        return vocab.CARE_RECORD_STATUSES.get(self.status, self.status)

    @property
    def editable(self) -> bool:
        return self.status in sealing.EDITABLE


def in_force_row(episode_id: UUID) -> PlanVersion | None:
    return (
        PlanVersion.select()
        .where(
            (PlanVersion.episode == episode_id)
            & PlanVersion.status.in_(IN_FORCE)
            & PlanVersion.retired_at.is_null()
        )
        .order_by(PlanVersion.number.desc())
        .first()
    )


def plan_in_force(client_id: UUID) -> PlanVersion | None:
    """The plan in force in the client's open episode (None: not admitted, or no plan signed yet)."""
    episode = open_episode(client_id)
    return in_force_row(episode.id) if episode is not None else None


def working_row(episode_id: UUID) -> PlanVersion | None:
    """The version being worked on (a draft, one returned for changes), if any."""
    return (
        PlanVersion.select()
        .where(
            (PlanVersion.episode == episode_id)
            & PlanVersion.status.in_(sealing.EDITABLE)
            & PlanVersion.retired_at.is_null()
        )
        .order_by(PlanVersion.number.desc())
        .first()
    )


def version_rows(episode_id: UUID) -> list[PlanVersion]:
    return list(
        PlanVersion.select()
        .where((PlanVersion.episode == episode_id) & PlanVersion.retired_at.is_null())
        .order_by(PlanVersion.number)
    )


def content(row: PlanVersion) -> PlanContent:
    return plan_content.from_data(parse_json(row.content, {}))


def content_of(row: PlanVersion) -> dict[str, Any]:
    """What the seal covers."""
    return {
        "client": row.client_id,
        "episode": row.episode_id,
        "number": row.number,
        "content": parse_json(row.content, {}),
        "review_days": row.review_days,
        "client_agreed": row.client_agreed,
        "client_agreement": row.client_agreement,
    }


def views(rows: Sequence[PlanVersion]) -> list[PlanVersionView]:
    """Views of plan versions (of one episode or several) in a few queries."""
    if not rows:
        return []
    episodes = {r.episode_id for r in rows}
    newest_signed = {e: r.number for e in episodes if (r := in_force_row(e)) is not None}
    contents = {r.id: content(r) for r in rows}
    names = staff_names(
        [n for r in rows for n in (r.author_id, r.signed_by_id, r.cosigned_by_id)]
        + [i.responsible_id for c in contents.values() for i in c.interventions()]
    )
    out = []
    for r in rows:
        newest = newest_signed.get(r.episode_id)
        status = r.status
        if status in IN_FORCE and newest is not None and r.number < newest:
            status = "superseded"
        out.append(
            PlanVersionView(
                id=r.id,
                client_id=r.client_id,
                episode_id=r.episode_id,
                number=r.number,
                status=status,
                content=contents[r.id].with_names(names),
                review_days=r.review_days,
                client_agreed=r.client_agreed,
                client_agreement=r.client_agreement,
                author_id=r.author_id,
                author_name=names.get(r.author_id, ""),
                signed_by_name=names.get(r.signed_by_id, "") if r.signed_by_id else "",
                signed_at=r.signed_at,
                signed_on=r.signed_on,
                cosigned_by_name=names.get(r.cosigned_by_id, "") if r.cosigned_by_id else "",
                cosigned_at=r.cosigned_at,
                return_comment=r.return_comment,
                content_hash=r.content_hash,
                based_on_id=r.based_on_id,
                in_force=newest is not None and r.number == newest and r.status in IN_FORCE,
                version=r.version,
            )
        )
    return out


def get_plan(actor: Actor, plan_id: UUID) -> PlanVersionView:
    """One version of a plan (audited as a view)."""
    row = load_row(PlanVersion, plan_id, "treatment plan")
    sealing.require_reader(actor, row)
    with transaction():
        trail(actor, audit.VIEW, row)
    return views([row])[0]


def plan_versions(
    actor: Actor, client_id: UUID, episode_id: UUID | None = None, *, audited: bool = True
) -> tuple[PlanVersionView, ...]:
    """Every version of the plan of an episode (default: the open one, else the latest), oldest first."""
    require(actor, permissions.CARE_READ, client_id, "care_plan")
    with transaction():
        load_client(client_id)
        episode = _episode(client_id, episode_id)
        rows = version_rows(episode.id) if episode is not None else []
        if audited:
            audit.record(
                actor,
                audit.VIEW,
                client_id=client_id,
                record_type="care_plan",
                record_id="list",
                changes={"versions": len(rows)},
            )
    return tuple(views(rows))


def _episode(client_id: UUID, episode_id: UUID | None) -> CareEpisode | None:
    if episode_id is None:
        return open_episode(client_id) or (
            CareEpisode.select()
            .where((CareEpisode.client == client_id) & CareEpisode.retired_at.is_null())
            .order_by(CareEpisode.number.desc())
            .first()
        )
    episode = load_episode(episode_id)
    if episode.client_id != client_id:
        raise ValidationError("That episode belongs to another client.", field="episode_id")
    return episode


# --- writing ---------------------------------------------------------------------------------


def start_plan(actor: Actor, client_id: UUID) -> PlanVersionView:
    """A new version to work on: the first (empty) or a copy of the one in force."""
    require(actor, permissions.CARE_WRITE, client_id, "care_plan")
    with transaction():
        episode = open_episode(client_id)
        if episode is None:
            raise DomainError("The client is not admitted; admit them before writing a treatment plan.")
        working = working_row(episode.id)
        if working is not None:
            raise DomainError(
                f"Version {working.number} of the plan is being written; finish or sign it first."
            )
        waiting = PlanVersion.select().where(
            (PlanVersion.episode == episode.id)
            & (PlanVersion.status == "pending_cosign")
            & PlanVersion.retired_at.is_null()
        )
        if waiting.exists():
            raise DomainError("A version of the plan is waiting for its co-signature; that comes first.")
        current = in_force_row(episode.id)
        last = (
            PlanVersion.select(PlanVersion.number)
            .where(PlanVersion.episode == episode.id)
            .order_by(PlanVersion.number.desc())
            .first()
        )
        row = PlanVersion.create(
            origin_site=actor.site_id,
            client=client_id,
            episode=episode.id,
            author=actor.staff_id,
            number=(last.number + 1) if last else 1,
            based_on=current.id if current else None,
            content=current.content if current else canonical(plan_content.to_data(PlanContent())),
            review_days=_review_days(settings.get("plan_review_days")),
        )
        trail(actor, audit.CREATE, row, number=row.number, based_on=row.based_on_id)
    return views([row])[0]


def _review_days(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_REVIEW_DAYS:
        raise ValidationError(f"Reviews fall due every 1 to {MAX_REVIEW_DAYS} days.", field="review_days")
    return value


def save_plan(
    actor: Actor,
    plan_id: UUID,
    content: PlanContent | None = None,
    *,
    client_agreed: bool | None = None,
    client_agreement: str | None = None,
    review_days: int | None = None,
    expected_version: int | None = None,
) -> PlanVersionView:
    """Save the version being worked on; parts not given stay as they are."""
    with transaction():
        row = load_row(PlanVersion, plan_id, "treatment plan")
        sealing.require_author(actor, row)
        sealing.refuse_if_locked(row)
        sealing.check_version(row, expected_version)
        require_open(load_episode(row.episode_id))
        changes: dict[str, Any] = {}
        if content is not None:
            changes["content"] = canonical(plan_content.to_data(plan_content.check(content)))
        if client_agreed is not None:
            changes["client_agreed"] = bool(client_agreed)
        if client_agreement is not None:
            changes["client_agreement"] = clean_long_text(
                client_agreement, field="client_agreement", label="How the client agreed", max_len=SHORT_MAX
            )
        if review_days is not None:
            changes["review_days"] = _review_days(review_days)
        save_changes(row, changes)
        trail(
            actor,
            audit.CHANGE,
            row,
            **{k: (audit.text_digest(v) if k == "content" else v) for k, v in changes.items()},
        )
    return views([row])[0]


def sign_plan(
    actor: Actor,
    plan_id: UUID,
    confirm: bool,
    *,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> PlanVersionView:
    """Sign the version being worked on: it comes into force (the earlier one is superseded)."""
    day = today_for(actor, today)
    with transaction():
        row = load_row(PlanVersion, plan_id, "treatment plan")
        sealing.require_confirm(confirm, row)
        sealing.check_version(row, expected_version)
        sealing.require_signer(actor, row)
        episode = load_episode(row.episode_id)
        require_open(episode)
        checked = plan_content.check(
            content(row), team=active_team_staff(episode.id, day), for_signing=True, today=day
        )
        if not row.client_agreement.strip():
            raise ValidationError(
                "Record the client's agreement: whether they agreed to the plan, and how "
                "(signed, verbally…).",
                field="client_agreement",
            )
        save_changes(row, {"content": canonical(plan_content.to_data(checked))})
        sealing.seal(actor, row, content_of(row), signed_on=day)
    return views([row])[0]


def cosign_plan(actor: Actor, plan_id: UUID) -> PlanVersionView:
    with transaction():
        row = load_row(PlanVersion, plan_id, "treatment plan")
        sealing.cosign(actor, row, content_of(row))
    return views([row])[0]


def return_plan(actor: Actor, plan_id: UUID, comment: str) -> PlanVersionView:
    with transaction():
        row = load_row(PlanVersion, plan_id, "treatment plan")
        sealing.return_for_changes(actor, row, comment)
    return views([row])[0]


def verify_plan(actor: Actor, plan_id: UUID) -> bool:
    row = load_row(PlanVersion, plan_id, "treatment plan")
    require(actor, permissions.CARE_READ, row.client_id, "care_plan", row.id)
    return sealing.verify(row, content_of(row))


def review_clock(row: PlanVersion) -> tuple[dt.date | None, dt.date | None]:
    """(last review date, next review due) of a plan in force; (None, None) before it is signed."""
    if row.signed_on is None:
        return None, None
    last = (
        PlanReview.select(PlanReview.reviewed_on)
        .where(
            (PlanReview.plan == row.id) & PlanReview.status.in_(IN_FORCE) & PlanReview.retired_at.is_null()
        )
        .order_by(PlanReview.reviewed_on.desc())
        .scalar()
    )
    start = max(row.signed_on, last) if last is not None else row.signed_on
    return last, start + dt.timedelta(days=row.review_days)
