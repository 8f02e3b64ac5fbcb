"""The demo clinic's treatment records: screenings, admissions with their terms' history, teams,
plans with reviews (some due, some overdue), discharges of every kind, and a few re-admissions.

``plan_care`` decides them once placement has settled each client's stay (before the client rows
are written: the level of care and weekly target there follow the admission terms); ``write_care``
buffers the rows; ``write_discharges`` comes last, when attendance is in the database, so each
summary says what the stay really held. Signed records carry the seal the program would compute
(iopdesk.domain.care.*.content_of), so "verify" passes on them. Deterministic by seed.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any
from uuid import UUID

from iopdesk.demo.care_catalog import (
    OVERRIDE_REASONS,
    RATING_REASONS,
    REFERRAL_SOURCES,
    SCREENING_NOTES,
    TEEN_REFERRAL_SOURCES,
    TERM_CHANGES,
)
from iopdesk.demo.care_plans import PlanWriter, sealed
from iopdesk.demo.care_state import CareWorld, EpisodePlan
from iopdesk.demo.people import ClientPlan, StaffPlan
from iopdesk.demo.world import World, at, clinical
from iopdesk.domain.care.common import canonical
from iopdesk.domain.care.suitability import CriterionAnswer, DimensionRating, recommend
from iopdesk.domain.kernel import settings, vocab
from iopdesk.store.care_models import AdmissionChange, CareEpisode, Screening, TeamMember

DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)


def plan_care(world: World) -> CareWorld:
    """Decide every client's treatment records (after placement, before the client rows)."""
    care = CareWorld()
    rng = world.rng("care")
    criteria = [(c["key"], c["label"]) for c in settings.SCREENING_CRITERIA]
    supervisors = {s.site: s for s in world.staff if s.role == "supervisor"}
    by_id = {s.id: s for s in world.staff}
    colleagues = {
        site: [s for s in world.staff if s.site == site and s.role == "counselor"] for site in supervisors
    }
    reasons = _reasons(world, rng)
    back = _readmissions(world, rng, reasons)
    plans = PlanWriter(world, care, rng)
    for client in world.clients:
        counselor = by_id[client.counselor]
        first_day = client.admission or world.today
        screened = min(client.referred + rng.randint(1, 3) * DAY, first_day, world.today - DAY)
        screening_id = None
        if screened >= client.referred:
            screening_id = _screening(world, care, rng, client, counselor, screened, criteria)
        if client.admission is None:
            continue
        stays = [(screening_id, client.admission, client.discharge, reasons.get(client.id))]
        if client.id in back:
            again = back[client.id]
            screening_id = _screening(world, care, rng, client, counselor, again - 2 * DAY, criteria)
            stays.append((screening_id, again, None, None))
            client.status, client.admission, client.discharge, client.updated = "active", again, None, again
        for number, (screening, admitted, discharged, reason) in enumerate(stays, start=1):
            episode = _episode(world, care, rng, client, counselor, screening, number, admitted, discharged)
            episode.reason = reason
            _team(world, care, rng, episode, supervisors[client.site], colleagues[client.site])
            plans.episode(episode)
            care.episodes.append(episode)
    return care


def _reasons(world: World, rng: random.Random) -> dict[str, str]:
    """Why each finished stay ended (from how placement ended it); every reason at least once."""
    reasons = {
        c.id: _reason(world, rng, c)
        for c in world.clients
        if c.admission is not None and c.discharge is not None and c.status == "discharged"
    }
    for reason in vocab.DISCHARGE_REASONS:
        if reason not in reasons.values() and len(reasons) >= len(vocab.DISCHARGE_REASONS):
            tally = list(reasons.values())
            common = max(sorted(set(tally)), key=tally.count)
            client = next(c for c, r in sorted(reasons.items()) if r == common)
            reasons[client] = reason
    return reasons


def _readmissions(world: World, rng: random.Random, reasons: dict[str, str]) -> dict[str, dt.date]:
    """A few clients who left early come back weeks or months later: a new episode, admitted lately
    (at least one in any demo that has such a client)."""
    candidates = [
        c
        for c in world.clients
        if reasons.get(c.id) in ("left_against_advice", "administrative")
        and c.discharge is not None
        and c.discharge < world.today - 21 * DAY
    ]
    chosen = [c for c in candidates if rng.random() < 0.12] or candidates[:1]
    back = {}
    for client in chosen:
        assert client.discharge is not None
        day = world.today - rng.randint(3, 20) * DAY
        back[client.id] = min(world.today - DAY, max(day, client.discharge + 14 * DAY))
    return back


def _screening(
    world: World,
    care: CareWorld,
    rng: random.Random,
    client: ClientPlan,
    author: StaffPlan,
    day: dt.date,
    criteria: list[tuple[str, str]],
) -> str:
    answers = []
    for key, label in criteria:
        r = rng.random()
        answer = "yes" if r < 0.82 else "no" if r < 0.95 else "unknown"
        answers.append(
            {"key": key, "label": label, "answer": answer, "note": rng.choice(SCREENING_NOTES[answer])}
        )
    ratings: list[dict[str, Any]] = [
        {
            "dimension": d,
            "rating": rng.choice((0, 1, 1, 2, 2, 2, 3) if d != "withdrawal" else (0, 0, 1, 1, 2)),
            "reason": rng.choice(RATING_REASONS),
        }
        for d in vocab.ASAM_DIMENSIONS
    ]
    computed = recommend(
        [CriterionAnswer(a["key"], a["label"], a["answer"], a["note"]) for a in answers],
        [DimensionRating(r["dimension"], r["rating"], r["reason"]) for r in ratings],
    )
    # The program admits to IOP: where the rule said otherwise the clinician overrode it, with the reason.
    override = rng.choice(OVERRIDE_REASONS) if computed != "iop" else ""
    summary = (
        "Suitable for IOP per the clinic's criteria."
        if computed == "iop"
        else "Discussed the recommendation with the client and the team; admitting to IOP."
    )
    row_id = world.ids.new()
    content = {
        "client": UUID(client.id),
        "screened_on": day,
        "answers": answers,
        "ratings": ratings,
        "computed": computed,
        "recommendation": "iop",
        "override_reason": override,
        "summary": summary,
    }
    signed = at(day, 17 + rng.random() * 3) if day < world.today else None
    row = clinical(world.site_ids[client.site], at(day, 15), signed or at(day, 16), 2 if signed else 1)
    row.update(
        id=row_id,
        client=client.id,
        screened_on=day,
        answers=canonical(answers),
        ratings=canonical(ratings),
        computed=computed,
        recommendation="iop",
        override_reason=override,
        summary=summary,
        **sealed(world, author, signed, content),
    )
    care.rows.append((Screening, row))
    world.count("screenings")
    return row_id


def _episode(
    world: World,
    care: CareWorld,
    rng: random.Random,
    client: ClientPlan,
    counselor: StaffPlan,
    screening_id: str | None,
    number: int,
    admitted: dt.date,
    discharged: dt.date | None,
) -> EpisodePlan:
    level = "2.5" if rng.random() < 0.03 else "2.1"
    episode = EpisodePlan(world.ids.new(), client, number, admitted, discharged, None, counselor, level, None)
    sources = TEEN_REFERRAL_SOURCES if client.population == "adolescent" else REFERRAL_SOURCES
    terms: dict[str, Any] = {
        "client": client.id,
        "admitted_on": admitted,
        "level_of_care": level,
        "population": client.population,
        "population_reason": "",
        "weekly_target_minutes": None,
        "referral_source": rng.choice(sources),
        "primary_counselor": counselor.id,
    }
    site_id = world.site_ids[client.site]
    changes: list[tuple[dt.date, dict[str, Any], str]] = [(admitted, dict(terms), "")]
    end = discharged or world.today
    if (end - admitted).days > 35 and rng.random() < 0.12:
        level_change, target, reason = rng.choice(TERM_CHANGES)
        since = admitted + rng.randint(21, (end - admitted).days - 7) * DAY
        later = dict(
            terms,
            level_of_care=level_change or level,
            weekly_target_minutes=target if target is not None else None,
        )
        changes.append((since, later, reason))
    current = changes[-1][1]
    episode.level, episode.target = current["level_of_care"], current["weekly_target_minutes"]
    row = clinical(site_id, at(admitted, 15), at(changes[-1][0], 15), len(changes))
    row.update(id=episode.id, number=number, discharged_on=discharged, screening=screening_id, **current)
    care.rows.append((CareEpisode, row))
    for since, values, reason in changes:
        change = clinical(site_id, at(since, 15))
        change.update(
            id=world.ids.new(),
            episode=episode.id,
            effective_on=since,
            reason=reason,
            changed_by=counselor.id,
            **values,
        )
        care.rows.append((AdmissionChange, change))
    client.level, client.weekly_target = episode.level, episode.target
    world.count("episodes")
    return episode


def _reason(world: World, rng: random.Random, client: ClientPlan) -> str:
    """The discharge reason from how placement ended the client's last core stay."""
    ended = [
        e
        for e in world.enrollments
        if e.client is client and e.end is not None and world.groups[e.group].spec.role == "core"
    ]
    last = max(ended, key=lambda e: e.end or dt.date.min, default=None)
    outcome = last.end_reason if last is not None else "completed"
    comment = last.end_comment if last is not None else ""
    if outcome == "withdrawn":
        return "left_against_advice" if rng.random() < 0.75 else "administrative"
    if outcome == "discharged":
        return "administrative" if "Administrative" in comment else "stepped_up"
    r = rng.random()
    return "completed" if r < 0.6 else "stepped_down" if r < 0.85 else "transferred"


def _team(
    world: World,
    care: CareWorld,
    rng: random.Random,
    episode: EpisodePlan,
    supervisor: StaffPlan,
    colleagues: list[StaffPlan],
) -> None:
    site_id = world.site_ids[episode.client.site]
    places = [(episode.counselor, "primary_counselor", episode.admitted)]
    if rng.random() < 0.5:
        places.append((supervisor, "supervisor", episode.admitted))
    others = [c for c in colleagues if c.id != episode.counselor.id]
    if others and rng.random() < 0.35:
        role = "family_therapist" if rng.random() < 0.4 else "case_manager"
        places.append((rng.choice(others), role, episode.admitted + rng.randint(0, 14) * DAY))
    for staff, role, start in places:
        if episode.discharged is not None and start > episode.discharged:
            continue
        row = clinical(
            site_id, at(start, 15), at(episode.discharged or start, 16), 2 if episode.discharged else 1
        )
        row.update(
            id=world.ids.new(),
            client=episode.client.id,
            episode=episode.id,
            staff=staff.id,
            role=role,
            start_on=start,
            end_on=episode.discharged,
            end_reason=f"Discharged: {vocab.DISCHARGE_REASONS[episode.reason]}." if episode.reason else "",
        )
        care.rows.append((TeamMember, row))
    episode.team = [(s.id, r) for s, r, _d in places]


def write_care(world: World, care: CareWorld) -> None:
    """Buffer the rows decided (after the client and enrollment rows they point at)."""
    for model, row in care.rows:
        world.writer.add(model, row)
    care.rows.clear()
