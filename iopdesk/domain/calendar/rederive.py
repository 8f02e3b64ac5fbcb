"""A session's new time or length, followed by the marks recorded on it.

Changing a session's time or length derives again the minutes of every mark
that was not typed in by hand ("present" is the whole session as it finally
ran; arrival and departure times keep their own minutes), each change kept in
the mark's history with the reason and in the audit trail. A change a mark
cannot follow (an arrival after the new end, a departure before the new start,
typed minutes longer than the new length) is refused, naming the client, so
their attendance is corrected first.
"""

from __future__ import annotations

import datetime as dt

from iopdesk.domain.calendar.generation import minutes_of
from iopdesk.domain.calendar.mark_history import log_change, snapshot
from iopdesk.domain.calendar.session_time import as_time, derived_minutes, session_span
from iopdesk.domain.kernel import audit, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.clock import utcnow
from iopdesk.domain.kernel.display import client_display_name
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.store.models import Attendance, Client, Session

ATTENDED = vocab.ATTENDED_STATUSES


def span_text(start: dt.time, duration: int) -> str:
    first, last = session_span(start, duration)
    return f"{as_time(first):%H:%M}–{as_time(last):%H:%M} ({duration} min)"


def rederive_marks(actor: Actor, row: Session, reason: str) -> None:
    """The session's new time or length, followed by each mark (see the module docstring)."""
    first, last = session_span(row.start_time, row.duration_minutes)
    now = utcnow()
    marks = list(
        Attendance.select(Attendance, Client)
        .join(Client, on=(Attendance.client == Client.id))
        .where(
            (Attendance.session == row.id) & Attendance.retired_at.is_null() & Attendance.status.in_(ATTENDED)
        )
        # By name: the first mark that cannot follow is the one named, on every database engine.
        .order_by(Client.legal_last, Client.legal_first, Attendance.id)
    )
    for mark in marks:
        name = client_display_name(
            mark.client.preferred_name, mark.client.legal_first, mark.client.legal_last
        )
        arrived, departed = mark.arrived_at, mark.departed_at
        if (arrived is not None and minutes_of(arrived) >= last) or (
            departed is not None and minutes_of(departed) <= first
        ):
            raise DomainError(
                f"{name}'s attendance times ({_times(arrived, departed)}) fall outside the session's new "
                f"time ({span_text(row.start_time, row.duration_minutes)}): correct their attendance first."
            )
        if mark.minutes_typed:
            if mark.minutes_attended is not None and mark.minutes_attended > row.duration_minutes:
                raise DomainError(
                    f"{name} has {mark.minutes_attended} minutes typed in, more than the session's new "
                    f"length of {row.duration_minutes} minutes: correct their attendance first."
                )
            continue
        minutes = derived_minutes(mark.status, arrived, departed, row.start_time, row.duration_minutes)
        if minutes is None or minutes == mark.minutes_attended:
            continue
        before = snapshot(mark)
        mark.minutes_attended = minutes
        mark.version += 1
        mark.updated_at = now
        mark.save()
        log_change(actor, mark, before, reason, now)
        changes = audit.diff(before, snapshot(mark))
        changes["reason"] = [None, reason]
        audit.record_row(actor, audit.CHANGE, mark, changes)


def _times(arrived: dt.time | None, departed: dt.time | None) -> str:
    parts = []
    if arrived is not None:
        parts.append(f"arrived {arrived:%H:%M}")
    if departed is not None:
        parts.append(f"left {departed:%H:%M}")
    return ", ".join(parts)
