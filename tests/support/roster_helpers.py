"""Synthetic clients and groups for the roster tests (plain functions, no fixtures to collide with)."""

from __future__ import annotations

import datetime as dt
import itertools

from iopdesk.domain.clients.clients import ClientDraft, ClientInfo, add_client
from iopdesk.domain.groups.groups import GroupDraft, GroupInfo, ScheduleSlot, create_group
from iopdesk.domain.kernel.actor import Actor

TODAY = dt.date(2025, 3, 3)  # a Monday
MONDAY, WEDNESDAY = 0, 2
_names = itertools.count(1)


def make_client(actor: Actor, first: str | None = None, last: str = "Tester", **extra: object) -> ClientInfo:
    n = next(_names)
    values: dict[str, object] = {
        "legal_first": first or f"Client{n}",
        "legal_last": last,
        "date_of_birth": dt.date(1980, 1, 1) + dt.timedelta(days=n),
        "admission_date": dt.date(2025, 1, 6),
    }
    values.update(extra)
    return add_client(actor, ClientDraft(**values), today=TODAY)  # type: ignore[arg-type]


def make_group(
    actor: Actor, name: str | None = None, *, slots: tuple[ScheduleSlot, ...] | None = None, **extra: object
) -> GroupInfo:
    values: dict[str, object] = {
        "name": name or f"Group {next(_names)}",
        "kind": "process",
        "facilitator_ids": (actor.staff_id,),
        "room": "Room 2",
    }
    values.update(extra)
    if slots is None:
        slots = (ScheduleSlot(MONDAY, dt.time(9, 0), 180), ScheduleSlot(WEDNESDAY, dt.time(9, 0), 180))
    return create_group(
        actor,
        GroupDraft(**values),
        slots,
        effective_from=dt.date(2025, 1, 6),  # type: ignore[arg-type]
        today=TODAY,
    )
