"""Builders for the measures tests (iopdesk.domain.measures): a counselor with an admitted client, and
answers that make a wanted PHQ-9. Everything goes through the domain; names are made up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.measures.model import Answer
from tests.support import care_factories as cf
from tests.support.factories import TODAY

NOON = dt.datetime.combine(TODAY, dt.time(17))  # UTC: mid-day at the test site (America/New_York)


@dataclass(frozen=True)
class Caseload:
    supervisor: Actor
    counselor: Actor
    client_id: UUID
    episode_id: UUID


def caseload(supervisor: Actor, *, admitted_days_ago: int = 20, name: str = "Robin") -> Caseload:
    """A counselor (the primary counselor) with one client admitted ``admitted_days_ago`` days ago."""
    counselor = cf.clinician(supervisor, f"{name}'s Counselor")
    client = cf.person(supervisor, name, "River")
    episode = cf.admitted(
        supervisor, client.id, on=TODAY - dt.timedelta(days=admitted_days_ago), counselor=counselor
    )
    return Caseload(supervisor, counselor, client.id, episode.id)


def phq9(*items: int, difficulty: int | None = None) -> dict[str, Answer]:
    """PHQ-9 answers in published order: ``phq9(0, 0, 0, 0, 0, 0, 0, 0, 1)``."""
    assert len(items) == 9
    answers: dict[str, Answer] = {f"q{n}": a for n, a in enumerate(items, start=1)}
    if difficulty is not None:
        answers["difficulty"] = difficulty
    return answers


def ciwa(total: int) -> dict[str, Answer]:
    """CIWA-Ar ratings adding up to ``total`` (items filled in order, up to 7 each; orientation last)."""
    keys = ("nausea", "tremor", "sweats", "anxiety", "agitation", "tactile", "auditory", "visual", "headache")
    out: dict[str, Answer] = {}
    left = total
    for key in keys:
        out[key] = min(7, left)
        left -= out[key]
    out["orientation"] = min(4, left)
    assert left - out["orientation"] == 0
    return out


def cows(total: int) -> dict[str, Answer]:
    """COWS ratings adding up to ``total``, each item on its own published scale."""
    from iopdesk.domain.measures.withdrawal import COWS

    out: dict[str, Answer] = {}
    left = total
    for item in COWS.items:
        assert item.scale is not None
        out[item.key] = max(v for v in item.scale if v <= left)
        left -= int(out[item.key])
    assert left == 0, total
    return out
