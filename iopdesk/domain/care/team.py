"""The treatment team: who works with a client in an episode, in which role, from when to when.

The team decides who sees the client's chart: an active member is in the client's caseload
(iopdesk.domain.kernel.permissions). Nothing is deleted: a member leaves the team on a date (the
past stays as it was), and a place added by mistake is retired with a reason. The primary
counselor's place follows the admission terms (iopdesk.domain.care.admission.change_terms).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from iopdesk.domain.care.common import (
    SHORT_MAX,
    active_staff,
    check_date,
    clean_long_text,
    load_episode,
    load_row,
    open_episode,
    require,
    require_open,
    today_for,
    trail,
)
from iopdesk.domain.kernel import audit, permissions, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.errors import DomainError, ValidationError
from iopdesk.domain.kernel.records import check_choice, save_changes
from iopdesk.store import transaction
from iopdesk.store.care_models import CareEpisode, TeamMember
from iopdesk.store.models import Staff


@dataclass(frozen=True)
class TeamMemberView:
    id: UUID
    staff_id: UUID
    name: str
    credentials: str
    role: str
    start_on: dt.date
    end_on: dt.date | None
    end_reason: str
    active: bool  # on the team on the day asked about
    version: int

    @property
    def role_label(self) -> str:
        return vocab.TEAM_ROLES.get(self.role, self.role)


@dataclass(frozen=True)
class TeamView:
    client_id: UUID
    episode_id: UUID | None  # None: never admitted
    episode_open: bool
    current: tuple[TeamMemberView, ...]  # on the team today (or starting later), by role
    past: tuple[TeamMemberView, ...]  # left the team, latest first


def _views(rows: Sequence[TeamMember], today: dt.date) -> list[TeamMemberView]:
    staff = (
        {
            s.id: s
            for s in Staff.select(Staff.id, Staff.display_name, Staff.credentials).where(
                Staff.id.in_({r.staff_id for r in rows})
            )
        }
        if rows
        else {}
    )
    return [
        TeamMemberView(
            id=r.id,
            staff_id=r.staff_id,
            name=staff[r.staff_id].display_name if r.staff_id in staff else "",
            credentials=staff[r.staff_id].credentials if r.staff_id in staff else "",
            role=r.role,
            start_on=r.start_on,
            end_on=r.end_on,
            end_reason=r.end_reason,
            active=r.start_on <= today and (r.end_on is None or r.end_on >= today),
            version=r.version,
        )
        for r in rows
    ]


def team_rows(episode_id: UUID) -> list[TeamMember]:
    return list(
        TeamMember.select().where((TeamMember.episode == episode_id) & TeamMember.retired_at.is_null())
    )


def team_view(client_id: UUID, episode: CareEpisode | None, today: dt.date) -> TeamView:
    if episode is None:
        return TeamView(client_id, None, False, (), ())
    members = _views(team_rows(episode.id), today)
    roles = list(vocab.TEAM_ROLES)
    current = sorted(
        (m for m in members if m.end_on is None or m.end_on >= today),
        key=lambda m: (roles.index(m.role) if m.role in roles else 99, m.start_on, m.name),
    )
    past = sorted(
        (m for m in members if m.end_on is not None and m.end_on < today),
        key=lambda m: (m.end_on, m.start_on),
        reverse=True,
    )
    return TeamView(client_id, episode.id, episode.discharged_on is None, tuple(current), tuple(past))


def team(
    actor: Actor,
    client_id: UUID,
    episode_id: UUID | None = None,
    *,
    audited: bool = True,
    today: dt.date | None = None,
) -> TeamView:
    """The team of the episode asked for (default: the current one, else the latest)."""
    require(actor, permissions.CARE_READ, client_id, "care_team_member")
    with transaction():
        episode = _episode_of(client_id, episode_id)
        view = team_view(client_id, episode, today_for(actor, today))
        if audited:
            audit.record(
                actor,
                audit.VIEW,
                client_id=client_id,
                record_type="care_team_member",
                record_id=episode.id if episode else "",
                changes={"members": len(view.current)},
            )
    return view


def _episode_of(client_id: UUID, episode_id: UUID | None) -> CareEpisode | None:
    if episode_id is not None:
        episode = load_episode(episode_id)
        if episode.client_id != client_id:
            raise ValidationError("That episode belongs to another client.", field="episode_id")
        return episode
    return open_episode(client_id) or (
        CareEpisode.select()
        .where((CareEpisode.client == client_id) & CareEpisode.retired_at.is_null())
        .order_by(CareEpisode.number.desc())
        .first()
    )


def join(actor: Actor, episode: CareEpisode, staff_id: UUID, role: str, start_on: dt.date) -> TeamMember:
    """Put a staff member on the team (no permission check: the callers make it)."""
    check_choice(role, vocab.TEAM_ROLES, field="role", label="Role")
    active_staff(staff_id, field="staff_id", label="A team member")
    if start_on < episode.admitted_on:
        raise ValidationError(
            f"The client was admitted on {episode.admitted_on:%Y-%m-%d}; a team place cannot start earlier.",
            field="start_on",
        )
    clash = (
        TeamMember.select()
        .where(
            (TeamMember.episode == episode.id)
            & (TeamMember.staff == staff_id)
            & (TeamMember.role == role)
            & TeamMember.retired_at.is_null()
            & (TeamMember.end_on.is_null() | (TeamMember.end_on >= start_on))
        )
        .exists()
    )
    if clash:
        raise ValidationError("This staff member already has that role on the team.", field="staff_id")
    row = TeamMember.create(
        origin_site=actor.site_id,
        client=episode.client_id,
        episode=episode.id,
        staff=staff_id,
        role=role,
        start_on=start_on,
    )
    trail(actor, audit.CREATE, row, staff=staff_id, role=role, start_on=start_on)
    return row


def leave(actor: Actor, row: TeamMember, end_on: dt.date, reason: str) -> None:
    """End a team place on ``end_on`` (its last day); a place that had not begun yet is retired."""
    if row.start_on > end_on:
        save_changes(row, {"retired_at": utcnow(), "end_reason": reason}, actor=actor)
        return
    if row.end_on is not None and row.end_on <= end_on:
        return  # already gone by then
    save_changes(row, {"end_on": end_on, "end_reason": reason}, actor=actor)


def add_team_member(
    actor: Actor,
    client_id: UUID,
    staff_id: UUID,
    role: str,
    start_on: dt.date | None = None,
    *,
    today: dt.date | None = None,
) -> TeamMemberView:
    """Add someone to the client's current episode's team (from today unless said otherwise)."""
    require(actor, permissions.CARE_WRITE, client_id, "care_team_member")
    if role == "primary_counselor":
        raise DomainError("The primary counselor is set with the admission: change it there.")
    day = today_for(actor, today)
    with transaction():
        episode = open_episode(client_id)
        if episode is None:
            raise DomainError("The client is not admitted; admit them before setting up their team.")
        start = check_date(start_on or day, field="start_on", label="The start date")
        row = join(actor, episode, staff_id, role, start)
    return _views([row], day)[0]


def end_team_member(
    actor: Actor,
    member_id: UUID,
    end_on: dt.date | None = None,
    reason: str = "",
    *,
    today: dt.date | None = None,
) -> TeamMemberView:
    """Someone leaves the team: ``end_on`` (default today) is their last day on it."""
    day = today_for(actor, today)
    with transaction():
        row = load_row(TeamMember, member_id, "team member")
        require(actor, permissions.CARE_WRITE, row.client_id, "care_team_member", row.id)
        require_open(load_episode(row.episode_id))
        if row.role == "primary_counselor":
            raise DomainError("The primary counselor is set with the admission: change it there.")
        end = check_date(end_on or day, field="end_on", label="The last day")
        if end < row.start_on:
            raise ValidationError("The last day is before the start on the team.", field="end_on")
        if row.end_on is not None:
            raise DomainError(f"This team place already ended on {row.end_on:%Y-%m-%d}.")
        text = clean_long_text(reason, field="reason", label="The reason", max_len=SHORT_MAX)
        leave(actor, row, end, text)
    return _views([row], day)[0]


def retire_team_member(actor: Actor, member_id: UUID, reason: str) -> None:
    """Take back a team place entered by mistake (kept, marked retired, with the reason)."""
    text = clean_long_text(reason, field="reason", label="The reason", required=True, max_len=SHORT_MAX)
    with transaction():
        row = load_row(TeamMember, member_id, "team member")
        require(actor, permissions.CARE_WRITE, row.client_id, "care_team_member", row.id)
        if row.role == "primary_counselor":
            raise DomainError("The primary counselor is set with the admission: change it there.")
        save_changes(row, {"retired_at": utcnow(), "end_reason": text}, actor=actor)
