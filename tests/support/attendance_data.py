"""A small clinic for the attendance screens: one group of twelve with a session today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from iopdesk.domain.kernel.actor import Actor
from iopdesk.store.models import Client, Session, TherapyGroup
from tests.support import factories as f

FIRST_NAMES = (
    "Alex", "Blair", "Casey", "Devon", "Emery", "Finley",
    "Gray", "Harper", "Indy", "Jordan", "Kai", "Logan",
)  # fmt: skip
TODAY = f.TODAY  # a Wednesday


@dataclass
class Clinic:
    actor: Actor
    group: TherapyGroup
    members: list[Client]  # in display-name order, as the screen lists them
    session: Session  # today, 9:00 for 180 minutes, led by the actor


def build(actor: Actor, monkeypatch, size: int = 12) -> Clinic:  # type: ignore[no-untyped-def]
    f.pin_today(monkeypatch, TODAY)
    group = f.group(actor, "Relapse Prevention")
    f.facilitate(group, actor.staff_id)
    members = [f.client(actor, name, "Testperson") for name in FIRST_NAMES[:size]]
    for member in members:
        f.enroll(actor, member, group, dt.date(2025, 1, 6))
    session = f.session(actor, group, TODAY, start=dt.time(9, 0), minutes=180, facilitator=actor.staff_id)
    return Clinic(actor, group, members, session)
