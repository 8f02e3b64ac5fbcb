"""A detox episode and its ratings as they are read: the frozen views a chart, a list or a trend
shows (each rating with its hours since the start, vital signs, flags, and what corrected it), made
from the stored rows.

Apart from detox.py (starting an episode, its plan, rating, correcting a rating, ending it, and the
audited reads), which hands these out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from uuid import UUID

from iopdesk.domain.measures import instruments
from iopdesk.domain.measures.common import parse_json, staff_names
from iopdesk.domain.measures.detox_limits import Flag, Vitals
from iopdesk.domain.measures.model import Answer
from iopdesk.domain.measures.vocab import DETOX_END_REASONS, DETOX_SUBSTANCES
from iopdesk.store.measures_models import DetoxEpisode, DetoxObservation


@dataclass(frozen=True)
class ObservationView:
    id: UUID
    detox_id: UUID
    observed_at: dt.datetime  # UTC
    hours: float  # since the episode started
    instrument: str
    score: int
    band_label: str
    vitals: Vitals
    flags: tuple[Flag, ...]
    note: str
    recorded_by_name: str
    answers: Mapping[str, Answer] = field(default_factory=lambda: MappingProxyType({}))
    supersedes_id: UUID | None = None
    reason: str = ""
    superseded_by_id: UUID | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "answers", MappingProxyType(dict(self.answers)))

    @property
    def current(self) -> bool:
        return self.superseded_by_id is None

    @property
    def flagged(self) -> bool:
        return bool(self.flags)


@dataclass(frozen=True)
class DetoxView:
    id: UUID
    client_id: UUID
    episode_id: UUID | None
    substance: str
    instrument: str
    started_at: dt.datetime  # UTC
    prescriber: str
    plan: str
    opened_by_name: str
    observations: tuple[ObservationView, ...]  # oldest first, corrected ones included
    ended_at: dt.datetime | None = None
    ended_by_name: str = ""
    end_reason: str = ""
    end_note: str = ""

    @property
    def open(self) -> bool:
        return self.ended_at is None

    @property
    def substance_label(self) -> str:
        return DETOX_SUBSTANCES.get(self.substance, self.substance)

    @property
    def title(self) -> str:
        return instruments.get(self.instrument).title

    @property
    def end_label(self) -> str:
        return DETOX_END_REASONS.get(self.end_reason, self.end_reason)

    @property
    def current(self) -> tuple[ObservationView, ...]:
        return tuple(o for o in self.observations if o.current)

    @property
    def latest(self) -> ObservationView | None:
        current = self.current
        return current[-1] if current else None

    @property
    def flagged(self) -> bool:
        """The newest rating reached a threshold for a higher level of care."""
        latest = self.latest
        return latest is not None and latest.flagged


def observation_views(rows: list[DetoxObservation], started: dt.datetime) -> list[ObservationView]:
    names = staff_names(r.recorded_by_id for r in rows)
    later = (
        dict(
            DetoxObservation.select(DetoxObservation.supersedes, DetoxObservation.id)
            .where(DetoxObservation.supersedes.in_([r.id for r in rows]))
            .tuples()
        )
        if rows
        else {}
    )
    return [
        ObservationView(
            r.id,
            r.detox_id,
            r.observed_at,
            round((r.observed_at - started).total_seconds() / 3600, 2),
            r.instrument,
            r.score,
            r.band_label,
            Vitals(r.pulse, r.systolic, r.diastolic, r.temperature_f),
            tuple(
                Flag(str(f.get("key", "")), str(f.get("message", "")))
                for f in parse_json(r.flags, [])
                if isinstance(f, dict)
            ),
            r.note,
            names.get(r.recorded_by_id, ""),
            parse_json(r.answers, {}),
            r.supersedes_id,
            r.reason,
            later.get(r.id),
        )
        for r in rows
    ]


def detox_view(row: DetoxEpisode) -> DetoxView:
    observations = list(
        DetoxObservation.select()
        .where((DetoxObservation.detox == row.id) & DetoxObservation.retired_at.is_null())
        .order_by(DetoxObservation.observed_at, DetoxObservation.created_at)
    )
    names = staff_names([row.opened_by_id, row.ended_by_id])
    return DetoxView(
        row.id,
        row.client_id,
        row.episode_id,
        row.substance,
        row.instrument,
        row.started_at,
        row.prescriber,
        row.plan,
        names.get(row.opened_by_id, ""),
        tuple(observation_views(observations, row.started_at)),
        row.ended_at,
        names.get(row.ended_by_id, "") if row.ended_by_id else "",
        row.end_reason,
        row.end_note,
    )
