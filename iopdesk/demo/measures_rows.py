"""The demo clinic's measures: PHQ-9 and GAD-7 about monthly through each stay (mostly improving),
AUDIT-C and DAST-10 at intake and at discharge, safety alerts (a PHQ-9 item 9 above 0) nearly all
followed up the same day and a recent few still open, detox monitoring with serial CIWA-Ar or COWS
ratings and vital signs (one that reached the threshold for a higher level of care), and weekly drug
screens for the first month, then every other week, with a result per substance (positives early on,
buprenorphine expected for clients on it).

Written after the attendance and notes and before the discharges (whose summaries give the scores).
Scored by the program's own scoring (iopdesk.domain.measures), with its own random streams and ids,
so the stages before it come out as they did. The demo
counselor always has, on the day of the build, an open safety alert, instruments due and a detox
episode in progress to practise on.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from iopdesk.demo.care_state import CareWorld, EpisodePlan
from iopdesk.demo.timetable import PRACTICE_USER
from iopdesk.demo.world import World, at, clinical
from iopdesk.domain.care.common import canonical
from iopdesk.domain.measures import instruments, scoring
from iopdesk.domain.measures.detox_limits import Vitals, flags_for, thresholds
from iopdesk.domain.measures.model import Answer, Instrument
from iopdesk.store.measures_models import (
    DetoxEpisode,
    DetoxObservation,
    DrugScreen,
    DrugScreenResult,
    MeasureResult,
    SafetyAlert,
)

DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)
PANEL = ("cannabinoids", "cocaine", "opiates", "fentanyl")  # the clinic's usual cup
EXTRA = ("amphetamines", "benzodiazepines", "methamphetamine")  # tested for the clients who use them
FOLLOW_UPS = (
    (
        "no_current_risk",
        "Met with the client the same day: passive thoughts, no plan or intent; "
        "reviewed reasons for living and crisis line numbers.",
    ),
    ("safety_plan", "Safety plan written with the client; means restriction discussed; partner aware."),
    (
        "referred",
        "Referred to the crisis team for an evaluation that afternoon; the client went with their sister.",
    ),
)
PLANS = {
    "alcohol": "Chlordiazepoxide taper per Dr. Patel: 25 mg four times a day on day 1, less each day "
    "to stop on day 4; an extra 25 mg if CIWA-Ar is 10 or more. Call Dr. Patel at 15 or more.",
    "opioids": "Buprenorphine-naloxone induction per Dr. Nguyen: 4 mg when COWS reaches 8, then 2-4 mg "
    "as needed to 16 mg on day 1. Call at COWS 25 or more.",
}


class Stage:
    def __init__(self, world: World) -> None:
        self.world = world
        self.rng = world.rng("measures")
        self.id_rng = random.Random(f"iopdesk-demo-measure-ids:{world.seed}")
        self.instruments = {name: instruments.get(name) for name in ("phq9", "gad7", "auditc", "dast10")}
        self.limits = thresholds()

    def new_id(self) -> str:
        return uuid.UUID(int=self.id_rng.getrandbits(128), version=4).hex

    def site(self, episode: EpisodePlan) -> str:
        return self.world.site_ids[episode.client.site]

    # --- instruments ---------------------------------------------------------------------------------
    def result(
        self, episode: EpisodePlan, name: str, answers: dict[str, Answer], day: dt.date, hour: float
    ) -> tuple[str, Any]:
        scored = scoring.score(name, answers)
        row_id = self.new_id()
        when = at(day, hour)
        row = clinical(self.site(episode), when)
        row.update(
            id=row_id,
            client=episode.client.id,
            episode=episode.id,
            instrument=name,
            loinc=self.instruments[name].loinc_total or "",
            answers=canonical(answers),
            total=scored.total,
            band=scored.band.key if scored.band else "",
            band_label=scored.band.label if scored.band else "",
            subscales="{}",
            reported=canonical(dict(scored.reported)),
            alerts=canonical([{"key": a.key, "item": a.item, "message": a.message} for a in scored.alerts]),
            sex="",
            given_on=day,
            given_at=when,
            given_by=episode.counselor.id,
            supersedes=None,
            reason="",
        )
        self.world.writer.add(MeasureResult, row)
        self.world.count("measure_results")
        return row_id, scored

    def alert(
        self,
        episode: EpisodePlan,
        result_id: str,
        scored: Any,
        day: dt.date,
        hour: float,
        answer: int,
        *,
        open_: bool,
    ) -> None:
        alert = scored.alerts[0]
        raised = at(day, hour)
        row = clinical(self.site(episode), raised, raised if open_ else raised + 2 * HOUR, 1 if open_ else 2)
        kind, text = self.rng.choice(FOLLOW_UPS)
        row.update(
            id=self.new_id(),
            client=episode.client.id,
            result=result_id,
            episode=episode.id,
            item=alert.item,
            answer=answer,
            message=alert.message,
            raised_on=day,
            raised_at=raised,
            checked_by=None if open_ else episode.counselor.id,
            checked_at=None if open_ else raised + HOUR,
            outcome="" if open_ else kind,
            follow_up="" if open_ else text,
            recorded_by=None if open_ else episode.counselor.id,
            recorded_at=None if open_ else raised + 2 * HOUR,
        )
        self.world.writer.add(SafetyAlert, row)
        self.world.count("safety_alerts")
        self.world.count("safety_alerts_open" if open_ else "safety_alerts_followed_up")

    def frequency_answers(self, instrument: Instrument, total: int, item9: int = 0) -> dict[str, Answer]:
        """0-3 answers adding up to ``total`` (PHQ-9's item 9 as given), spread over the items."""
        keys = [i.key for i in instrument.items if i.scored]
        answers: dict[str, Answer] = dict.fromkeys(keys, 0)
        if "q9" in answers and instrument.id == "phq9":
            answers["q9"] = item9
            keys.remove("q9")
        left = max(0, min(total - item9, 3 * len(keys)))
        while left:
            key = self.rng.choice(keys)
            if int(answers[key]) < 3:
                answers[key] = int(answers[key]) + 1
                left -= 1
        if self.rng.random() < 0.7:
            answers["difficulty"] = min(3, total // 7)
        return answers

    def intake_screens(self, episode: EpisodePlan, day: dt.date, heavy: bool) -> None:
        drinks = (
            (self.rng.randint(2, 4), self.rng.randint(1, 4), self.rng.randint(1, 4))
            if heavy
            else (self.rng.randint(0, 2), self.rng.randint(0, 1), self.rng.randint(0, 1))
        )
        self.result(episode, "auditc", {"q1": drinks[0], "q2": drinks[1], "q3": drinks[2]}, day, 15.5)
        yes = self.rng.randint(1, 7) if not heavy else self.rng.randint(0, 3)
        dast: dict[str, Answer] = {f"q{n}": n <= yes for n in range(1, 11)}
        dast["q3"] = not dast["q3"]  # "always able to stop": the answer that counts is "no"
        self.result(episode, "dast10", dast, day, 15.6)

    def episode(self, episode: EpisodePlan, practice: bool) -> None:
        world, rng = self.world, self.rng
        end = episode.discharged or world.today
        heavy = rng.random() < 0.55  # alcohol the main problem, else other drugs
        self.intake_screens(episode, episode.admitted, heavy)
        start_phq, start_gad = rng.randint(9, 21), rng.randint(7, 18)
        worry = rng.random() < 0.12  # item 9 above 0 at some point (at intake, or a month in)
        worry_at = 0 if rng.random() < 0.5 else 1
        day, n = episode.admitted, 0
        while day <= end:
            skip = practice and day + 30 * DAY > world.today and n > 0  # leave the latest due
            if not skip:
                fall = n * rng.uniform(1.5, 4.0)
                phq = max(0, round(start_phq - fall + rng.uniform(-2, 2)))
                item9 = 0
                if worry and (n == worry_at or rng.random() < 0.15):
                    item9 = 1 if rng.random() < 0.7 else 2
                answers = self.frequency_answers(self.instruments["phq9"], max(phq, item9), item9)
                hour = 15 + rng.random() * 4 if day < world.today else 11 + rng.random()  # before "now"
                result_id, scored = self.result(episode, "phq9", answers, day, hour)
                if scored.alerts:
                    recent = (world.today - day).days <= 2 and episode.discharged is None
                    self.alert(
                        episode,
                        result_id,
                        scored,
                        day,
                        hour + 0.1,
                        item9,
                        open_=recent and rng.random() < 0.6,
                    )
                gad = max(0, round(start_gad - n * rng.uniform(1.0, 3.0) + rng.uniform(-2, 2)))
                self.result(
                    episode,
                    "gad7",
                    self.frequency_answers(self.instruments["gad7"], min(gad, 21)),
                    day,
                    hour + 0.05,
                )
            day += rng.randint(26, 33) * DAY
            n += 1
        if episode.discharged is not None and episode.reason in ("completed", "stepped_down", "transferred"):
            self.intake_screens(episode, episode.discharged, heavy=False)
        self.screens(episode, end, heavy)
        if rng.random() < 0.08:
            self.detox(episode, "alcohol" if heavy else "opioids", flagged=rng.random() < 0.25)

    # --- detox ---------------------------------------------------------------------------------------
    def detox(self, episode: EpisodePlan, substance: str, *, flagged: bool, ongoing: bool = False) -> None:
        world, rng = self.world, self.rng
        scale = "ciwa-ar" if substance == "alcohol" else "cows"
        started = at(episode.admitted, 14.5) if not ongoing else at(world.today - DAY, 14.5)
        detox_id = self.new_id()
        ratings = [(0.5, 14), (4.5, 16), (8.5, 12), (24.5, 9), (28.5, 7), (48.5, 4), (72, 2)]
        if flagged:
            ratings[1] = (4.5, 22 if scale == "ciwa-ar" else 26)
        if ongoing:
            ratings = [r for r in ratings if started + r[0] * HOUR <= at(world.today, 11)]
        ended = None if ongoing else started + (ratings[-1][0] + 1) * HOUR
        reason = "higher_level" if flagged and rng.random() < 0.5 else "completed"
        if reason == "higher_level":
            ratings, ended = ratings[:2], started + 6 * HOUR
        row = clinical(self.site(episode), started, ended or started, 2 if ended else 1)
        row.update(
            id=detox_id,
            client=episode.client.id,
            episode=episode.id,
            substance=substance,
            instrument=scale,
            started_at=started,
            prescriber="Dr. Patel" if substance == "alcohol" else "Dr. Nguyen",
            plan=PLANS[substance],
            opened_by=episode.counselor.id,
            ended_at=ended,
            ended_by=episode.counselor.id if ended else None,
            end_reason=reason if ended else "",
            end_note="Sent to the hospital's withdrawal unit." if ended and reason == "higher_level" else "",
        )
        world.writer.add(DetoxEpisode, row)
        world.count("detox_episodes")
        instrument = instruments.get(scale)
        for hours, target in ratings:
            answers = _ratings(instrument, target, rng)
            scored = scoring.score(scale, answers)
            assert scored.total is not None
            pulse = 80 + scored.total + rng.randint(-4, 6)
            vitals = Vitals(
                pulse, 122 + scored.total * 2, 80 + scored.total // 2, round(98.2 + scored.total / 40, 1)
            )
            found = flags_for(scale, scored.total, vitals, self.limits)
            when = started + hours * HOUR
            obs = clinical(self.site(episode), when)
            obs.update(
                id=self.new_id(),
                detox=detox_id,
                client=episode.client.id,
                observed_at=when,
                instrument=scale,
                answers=canonical(answers),
                score=scored.total,
                band=scored.band.key if scored.band else "",
                band_label=scored.band.label if scored.band else "",
                pulse=vitals.pulse,
                systolic=vitals.systolic,
                diastolic=vitals.diastolic,
                temperature_f=vitals.temperature_f,
                flags=canonical([{"key": f.key, "message": f.message} for f in found]),
                note="",
                recorded_by=episode.counselor.id,
                supersedes=None,
                reason="",
            )
            world.writer.add(DetoxObservation, obs)
            world.count("detox_observations")

    # --- drug screens --------------------------------------------------------------------------------
    def screens(self, episode: EpisodePlan, end: dt.date, heavy: bool) -> None:
        world, rng = self.world, self.rng
        on_bup = not heavy and rng.random() < 0.4
        using = set(rng.sample(PANEL + EXTRA, rng.randint(0, 2))) if not heavy else set()
        day = episode.admitted + rng.randint(0, 3) * DAY
        week = 0 if end >= world.today - 365 * DAY else 4  # long-past stays: every other week throughout
        while day <= end:
            screen_id = self.new_id()
            row = clinical(self.site(episode), at(day, 16))
            method = "lab" if rng.random() < 0.15 else "point_of_care"
            row.update(
                id=screen_id,
                client=episode.client.id,
                episode=episode.id,
                collected_on=day,
                specimen="urine" if rng.random() < 0.85 else "oral_fluid",
                method=method,
                observed=rng.random() < 0.8,
                note="",
                recorded_by=episode.counselor.id,
                supersedes=None,
                reason="",
            )
            world.writer.add(DrugScreen, row)
            world.count("drug_screens")
            extra = sorted(using & set(EXTRA))
            tested = [*PANEL, *extra] + (["alcohol"] if heavy else []) + (["buprenorphine"] if on_bup else [])
            for substance in tested:
                if substance == "buprenorphine":
                    result, medication = "expected_positive", "Buprenorphine-naloxone 8 mg daily"
                elif substance in using and rng.random() < max(0.0, 0.8 - week * 0.2):
                    result, medication = "positive", ""
                elif heavy and substance == "alcohol" and week < 2 and rng.random() < 0.4:
                    result, medication = "positive", ""
                elif rng.random() < 0.01:
                    result, medication = "invalid", ""
                else:
                    result, medication = "negative", ""
                line = clinical(self.site(episode), at(day, 16))
                line.update(
                    id=self.new_id(),
                    screen=screen_id,
                    client=episode.client.id,
                    substance=substance,
                    result=result,
                    medication=medication,
                )
                world.writer.add(DrugScreenResult, line)
            # weekly for the first month, then every other week
            day += (rng.randint(6, 8) if week < 4 else rng.randint(13, 15)) * DAY
            week += 1 if week < 4 else 2

    # --- the demo counselor's day ------------------------------------------------------------------------
    def practice(self, episodes: list[EpisodePlan]) -> None:
        """An open alert raised today and a detox episode in progress, for the demo counselor."""
        if not episodes:
            return
        first = episodes[0]
        answers = self.frequency_answers(self.instruments["phq9"], 11, 1)
        result_id, scored = self.result(first, "phq9", answers, self.world.today, 11.0)
        self.alert(first, result_id, scored, self.world.today, 11.1, 1, open_=True)
        if len(episodes) > 1:
            self.detox(episodes[1], "alcohol", flagged=False, ongoing=True)


def _ratings(instrument: Instrument, target: int, rng: random.Random) -> dict[str, Answer]:
    """Item ratings adding up to ``target`` (as close as each item's scale allows)."""
    answers: dict[str, Answer] = {item.key: 0 for item in instrument.items}
    left = target
    items = list(instrument.items)
    for _ in range(200):
        if left <= 0:
            break
        item = rng.choice(items)
        assert item.scale is not None
        current = int(answers[item.key])
        higher = [v for v in item.scale if current < v <= current + left]
        if higher:
            answers[item.key] = higher[0]
            left -= higher[0] - current
    return answers


def write_measures(world: World, care: CareWorld) -> None:
    """Buffer every measures row (before the discharges: their summaries give the scores)."""
    stage = Stage(world)
    counselor = world.by_username(PRACTICE_USER)
    mine = [e for e in care.episodes if e.counselor.id == counselor.id and e.discharged is None]
    practice_ids = {e.id for e in mine[:4]}
    for episode in care.episodes:
        stage.episode(episode, episode.id in practice_ids)
    stage.practice(mine)
