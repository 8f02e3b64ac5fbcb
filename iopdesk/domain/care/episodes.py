"""Episodes of care and their admission terms: the rules, and reading them.

An episode runs from admission to discharge; a re-admission opens the next one and leaves the
earlier ones readable. Its admission terms are the admission date, the level of care (a code from
the clinic's list, "levels_of_care"), the population (adult / adolescent: derived from the birth
date with the clinic's age cut-off on the admission date, overridable with a reason), the weekly
target (None: the default for the level and population), the referral source and the primary
counselor. Every change is a new ``AdmissionChange`` row with the date it takes effect from and
why; changes go forward (a change cannot take effect before the latest one, nor after today).
Admitting and changing the terms: iopdesk.domain.care.admission.

The client row keeps the terms in force now (level_of_care, population, weekly_target_minutes,
primary_counselor, admission_date, status), because the hours rules read it there
(iopdesk.domain.attendance.hours): the weekly floor follows the admission. ``terms_in_force``
answers for any date, from the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from iopdesk.domain.care.common import (
    level_label,
    load_client,
    open_episode,
    require,
    staff_names,
    today_for,
)
from iopdesk.domain.clients.population import population_for
from iopdesk.domain.kernel import audit, permissions, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.store import transaction
from iopdesk.store.care_models import AdmissionChange, CareEpisode, Discharge, TeamMember
from iopdesk.store.models import Client

WEEK_MINUTES = 7 * 24 * 60
TERMS = (
    "admitted_on",
    "level_of_care",
    "population",
    "population_reason",
    "weekly_target_minutes",
    "referral_source",
    "primary_counselor",
)


@dataclass(frozen=True)
class AdmissionTerms:
    """The admission terms in force from ``effective_on`` (one row of the history)."""

    effective_on: dt.date
    admitted_on: dt.date
    level_of_care: str
    level_label: str
    population: str
    population_reason: str  # "" when derived from the birth date
    weekly_target_minutes: int | None  # None: the default for the level and population
    referral_source: str
    primary_counselor_id: UUID | None
    primary_counselor_name: str
    reason: str  # why it changed ("" for the admission)
    changed_by_name: str  # "" when carried over by an upgrade
    changed_at: dt.datetime  # UTC

    @property
    def population_label(self) -> str:
        return vocab.POPULATIONS.get(self.population, self.population)

    @property
    def population_overridden(self) -> bool:
        return bool(self.population_reason)


@dataclass(frozen=True)
class EpisodeView:
    id: UUID
    client_id: UUID
    number: int
    admitted_on: dt.date
    discharged_on: dt.date | None
    discharge_reason: str  # vocab.DISCHARGE_REASONS key of the signed discharge, else ""
    screening_id: UUID | None
    terms: AdmissionTerms  # in force now (or at discharge)
    history: tuple[AdmissionTerms, ...]  # oldest first
    derived_population: str  # what the birth date gives today: differs when the client came of age
    version: int

    @property
    def is_open(self) -> bool:
        return self.discharged_on is None

    @property
    def discharge_reason_label(self) -> str:
        return vocab.DISCHARGE_REASONS.get(self.discharge_reason, "")


def _terms(rows: Sequence[AdmissionChange]) -> list[AdmissionTerms]:
    names = staff_names(n for r in rows for n in (r.primary_counselor_id, r.changed_by_id))
    return [
        AdmissionTerms(
            effective_on=r.effective_on,
            admitted_on=r.admitted_on,
            level_of_care=r.level_of_care,
            level_label=level_label(r.level_of_care),
            population=r.population,
            population_reason=r.population_reason,
            weekly_target_minutes=r.weekly_target_minutes,
            referral_source=r.referral_source,
            primary_counselor_id=r.primary_counselor_id,
            primary_counselor_name=names.get(r.primary_counselor_id, "") if r.primary_counselor_id else "",
            reason=r.reason,
            changed_by_name=names.get(r.changed_by_id, "") if r.changed_by_id else "",
            changed_at=r.created_at,
        )
        for r in rows
    ]


def history_rows(episode_ids: Sequence[UUID]) -> dict[UUID, list[AdmissionChange]]:
    out: dict[UUID, list[AdmissionChange]] = {e: [] for e in episode_ids}
    if episode_ids:
        for row in (
            AdmissionChange.select()
            .where(AdmissionChange.episode.in_(list(episode_ids)) & AdmissionChange.retired_at.is_null())
            .order_by(AdmissionChange.effective_on, AdmissionChange.created_at)
        ):
            out[row.episode_id].append(row)
    return out


def episode_views(client: Client, rows: Sequence[CareEpisode], today: dt.date) -> list[EpisodeView]:
    """Views of the client's episodes with their histories, in three queries."""
    ids = [r.id for r in rows]
    history = history_rows(ids)
    reasons = (
        dict(
            Discharge.select(Discharge.episode, Discharge.reason)
            .where(
                Discharge.episode.in_(ids)
                & Discharge.status.in_(("signed", "pending_cosign"))
                & Discharge.retired_at.is_null()
            )
            .tuples()
        )
        if ids
        else {}
    )
    out = []
    for row in rows:
        terms = _terms(history[row.id])
        if not terms:  # never without a row in IOPdesk; an import from elsewhere could lack one
            terms = [_terms_of_episode(row)]
        out.append(
            EpisodeView(
                id=row.id,
                client_id=row.client_id,
                number=row.number,
                admitted_on=row.admitted_on,
                discharged_on=row.discharged_on,
                discharge_reason=reasons.get(row.id, ""),
                screening_id=row.screening_id,
                terms=terms[-1],
                history=tuple(terms),
                derived_population=population_for(client.date_of_birth, today),
                version=row.version,
            )
        )
    return out


def _terms_of_episode(row: CareEpisode) -> AdmissionTerms:
    names = staff_names([row.primary_counselor_id])
    return AdmissionTerms(
        row.admitted_on,
        row.admitted_on,
        row.level_of_care,
        level_label(row.level_of_care),
        row.population,
        row.population_reason,
        row.weekly_target_minutes,
        row.referral_source,
        row.primary_counselor_id,
        names.get(row.primary_counselor_id, "") if row.primary_counselor_id else "",
        "",
        "",
        row.created_at,
    )


def client_episodes(client_id: UUID) -> list[CareEpisode]:
    return list(
        CareEpisode.select()
        .where((CareEpisode.client == client_id) & CareEpisode.retired_at.is_null())
        .order_by(CareEpisode.number)
    )


def episodes(
    actor: Actor, client_id: UUID, *, audited: bool = True, today: dt.date | None = None
) -> tuple[EpisodeView, ...]:
    """Every episode of the client, oldest first, each with its admission history."""
    require(actor, permissions.CARE_READ, client_id, "care_episode")
    with transaction():
        client = load_client(client_id)
        views = episode_views(client, client_episodes(client_id), today_for(actor, today))
        if audited:
            audit.record(
                actor,
                audit.VIEW,
                client_id=client_id,
                record_type="care_episode",
                record_id="list",
                changes={"episodes": len(views)},
            )
    return tuple(views)


def terms_in_force(client_id: UUID, day: dt.date) -> AdmissionTerms | None:
    """The admission terms in force on ``day`` (None: not admitted then). A plain read for rules
    such as the weekly hours floor; no permission check, no audit entry."""
    episode = (
        CareEpisode.select()
        .where(
            (CareEpisode.client == client_id)
            & CareEpisode.retired_at.is_null()
            & (CareEpisode.admitted_on <= day)
            & (CareEpisode.discharged_on.is_null() | (CareEpisode.discharged_on >= day))
        )
        .order_by(CareEpisode.number.desc())
        .first()
    )
    if episode is None:
        return None
    row = (
        AdmissionChange.select()
        .where(
            (AdmissionChange.episode == episode.id)
            & (AdmissionChange.effective_on <= day)
            & AdmissionChange.retired_at.is_null()
        )
        .order_by(AdmissionChange.effective_on.desc(), AdmissionChange.created_at.desc())
        .first()
    )
    if row is None:  # the admission date was corrected to earlier than the first row
        row = (
            AdmissionChange.select()
            .where(AdmissionChange.episode == episode.id)
            .order_by(AdmissionChange.effective_on, AdmissionChange.created_at)
            .first()
        )
    return _terms([row])[0] if row is not None else _terms_of_episode(episode)


def current_terms(actor: Actor, client_id: UUID) -> AdmissionTerms | None:
    """The terms of the client's open episode (None: not admitted); a read for other screens."""
    require(actor, permissions.CARE_READ, client_id, "care_episode")
    episode = open_episode(client_id)
    if episode is None:
        return None
    return terms_in_force(client_id, max(episode.admitted_on, today_for(actor)))


def active_team_staff(episode_id: UUID, on_day: dt.date) -> set[UUID]:
    """Staff on the episode's team on ``on_day`` (who may be responsible for an intervention)."""
    return {
        staff
        for (staff,) in TeamMember.select(TeamMember.staff)
        .where(
            (TeamMember.episode == episode_id)
            & TeamMember.retired_at.is_null()
            & (TeamMember.end_on.is_null() | (TeamMember.end_on >= on_day))
        )
        .tuples()
    }
