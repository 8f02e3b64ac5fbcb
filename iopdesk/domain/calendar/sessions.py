"""Sessions as the rest of the program sees them: frozen headers, read by id, date or range.

Opening a date (``sessions_on``) generates that date's sessions from the
weekly schedules first; the generation rules are in session_generation.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from peewee import JOIN

from iopdesk.domain.calendar.generation import (  # noqa: F401  (re-exported: one place to import from)
    GenerationResult,
    generate_ahead,
    generate_sessions,
    holiday_cancel_reason,
    minutes_of,
    refresh_group_sessions,
    validate_slot,
)
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.display import client_display_name
from iopdesk.domain.kernel.errors import NotFound
from iopdesk.store.models import Client, Session, Staff, TherapyGroup

KIND_TITLES = {"individual": "Individual session", "family": "Family session"}


@dataclass(frozen=True)
class SessionInfo:
    id: UUID
    kind: str  # vocab.SESSION_KINDS
    title: str  # the group's name, or "Individual session – Sam R."
    group_id: UUID | None
    client_id: UUID | None  # individual and family sessions only
    site_id: UUID
    date: dt.date
    start_time: dt.time
    duration_minutes: int
    status: str  # vocab.SESSION_STATUSES
    cancel_reason: str
    facilitator_id: UUID | None
    facilitator_name: str
    schedule_id: UUID | None
    origin_date: dt.date | None
    topic: str
    modality: str
    room: str
    version: int

    @property
    def end_time(self) -> dt.time:
        end = minutes_of(self.start_time) + self.duration_minutes
        return dt.time((end // 60) % 24, end % 60)

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def moved(self) -> bool:
        """Rescheduled away from the date its weekly slot gave it."""
        return self.origin_date is not None and self.origin_date != self.date


def session_query():  # type: ignore[no-untyped-def]
    """Sessions with what their header needs, in one query (of the joined rows only the
    columns ``to_info`` reads: a month of a busy clinic's sessions is hundreds of rows)."""
    return (
        Session.select(
            Session,
            TherapyGroup.id,
            TherapyGroup.name,
            Client.id,
            Client.preferred_name,
            Client.legal_first,
            Client.legal_last,
            Staff.id,
            Staff.display_name,
        )
        .join(TherapyGroup, JOIN.LEFT_OUTER, on=(Session.group == TherapyGroup.id))
        .switch(Session)
        .join(Client, JOIN.LEFT_OUTER, on=(Session.client == Client.id))
        .switch(Session)
        .join(Staff, JOIN.LEFT_OUTER, on=(Session.facilitator == Staff.id))
    )


def to_info(row: Session) -> SessionInfo:
    """Freeze a row from ``session_query`` (no further queries)."""
    group = row.group if row.group_id is not None else None
    client = row.client if row.client_id is not None else None
    facilitator = row.facilitator if row.facilitator_id is not None else None
    if group is not None:
        title = group.name
    else:
        title = KIND_TITLES.get(row.kind, "Session")
        if client is not None:
            name = client_display_name(client.preferred_name, client.legal_first, client.legal_last)
            title = f"{title} – {name}"
    return SessionInfo(
        id=row.id,
        kind=row.kind,
        title=title,
        group_id=row.group_id,
        client_id=row.client_id,
        site_id=row.site_id,
        date=row.date,
        start_time=row.start_time,
        duration_minutes=row.duration_minutes,
        status=row.status,
        cancel_reason=row.cancel_reason,
        facilitator_id=row.facilitator_id,
        facilitator_name=facilitator.display_name if facilitator is not None else "",
        schedule_id=row.schedule_id,
        origin_date=row.origin_date,
        topic=row.topic,
        modality=row.modality,
        room=row.room,
        version=row.version,
    )


def load_session(session_id: UUID) -> Session:
    """The live row (for domain code that changes it); NotFound if missing or retired."""
    row = Session.get_or_none((Session.id == session_id) & Session.retired_at.is_null())
    if row is None:
        raise NotFound("That session no longer exists. Refresh the list and try again.")
    return row


def get_session(actor: Actor, session_id: UUID) -> SessionInfo:
    row = session_query().where((Session.id == session_id) & Session.retired_at.is_null()).first()
    if row is None:
        raise NotFound("That session no longer exists. Refresh the list and try again.")
    return to_info(row)


def sessions_on(actor: Actor, date: dt.date, site_id: UUID | None = None) -> list[SessionInfo]:
    """The sessions of one date at a site (the actor's own when none is named), by start time.

    Opening a date generates its sessions first, so a date beyond the rolling
    horizon shows its groups too.
    """
    site = site_id or actor.site_id
    generate_sessions(actor, date, date, site_id=site)
    rows = session_query().where(
        (Session.site == site) & (Session.date == date) & Session.retired_at.is_null()
    )
    return sorted((to_info(r) for r in rows), key=lambda s: (s.start_time, s.title.lower()))


def sessions_between(
    actor: Actor, start: dt.date, end: dt.date, *, site_id: UUID | None = None, group_id: UUID | None = None
) -> list[SessionInfo]:
    """Sessions already in the calendar between two dates (inclusive); generates nothing."""
    cond = (Session.date >= start) & (Session.date <= end) & Session.retired_at.is_null()
    if site_id is not None:
        cond &= Session.site == site_id
    if group_id is not None:
        cond &= Session.group == group_id
    rows = session_query().where(cond)
    return sorted((to_info(r) for r in rows), key=lambda s: (s.date, s.start_time, s.title.lower()))
