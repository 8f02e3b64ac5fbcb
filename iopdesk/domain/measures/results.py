"""Giving an instrument to a client: the answers scored (scoring.py, with the clinic's cut-offs), the
result attached to the episode of care the day falls in, and a safety alert raised at once when the
result carries one (alerts.py). A result never changes; a mistake is corrected by a new result that
supersedes it, with the reason (the old one stays readable, marked as corrected).

Each result keeps the LOINC code of its instrument's total, so it can later travel as a FHIR
Observation (``as_observation`` shows the shape).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any
from uuid import UUID

from iopdesk.domain.care.common import load_client, load_row
from iopdesk.domain.kernel import audit, permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.measures import alerts, instruments, scoring
from iopdesk.domain.measures.common import (
    NOTE_MAX,
    canonical,
    clean_long_text,
    clinic_cutoffs,
    episode_on,
    moment,
    parse_json,
    require,
    site_day,
    staff_names,
    trail,
)
from iopdesk.domain.measures.model import Alert, Answer, Result, Sex
from iopdesk.store import transaction
from iopdesk.store.measures_models import MeasureResult, SafetyAlert

RECORD = "measure_result"


@dataclass(frozen=True)
class ResultView:
    id: UUID
    client_id: UUID
    episode_id: UUID | None
    instrument: str  # "phq9"
    title: str  # "PHQ-9"
    loinc: str
    total: int | None
    band: str
    band_label: str
    given_on: dt.date
    given_at: dt.datetime  # UTC
    given_by_name: str
    answers: Mapping[str, Answer] = field(default_factory=lambda: MappingProxyType({}))
    subscales: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    alerts: tuple[Alert, ...] = ()
    sex: str = ""
    supersedes_id: UUID | None = None
    reason: str = ""  # why it corrects the one it supersedes
    superseded_by_id: UUID | None = None  # set when a later result corrected this one

    def __post_init__(self) -> None:
        object.__setattr__(self, "answers", MappingProxyType(dict(self.answers)))
        object.__setattr__(self, "subscales", MappingProxyType(dict(self.subscales)))

    @property
    def current(self) -> bool:
        return self.superseded_by_id is None


@dataclass(frozen=True)
class Given:
    """What giving (or correcting) an instrument did: the result, and the alert it raised, if any."""

    result: ResultView
    alert_id: UUID | None


def score(instrument_id: str, answers: Mapping[str, Answer], sex: Sex | str | None = None) -> Result:
    """The score with the clinic's cut-offs (no record is written)."""
    return scoring.score(instrument_id, answers, sex=sex or None, cutoffs=clinic_cutoffs())


def give(
    actor: Actor,
    client_id: UUID,
    instrument_id: str,
    answers: Mapping[str, Answer],
    *,
    sex: Sex | str | None = None,
    given_at: dt.datetime | None = None,
) -> Given:
    """Record an instrument given to a client (now, or at ``given_at``, never in the future); an
    incomplete or off-scale form is refused naming the item, and nothing is saved."""
    instrument = instruments.get(instrument_id)
    require(actor, permissions.MEASURE_RECORD, client_id, RECORD)
    result = score(instrument.id, answers, sex)
    when = moment(given_at, field="given_at", label="When it was given")
    with transaction():
        load_client(client_id)
        return _save(actor, client_id, instrument.id, answers, result, sex, when)


def correct(
    actor: Actor,
    result_id: UUID,
    answers: Mapping[str, Answer],
    reason: str,
    *,
    sex: Sex | str | None = None,
) -> Given:
    """Correct a result that was recorded wrongly: a new result with the same time supersedes it.
    Only the newest version of a result can be corrected; the reason is required. ``sex``: None
    keeps the one recorded, "" says it is not given (AUDIT-C then uses the lower cut-off)."""
    old = load_row(MeasureResult, result_id, "result")
    require(actor, permissions.MEASURE_RECORD, old.client_id, RECORD, result_id)
    why = clean_long_text(
        reason, field="reason", label="The reason for the correction", required=True, max_len=NOTE_MAX
    )
    sex = sex if sex is not None else old.sex
    result = score(old.instrument, answers, sex)
    with transaction():
        if MeasureResult.select().where(MeasureResult.supersedes == old.id).exists():
            raise DomainError("This result was already corrected; correct the newest version instead.")
        return _save(actor, old.client_id, old.instrument, answers, result, sex, old.given_at, old, why)


def _save(
    actor: Actor,
    client_id: UUID,
    instrument_id: str,
    answers: Mapping[str, Answer],
    result: Result,
    sex: Sex | str | None,
    when: dt.datetime,
    supersedes: MeasureResult | None = None,
    reason: str = "",
) -> Given:
    instrument = instruments.get(instrument_id)
    day = supersedes.given_on if supersedes is not None else site_day(actor, when)
    episode = episode_on(client_id, day)
    checked = {k: answers[k] for k in answers if answers[k] is not None}
    row = MeasureResult.create(
        origin_site=actor.site_id,
        client=client_id,
        episode=episode.id if episode else None,
        instrument=instrument.id,
        loinc=instrument.loinc_total or "",
        answers=canonical(checked),
        total=result.total,
        band=result.band.key if result.band else "",
        band_label=result.band.label if result.band else "",
        subscales=canonical(dict(result.subscales)),
        reported=canonical(dict(result.reported)),
        alerts=canonical([{"key": a.key, "item": a.item, "message": a.message} for a in result.alerts]),
        sex=str(sex or ""),
        given_on=day,
        given_at=when,
        given_by=actor.staff_id,
        supersedes=supersedes.id if supersedes else None,
        reason=reason,
    )
    changes: dict[str, Any] = {
        "instrument": instrument.id,
        "total": result.total,
        "band": row.band,
        "alerts": [a.key for a in result.alerts],
    }
    if supersedes is not None:
        changes |= {"supersedes": supersedes.id, "reason": reason, "total_before": supersedes.total}
    trail(actor, audit.CREATE, row, **changes)
    alert_id = None
    for alert in result.alerts:
        if alert.key == "safety" and not _already_open(supersedes, alert):
            alert_id = alerts.raise_alert(actor, row, alert).id
    return Given(_views([row])[0], alert_id)


def _already_open(supersedes: MeasureResult | None, alert: Alert) -> bool:
    """A correction that keeps the same alert does not raise a second one while the first is open."""
    if supersedes is None:
        return False
    chain = _chain_ids(supersedes)
    return (
        SafetyAlert.select()
        .where(
            SafetyAlert.result.in_(chain)
            & SafetyAlert.recorded_at.is_null()
            & (SafetyAlert.item == alert.item)
        )
        .exists()
    )


def _chain_ids(row: MeasureResult) -> list[UUID]:
    """This result and every earlier version it corrects."""
    ids = [row.id]
    while row.supersedes_id is not None:
        row = MeasureResult.get_by_id(row.supersedes_id)
        ids.append(row.id)
    return ids


def _views(rows: list[MeasureResult]) -> list[ResultView]:
    names = staff_names(r.given_by_id for r in rows)
    later = (
        dict(
            MeasureResult.select(MeasureResult.supersedes, MeasureResult.id)
            .where(MeasureResult.supersedes.in_([r.id for r in rows]))
            .tuples()
        )
        if rows
        else {}
    )
    out = []
    for r in rows:
        instrument = instruments.get(r.instrument)
        out.append(
            ResultView(
                r.id,
                r.client_id,
                r.episode_id,
                r.instrument,
                instrument.title,
                r.loinc,
                r.total,
                r.band,
                r.band_label,
                r.given_on,
                r.given_at,
                names.get(r.given_by_id, ""),
                parse_json(r.answers, {}),
                parse_json(r.subscales, {}),
                tuple(
                    Alert(str(a.get("key", "")), str(a.get("item", "")), str(a.get("message", "")))
                    for a in parse_json(r.alerts, [])
                    if isinstance(a, dict)
                ),
                r.sex,
                r.supersedes_id,
                r.reason,
                later.get(r.id),
            )
        )
    return out


def results_for(
    actor: Actor,
    client_id: UUID,
    *,
    instrument: str | None = None,
    episode_id: UUID | None = None,
    audited: bool = True,
) -> tuple[ResultView, ...]:
    """A client's results, oldest first, corrected ones included (``current`` is False on them)."""
    require(actor, permissions.MEASURE_READ, client_id, RECORD, "list")
    query = MeasureResult.select().where(
        (MeasureResult.client == client_id) & MeasureResult.retired_at.is_null()
    )
    if instrument is not None:
        query = query.where(MeasureResult.instrument == instruments.get(instrument).id)
    if episode_id is not None:
        query = query.where(MeasureResult.episode == episode_id)
    with transaction():
        rows = list(query.order_by(MeasureResult.given_at, MeasureResult.created_at))
        if audited:
            audit.record(actor, audit.VIEW, client_id=client_id, record_type=RECORD, record_id="list")
    return tuple(_views(rows))


def get_result(actor: Actor, result_id: UUID) -> ResultView:
    row = load_row(MeasureResult, result_id, "result")
    require(actor, permissions.MEASURE_READ, row.client_id, RECORD, result_id)
    with transaction():
        audit.record(actor, audit.VIEW, client_id=row.client_id, record_type=RECORD, record_id=result_id)
    return _views([row])[0]


def as_observation(view: ResultView, patient_reference: str) -> dict[str, Any]:
    """The result in the shape of a FHIR R4 Observation (a total with its LOINC code), for a later
    export; None of it is sent anywhere yet. Instruments without a verified code carry only text."""
    coding = [{"system": "http://loinc.org", "code": view.loinc}] if view.loinc else []
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "id": str(view.id),
        "status": "amended" if view.supersedes_id else "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "survey",
                    }
                ]
            }
        ],
        "code": {"coding": coding, "text": f"{view.title} total score"},
        "subject": {"reference": patient_reference},
        "effectiveDateTime": view.given_at.replace(tzinfo=dt.UTC).isoformat(),
    }
    if view.total is not None:
        observation["valueInteger"] = view.total
    if view.band_label:
        observation["interpretation"] = [{"text": view.band_label}]
    return observation
