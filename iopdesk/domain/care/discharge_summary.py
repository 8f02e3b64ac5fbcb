"""The discharge summary as the program assembles it: the dates and length of the stay, sessions
attended and hours, the plan's goals and how far each got (from the latest review), and the
standardized instruments given in the stay (first and last score of each). The counselor edits it
and writes the rest
(iopdesk.domain.care.discharge); ``stay_facts`` also gives the chart its figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

from peewee import fn

from iopdesk.domain.care.common import level_label, parse_json
from iopdesk.domain.care.episodes import history_rows
from iopdesk.domain.care.plans import content as plan_content_of
from iopdesk.domain.care.plans import in_force_row
from iopdesk.domain.care.reviews import review_rows
from iopdesk.domain.kernel import vocab
from iopdesk.store.care_models import CareEpisode
from iopdesk.store.measures_models import MeasureResult
from iopdesk.store.models import Attendance, Session

SUMMARY_SECTIONS = {
    "stay": "The stay",
    "attendance": "Attendance",
    "goals": "Treatment-plan goals",
    "instruments": "Instrument results",
    "condition": "Condition at discharge",
    "recommendations": "Recommendations",
}
# Written by the counselor, never assembled: signing needs them.
WRITTEN = ("condition", "recommendations")
# What counts as a missed session in the summary: the client's own absences.
MISSED = ("absent_excused", "absent_unexcused", "cancelled_client")


@dataclass(frozen=True)
class StayFacts:
    """What the program counted for a stay (assembled again whenever asked)."""

    admitted_on: dt.date
    until: dt.date
    days: int
    sessions_attended: Mapping[str, int]  # by session kind
    minutes_attended: int
    sessions_missed: int


def stay_facts(client_id: UUID, admitted_on: dt.date, until: dt.date) -> StayFacts:
    attended = fn.SUM(fn.COALESCE(Attendance.minutes_attended, Session.duration_minutes))
    by_kind: dict[str, int] = {}
    minutes = 0
    for kind, count, total in (
        Attendance.select(Session.kind, fn.COUNT(Attendance.id), attended)
        .join(Session, on=(Attendance.session == Session.id))
        .where(
            (Attendance.client == client_id)
            & (Attendance.date >= admitted_on)
            & (Attendance.date <= until)
            & Attendance.status.in_(vocab.ATTENDED_STATUSES)
            & Attendance.retired_at.is_null()
            & (Session.status != "cancelled")
            & Session.retired_at.is_null()
        )
        .group_by(Session.kind)
        .tuples()
    ):
        by_kind[kind] = int(count)
        minutes += int(total or 0)
    missed = (
        Attendance.select()
        .where(
            (Attendance.client == client_id)
            & (Attendance.date >= admitted_on)
            & (Attendance.date <= until)
            & Attendance.status.in_(MISSED)
            & Attendance.retired_at.is_null()
        )
        .count()
    )
    return StayFacts(admitted_on, until, (until - admitted_on).days + 1, by_kind, minutes, missed)


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def _terms_text(level: str, population: str) -> str:
    return f"{level_label(level)}, {vocab.POPULATIONS.get(population, population).lower()}"


def assemble(episode: CareEpisode, discharged_on: dt.date) -> dict[str, str]:
    """The summary's sections as the program writes them (the counselor edits them before signing)."""
    facts = stay_facts(episode.client_id, episode.admitted_on, discharged_on)
    weeks = facts.days / 7
    # The level and population admitted at (the first row of the terms' history), then each change:
    # the episode row holds only the latest terms.
    terms = [
        (row.effective_on, row.level_of_care, row.population)
        for row in history_rows([episode.id])[episode.id]
    ]
    terms = terms or [(episode.admitted_on, episode.level_of_care, episode.population)]
    admitted_as = _terms_text(terms[0][1], terms[0][2])
    stay = (
        f"Admitted on {episode.admitted_on:%Y-%m-%d} ({admitted_as}), discharged on "
        f"{discharged_on:%Y-%m-%d}: {facts.days} day{'s' if facts.days != 1 else ''} ({weeks:.1f} weeks)."
    )
    for before, (since, level, population) in zip(terms, terms[1:], strict=False):
        if (level, population) != before[1:] and since <= discharged_on:
            stay += f" From {since:%Y-%m-%d}: {_terms_text(level, population)}."
    if episode.referral_source:
        stay += f" Referred by: {episode.referral_source}."
    kinds = ", ".join(
        f"{facts.sessions_attended[k]} {vocab.SESSION_KINDS.get(k, k).lower()}"
        for k in vocab.SESSION_KINDS
        if facts.sessions_attended.get(k)
    )
    total = sum(facts.sessions_attended.values())
    attendance = (
        f"Attended {total} session{'s' if total != 1 else ''}"
        + (f" ({kinds})" if kinds else "")
        + f", {_hours(facts.minutes_attended)} in all"
        + (f" (about {_hours(round(facts.minutes_attended / weeks))} a week)" if weeks >= 1 else "")
        + f"; missed {facts.sessions_missed}."
    )
    return {
        "stay": stay,
        "attendance": attendance,
        "goals": _goals_text(episode),
        "instruments": instruments_text(
            stay_results([episode.client_id]).get(episode.client_id, []), episode.admitted_on, discharged_on
        ),
        "condition": "",
        "recommendations": "",
    }


def stay_results(client_ids: list[UUID] | set[UUID]) -> dict[UUID, list[MeasureResult]]:
    """The clients' instrument results as they stand (a corrected one counts as its correction),
    oldest first: what a discharge summary describes."""
    corrected = MeasureResult.select(MeasureResult.supersedes).where(
        MeasureResult.supersedes.is_null(False) & MeasureResult.retired_at.is_null()
    )
    out: dict[UUID, list[MeasureResult]] = {}
    query = (
        MeasureResult.select()
        .where(
            MeasureResult.client.in_(list(client_ids))
            & MeasureResult.retired_at.is_null()
            & MeasureResult.id.not_in(corrected)
        )
        .order_by(MeasureResult.given_at)
    )
    for row in query:
        out.setdefault(row.client_id, []).append(row)
    return out


def instruments_text(results: list[MeasureResult], admitted_on: dt.date, until: dt.date) -> str:
    """Each instrument given in the stay: how many times, the first and the last score with its band."""
    by_instrument: dict[str, list[MeasureResult]] = {}
    for row in results:
        if admitted_on <= row.given_on <= until:
            by_instrument.setdefault(row.instrument, []).append(row)
    if not by_instrument:
        return "No standardized instrument results are recorded in IOPdesk for this stay."
    lines = []
    for instrument, given in by_instrument.items():  # in the order first given
        title = vocab.INSTRUMENT_TITLES.get(instrument, instrument)
        times = f"given {len(given)} time{'s' if len(given) != 1 else ''}"
        if given[0].total is None:  # no total (BAM): when, not how much
            lines.append(f"{title}: {times}, last on {given[-1].given_on:%Y-%m-%d}.")
        elif len(given) == 1:
            lines.append(f"{title}: {_score(given[0])} ({times}).")
        else:
            lines.append(f"{title}: {_score(given[0])}, then {_score(given[-1])} ({times}).")
    return "\n".join(lines)


def _score(row: MeasureResult) -> str:
    band = f", {row.band_label.lower()}" if row.band_label else ""
    return f"{row.total}{band} on {row.given_on:%Y-%m-%d}"


def _goals_text(episode: CareEpisode) -> str:
    plan = in_force_row(episode.id)
    if plan is None:
        return "No treatment plan was signed in this stay."
    signed = [r for r in review_rows([plan.id]) if r.status in ("signed", "pending_cosign")]
    progress: dict[str, str] = {}
    if signed:
        for item in parse_json(signed[-1].progress, []):
            if isinstance(item, dict):
                progress[str(item.get("objective"))] = str(item.get("progress", ""))
    lines = [
        f"Plan version {plan.number}, signed {plan.signed_on:%Y-%m-%d}"
        + (f"; last reviewed {signed[-1].reviewed_on:%Y-%m-%d}." if signed else "; not reviewed.")
    ]
    for _problem, goal in plan_content_of(plan).goals():
        states = [progress.get(str(o.id), "") for o in goal.objectives]
        done = sum(1 for s in states if s == "achieved")
        count = f"{done} of {len(states)} objective{'s' if len(states) != 1 else ''} achieved"
        detail = ", ".join(vocab.OBJECTIVE_PROGRESS.get(s, "not reviewed").lower() for s in states)
        lines.append(f"- {goal.text.rstrip('.')}: {count}" + (f" ({detail})." if states else "."))
    return "\n".join(lines)
