"""Clock time within a session: which minutes of the day a member attended, counted once.

A session runs from its start for its length, both as they stand now (a
session that ran long and was lengthened after the marks counts the longer
time). A mark's stretch of that time (REFERENCE §2: minutes actually attended):

- "present" with no times: the whole session as it finally ran;
- arrival and/or departure times: from the later of arrival and start to the
  earlier of departure and end (time outside the session is not session time),
  so times keep their own minutes whatever the session's length becomes;
- minutes typed in by hand (``typed``): that many minutes, never more than
  the session lasts, placed where the times say (from the arrival, or up to
  the departure), else at the end of the session for a late arrival and from
  its start otherwise: the only place known, used to count overlaps once;
- "late" with no arrival time, or "left early" with no departure time, and no
  typed minutes (an import, older data): NOT KNOWN. It counts nothing and the
  hours say so ("minutes not known"), rather than guessing the whole session.

Two sessions attended on one day whose times overlap (one group 09:00–12:00,
another 10:00–13:00) count their clock time once: 240 minutes, not 360. Marks
are not refused for overlapping (a member may step from one group to the next,
and times often come after the roll call); the count is what stays true.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from iopdesk.domain.calendar.generation import minutes_of
from iopdesk.domain.kernel.vocab import ATTENDED_STATUSES

Span = tuple[int, int]  # [first, last) minutes of the day


@dataclass(frozen=True)
class MarkTime:
    """What the hours need of one mark and its session."""

    status: str
    minutes: int | None  # stored minutes attended
    typed: bool  # the minutes were typed in by hand (kept as given)
    arrived: dt.time | None
    departed: dt.time | None
    start: dt.time  # the session's start, as it stands
    duration: int  # the session's length in minutes, as it stands


def session_span(start: dt.time, duration: int) -> Span:
    first = minutes_of(start)
    return first, first + duration


def attended_span(mark: MarkTime) -> Span | None:
    """The stretch of the day the mark is worth; ``None`` when it cannot be known.

    A mark that is not attendance (absent, cancelled, not recorded) is worth an
    empty stretch, never ``None``.
    """
    if mark.status not in ATTENDED_STATUSES:
        return (0, 0)
    first, last = session_span(mark.start, mark.duration)
    arrived = minutes_of(mark.arrived) if mark.arrived is not None else None
    departed = minutes_of(mark.departed) if mark.departed is not None else None
    if mark.typed and mark.minutes is not None:
        worth = max(0, min(int(mark.minutes), mark.duration))
        if arrived is not None:
            begin = min(max(first, arrived), last)
            return begin, min(last, begin + worth)
        if departed is not None:
            end = max(min(last, departed), first)
            return max(first, end - worth), end
        if mark.status == "late":
            return last - worth, last
        return first, first + worth
    if mark.status == "late" and arrived is None:
        return None
    if mark.status == "left_early" and departed is None:
        return None
    begin = max(first, arrived) if arrived is not None else first
    end = min(last, departed) if departed is not None else last
    return (begin, end) if end > begin else (begin, begin)


def attended_minutes(mark: MarkTime) -> int | None:
    """Minutes the mark is worth on its own; ``None`` when not known."""
    span = attended_span(mark)
    return None if span is None else span[1] - span[0]


def derived_minutes(
    status: str, arrived: dt.time | None, departed: dt.time | None, start: dt.time, duration: int
) -> int | None:
    """What a mark without typed minutes is worth: the whole session, or what its times say."""
    return attended_minutes(MarkTime(status, None, False, arrived, departed, start, duration))


def union_minutes(spans: Iterable[Span]) -> int:
    """Clock minutes covered by the spans, each minute once."""
    total = 0
    end = None
    for first, last in sorted(s for s in spans if s[1] > s[0]):
        if end is None or first >= end:
            total += last - first
            end = last
        elif last > end:
            total += last - end
            end = last
    return total


def time_text(minute: int) -> str:
    """Minutes of the day as HH:MM (a span's ends)."""
    return f"{(minute // 60) % 24:02d}:{minute % 60:02d}"


def as_time(minute: int) -> dt.time:
    return dt.time((minute // 60) % 24, minute % 60)
