"""The demo's discharges: one for every stay that ended, written last, once attendance is in the
database, so each summary counts what the stay really held (as iopdesk.domain.care.discharge_summary
would assemble it), with the counselor's own parts and an aftercare plan that fits the reason."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any
from uuid import UUID

from peewee import fn

from iopdesk.demo.care_catalog import AFTERCARE, CONDITION, RECOMMENDATIONS
from iopdesk.demo.care_plans import sealed
from iopdesk.demo.care_state import CareWorld, EpisodePlan
from iopdesk.demo.world import World, at, clinical
from iopdesk.domain.care.common import canonical
from iopdesk.domain.care.discharge_summary import MISSED, instruments_text, stay_results
from iopdesk.domain.kernel import vocab
from iopdesk.store.care_models import Discharge
from iopdesk.store.models import Attendance, Session


def write_discharges(world: World, care: CareWorld) -> None:
    """Buffer a signed discharge for every episode that ended (call after attendance is flushed)."""
    ended = [e for e in care.episodes if e.discharged is not None and e.reason is not None]
    attended, minutes, missed = _facts({e.client.id for e in ended})
    given = stay_results({UUID(e.client.id) for e in ended})  # as the program's summary describes them
    rng = world.rng("discharges")
    for episode in ended:
        assert episode.discharged is not None and episode.reason is not None
        client = episode.client.id
        summary = _summary(episode, attended[client], minutes[client], missed[client])
        summary["instruments"] = instruments_text(
            given.get(UUID(client), []), episode.admitted, episode.discharged
        )
        aftercare = [
            {"kind": kind, "what": what, "when": None, "contact": ""}
            for kind, what in AFTERCARE[episode.reason]
        ]
        signed = at(
            min(
                episode.discharged + dt.timedelta(days=rng.randint(0, 2)), world.today - dt.timedelta(days=1)
            ),
            17 + rng.random() * 3,
        )
        seal = {
            "client": UUID(client),
            "episode": UUID(episode.id),
            "reason": episode.reason,
            "discharged_on": episode.discharged,
            "summary": summary,
            "aftercare": aftercare,
        }
        row = clinical(world.site_ids[episode.client.site], at(episode.discharged, 15), signed, 3)
        row.update(
            id=world.ids.new(),
            episode=episode.id,
            client=client,
            reason=episode.reason,
            discharged_on=episode.discharged,
            summary=canonical(summary),
            aftercare=canonical(aftercare),
            **sealed(world, episode.counselor, signed, seal),
        )
        world.writer.add(Discharge, row)
        world.count("discharges")
        world.count(f"discharged_{episode.reason}")


def _facts(clients: set[str]) -> tuple[dict[str, dict[str, int]], dict[str, int], dict[str, int]]:
    """Sessions attended by kind, minutes and misses per client, in two grouped queries (a demo
    client's attendance all belongs to their first stay)."""
    attended: dict[str, dict[str, int]] = defaultdict(dict)
    minutes: dict[str, int] = defaultdict(int)
    missed: dict[str, int] = defaultdict(int)
    total = fn.SUM(fn.COALESCE(Attendance.minutes_attended, Session.duration_minutes))
    for client, kind, count, spent in (
        Attendance.select(Attendance.client, Session.kind, fn.COUNT(Attendance.id), total)
        .join(Session, on=(Attendance.session == Session.id))
        .where(Attendance.status.in_(vocab.ATTENDED_STATUSES) & (Session.status != "cancelled"))
        .group_by(Attendance.client, Session.kind)
        .tuples()
    ):
        key = client.hex
        if key in clients:
            attended[key][kind] = int(count)
            minutes[key] += int(spent or 0)
    for client, count in (
        Attendance.select(Attendance.client, fn.COUNT(Attendance.id))
        .where(Attendance.status.in_(MISSED))
        .group_by(Attendance.client)
        .tuples()
    ):
        if client.hex in clients:
            missed[client.hex] = int(count)
    return attended, minutes, missed


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def _summary(episode: EpisodePlan, attended: dict[str, int], minutes: int, missed: int) -> dict[str, Any]:
    assert episode.discharged is not None and episode.reason is not None
    days = (episode.discharged - episode.admitted).days + 1
    weeks = days / 7
    stay = (
        f"Admitted on {episode.admitted:%Y-%m-%d} (Level {episode.level}, "
        f"{vocab.POPULATIONS[episode.client.population].lower()}), discharged on "
        f"{episode.discharged:%Y-%m-%d}: {days} days ({weeks:.1f} weeks)."
    )
    kinds = ", ".join(
        f"{attended[k]} {vocab.SESSION_KINDS[k].lower()}" for k in vocab.SESSION_KINDS if attended.get(k)
    )
    count = sum(attended.values())
    attendance = (
        f"Attended {count} session{'s' if count != 1 else ''}"
        + (f" ({kinds})" if kinds else "")
        + f", {_hours(minutes)} in all"
        + (f" (about {_hours(round(minutes / weeks))} a week)" if weeks >= 1 else "")
        + f"; missed {missed}."
    )
    lines = [episode.plan_note]
    for goal, objectives in episode.goal_texts:
        states = [episode.progress.get(o, "") for o in objectives]
        done = sum(1 for s in states if s == "achieved")
        detail = ", ".join(vocab.OBJECTIVE_PROGRESS.get(s, "not reviewed").lower() for s in states)
        lines.append(
            f"- {goal.rstrip('.')}: {done} of {len(states)} objective{'s' if len(states) != 1 else ''} "
            f"achieved ({detail})."
        )
    return {
        "stay": stay,
        "attendance": attendance,
        "goals": "\n".join(lines),
        "instruments": "",  # from the results written before (write_discharges)
        "condition": CONDITION[episode.reason],
        "recommendations": RECOMMENDATIONS[episode.reason],
    }
