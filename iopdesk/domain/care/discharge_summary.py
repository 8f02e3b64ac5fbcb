"""The discharge summary as the program assembles it: the dates and length of the stay, sessions
attended and hours, the plan's goals and how far each got (from the latest review), and instrument
results once IOPdesk records them. The counselor edits it and writes the rest
(iopdesk.domain.care.discharge); ``stay_facts`` also gives the chart its figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

from peewee import fn

from iopdesk.domain.care.common import level_label, parse_json
from iopdesk.domain.care.plans import content as plan_content_of
from iopdesk.domain.care.plans import in_force_row
from iopdesk.domain.care.reviews import review_rows
from iopdesk.domain.kernel import vocab
from iopdesk.store.care_models import CareEpisode
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


def assemble(episode: CareEpisode, discharged_on: dt.date) -> dict[str, str]:
    """The summary's sections as the program writes them (the counselor edits them before signing)."""
    facts = stay_facts(episode.client_id, episode.admitted_on, discharged_on)
    weeks = facts.days / 7
    stay = (
        f"Admitted on {episode.admitted_on:%Y-%m-%d} ({level_label(episode.level_of_care)}, "
        f"{vocab.POPULATIONS.get(episode.population, episode.population).lower()}), discharged on "
        f"{discharged_on:%Y-%m-%d}: {facts.days} day{'s' if facts.days != 1 else ''} ({weeks:.1f} weeks)."
    )
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
        "instruments": "No standardized instrument results are recorded in IOPdesk for this stay.",
        "condition": "",
        "recommendations": "",
    }


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
