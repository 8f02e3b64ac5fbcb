"""What the group form holds (``GroupDraft``, the fields a change may name) and the checks its values
pass before a group is created or changed: a unique name among active groups, known choices, an
open site, a size within bounds, dates in order, active facilitators.

Apart from groups.py (reading groups, creating and changing them, their schedule), which calls
``validated_group`` inside each write's transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from peewee import fn

from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.kernel.records import check_choice, clean_text
from iopdesk.store.models import Site, Staff, TherapyGroup

MAX_GROUP_SIZE = 100


@dataclass(frozen=True)
class GroupDraft:
    """What the group form holds. The first facilitator is the lead."""

    name: str
    kind: str
    facilitator_ids: tuple[UUID, ...]
    enrollment_mode: str = "open"
    participation: str = "mandatory"
    site_id: UUID | None = None  # None: the acting staff member's site
    room: str = ""
    max_size: int = 12
    track: str = "IOP"
    active: bool = True
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    description: str = ""
    population: str | None = None  # vocab.POPULATIONS: a group kept for adults or adolescents; None: anyone


EDITABLE = tuple(f.name for f in dataclasses.fields(GroupDraft))


def validated_group(actor: Actor, values: dict[str, Any], group_id: UUID | None) -> dict[str, Any]:
    name = clean_text(values["name"], field="name", label="Group name", max_len=120, required=True)
    if values["active"]:
        clash = TherapyGroup.select(TherapyGroup.id).where(
            (fn.LOWER(TherapyGroup.name) == name.lower())
            & (TherapyGroup.active == True)  # noqa: E712
            & TherapyGroup.retired_at.is_null()
        )
        if group_id is not None:
            clash = clash.where(TherapyGroup.id != group_id)
        if clash.exists():
            raise ValidationError(f"There is already an active group called {name!r}.", field="name")
    out: dict[str, Any] = {
        "name": name,
        "kind": check_choice(values["kind"], vocab.GROUP_KINDS, field="kind", label="Kind of group"),
        "enrollment_mode": check_choice(
            values["enrollment_mode"], vocab.ENROLLMENT_MODES, field="enrollment_mode", label="Enrollment"
        ),
        "participation": check_choice(
            values["participation"], vocab.PARTICIPATION, field="participation", label="Participation"
        ),
        "room": clean_text(values["room"], field="room", label="Room", max_len=60),
        "track": clean_text(values["track"], field="track", label="Track", max_len=40),
        "description": str(values["description"] or "").strip(),
        "active": bool(values["active"]),
        "population": values["population"] or None,
    }
    if out["population"] is not None:
        check_choice(out["population"], vocab.POPULATIONS, field="population", label="Population")
    site_id = values["site_id"] or actor.site_id
    if not Site.select().where((Site.id == site_id) & (Site.active == True)).exists():  # noqa: E712
        raise ValidationError("Choose an open site for the group.", field="site_id")
    out["site"] = site_id
    size = values["max_size"]
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_GROUP_SIZE:
        raise ValidationError(
            f"Maximum size must be a whole number from 1 to {MAX_GROUP_SIZE}.", field="max_size"
        )
    out["max_size"] = size
    start, end = values["start_date"], values["end_date"]
    if start is not None and end is not None and end < start:
        raise ValidationError("The group's end date is before its start date.", field="end_date")
    out["start_date"], out["end_date"] = start, end
    ids = list(dict.fromkeys(values["facilitator_ids"] or ()))
    if not ids:
        raise ValidationError("Choose at least one facilitator.", field="facilitator_ids")
    active_staff = {
        s.id
        for s in Staff.select(Staff.id).where(Staff.id.in_(ids) & (Staff.active == True))  # noqa: E712
    }
    if len(active_staff) != len(ids):
        raise ValidationError("Every facilitator must be an active staff member.", field="facilitator_ids")
    out["facilitator_ids"] = ids
    return out
