"""Changing the calendar by hand: cancel, reinstate, reschedule, and ad hoc group sessions (with
the checks and audit entries every hand-made change shares). Individual and family sessions, with
the family members who came, are in client_sessions.py.

None of these drop what was recorded on a session: attendance rows and notes
stay with it. A rescheduled session keeps its origin date, so the weekly
generator does not make its slot again.

A signed note freezes what it documents (issue 17): once any part of a
session's note is signed (or submitted for co-signature), the session can no
longer be cancelled or change its date, time or length; how it really ran goes
in an addendum. Before that, changing the time or length derives again the
minutes of every mark that was not typed in by hand ("present" is the whole
session as it finally ran; times keep their own minutes), each change kept in
the mark's history; a change that a mark cannot follow (an arrival after the
new end, typed minutes longer than the new length) is refused, naming the
client, until their attendance is corrected.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from iopdesk.domain.calendar.rederive import rederive_marks, span_text
from iopdesk.domain.calendar.sessions import SessionInfo, get_session, load_session, validate_slot
from iopdesk.domain.kernel import audit, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.display import day_text
from iopdesk.domain.kernel.errors import DomainError, NotFound, ValidationError
from iopdesk.domain.kernel.permissions import SESSION_SCHEDULE, require
from iopdesk.store import transaction
from iopdesk.store.models import (
    Attendance,
    GroupFacilitator,
    GroupSchedule,
    Holiday,
    Note,
    Session,
    Staff,
    TherapyGroup,
)

ATTENDED = vocab.ATTENDED_STATUSES
SEALED = ("signed", "pending_cosign")  # a note part that documents its session for good
FALLBACK_MINUTES = 180  # a group with no schedule and no session yet: an IOP group's usual three hours
_CLINICAL_ROLES = ("counselor", "supervisor")


def cancel_session(actor: Actor, session_id: UUID, reason: str) -> SessionInfo:
    """Cancel one session. Refused once anyone is marked as having attended it:
    cancelling would silently take those hours away; correct the marks first."""
    require(actor, SESSION_SCHEDULE, record_type="session", record_id=session_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Give a reason for cancelling the session.", field="reason")
    with transaction():
        row = load_session(session_id)
        if row.status == "cancelled":
            raise DomainError("This session is already cancelled.")
        _refuse_if_documented(row, "be cancelled")
        attended = (
            Attendance.select()
            .where((Attendance.session == row.id) & Attendance.status.in_(ATTENDED))
            .count()
        )
        if attended:
            raise DomainError(
                f"{attended} client(s) are marked as having attended this session. "
                "Change their attendance first if the session really did not take place."
            )
        before = {"status": row.status, "cancel_reason": row.cancel_reason}
        row.status = "cancelled"
        row.cancel_reason = reason
        touch(row, actor, before)
    return get_session(actor, session_id)


def reinstate_session(actor: Actor, session_id: UUID) -> SessionInfo:
    """Undo a cancellation (a holiday entered by mistake, a facilitator who came after all)."""
    require(actor, SESSION_SCHEDULE, record_type="session", record_id=session_id)
    with transaction():
        row = load_session(session_id)
        if row.status != "cancelled":
            raise DomainError("This session is not cancelled.")
        refuse_holiday(row.site_id, row.date)
        before = {"status": row.status, "cancel_reason": row.cancel_reason}
        row.status = "scheduled"
        row.cancel_reason = ""
        touch(row, actor, before)
    return get_session(actor, session_id)


def reschedule_session(
    actor: Actor,
    session_id: UUID,
    date: dt.date,
    start_time: dt.time | None = None,
    duration_minutes: int | None = None,
) -> SessionInfo:
    """Move a session to another date and/or time. Its origin date stays, so the
    weekly slot it came from is not generated again."""
    require(actor, SESSION_SCHEDULE, record_type="session", record_id=session_id)
    with transaction():
        row = load_session(session_id)
        if row.status == "cancelled":
            raise DomainError("This session is cancelled; reinstate it before moving it.")
        start = start_time if start_time is not None else row.start_time
        duration = duration_minutes if duration_minutes is not None else row.duration_minutes
        validate_slot(start, duration)
        if (date, start, duration) == (row.date, row.start_time, row.duration_minutes):
            return get_session(actor, session_id)
        _refuse_if_documented(row, "change its date, time or length")
        if date != row.date:
            refuse_holiday(row.site_id, date)
            recorded = (
                Attendance.select()
                .where((Attendance.session == row.id) & (Attendance.status != "not_recorded"))
                .count()
            )
            noted = Note.select().where(Note.session == row.id).exists()
            if recorded or noted:
                raise DomainError(
                    f"{'Attendance' if recorded else 'A note'} is already recorded for this session on "
                    f"{day_text(row.date)}; it cannot move to another date. "
                    "Add a new session for the other date instead."
                )
            # Walk-ins listed but not yet marked follow the session to its new date.
            Attendance.update(date=date, updated_at=utcnow(), version=Attendance.version + 1).where(
                Attendance.session == row.id
            ).execute()
        before = {"date": row.date, "start_time": row.start_time, "duration_minutes": row.duration_minutes}
        was = span_text(row.start_time, row.duration_minutes)
        row.date = date
        row.start_time = start
        row.duration_minutes = duration
        if (start, duration) != (before["start_time"], before["duration_minutes"]):
            rederive_marks(actor, row, f"Session time changed from {was} to {span_text(start, duration)}")
        touch(row, actor, before)
    return get_session(actor, session_id)


def _refuse_if_documented(row: Session, what: str) -> None:
    documented = (
        Note.select()
        .where((Note.session == row.id) & Note.status.in_(SEALED) & Note.retired_at.is_null())
        .exists()
    )
    if documented:
        raise DomainError(
            f"This session's note is signed and documents it as it was "
            f"({row.date:%b %d, %Y}, {span_text(row.start_time, row.duration_minutes)}), so the "
            f"session can no longer {what}. Add an addendum to the note to record how it really ran."
        )


@dataclass(frozen=True)
class ExtraSessionDefaults:
    """What an extra meeting of a group starts from: its usual time and length, and who leads it."""

    start_time: dt.time | None  # None: the group has no usual time
    duration_minutes: int
    facilitator_id: UUID | None


def extra_session_defaults(actor: Actor, group_id: UUID, date: dt.date) -> ExtraSessionDefaults:
    """The group's usual start and length (its weekly slot on that weekday, else its most common
    slot, else its last session), and a facilitator: the acting counselor when they lead the group
    or no one does, else the group's lead facilitator. A session with no facilitator shows in
    nobody's lists (their day, their unsigned notes)."""
    require(actor, SESSION_SCHEDULE, record_type="therapy_group", record_id=group_id)
    group = TherapyGroup.get_or_none((TherapyGroup.id == group_id) & TherapyGroup.retired_at.is_null())
    if group is None:
        raise NotFound("That group no longer exists.")
    start, minutes = _usual_slot(group.id, date)
    return ExtraSessionDefaults(start, minutes, _default_facilitator(actor, group.id))


def _usual_slot(group_id: UUID, date: dt.date) -> tuple[dt.time | None, int]:
    slots = list(
        GroupSchedule.select(GroupSchedule.weekday, GroupSchedule.start_time, GroupSchedule.duration_minutes)
        .where(
            (GroupSchedule.group == group_id)
            & (GroupSchedule.effective_from <= date)
            & (GroupSchedule.effective_to.is_null() | (GroupSchedule.effective_to >= date))
        )
        .tuples()
    )
    same_day = [(start, minutes) for weekday, start, minutes in slots if weekday == date.weekday()]
    if same_day:
        return same_day[0]
    if slots:
        counts: dict[tuple[dt.time, int], int] = {}
        for _weekday, start, minutes in slots:
            counts[(start, minutes)] = counts.get((start, minutes), 0) + 1
        return max(counts, key=lambda slot: (counts[slot], -slot[0].hour * 60 - slot[0].minute))
    last = (
        Session.select(Session.start_time, Session.duration_minutes)
        .where((Session.group == group_id) & Session.retired_at.is_null() & (Session.status != "cancelled"))
        .order_by(Session.date.desc(), Session.start_time.desc())
        .first()
    )
    if last is not None:
        return last.start_time, last.duration_minutes
    return None, FALLBACK_MINUTES


def _default_facilitator(actor: Actor, group_id: UUID) -> UUID | None:
    leads = [
        staff_id
        for (staff_id,) in GroupFacilitator.select(GroupFacilitator.staff)
        .join(Staff, on=(GroupFacilitator.staff == Staff.id))
        .where(
            (GroupFacilitator.group == group_id)
            & GroupFacilitator.removed_at.is_null()
            & (Staff.active == True)  # noqa: E712
        )
        .order_by(GroupFacilitator.is_lead.desc(), GroupFacilitator.created_at)
        .tuples()
    ]
    clinical = actor.role in _CLINICAL_ROLES or (actor.role == "administrator" and actor.also_clinical)
    if actor.staff_id in leads or (clinical and not leads):
        return actor.staff_id
    return leads[0] if leads else None


def add_session(
    actor: Actor,
    group_id: UUID,
    date: dt.date,
    start_time: dt.time,
    duration_minutes: int | None = None,
    *,
    facilitator_id: UUID | None = None,
    topic: str = "",
    room: str | None = None,
) -> SessionInfo:
    """An extra (ad hoc) meeting of a group, outside its weekly schedule. Without a length or a
    facilitator it gets the group's usual length and its facilitator (``extra_session_defaults``)."""
    require(actor, SESSION_SCHEDULE, record_type="therapy_group", record_id=group_id)
    group = TherapyGroup.get_or_none((TherapyGroup.id == group_id) & TherapyGroup.retired_at.is_null())
    if group is None:
        raise NotFound("That group no longer exists.")
    if duration_minutes is None or facilitator_id is None:
        usual = extra_session_defaults(actor, group.id, date)
        duration_minutes = usual.duration_minutes if duration_minutes is None else duration_minutes
        facilitator_id = usual.facilitator_id if facilitator_id is None else facilitator_id
    validate_slot(start_time, duration_minutes)
    if not group.active:
        raise ValidationError(f"The group {group.name} is inactive; reactivate it first.", field="group")
    check_facilitator(facilitator_id)
    with transaction():
        refuse_holiday(group.site_id, date)
        row = Session.create(
            origin_site=actor.site_id,
            kind="group",
            group=group.id,
            site=group.site_id,
            date=date,
            start_time=start_time,
            duration_minutes=duration_minutes,
            facilitator=facilitator_id,
            topic=(topic or "").strip()[:200],
            room=group.room if room is None else room.strip()[:60],
        )
        audit.record_row(actor, audit.CREATE, row, created_fields(row))
    return get_session(actor, row.id)


def check_facilitator(staff_id: UUID | None) -> None:
    if staff_id is None:
        return
    staff = Staff.get_or_none(Staff.id == staff_id)
    if staff is None or not staff.active:
        raise ValidationError("The chosen facilitator has no active staff account.", field="facilitator")


def refuse_holiday(site_id: UUID, date: dt.date) -> None:
    holiday = Holiday.get_or_none(
        (Holiday.site == site_id) & (Holiday.date == date) & Holiday.retired_at.is_null()
    )
    if holiday is not None:
        raise ValidationError(f"{day_text(date)} is a holiday at this site ({holiday.reason}).", field="date")


def touch(row: Any, actor: Actor | None = None, before: dict[str, Any] | None = None) -> None:
    row.version += 1
    row.updated_at = utcnow()
    row.save()
    if actor is not None and before is not None:
        changes = audit.diff(before, {name: row.__data__.get(name) for name in before})
        if changes:
            audit.record_row(actor, audit.CHANGE, row, changes)


def created_fields(row: Session, **extra: object) -> dict[str, Any]:
    fields = ("kind", "group", "client", "site", "date", "start_time", "duration_minutes", "facilitator")
    return audit.created(dict({name: row.__data__.get(name) for name in fields}, **extra))
