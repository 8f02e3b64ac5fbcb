"""The demo's treatment plans and their reviews: version 1 signed days after admission, reviews
about every 30 days (a few late, some of the current ones overdue or being written), now and then a
review that revises the plan into version 2. Goals keep their ids across versions; the notes of
the stay name them (World.goals_addressed)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any
from uuid import UUID

from iopdesk.demo.care_catalog import (
    OTHER_PROBLEMS,
    PROGRESS_NOTES,
    REVIEW_SUMMARIES,
    SUBSTANCE_PROBLEMS,
    ProblemSpec,
)
from iopdesk.demo.care_state import CareWorld, EpisodePlan
from iopdesk.demo.people import ClientPlan, StaffPlan
from iopdesk.demo.world import World, at, clinical
from iopdesk.domain.care import plan_content
from iopdesk.domain.care.common import canonical
from iopdesk.domain.care.plan_content import Goal, Intervention, Objective, PlanContent, Problem
from iopdesk.domain.care.sealing import content_hash
from iopdesk.store.care_models import PlanReview, PlanVersion

DAY = dt.timedelta(days=1)
REVIEW_DAYS = 30  # the clinic setting's default
AGREEMENT = (
    "Read the plan together; the client signed it.",
    "Reviewed with the client, who agreed verbally.",
    "Client and parent signed the plan.",
)

HOUR = dt.timedelta(hours=1)


def sealed(
    world: World, author: StaffPlan, signed: dt.datetime | None, content: dict[str, Any]
) -> dict[str, Any]:
    """The signing columns of a record: a draft, signed, awaiting co-signature (a trainee's recent
    record) or co-signed by the supervisor."""
    out: dict[str, Any] = {
        "author": author.id,
        "return_comment": "",
        "status": "draft",
        "signed_by": None,
        "signed_at": None,
        "content_hash": None,
        "cosigned_by": None,
        "cosigned_at": None,
    }
    if signed is None:
        return out
    out.update(status="signed", signed_by=author.id, signed_at=signed, content_hash=content_hash(content))
    if author.needs_cosign:
        if signed.date() >= world.today - dt.timedelta(days=6):
            out["status"] = "pending_cosign"
        else:
            out.update(cosigned_by=world.supervisor_of(author).id, cosigned_at=signed + 20 * HOUR)
    return out


def problems_for(client: ClientPlan, rng: random.Random) -> list[ProblemSpec]:
    teen = client.population == "adolescent"

    def fits(p: ProblemSpec) -> bool:
        return p.teen is None or p.teen == teen

    first = rng.choice([p for p in SUBSTANCE_PROBLEMS if fits(p)])
    second = rng.choice([p for p in OTHER_PROBLEMS if fits(p)])
    return [first, second] if rng.random() < 0.8 else [first]


class PlanWriter:
    def __init__(self, world: World, care: CareWorld, rng: random.Random) -> None:
        self.world, self.care, self.rng = world, care, rng

    def _id(self) -> UUID:
        return UUID(self.world.ids.new())

    def _content(self, episode: EpisodePlan, specs: list[ProblemSpec], signed_on: dt.date) -> PlanContent:
        family = next((s for s, role in episode.team if role == "family_therapist"), episode.counselor.id)
        problems = []
        for spec in specs:
            objectives = tuple(
                Objective(
                    o.text,
                    signed_on + dt.timedelta(weeks=o.weeks),
                    tuple(
                        Intervention(
                            i.service,
                            i.frequency,
                            UUID(family if i.service == "family" else episode.counselor.id),
                            i.group_kind,
                            i.detail,
                            self._id(),
                        )
                        for i in o.interventions
                    ),
                    self._id(),
                )
                for o in spec.objectives
            )
            goal = Goal(spec.goal, self.rng.choice(spec.client_words), objectives, self._id())
            problems.append(Problem(spec.problem, (goal,), self._id()))
        return PlanContent(tuple(problems))

    def episode(self, episode: EpisodePlan) -> None:
        rng, today = self.rng, self.world.today
        end = episode.discharged or today
        if (end - episode.admitted).days < 4:
            return
        signed_on = episode.admitted + rng.randint(2, 9) * DAY
        if episode.discharged is not None:
            signed_on = min(signed_on, episode.discharged)
        content = self._content(episode, problems_for(episode.client, rng), signed_on)
        if signed_on >= today:  # still being written
            self._version(episode, 1, None, content, None)
            return
        v1 = self._version(episode, 1, None, content, signed_on)
        self._goals(episode, signed_on, content)
        progress = {str(o.id): "not_started" for _g, o in content.objectives()}
        plan_id, number, last = v1, 1, signed_on
        while True:
            due = last + REVIEW_DAYS * DAY
            if due > end or (episode.discharged is None and due > today - 14 * DAY and rng.random() < 0.3):
                if episode.discharged is None and due <= today + 7 * DAY and rng.random() < 0.3:
                    self._review(episode, plan_id, content, progress, max(last + DAY, today - DAY), None)
                break
            reviewed = due - rng.randint(0, 4) * DAY if rng.random() < 0.8 else due + rng.randint(1, 10) * DAY
            reviewed = max(last + DAY, min(reviewed, end, today - DAY))
            self._advance(progress, episode.client.struggling)
            revise = number == 1 and rng.random() < 0.12 and (end - reviewed).days > 10
            self._review(episode, plan_id, content, progress, reviewed, "revise" if revise else "continue")
            last = reviewed
            if revise:
                content = self._revised(content, reviewed)
                last = min(reviewed + rng.randint(1, 3) * DAY, end, today - DAY)
                plan_id = self._version(episode, 2, plan_id, content, last)
                number = 2
                self._goals(episode, last, content)
                progress.update(
                    {str(o.id): "not_started" for _g, o in content.objectives() if str(o.id) not in progress}
                )
        if episode.reason in ("completed", "stepped_down", "transferred"):
            progress.update(
                {k: "achieved" for k, v in progress.items() if v == "progressing" or rng.random() < 0.5}
            )
        episode.progress = progress
        episode.goal_texts = [(g.text, [str(o.id) for o in g.objectives]) for _p, g in content.goals()]
        episode.plan_note = f"Plan version {number}, signed {last:%Y-%m-%d}."

    def _revised(self, content: PlanContent, on: dt.date) -> PlanContent:
        """Version 2: the same goals (same ids), the first objective's target moved on four weeks."""
        problem = content.problems[0]
        goal = problem.goals[0]
        first = goal.objectives[0]
        moved = Objective(first.text, on + dt.timedelta(weeks=4), first.interventions, first.id)
        goal = Goal(goal.text, goal.client_words, (moved, *goal.objectives[1:]), goal.id)
        return PlanContent(
            (Problem(problem.text, (goal, *problem.goals[1:]), problem.id), *content.problems[1:])
        )

    def _advance(self, progress: dict[str, str], struggling: bool) -> None:
        for key, state in progress.items():
            r = self.rng.random()
            if state in ("not_started", "no_progress"):
                progress[key] = (
                    "no_progress" if struggling and r < 0.3 else "progressing" if r < 0.8 else state
                )
            elif state == "progressing" and r < (0.2 if struggling else 0.4):
                progress[key] = "achieved"

    def _goals(self, episode: EpisodePlan, since: dt.date, content: PlanContent) -> None:
        goals = tuple(str(g.id) for _p, g in content.goals())
        self.care.goals.setdefault(episode.client.id, []).append((since, goals))

    def _version(
        self,
        episode: EpisodePlan,
        number: int,
        based_on: str | None,
        content: PlanContent,
        signed_on: dt.date | None,
    ) -> str:
        world = self.world
        data = plan_content.to_data(content)
        agreement = (
            AGREEMENT[2] if episode.client.population == "adolescent" else self.rng.choice(AGREEMENT[:2])
        )
        row_id = world.ids.new()
        seal = {
            "client": UUID(episode.client.id),
            "episode": UUID(episode.id),
            "number": number,
            "content": data,
            "review_days": REVIEW_DAYS,
            "client_agreed": True,
            "client_agreement": agreement,
        }
        signed = at(signed_on, 18 + self.rng.random() * 2) if signed_on is not None else None
        drafted = (signed_on or world.today) - DAY
        row = clinical(
            world.site_ids[episode.client.site],
            at(drafted, 15),
            signed or at(drafted, 16),
            3 if signed else 1,
        )
        row.update(
            id=row_id,
            client=episode.client.id,
            episode=episode.id,
            number=number,
            based_on=based_on,
            content=canonical(data),
            review_days=REVIEW_DAYS,
            client_agreed=True,
            client_agreement=agreement,
            signed_on=signed_on,
            **sealed(world, episode.counselor, signed, seal),
        )
        self.care.rows.append((PlanVersion, row))
        world.count("plans")
        return row_id

    def _review(
        self,
        episode: EpisodePlan,
        plan_id: str,
        content: PlanContent,
        progress: dict[str, str],
        on: dt.date,
        outcome: str | None,
    ) -> None:
        world, rng = self.world, self.rng
        items = [
            {"objective": str(o.id), "progress": progress[str(o.id)], "note": rng.choice(PROGRESS_NOTES)}
            for _g, o in content.objectives()
        ]
        summary = (
            rng.choice(REVIEW_SUMMARIES)
            if outcome != "revise"
            else "Targets revisited with the client; the plan is revised (version 2)."
        )
        signed = at(on, 19 + rng.random()) if outcome is not None else None
        seal: dict[str, Any] = {
            "client": UUID(episode.client.id),
            "plan": UUID(plan_id),
            "reviewed_on": on,
            "progress": items,
            "summary": summary,
            "outcome": outcome or "continue",
            "client_participated": True,
        }
        row = clinical(
            world.site_ids[episode.client.site], at(on, 15), signed or at(on, 16), 3 if signed else 1
        )
        row.update(
            id=world.ids.new(),
            plan=plan_id,
            client=episode.client.id,
            reviewed_on=on,
            progress=canonical(items),
            summary=summary if signed else "",
            outcome=outcome or "continue",
            client_participated=True,
            **sealed(world, episode.counselor, signed, seal),
        )
        self.care.rows.append((PlanReview, row))
        world.count("plan_reviews")
