"""What a treatment plan says: problems → goals (in the client's words too) → measurable objectives
with target dates → interventions (the service, how often, and the team member responsible).

Plain frozen values, stored as canonical JSON in ``PlanVersion.content``. Every item keeps its id
from version to version (a new version starts as a copy of the one in force), so a goal's notes
and an objective's progress follow it across versions. ``check`` says what is wrong and where,
in words ("Problem 2, goal 1: …"); ``for_signing`` adds what a signed plan must have.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from uuid import UUID

from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.errors import ValidationError

TEXT_MAX = 1_000
MAX_ITEMS = 40  # of any one kind under one parent: a plan, not a textbook


@dataclass(frozen=True)
class Intervention:
    service: str  # vocab.PLAN_SERVICES
    frequency: str  # "3 times a week", "weekly"
    responsible_id: UUID | None  # a staff member on the client's team
    group_kind: str = ""  # vocab.GROUP_KINDS, for a group service
    detail: str = ""
    id: UUID = field(default_factory=uuid.uuid4)
    responsible_name: str = ""  # filled in when read; not stored

    @property
    def service_label(self) -> str:
        label = vocab.PLAN_SERVICES.get(self.service, self.service)
        if self.service == "group" and self.group_kind:
            return f"{label}: {vocab.GROUP_KINDS.get(self.group_kind, self.group_kind)}"
        return label


@dataclass(frozen=True)
class Objective:
    text: str  # measurable: what, how much, by when
    target_date: dt.date | None
    interventions: tuple[Intervention, ...] = ()
    id: UUID = field(default_factory=uuid.uuid4)


@dataclass(frozen=True)
class Goal:
    text: str
    client_words: str = ""  # the goal as the client puts it
    objectives: tuple[Objective, ...] = ()
    id: UUID = field(default_factory=uuid.uuid4)


@dataclass(frozen=True)
class Problem:
    text: str
    goals: tuple[Goal, ...] = ()
    id: UUID = field(default_factory=uuid.uuid4)


@dataclass(frozen=True)
class PlanContent:
    problems: tuple[Problem, ...] = ()

    def goals(self) -> Iterator[tuple[Problem, Goal]]:
        for problem in self.problems:
            for goal in problem.goals:
                yield problem, goal

    def objectives(self) -> Iterator[tuple[Goal, Objective]]:
        for _problem, goal in self.goals():
            for objective in goal.objectives:
                yield goal, objective

    def interventions(self) -> Iterator[Intervention]:
        for _goal, objective in self.objectives():
            yield from objective.interventions

    def goal(self, goal_id: UUID) -> Goal | None:
        return next((g for _p, g in self.goals() if g.id == goal_id), None)

    def with_names(self, names: Mapping[UUID, str]) -> PlanContent:
        """The same plan with each intervention's responsible person named."""

        def named(i: Intervention) -> Intervention:
            return replace(i, responsible_name=names.get(i.responsible_id, "") if i.responsible_id else "")

        return PlanContent(
            tuple(
                replace(
                    p,
                    goals=tuple(
                        replace(
                            g,
                            objectives=tuple(
                                replace(o, interventions=tuple(named(i) for i in o.interventions))
                                for o in g.objectives
                            ),
                        )
                        for g in p.goals
                    ),
                )
                for p in self.problems
            )
        )


# --- stored form ---------------------------------------------------------------------------------


def to_data(content: PlanContent) -> dict[str, Any]:
    """The JSON-ready form (names left out: they are looked up when read)."""
    return {
        "problems": [
            {
                "id": str(p.id),
                "text": p.text,
                "goals": [
                    {
                        "id": str(g.id),
                        "text": g.text,
                        "client_words": g.client_words,
                        "objectives": [
                            {
                                "id": str(o.id),
                                "text": o.text,
                                "target_date": o.target_date.isoformat() if o.target_date else None,
                                "interventions": [
                                    {
                                        "id": str(i.id),
                                        "service": i.service,
                                        "group_kind": i.group_kind,
                                        "frequency": i.frequency,
                                        "detail": i.detail,
                                        "responsible_id": str(i.responsible_id) if i.responsible_id else None,
                                    }
                                    for i in o.interventions
                                ],
                            }
                            for o in g.objectives
                        ],
                    }
                    for g in p.goals
                ],
            }
            for p in content.problems
        ]
    }


def _uuid(value: Any) -> UUID:
    try:
        return UUID(str(value))
    except ValueError:
        return uuid.uuid4()


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _items(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def from_data(data: Any) -> PlanContent:
    """A stored plan; anything odd is read leniently (never written by IOPdesk)."""
    problems = []
    for p in _items(data.get("problems") if isinstance(data, dict) else None):
        goals = []
        for g in _items(p.get("goals")):
            objectives = []
            for o in _items(g.get("objectives")):
                interventions = tuple(
                    Intervention(
                        service=str(i.get("service", "")),
                        frequency=str(i.get("frequency", "")),
                        responsible_id=_uuid(i["responsible_id"]) if i.get("responsible_id") else None,
                        group_kind=str(i.get("group_kind", "")),
                        detail=str(i.get("detail", "")),
                        id=_uuid(i.get("id")),
                    )
                    for i in _items(o.get("interventions"))
                )
                objectives.append(
                    Objective(
                        str(o.get("text", "")), _date(o.get("target_date")), interventions, _uuid(o.get("id"))
                    )
                )
            goals.append(
                Goal(
                    str(g.get("text", "")),
                    str(g.get("client_words", "")),
                    tuple(objectives),
                    _uuid(g.get("id")),
                )
            )
        problems.append(Problem(str(p.get("text", "")), tuple(goals), _uuid(p.get("id"))))
    return PlanContent(tuple(problems))


# --- checking --------------------------------------------------------------------------------


def _text(value: Any, where: str, what: str, *, required: bool) -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise ValidationError(f"{where}: write the {what}.", field="content")
    if len(text) > TEXT_MAX:
        raise ValidationError(
            f"{where}: the {what} is too long (at most {TEXT_MAX} characters).", field="content"
        )
    return text


def _count(items: tuple[Any, ...], where: str, what: str, *, at_least: int) -> None:
    if len(items) > MAX_ITEMS:
        raise ValidationError(f"{where}: at most {MAX_ITEMS} {what}.", field="content")
    if len(items) < at_least:
        raise ValidationError(
            f"{where}: add at least one {what[:-1] if what.endswith('s') else what}.", field="content"
        )


def check(
    content: PlanContent,
    *,
    team: set[UUID] | None = None,
    for_signing: bool = False,
    today: dt.date | None = None,
) -> PlanContent:
    """The plan with its text tidied, or a ValidationError naming the first thing wrong and where.

    A draft may be incomplete; ``for_signing`` asks for a whole plan: at least one problem, each
    with a goal, each goal with a measurable objective with a target date (not in the past), and
    each objective with an intervention whose responsible person is on the team (``team``).
    """
    if not isinstance(content, PlanContent):
        raise ValidationError(
            "A plan's content must be given as problems, goals and objectives.", field="content"
        )
    need = 1 if for_signing else 0
    _count(content.problems, "The plan", "problems", at_least=need)
    seen: set[UUID] = set()

    def unique(item_id: UUID, where: str) -> None:
        if item_id in seen:
            raise ValidationError(f"{where} repeats an id already used in this plan.", field="content")
        seen.add(item_id)

    problems = []
    for pn, p in enumerate(content.problems, 1):
        pw = f"Problem {pn}"
        unique(p.id, pw)
        _count(p.goals, pw, "goals", at_least=need)
        goals = []
        for gn, g in enumerate(p.goals, 1):
            gw = f"{pw}, goal {gn}"
            unique(g.id, gw)
            _count(g.objectives, gw, "objectives", at_least=need)
            objectives = []
            for on, o in enumerate(g.objectives, 1):
                ow = f"{gw}, objective {on}"
                unique(o.id, ow)
                if o.target_date is not None and (
                    isinstance(o.target_date, dt.datetime) or not isinstance(o.target_date, dt.date)
                ):
                    raise ValidationError(f"{ow}: the target date must be a date.", field="content")
                if for_signing and o.target_date is None:
                    raise ValidationError(f"{ow}: give it a target date.", field="content")
                if for_signing and today is not None and o.target_date is not None and o.target_date < today:
                    raise ValidationError(
                        f"{ow}: the target date has passed; set a new one.", field="content"
                    )
                _count(o.interventions, ow, "interventions", at_least=need)
                interventions = []
                for n, i in enumerate(o.interventions, 1):
                    iw = f"{ow}, intervention {n}"
                    unique(i.id, iw)
                    interventions.append(_intervention(i, iw, team, for_signing))
                objectives.append(
                    replace(
                        o,
                        text=_text(o.text, ow, "objective", required=for_signing),
                        interventions=tuple(interventions),
                    )
                )
            goals.append(
                replace(
                    g,
                    text=_text(g.text, gw, "goal", required=for_signing),
                    client_words=_text(g.client_words, gw, "client's own words", required=False),
                    objectives=tuple(objectives),
                )
            )
        problems.append(
            replace(p, text=_text(p.text, pw, "problem", required=for_signing), goals=tuple(goals))
        )
    return PlanContent(tuple(problems))


def _intervention(i: Intervention, where: str, team: set[UUID] | None, for_signing: bool) -> Intervention:
    if i.service not in vocab.PLAN_SERVICES:
        raise ValidationError(
            f"{where}: choose the service ({', '.join(vocab.PLAN_SERVICES.values())}).", field="content"
        )
    kind = i.group_kind or ""
    if i.service == "group":
        if kind and kind not in vocab.GROUP_KINDS:
            raise ValidationError(f"{where}: {kind!r} is not a kind of group.", field="content")
        if for_signing and not kind:
            raise ValidationError(f"{where}: say which kind of group.", field="content")
    else:
        kind = ""
    frequency = _text(i.frequency, where, "frequency", required=for_signing)
    if i.responsible_id is None:
        if for_signing:
            raise ValidationError(f"{where}: name the team member responsible.", field="content")
    elif team is not None and i.responsible_id not in team:
        raise ValidationError(
            f"{where}: the person responsible must be on the client's team.", field="content"
        )
    return replace(
        i,
        group_kind=kind,
        frequency=frequency,
        detail=_text(i.detail, where, "detail", required=False),
        responsible_name="",
    )
