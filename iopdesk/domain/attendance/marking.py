"""Taking attendance: the roster of a session, marking it, walk-ins, and each mark's history.

Every mark is one short transaction that updates the client's attendance row
in place (its id never changes) and appends an AttendanceChange holding the
row before and after, who changed it and when. Hours are counted from
minutes actually attended (REFERENCE §2): "present" is the whole session
unless times or minutes say otherwise; "late" and "left early" need the
arrival or departure time (or the minutes) so the hours stay true.

A member's attendance documented by a signed note changes only with a reason,
and the change is added to that note as an addendum (attendance/documented.py).

A session's attendance as a screen shows it (``AttendanceRow``, ``SessionAttendance``: a line per
member, read with few queries) is made in attendance_rows.py; those names are found here too.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from peewee import IntegrityError

from iopdesk.domain.attendance.attendance_rows import (
    AttendanceRow,
    KnownSession,
    SessionAttendance,
    client_name,
    rows_of,
    single_row,
)
from iopdesk.domain.attendance.documented import check_and_annotate
from iopdesk.domain.attendance.rules import check_recordable, new_state
from iopdesk.domain.calendar.mark_history import log_change, snapshot, snapshot_of
from iopdesk.domain.calendar.sessions import get_session, load_session
from iopdesk.domain.enrollment.expected import expected_by_session
from iopdesk.domain.kernel import audit, ids, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.display import day_text
from iopdesk.domain.kernel.errors import ConflictError, DomainError, NotFound, ValidationError
from iopdesk.domain.kernel.permissions import ATTENDANCE_MARK, CLIENT_VIEW, require
from iopdesk.store import transaction
from iopdesk.store.models import Attendance, AttendanceChange, Client, Session, Staff


@dataclass(frozen=True)
class AttendanceChangeInfo:
    changed_by: str
    changed_at: dt.datetime  # UTC
    before: dict[str, Any]
    after: dict[str, Any]
    reason: str


def session_attendance(actor: Actor, session_id: UUID, *, audited: bool = True) -> SessionAttendance:
    """Opening a session's attendance: the audit trail notes who looked.

    ``audited=False`` is for refreshing what the same person already has open
    (after a mark, a timer), so the trail records openings, not repaints.
    """
    require(actor, CLIENT_VIEW, record_type="session", record_id=session_id)
    if not audited:
        return _attendance_of(actor, session_id)
    with transaction():
        out = _attendance_of(actor, session_id)
        audit.record(actor, audit.VIEW, record_type="session", record_id=session_id)
    return out


def listed_rows(
    actor: Actor, session_id: UUID, *, group_id: UUID | None, client_id: UUID | None, date: dt.date
) -> tuple[AttendanceRow, ...]:
    """``session_attendance(...).rows`` without the audit entry, for a session the caller has just
    read (its group, client and date as the caller has them): the session is not read again.

    For a screen that lists who else was expected as part of an opening it already recorded
    (the notes editor's members without a part)."""
    require(actor, CLIENT_VIEW, record_type="session", record_id=session_id)
    return rows_of(KnownSession(session_id, group_id, client_id, date))


def _attendance_of(actor: Actor, session_id: UUID) -> SessionAttendance:
    session = load_session(session_id)
    return SessionAttendance(get_session(actor, session_id), rows_of(session))


def mark(
    actor: Actor,
    session_id: UUID,
    client_id: UUID,
    status: str,
    minutes: int | None = None,
    arrived: dt.time | None = None,
    departed: dt.time | None = None,
    comment: str | None = None,
    reason: str | None = None,
    *,
    expected_version: int | None = None,
    time_later: bool = False,
) -> AttendanceRow:
    """Record one client's attendance at one session (``comment=None`` keeps the comment).

    ``time_later``: a late arrival or early departure marked during a roll call, saved at once
    with its time still to be typed (its minutes are not known until then; rules.py).

    ``expected_version`` is the row's version the screen showed (0: nothing
    recorded yet); when given, a mark made meanwhile on another workstation
    is not overwritten blindly: ConflictError, and the screen reloads.
    """
    require(actor, ATTENDANCE_MARK, client_id=client_id, record_type="session", record_id=session_id)
    if status not in vocab.ATTENDANCE_STATUSES:
        raise ValidationError(f"{status!r} is not an attendance status.", field="status")
    with transaction():
        session = load_session(session_id)
        check_recordable(session, reason)
        row = Attendance.get_or_none((Attendance.session == session.id) & (Attendance.client == client_id))
        if expected_version is not None and (row.version if row is not None else 0) != expected_version:
            raise ConflictError(
                "Someone else changed this client's attendance a moment ago. "
                "Look at the refreshed list and mark again if needed."
            )
        if row is None and client_id not in expected_by_session([session])[session.id]:
            client = _client(client_id)
            raise DomainError(
                f"{client_name(client)} is not on this session's roster for {day_text(session.date)}. "
                "Add them as a walk-in (with a reason) to record their attendance."
            )
        state = new_state(session, status, minutes, arrived, departed, comment, row, time_later=time_later)
        check_and_annotate(actor, session, client_id, row, state, reason)
        _write(actor, session, client_id, row, state, reason)
    return single_row(session, client_id)


def mark_all_present(actor: Actor, session_id: UUID, reason: str | None = None) -> SessionAttendance:
    """Mark everyone still "not recorded" present for the whole session, in one transaction."""
    require(actor, ATTENDANCE_MARK, record_type="session", record_id=session_id)
    with transaction():
        session = load_session(session_id)
        check_recordable(session, reason)
        existing = {
            a.client_id: a
            for a in Attendance.select().where(
                (Attendance.session == session.id) & Attendance.retired_at.is_null()
            )
        }
        clients = expected_by_session([session])[session.id] | set(existing)
        for client_id in sorted(clients, key=str):
            row = existing.get(client_id)
            if row is not None and row.status != "not_recorded":
                continue
            state = new_state(session, "present", None, None, None, None, row)
            _write(actor, session, client_id, row, state, reason)
    return _attendance_of(actor, session_id)


def add_walk_in(actor: Actor, session_id: UUID, client_id: UUID, reason: str) -> AttendanceRow:
    """List someone who is not on the roster, without enrolling them. The reason is required
    (and also serves as the late-entry reason for an old session). Mark them afterwards."""
    require(actor, ATTENDANCE_MARK, client_id=client_id, record_type="session", record_id=session_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            "Give the reason this client joins a group they are not enrolled in.", field="reason"
        )
    with transaction():
        session = load_session(session_id)
        if session.kind != "group":
            raise DomainError("Only group sessions take walk-ins.")
        check_recordable(session, reason)
        client = _client(client_id)
        if (
            Attendance.select()
            .where((Attendance.session == session.id) & (Attendance.client == client_id))
            .exists()
        ):
            raise DomainError(f"{client_name(client)} is already listed for this session.")
        if client_id in expected_by_session([session])[session.id]:
            raise DomainError(
                f"{client_name(client)} is on this session's roster; mark their attendance directly."
            )
        state = {
            "status": "not_recorded",
            "minutes_attended": None,
            "minutes_typed": False,
            "arrived_at": None,
            "departed_at": None,
            "comment": "",
            "walk_in_reason": reason,
        }
        _write(actor, session, client_id, None, state, reason)
    return single_row(session, client_id)


def attendance_changes(actor: Actor, session_id: UUID, client_id: UUID) -> tuple[AttendanceChangeInfo, ...]:
    """Every change to one client's attendance at one session, oldest first."""
    query = (
        AttendanceChange.select(AttendanceChange, Staff)
        .join(Attendance, on=(AttendanceChange.attendance == Attendance.id))
        .switch(AttendanceChange)
        .join(Staff, on=(AttendanceChange.changed_by == Staff.id))
        .where((Attendance.session == session_id) & (Attendance.client == client_id))
        .order_by(AttendanceChange.changed_at, AttendanceChange.id)
    )
    return tuple(
        AttendanceChangeInfo(
            c.changed_by.display_name, c.changed_at, json.loads(c.before), json.loads(c.after), c.reason
        )
        for c in query
    )


def _write(
    actor: Actor,
    session: Session,
    client_id: UUID,
    row: Attendance | None,
    state: dict[str, Any],
    reason: str | None,
) -> None:
    now = utcnow()
    if row is None:
        try:
            with transaction():  # a savepoint: another workstation may insert the same row first
                row = Attendance.create(
                    id=ids.attendance_id(session.id, client_id),  # alike at every place (issue 14)
                    origin_site=actor.site_id,
                    session=session.id,
                    client=client_id,
                    date=session.date,
                    recorded_by=actor.staff_id,
                    recorded_at=now,
                    created_at=now,
                    updated_at=now,
                    **state,
                )
        except IntegrityError:
            row = Attendance.get_or_none(
                (Attendance.session == session.id) & (Attendance.client == client_id)
            )
            if row is None:
                raise
        else:
            log_change(actor, row, {}, reason, now)
            changes = audit.created(dict(snapshot(row), session=session.id, reason=(reason or "").strip()))
            audit.record_row(actor, audit.CREATE, row, changes)
            return
    before = snapshot(row)
    if before == snapshot_of(state) and bool(row.minutes_typed) == state["minutes_typed"]:
        return  # nothing changed: no new version, no history entry
    for key, value in state.items():
        setattr(row, key, value)
    row.recorded_by_id = actor.staff_id
    row.recorded_at = now
    row.version += 1
    row.updated_at = now
    row.save()
    log_change(actor, row, before, reason, now)
    changes = audit.diff(before, snapshot(row))
    if reason:
        changes["reason"] = [None, reason.strip()]
    audit.record_row(actor, audit.CHANGE, row, changes)


def _client(client_id: UUID) -> Client:
    client = Client.get_or_none((Client.id == client_id) & Client.retired_at.is_null())
    if client is None:
        raise NotFound("That client no longer exists.")
    return client
