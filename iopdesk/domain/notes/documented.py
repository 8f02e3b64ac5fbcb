"""What a note documents, frozen when it is sealed: the session as it ran and the member's own time.

At signing (or submission for co-signature) the note keeps a copy of the
session's time, length, topic, modality and facilitators, and for a member's
part their attendance: status, arrival and departure, and the minutes, with
the stretch of the session they were there ("arrived 10:45 at a 09:00–12:00
group": attended 10:45–12:00, 75 minutes). The copy is part of the signed row
(migration 0005's triggers refuse changing it), so an old note goes on showing
who facilitated then and when the member came, whatever changes later; a
change to the member's attendance after signing is added to the note as an
addendum (attendance/documented.py). Unsigned notes show the live facts.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from peewee import chunked

from iopdesk.domain.calendar.session_time import MarkTime, as_time, attended_span, session_span
from iopdesk.domain.kernel import vocab
from iopdesk.store.models import Attendance, Note, Session


class HeaderLike(Protocol):
    """What a session header (notes/views.py SessionHeader) gives a note's frozen copy."""

    @property
    def start_time(self) -> dt.time: ...
    @property
    def duration_minutes(self) -> int: ...
    @property
    def facilitators(self) -> tuple[str, ...]: ...
    @property
    def topic(self) -> str: ...
    @property
    def modality(self) -> str: ...


@dataclass(frozen=True)
class MemberTime:
    """A member's own time at the session."""

    status: str  # vocab.ATTENDANCE_STATUSES
    arrived_at: dt.time | None
    departed_at: dt.time | None
    minutes: int | None  # None: not known (or nothing recorded)
    first: dt.time | None  # the stretch attended; None when not attended or not known
    last: dt.time | None

    def text(self) -> str:
        """ "Late: arrived 10:45 · attended 10:45–12:00 (75 min)"."""
        label = vocab.ATTENDANCE_STATUSES.get(self.status, (self.status,))[0]
        if self.status not in vocab.ATTENDED_STATUSES:
            return label
        parts = []
        if self.arrived_at is not None:
            parts.append(f"arrived {self.arrived_at:%H:%M}")
        if self.departed_at is not None:
            parts.append(f"left {self.departed_at:%H:%M}")
        if self.first is not None and self.last is not None:
            parts.append(f"attended {self.first:%H:%M}–{self.last:%H:%M} ({self.minutes} min)")
        else:
            parts.append("minutes not known" if self.minutes is None else f"{self.minutes} min")
        return f"{label}: " + " · ".join(parts)


@dataclass(frozen=True)
class Documented:
    """The session as a sealed note documents it."""

    start_time: dt.time
    end_time: dt.time
    duration_minutes: int
    facilitators: tuple[str, ...]
    topic: str
    modality: str
    attendance: MemberTime | None  # a member's part only


def member_time(
    status: str,
    minutes: int | None,
    typed: bool,
    arrived: dt.time | None,
    departed: dt.time | None,
    start: dt.time,
    duration: int,
) -> MemberTime:
    span = attended_span(MarkTime(status, minutes, typed, arrived, departed, start, duration))
    if status not in vocab.ATTENDED_STATUSES:
        return MemberTime(status, None, None, None if status == "not_recorded" else 0, None, None)
    if span is None:
        return MemberTime(status, arrived, departed, None, None, None)
    return MemberTime(status, arrived, departed, span[1] - span[0], as_time(span[0]), as_time(span[1]))


def live_member_times(rows: Iterable[Note]) -> dict[tuple[UUID, UUID], MemberTime]:
    """{(session, client): MemberTime} for the members' parts among ``rows`` (one query per 500)."""
    pairs = {(r.session_id, r.client_id) for r in rows if r.client_id is not None}
    out: dict[tuple[UUID, UUID], MemberTime] = {}
    for batch in chunked(sorted({s for s, _ in pairs}, key=str), 500):
        query = (
            Attendance.select(
                Attendance.session,
                Attendance.client,
                Attendance.status,
                Attendance.minutes_attended,
                Attendance.minutes_typed,
                Attendance.arrived_at,
                Attendance.departed_at,
                Session.start_time,
                Session.duration_minutes,
            )
            .join(Session, on=(Attendance.session == Session.id))
            .where(Attendance.session.in_(batch) & Attendance.retired_at.is_null())
            .tuples()
        )
        for session_id, client_id, status, minutes, typed, arrived, departed, start, length in query:
            if (session_id, client_id) in pairs:
                out[(session_id, client_id)] = member_time(
                    status, minutes, bool(typed), arrived, departed, start, length
                )
    return out


def documented_json(
    row: Note, header: HeaderLike, times: Mapping[tuple[UUID, UUID], MemberTime] | None = None
) -> str:
    """The frozen copy stored on the note when it is sealed.

    ``times``: live_member_times of the parts sealed together (read once for a whole group note);
    by default this part's own is read.
    """
    doc: dict[str, Any] = {
        "start": header.start_time.strftime("%H:%M"),
        "minutes": header.duration_minutes,
        "facilitators": list(header.facilitators),
        "topic": header.topic,
        "modality": header.modality,
    }
    if row.client_id is not None:
        time = (times if times is not None else live_member_times([row])).get((row.session_id, row.client_id))
        doc["attendance"] = (
            None
            if time is None
            else {
                "status": time.status,
                "arrived": _clock(time.arrived_at),
                "departed": _clock(time.departed_at),
                "minutes": time.minutes,
                "first": _clock(time.first),
                "last": _clock(time.last),
            }
        )
    return json.dumps(doc, sort_keys=True)


def parse_documented(text: str | None) -> Documented | None:
    """The stored copy; None for a note sealed before copies were kept (or an unreadable one)."""
    if not text:
        return None
    try:
        doc = json.loads(text)
        start = dt.time.fromisoformat(doc["start"])
        minutes = int(doc["minutes"])
        first, last = session_span(start, minutes)
        seen = doc.get("attendance")
        time = None
        if isinstance(seen, dict):
            time = MemberTime(
                str(seen["status"]),
                _time(seen.get("arrived")),
                _time(seen.get("departed")),
                seen.get("minutes"),
                _time(seen.get("first")),
                _time(seen.get("last")),
            )
        return Documented(
            start_time=start,
            end_time=as_time(last),
            duration_minutes=minutes,
            facilitators=tuple(str(n) for n in doc.get("facilitators", ())),
            topic=str(doc.get("topic", "")),
            modality=str(doc.get("modality", "")),
            attendance=time,
        )
    except (ValueError, KeyError, TypeError):
        return None


def _clock(value: dt.time | None) -> str | None:
    return None if value is None else value.strftime("%H:%M")


def _time(text: Any) -> dt.time | None:
    return None if not text else dt.time.fromisoformat(str(text))
