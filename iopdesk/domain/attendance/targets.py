"""Each week's weekly target from the admission terms in force during that week.

The client row keeps the terms in force now; a past week is judged on the terms it ran under.
care/episodes.py keeps their history (an ``AdmissionChange`` row holds every term from its
``effective_on``), so a step up to partial hospitalization, or an adolescent recorded as an adult
from their 18th birthday, does not re-judge the weeks before it against the new floor.

A week whose terms changed part-way is held to the LOWEST target in force on any of its days (no
floor at all, level 1, being the lowest): a change on Wednesday never makes Monday and Tuesday owe
more than they did, and the first whole week under the new terms is judged on them. Days outside
every episode, and clients with no recorded terms (older data, imports), use the client row; a week
the client was not wholly in care is not judged anyway (hours.floor_status).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from peewee import chunked

from iopdesk.store.care_models import AdmissionChange, CareEpisode
from iopdesk.store.models import Client


@dataclass
class EpisodeTerms:
    admitted_on: dt.date
    discharged_on: dt.date | None
    terms: list[tuple[dt.date, str, str, int | None]] = field(default_factory=list)  # oldest first

    def covers(self, day: dt.date) -> bool:
        return self.admitted_on <= day and (self.discharged_on is None or day <= self.discharged_on)

    def terms_on(self, day: dt.date) -> tuple[str, str, int | None]:
        """(level, population, own target) in force on ``day``; before the first row (an admission
        date corrected to earlier), the first row's."""
        in_force = [t for t in self.terms if t[0] <= day] or self.terms[:1]
        _, level, population, target = in_force[-1]
        return level, population, target


def terms_history(client_ids: Iterable[UUID]) -> dict[UUID, list[EpisodeTerms]]:
    """{client: episodes with their terms}: one query per 500 clients."""
    out: dict[UUID, dict[UUID, EpisodeTerms]] = defaultdict(dict)
    for batch in chunked(list(set(client_ids)), 500):
        query = (
            AdmissionChange.select(
                AdmissionChange.client,
                AdmissionChange.episode,
                CareEpisode.admitted_on,
                CareEpisode.discharged_on,
                AdmissionChange.effective_on,
                AdmissionChange.level_of_care,
                AdmissionChange.population,
                AdmissionChange.weekly_target_minutes,
            )
            .join(CareEpisode, on=(AdmissionChange.episode == CareEpisode.id))
            .where(
                AdmissionChange.client.in_(batch)
                & AdmissionChange.retired_at.is_null()
                & CareEpisode.retired_at.is_null()
            )
            .order_by(AdmissionChange.effective_on, AdmissionChange.created_at)
            .tuples()
        )
        for client_id, episode_id, admitted, discharged, since, level, population, target in query:
            episode = out[client_id].setdefault(episode_id, EpisodeTerms(admitted, discharged))
            episode.terms.append((since, level, population, target))
    return {c: sorted(e.values(), key=lambda e: e.admitted_on) for c, e in out.items()}


def terms_on(client: Client, episodes: list[EpisodeTerms], day: dt.date) -> tuple[str, str, int | None]:
    """(level, population, own target) in force on ``day``: the latest episode covering it, else
    the client row."""
    for episode in reversed(episodes):
        if episode.covers(day) and episode.terms:
            return episode.terms_on(day)
    return client.level_of_care or "", client.population, client.weekly_target_minutes
