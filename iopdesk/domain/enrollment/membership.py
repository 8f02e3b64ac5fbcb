"""Who belongs to a group on a date: one definition for rosters, capacity, sheets and warnings.

Dates decide membership, not the status alone: ``end_date`` is the member's
last day (inclusive), and ending an enrollment on a future date keeps the
member on rosters until then. An enrollment ended before it began keeps no
end date and is never counted. This is the same rule as ``expected.py``
(who is expected at a session), which the sign-in sheet uses directly.
"""

from __future__ import annotations

import datetime as dt

from peewee import Expression

from iopdesk.domain.kernel import vocab
from iopdesk.store.models import Enrollment


def _started_not_retired() -> Expression:
    return (
        Enrollment.retired_at.is_null()
        & Enrollment.start_date.is_null(False)
        & (Enrollment.status != "wait_listed")
    )


def holds_place_from(day: dt.date) -> Expression:
    """Enrollments that take one of the group's places on ``day`` or at any time after it."""
    return _started_not_retired() & (
        (Enrollment.status.in_(vocab.CURRENT_ENROLLMENT) & Enrollment.end_date.is_null())
        | (Enrollment.end_date >= day)
    )


def is_current(status: str, end_date: dt.date | None, today: dt.date) -> bool:
    """Whether an enrollment still holds its place today (Python twin of ``holds_place_from``)."""
    if status == "wait_listed":
        return False
    if end_date is None:
        return status in vocab.CURRENT_ENROLLMENT
    return end_date >= today
