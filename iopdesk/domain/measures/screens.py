"""The drug-screen log: the collection date, the specimen, point of care or laboratory, whether the
collection was observed, a result per substance (negative, positive, expected positive for a
prescribed medication — which is named —, or invalid), and who recorded it.

A lab screen is recorded when its results come back (dated by its collection). A screen never
changes: a mistake is corrected by a new screen that supersedes it, with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from iopdesk.domain.care.common import load_client, load_row, today_for
from iopdesk.domain.kernel import audit, permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError, ValidationError
from iopdesk.domain.kernel.records import check_choice, clean_text
from iopdesk.domain.measures.common import NOTE_MAX, clean_long_text, episode_on, require, staff_names, trail
from iopdesk.domain.measures.vocab import SCREEN_METHODS, SCREEN_RESULTS, SPECIMENS, SUBSTANCES
from iopdesk.store import transaction
from iopdesk.store.measures_models import DrugScreen, DrugScreenResult


@dataclass(frozen=True)
class SubstanceResult:
    substance: str  # measures.vocab.SUBSTANCES
    result: str  # measures.vocab.SCREEN_RESULTS
    medication: str = ""  # required for an expected positive

    @property
    def substance_label(self) -> str:
        return SUBSTANCES.get(self.substance, self.substance)

    @property
    def result_label(self) -> str:
        return SCREEN_RESULTS.get(self.result, self.result)


@dataclass(frozen=True)
class ScreenView:
    id: UUID
    client_id: UUID
    episode_id: UUID | None
    collected_on: dt.date
    specimen: str
    method: str
    observed: bool
    results: tuple[SubstanceResult, ...]  # in panel order
    note: str
    recorded_by_name: str
    recorded_at: dt.datetime  # UTC
    supersedes_id: UUID | None = None
    reason: str = ""
    superseded_by_id: UUID | None = None

    @property
    def current(self) -> bool:
        return self.superseded_by_id is None

    @property
    def specimen_label(self) -> str:
        return SPECIMENS.get(self.specimen, self.specimen)

    @property
    def method_label(self) -> str:
        return SCREEN_METHODS.get(self.method, self.method)

    @property
    def positives(self) -> tuple[SubstanceResult, ...]:
        """The unexpected positives (a prescribed medication's expected positive is not one)."""
        return tuple(r for r in self.results if r.result == "positive")


def _checked_results(results: Sequence[SubstanceResult]) -> list[SubstanceResult]:
    if not results:
        raise ValidationError("Give the result of at least one substance.", "results")
    seen: set[str] = set()
    out = []
    for r in results:
        check_choice(r.substance, SUBSTANCES, field="results", label="The substance")
        label = SUBSTANCES[r.substance]
        if r.substance in seen:
            raise ValidationError(f"{label} is listed twice.", "results")
        seen.add(r.substance)
        check_choice(r.result, SCREEN_RESULTS, field="results", label=f"The result for {label}")
        medication = clean_text(
            r.medication, field="results", label=f"The medication for {label}", max_len=120
        )
        if r.result == "expected_positive" and not medication:
            raise ValidationError(
                f"{label}: an expected positive names the prescribed medication that explains it.", "results"
            )
        if r.result != "expected_positive" and medication:
            raise ValidationError(
                f"{label}: a medication is named only for an expected positive (this one is "
                f"{SCREEN_RESULTS[r.result].lower()}).",
                "results",
            )
        out.append(SubstanceResult(r.substance, r.result, medication))
    order = list(SUBSTANCES)
    return sorted(out, key=lambda r: order.index(r.substance))


def record(
    actor: Actor,
    client_id: UUID,
    *,
    collected_on: dt.date,
    specimen: str,
    method: str,
    observed: bool,
    results: Sequence[SubstanceResult],
    note: str = "",
    today: dt.date | None = None,
) -> ScreenView:
    """Log a drug screen with its results; anything missing or unknown is refused, naming it."""
    require(actor, permissions.MEASURE_RECORD, client_id, "measure_drug_screen")
    return _save(actor, client_id, collected_on, specimen, method, observed, results, note, today)


def correct(
    actor: Actor,
    screen_id: UUID,
    reason: str,
    *,
    collected_on: dt.date,
    specimen: str,
    method: str,
    observed: bool,
    results: Sequence[SubstanceResult],
    note: str = "",
    today: dt.date | None = None,
) -> ScreenView:
    """Correct a screen logged wrongly: the new one supersedes it (the reason is required)."""
    old = load_row(DrugScreen, screen_id, "drug screen")
    require(actor, permissions.MEASURE_RECORD, old.client_id, "measure_drug_screen", screen_id)
    why = clean_long_text(
        reason, field="reason", label="The reason for the correction", required=True, max_len=NOTE_MAX
    )
    with transaction():
        if DrugScreen.select().where(DrugScreen.supersedes == old.id).exists():
            raise DomainError("This screen was already corrected; correct the newest version instead.")
        return _save(
            actor, old.client_id, collected_on, specimen, method, observed, results, note, today, old, why
        )


def _save(
    actor: Actor,
    client_id: UUID,
    collected_on: dt.date,
    specimen: str,
    method: str,
    observed: bool,
    results: Sequence[SubstanceResult],
    note: str,
    today: dt.date | None,
    supersedes: DrugScreen | None = None,
    reason: str = "",
) -> ScreenView:
    if isinstance(collected_on, dt.datetime) or not isinstance(collected_on, dt.date):
        raise ValidationError("The collection date must be a date.", "collected_on")
    if collected_on > today_for(actor, today):
        raise ValidationError("The collection date cannot be in the future.", "collected_on")
    check_choice(specimen, SPECIMENS, field="specimen", label="The specimen")
    check_choice(method, SCREEN_METHODS, field="method", label="Point of care or laboratory")
    if not isinstance(observed, bool):
        raise ValidationError("Say whether the collection was observed.", "observed")
    checked = _checked_results(results)
    text = clean_long_text(note, field="note", label="The note", max_len=NOTE_MAX)
    with transaction():
        load_client(client_id)
        episode = episode_on(client_id, collected_on)
        row = DrugScreen.create(
            origin_site=actor.site_id,
            client=client_id,
            episode=episode.id if episode else None,
            collected_on=collected_on,
            specimen=specimen,
            method=method,
            observed=observed,
            note=text,
            recorded_by=actor.staff_id,
            supersedes=supersedes.id if supersedes else None,
            reason=reason,
        )
        for r in checked:
            DrugScreenResult.create(
                origin_site=actor.site_id,
                screen=row.id,
                client=client_id,
                substance=r.substance,
                result=r.result,
                medication=r.medication,
            )
        changes = {
            "collected_on": collected_on,
            "specimen": specimen,
            "method": method,
            "observed": observed,
            "results": {r.substance: r.result for r in checked},
        }
        if supersedes is not None:
            changes |= {"supersedes": supersedes.id, "reason": reason}
        trail(actor, audit.CREATE, row, **changes)
    return _views([row])[0]


def _views(rows: list[DrugScreen]) -> list[ScreenView]:
    ids = [r.id for r in rows]
    by_screen: dict[UUID, list[SubstanceResult]] = {i: [] for i in ids}
    later: dict[UUID, UUID] = {}
    if ids:
        for screen, substance, result, medication in (
            DrugScreenResult.select(
                DrugScreenResult.screen,
                DrugScreenResult.substance,
                DrugScreenResult.result,
                DrugScreenResult.medication,
            )
            .where(DrugScreenResult.screen.in_(ids))
            .tuples()
        ):
            by_screen[screen].append(SubstanceResult(substance, result, medication))
        later = dict(
            DrugScreen.select(DrugScreen.supersedes, DrugScreen.id)
            .where(DrugScreen.supersedes.in_(ids))
            .tuples()
        )
    order = list(SUBSTANCES)
    names = staff_names(r.recorded_by_id for r in rows)
    return [
        ScreenView(
            r.id,
            r.client_id,
            r.episode_id,
            r.collected_on,
            r.specimen,
            r.method,
            r.observed,
            tuple(
                sorted(
                    by_screen[r.id], key=lambda s: order.index(s.substance) if s.substance in order else 99
                )
            ),
            r.note,
            names.get(r.recorded_by_id, ""),
            r.created_at,
            r.supersedes_id,
            r.reason,
            later.get(r.id),
        )
        for r in rows
    ]


def screens_for(actor: Actor, client_id: UUID, *, audited: bool = True) -> tuple[ScreenView, ...]:
    """A client's drug screens, oldest first, corrected ones included (``current`` False on them)."""
    require(actor, permissions.MEASURE_READ, client_id, "measure_drug_screen", "list")
    with transaction():
        rows = list(
            DrugScreen.select()
            .where((DrugScreen.client == client_id) & DrugScreen.retired_at.is_null())
            .order_by(DrugScreen.collected_on, DrugScreen.created_at)
        )
        if audited:
            audit.record(
                actor, audit.VIEW, client_id=client_id, record_type="measure_drug_screen", record_id="list"
            )
    return tuple(_views(rows))
