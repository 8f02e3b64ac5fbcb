"""The rules a single attendance mark must pass, and the minutes it is worth.

- A cancelled session takes no marks; a session in the future takes none yet
  (its date is compared with the site's today); one more than
  'late_entry_days' days past needs a reason, kept in the change history.
- Minutes count only session time (REFERENCE §2): "present" is the whole
  session; arrival and departure times trim it (time before the start or after
  the end does not count); minutes typed in win over the times, but never
  exceed what the times leave (arrival to departure within the session). "Late" needs
  the arrival time and "left early" the departure time, unless minutes are
  given, so the week's hours are never guessed; a roll call saves them at
  once with the time to follow (``time_later``): no minutes, counted as 0
  and flagged "minutes not known" until the time is typed. Absences carry 0
  minutes and no times; "not recorded" carries none.
- Stored minutes say where they came from (``minutes_typed``): minutes typed in
  that differ from what the times (or the whole session) give are kept as
  typed; otherwise the minutes are derived, and a later change of the
  session's time or length derives them again (calendar/edits.py). So
  "present" always means the whole session as it finally ran.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from iopdesk.domain.calendar.session_time import derived_minutes
from iopdesk.domain.calendar.sessions import minutes_of
from iopdesk.domain.kernel import clock, settings, vocab
from iopdesk.domain.kernel.display import day_text
from iopdesk.domain.kernel.errors import DomainError, ValidationError
from iopdesk.store.models import Attendance, Session

COMMENT_MAX = 500  # a short comment; the clinical story belongs in the note


def check_recordable(session: Session, reason: str | None) -> None:
    if session.status == "cancelled":
        raise DomainError(
            "This session was cancelled, so no attendance can be recorded. "
            "Reinstate the session first if it did take place."
        )
    today = clock.site_today(session.site_id)
    if session.date > today:
        raise DomainError(
            f"This session is on {day_text(session.date)}, in the future. "
            "Attendance can be recorded on the day of the session or after."
        )
    late_days = settings.get("late_entry_days")
    if (today - session.date).days > late_days and not (reason or "").strip():
        raise ValidationError(
            f"This session was more than {late_days} days ago; give a reason for the late entry.",
            field="reason",
        )


def new_state(
    session: Session,
    status: str,
    minutes: int | None,
    arrived: dt.time | None,
    departed: dt.time | None,
    comment: str | None,
    row: Attendance | None,
    *,
    time_later: bool = False,
) -> dict[str, Any]:
    duration = session.duration_minutes
    start = minutes_of(session.start_time)
    end = start + duration
    if minutes is not None:
        if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 0:
            raise ValidationError("Minutes attended must be a whole number, zero or more.", field="minutes")
        if minutes > duration:
            raise ValidationError(
                f"Minutes attended can't be more than the session's {duration} minutes.", field="minutes"
            )
    if arrived is not None and minutes_of(arrived) >= end:
        raise ValidationError("The arrival time is after the session ended.", field="arrived")
    if departed is not None and minutes_of(departed) <= start:
        raise ValidationError("The departure time is before the session started.", field="departed")
    if arrived is not None and departed is not None and departed <= arrived:
        raise ValidationError("The departure time must be after the arrival time.", field="departed")
    if minutes is not None and (arrived is not None or departed is not None):
        # The times bound what can have been attended: 180 minutes typed for someone who came at 10:00
        # to a 09:00–12:00 session would show 180 on the mark and count 120 in the hours.
        begin = max(start, minutes_of(arrived)) if arrived is not None else start
        finish = min(end, minutes_of(departed)) if departed is not None else end
        if minutes > finish - begin:
            if arrived is not None and departed is not None:
                between = "between the arrival and departure times"
            elif arrived is not None:
                between = "from the arrival to the session's end"
            else:
                between = "from the session's start to the departure"
            raise ValidationError(
                f"Minutes attended can't be more than the {finish - begin} minutes {between}.",
                field="minutes",
            )
    typed = False
    if status in vocab.ATTENDED_STATUSES:
        derived = derived_minutes(status, arrived, departed, session.start_time, duration)
        # Typed minutes equal to what the times (or the whole session) give are not a fact of their own.
        typed = minutes is not None and minutes != derived
        if minutes is None and not time_later:
            if status == "late" and arrived is None:
                raise ValidationError(
                    "Enter the arrival time (or the minutes attended) for a late arrival.", field="arrived"
                )
            if status == "left_early" and departed is None:
                raise ValidationError(
                    "Enter the departure time (or the minutes attended) for someone who left early.",
                    field="departed",
                )
        if minutes is None:
            # Time outside the session (early arrival, staying on) is not session time; a mark
            # whose time is still to come is worth nothing known yet (None).
            minutes = derived
    else:
        label = vocab.ATTENDANCE_STATUSES[status][0]
        if minutes:
            raise ValidationError(f"“{label}” has no minutes attended.", field="minutes")
        if arrived is not None or departed is not None:
            raise ValidationError(f"“{label}” has no arrival or departure time.", field="arrived")
        minutes = None if status == "not_recorded" else 0
    if comment is None:
        comment = row.comment if row is not None else ""
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError(
            f"Keep the comment under {COMMENT_MAX} characters; longer observations belong in the note.",
            field="comment",
        )
    return {
        "status": status,
        "minutes_attended": minutes,
        "minutes_typed": typed,
        "arrived_at": arrived,
        "departed_at": departed,
        "comment": comment,
        "walk_in_reason": row.walk_in_reason if row is not None else None,
    }
