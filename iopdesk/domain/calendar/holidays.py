"""Site holidays: one step cancels that day's sessions.

Adding a holiday cancels the site's sessions of that date that have no
attendance recorded (anything other than "not recorded") and no signed note;
sessions where attendance was already taken, or whose note is signed (or
waiting for co-signature: it documents the session as held, and such a
session can no longer be cancelled, see edits.py), are left alone and
reported, so nobody loses what was recorded. Sessions generated later for a
holiday date are created already cancelled (see sessions.py). Removing a
holiday reinstates exactly the sessions it cancelled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from iopdesk.domain.calendar.edits import SEALED
from iopdesk.domain.calendar.sessions import (
    SessionInfo,
    generate_sessions,
    holiday_cancel_reason,
    session_query,
    to_info,
)
from iopdesk.domain.kernel import audit
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.display import day_text
from iopdesk.domain.kernel.errors import NotFound, ValidationError
from iopdesk.domain.kernel.permissions import CALENDAR_EDIT, require
from iopdesk.store import transaction
from iopdesk.store.models import Attendance, Holiday, Note, Session, Site


@dataclass(frozen=True)
class HolidayInfo:
    id: UUID
    site_id: UUID
    date: dt.date
    reason: str


@dataclass(frozen=True)
class HolidayResult:
    holiday: HolidayInfo
    cancelled: tuple[SessionInfo, ...]
    kept: tuple[SessionInfo, ...]  # attendance was already recorded on these, or a note signed


def add_holiday(actor: Actor, date: dt.date, reason: str, site_id: UUID | None = None) -> HolidayResult:
    require(actor, CALENDAR_EDIT)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Name the holiday (for example: Independence Day).", field="reason")
    if len(reason) > 120:
        raise ValidationError("Keep the holiday's name under 120 characters.", field="reason")
    site = site_id or actor.site_id
    if Site.get_or_none(Site.id == site) is None:
        raise NotFound("That site no longer exists.")
    with transaction():
        if (
            Holiday.select()
            .where((Holiday.site == site) & (Holiday.date == date) & Holiday.retired_at.is_null())
            .exists()
        ):
            raise ValidationError(f"{day_text(date)} is already a holiday at this site.", field="date")
        # The day's scheduled groups exist first, so they are cancelled and reported too.
        generate_sessions(actor, date, date, site_id=site)
        holiday = Holiday.create(origin_site=actor.site_id, site=site, date=date, reason=reason)
        day = Session.select(Session.id).where(
            (Session.site == site)
            & (Session.date == date)
            & (Session.status == "scheduled")
            & Session.retired_at.is_null()
        )
        ids = [r.id for r in day]
        recorded = (
            {
                r.session_id
                for r in Attendance.select(Attendance.session).where(
                    Attendance.session.in_(ids) & (Attendance.status != "not_recorded")
                )
            }
            if ids
            else set()
        )
        if ids:
            recorded |= {
                r.session_id
                for r in Note.select(Note.session).where(
                    Note.session.in_(ids) & Note.status.in_(SEALED) & Note.retired_at.is_null()
                )
            }
        cancel_ids = [i for i in ids if i not in recorded]
        if cancel_ids:
            Session.update(
                status="cancelled",
                cancel_reason=holiday_cancel_reason(reason),
                updated_at=utcnow(),
                version=Session.version + 1,
            ).where(Session.id.in_(cancel_ids)).execute()
        changes = {"site": site, "date": date, "reason": reason, "sessions_cancelled": len(cancel_ids)}
        audit.record_row(actor, audit.CREATE, holiday, audit.created(changes))
    return HolidayResult(
        holiday=_info(holiday),
        cancelled=_sessions(cancel_ids),
        kept=_sessions(list(recorded)),
    )


def remove_holiday(actor: Actor, holiday_id: UUID) -> tuple[SessionInfo, ...]:
    """Retire a holiday and reinstate the sessions it cancelled; returns them."""
    require(actor, CALENDAR_EDIT, record_type="holiday", record_id=holiday_id)
    with transaction():
        holiday = Holiday.get_or_none((Holiday.id == holiday_id) & Holiday.retired_at.is_null())
        if holiday is None:
            raise NotFound("That holiday was already removed.")
        now = utcnow()
        holiday.retired_at = now
        holiday.updated_at = now
        holiday.version += 1
        holiday.save()
        ids = [
            r.id
            for r in Session.select(Session.id).where(
                (Session.site == holiday.site_id)
                & (Session.date == holiday.date)
                & (Session.status == "cancelled")
                & (Session.cancel_reason == holiday_cancel_reason(holiday.reason))
                & Session.retired_at.is_null()
            )
        ]
        if ids:
            Session.update(
                status="scheduled", cancel_reason="", updated_at=now, version=Session.version + 1
            ).where(Session.id.in_(ids)).execute()
        audit.record_row(
            actor, audit.CHANGE, holiday, {"retired": [False, True], "sessions_reinstated": [0, len(ids)]}
        )
    return _sessions(ids)


def holidays_between(
    actor: Actor, start: dt.date, end: dt.date, site_id: UUID | None = None
) -> list[HolidayInfo]:
    site = site_id or actor.site_id
    rows = (
        Holiday.select()
        .where(
            (Holiday.site == site)
            & (Holiday.date >= start)
            & (Holiday.date <= end)
            & Holiday.retired_at.is_null()
        )
        .order_by(Holiday.date)
    )
    return [_info(h) for h in rows]


def _info(h: Holiday) -> HolidayInfo:
    return HolidayInfo(h.id, h.site_id, h.date, h.reason)


def _sessions(ids: list[UUID]) -> tuple[SessionInfo, ...]:
    if not ids:
        return ()
    rows = session_query().where(Session.id.in_(ids))
    return tuple(sorted((to_info(r) for r in rows), key=lambda s: (s.start_time, s.title.lower())))
