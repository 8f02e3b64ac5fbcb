"""Detox monitoring for clients the program keeps in mild outpatient withdrawal management.

An episode names the substance (alcohol: rated on CIWA-Ar; opioids: on COWS), when it started, and
the prescriber's plan as they wrote it (IOPdesk records it; it does not prescribe). Each observation
is a full rating of the scale's items (scored by scoring.py with the clinic's cut-offs) with the
time and vital signs (pulse, blood pressure, temperature in °F). An observation is flagged when the
score or a vital sign reaches the clinic's threshold for a higher level of care (settings
"detox_*_flag_from"); the flags are kept with it, as the thresholds were then. The episode ends with
a reason. Observations never change: a mistake is corrected by a new one that supersedes it.

An episode and its ratings as they are read (``DetoxView``, ``ObservationView``) are in
detox_views.py; they are found here too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from uuid import UUID

from iopdesk.domain.care.common import load_client, load_row
from iopdesk.domain.kernel import audit, clock, permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.kernel.records import check_choice, clean_text
from iopdesk.domain.measures import scoring
from iopdesk.domain.measures.common import (
    NOTE_MAX,
    canonical,
    clean_long_text,
    clinic_cutoffs,
    episode_on,
    moment,
    require,
    site_day,
    trail,
)
from iopdesk.domain.measures.detox_limits import (
    Vitals,
    flags_for,
    thresholds,
    vitals_checked,
)
from iopdesk.domain.measures.detox_views import DetoxView, ObservationView, detox_view, observation_views
from iopdesk.domain.measures.model import Answer
from iopdesk.domain.measures.vocab import DETOX_END_REASONS, DETOX_SCALES, DETOX_SUBSTANCES
from iopdesk.store import transaction
from iopdesk.store.measures_models import DetoxEpisode, DetoxObservation

PLAN_MAX = 5_000


def start(
    actor: Actor,
    client_id: UUID,
    substance: str,
    plan: str,
    *,
    prescriber: str = "",
    started_at: dt.datetime | None = None,
) -> DetoxView:
    """Open a detox episode (one at a time per client); the prescriber's plan is required."""
    require(actor, permissions.MEASURE_RECORD, client_id, "measure_detox")
    check_choice(substance, DETOX_SUBSTANCES, field="substance", label="The substance")
    text = clean_long_text(plan, field="plan", label="The prescriber's plan", required=True, max_len=PLAN_MAX)
    who = clean_text(prescriber, field="prescriber", label="The prescriber", max_len=120)
    when = moment(started_at, field="started_at", label="The start")
    with transaction():
        load_client(client_id)
        if (
            DetoxEpisode.select()
            .where(
                (DetoxEpisode.client == client_id)
                & DetoxEpisode.ended_at.is_null()
                & DetoxEpisode.retired_at.is_null()
            )
            .exists()
        ):
            raise DomainError("This client is already in detox monitoring; end that episode first.")
        episode = episode_on(client_id, site_day(actor, when))
        row = DetoxEpisode.create(
            origin_site=actor.site_id,
            client=client_id,
            episode=episode.id if episode else None,
            substance=substance,
            instrument=DETOX_SCALES[substance],
            started_at=when,
            prescriber=who,
            plan=text,
            opened_by=actor.staff_id,
        )
        trail(actor, audit.CREATE, row, substance=substance, instrument=row.instrument, prescriber=who)
    return detox_view(row)


def _open_row(detox_id: UUID) -> DetoxEpisode:
    row: DetoxEpisode = load_row(DetoxEpisode, detox_id, "detox episode")
    if row.ended_at is not None:
        raise DomainError(
            f"This detox episode ended on {row.ended_at:%Y-%m-%d}; start a new one to record more."
        )
    return row


def change_plan(actor: Actor, detox_id: UUID, plan: str) -> DetoxView:
    """The prescriber changed the plan: the new text replaces it (the trail keeps what it was)."""
    row = load_row(DetoxEpisode, detox_id, "detox episode")
    require(actor, permissions.MEASURE_RECORD, row.client_id, "measure_detox", detox_id)
    text = clean_long_text(plan, field="plan", label="The prescriber's plan", required=True, max_len=PLAN_MAX)
    with transaction():
        row = _open_row(detox_id)
        if text != row.plan:
            before = audit.text_digest(row.plan)
            DetoxEpisode.update(plan=text, updated_at=clock.utcnow(), version=DetoxEpisode.version + 1).where(
                DetoxEpisode.id == row.id
            ).execute()
            trail(actor, audit.CHANGE, row, plan=[before, audit.text_digest(text)])
    return detox_view(DetoxEpisode.get_by_id(detox_id))


def observe(
    actor: Actor,
    detox_id: UUID,
    answers: Mapping[str, Answer],
    *,
    vitals: Vitals = Vitals(),  # noqa: B008 - frozen
    observed_at: dt.datetime | None = None,
    note: str = "",
) -> ObservationView:
    """Record one rating of the episode's scale, with the vital signs taken then."""
    row = load_row(DetoxEpisode, detox_id, "detox episode")
    require(actor, permissions.MEASURE_RECORD, row.client_id, "measure_detox_observation")
    return _record(actor, row, answers, vitals, observed_at, note)


def correct_observation(
    actor: Actor,
    observation_id: UUID,
    answers: Mapping[str, Answer],
    reason: str,
    *,
    vitals: Vitals = Vitals(),  # noqa: B008 - frozen
    note: str = "",
) -> ObservationView:
    """A rating recorded wrongly: a new one at the same time supersedes it (the reason is required)."""
    old = load_row(DetoxObservation, observation_id, "withdrawal rating")
    episode = DetoxEpisode.get_by_id(old.detox_id)
    require(actor, permissions.MEASURE_RECORD, old.client_id, "measure_detox_observation", observation_id)
    why = clean_long_text(
        reason, field="reason", label="The reason for the correction", required=True, max_len=NOTE_MAX
    )
    with transaction():
        if DetoxObservation.select().where(DetoxObservation.supersedes == old.id).exists():
            raise DomainError("This rating was already corrected; correct the newest version instead.")
        return _record(actor, episode, answers, vitals, old.observed_at, note, old, why)


def _record(
    actor: Actor,
    episode: DetoxEpisode,
    answers: Mapping[str, Answer],
    vitals: Vitals,
    observed_at: dt.datetime | None,
    note: str,
    supersedes: DetoxObservation | None = None,
    reason: str = "",
) -> ObservationView:
    result = scoring.score(episode.instrument, answers, cutoffs=clinic_cutoffs())
    assert result.total is not None
    checked = vitals_checked(vitals)
    text = clean_long_text(note, field="note", label="The note", max_len=NOTE_MAX)
    when = moment(
        observed_at, field="observed_at", label="The time of the rating", not_before=episode.started_at
    )
    found = flags_for(episode.instrument, result.total, checked, thresholds())
    with transaction():
        if supersedes is None:
            episode = _open_row(episode.id)
        row = DetoxObservation.create(
            origin_site=actor.site_id,
            detox=episode.id,
            client=episode.client_id,
            observed_at=when,
            instrument=episode.instrument,
            answers=canonical(dict(answers)),
            score=result.total,
            band=result.band.key if result.band else "",
            band_label=result.band.label if result.band else "",
            pulse=checked.pulse,
            systolic=checked.systolic,
            diastolic=checked.diastolic,
            temperature_f=checked.temperature_f,
            flags=canonical([{"key": f.key, "message": f.message} for f in found]),
            note=text,
            recorded_by=actor.staff_id,
            supersedes=supersedes.id if supersedes else None,
            reason=reason,
        )
        changes: dict[str, Any] = {"score": result.total, "flags": [f.key for f in found]}
        if supersedes is not None:
            changes |= {"supersedes": supersedes.id, "reason": reason}
        trail(actor, audit.CREATE, row, **changes)
    return observation_views([row], episode.started_at)[0]


def end(
    actor: Actor, detox_id: UUID, reason: str, *, note: str = "", ended_at: dt.datetime | None = None
) -> DetoxView:
    """End the episode (once): why (measures.vocab.DETOX_END_REASONS) and, for "other", in words."""
    row = load_row(DetoxEpisode, detox_id, "detox episode")
    require(actor, permissions.MEASURE_RECORD, row.client_id, "measure_detox", detox_id)
    check_choice(reason, DETOX_END_REASONS, field="end_reason", label="Why it ended")
    text = clean_long_text(
        note,
        field="end_note",
        label='For "other", why it ended',
        required=reason == "other",
        max_len=NOTE_MAX,
    )
    last = (
        DetoxObservation.select(DetoxObservation.observed_at)
        .where(DetoxObservation.detox == row.id)
        .order_by(DetoxObservation.observed_at.desc())
        .first()
    )
    when = moment(
        ended_at, field="ended_at", label="The end", not_before=last.observed_at if last else row.started_at
    )
    with transaction():
        row = _open_row(detox_id)
        DetoxEpisode.update(
            ended_at=when,
            ended_by=actor.staff_id,
            end_reason=reason,
            end_note=text,
            updated_at=clock.utcnow(),
            version=DetoxEpisode.version + 1,
        ).where(DetoxEpisode.id == row.id).execute()
        trail(actor, audit.CHANGE, row, ended_at=[None, when], end_reason=[None, reason])
    return detox_view(DetoxEpisode.get_by_id(detox_id))


def detox_for_client(actor: Actor, client_id: UUID, *, audited: bool = True) -> tuple[DetoxView, ...]:
    """A client's detox episodes, the newest first, each with its ratings."""
    require(actor, permissions.MEASURE_READ, client_id, "measure_detox", "list")
    with transaction():
        rows = list(
            DetoxEpisode.select()
            .where((DetoxEpisode.client == client_id) & DetoxEpisode.retired_at.is_null())
            .order_by(DetoxEpisode.started_at.desc())
        )
        views = tuple(detox_view(r) for r in rows)
        if audited:
            audit.record(
                actor, audit.VIEW, client_id=client_id, record_type="measure_detox", record_id="list"
            )
    return views


def get_detox(actor: Actor, detox_id: UUID) -> DetoxView:
    row = load_row(DetoxEpisode, detox_id, "detox episode")
    require(actor, permissions.MEASURE_READ, row.client_id, "measure_detox", detox_id)
    with transaction():
        audit.record(
            actor, audit.VIEW, client_id=row.client_id, record_type="measure_detox", record_id=detox_id
        )
    return detox_view(row)
