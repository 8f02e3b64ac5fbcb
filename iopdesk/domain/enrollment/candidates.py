"""Who may be enrolled in a group: the enroll picker's list, and who is already waiting in line.

The picker used to offer every client the search found: the group's own
members, and adolescents for an adult group. ``enroll_candidates`` leaves out
those the group cannot take (already in it, or of the other population) and
says how many it left out, so a name that is missing is explained. The domain
still refuses what it must (``placement.check_start``): this only keeps the
list honest. ``ahead_in_line`` is the warning for enrolling someone while
others wait for the same group.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from iopdesk.domain.clients.clients import SEARCH_LIMIT, ClientSummary, search_clients
from iopdesk.domain.enrollment.membership import holds_place_from
from iopdesk.domain.enrollment.waitlist import WaitlistEntry, waitlist
from iopdesk.domain.groups.groups import load_group
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.permissions import CLIENT_VIEW, require
from iopdesk.domain.kernel.records import site_today
from iopdesk.store.models import Client, Enrollment, TherapyGroup

ADULT_AGE = 18


@dataclass(frozen=True)
class Candidates:
    clients: tuple[ClientSummary, ...]
    members_left_out: int  # found by the search but already in the group (now or from a later date)
    population_left_out: int  # found, but adolescents for an adult group or adults for an adolescent one
    group_population: str  # "adult" or "adolescent"


def group_population(group: TherapyGroup) -> str:
    """Groups have no population of their own: an adolescent program says so in its track."""
    return "adolescent" if "adolescent" in (group.track or "").lower() else "adult"


def client_population(client: Client, on: dt.date) -> str:
    """A client under 18 on the day is an adolescent, whatever their record says."""
    born = client.date_of_birth
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return "adolescent" if age < ADULT_AGE or client.population == "adolescent" else "adult"


def enroll_candidates(actor: Actor, group_id: UUID, text: str, *, limit: int = SEARCH_LIMIT) -> Candidates:
    """Clients matching ``text`` (as ``search_clients``, discharged ones left out) who could join the
    group: not already holding a place in it, and of its population."""
    require(actor, CLIENT_VIEW, record_type="therapy_group", record_id=group_id)
    group = load_group(group_id)
    today = site_today(actor)
    # Ask for more than shown: some of what the search finds is left out below.
    found = search_clients(actor, text, limit=limit * 3, include_discharged=False)
    ids = [c.id for c in found]
    members = {
        client_id
        for (client_id,) in Enrollment.select(Enrollment.client)
        .where((Enrollment.group == group.id) & Enrollment.client.in_(ids) & holds_place_from(today))
        .tuples()
    }
    wanted = group_population(group)
    rows = {c.id: c for c in Client.select().where(Client.id.in_(ids))}
    kept: list[ClientSummary] = []
    members_out = population_out = 0
    for summary in found:
        if summary.id in members:
            members_out += 1
        elif client_population(rows[summary.id], today) != wanted:
            population_out += 1
        elif len(kept) < limit:
            kept.append(summary)
    return Candidates(tuple(kept), members_out, population_out, wanted)


def ahead_in_line(actor: Actor, group_id: UUID, client_id: UUID | None = None) -> tuple[WaitlistEntry, ...]:
    """Who waits for the group ahead of ``client_id`` (everyone in line when the client is not in it)."""
    require(actor, CLIENT_VIEW, record_type="therapy_group", record_id=group_id)
    line = waitlist(actor, group_id)
    mine = next((e.rank for e in line if e.client_id == client_id), None) if client_id else None
    return tuple(e for e in line if mine is None or e.rank < mine)
