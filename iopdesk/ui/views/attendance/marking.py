"""The open session's attendance: reading it and marking it, every write one domain call.

Write methods return None when the change landed (and announce the fresh rows
by signal) or the message to show when the clinic's rules refused it. A
session more than a week past needs a reason for late entry: the first refusal
asks for it once (``ask_reason``), and the reason is reused until another
session is opened.

A member's mark that their signed note documents changes only with a reason of
its own, which the domain adds to the note as an addendum: it is asked for
specifically (``ask_documented_reason``) and never taken from a late-entry
reason given before, which answered another question.

Late and left early need a time the roll call has no room for (keys typed at
speed would land in a pop-up's field), so a roll call saves them at once
*without their time* (``mark_time_later``: no minutes, flagged "minutes not
known" in the hours, never guessed) and the time typed afterwards updates the
mark. A mark waiting for its time is read from the database (a late arrival
with no arrival time, an early departure with no departure time), so closing
the program loses nothing and the roll call still says the time is missing.

A database that fails on the way (busy, the disk full…) is a refusal like the
others: the message says why, nothing moves on, the same key tries again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from PySide6.QtCore import QObject, Signal

from iopdesk.domain.attendance import documented
from iopdesk.domain.attendance import marking as attendance
from iopdesk.domain.attendance.marking import AttendanceChangeInfo, AttendanceRow, SessionAttendance
from iopdesk.domain.calendar import client_sessions, sessions
from iopdesk.domain.calendar import edits as session_edits
from iopdesk.domain.calendar.sessions import SessionInfo
from iopdesk.domain.clinic import staff
from iopdesk.domain.groups import groups
from iopdesk.domain.groups.groups import GroupInfo
from iopdesk.domain.kernel import permissions, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import ConflictError, DomainError, StoreError, ValidationError
from iopdesk.ui.kit.unsaved import REFUSED

if TYPE_CHECKING:
    from iopdesk.ui.views.attendance.client_session_dialog import ClientSessionRequest

T = TypeVar("T")


class Refused(Exception):
    """A write did not happen; the message says why."""


class Marking(QObject):
    roster_loaded = Signal(object)
    """A session's attendance was (re)loaded; carries a SessionAttendance, or None when none is open."""

    row_changed = Signal(object)
    """One member's attendance was written; carries the fresh AttendanceRow."""

    def __init__(self, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.current: SessionAttendance | None = None
        self.late_reason: str | None = None
        # The take controller puts a dialog here: it gets the rule's message, returns a reason or None.
        self.ask_reason: Callable[[str], str | None] = lambda message: None
        # And here the one asking why a mark a signed note documents changes (same contract).
        self.ask_documented_reason: Callable[[str], str | None] = lambda message: None

    @property
    def session_id(self) -> UUID | None:
        return self.current.session.id if self.current is not None else None

    @property
    def session(self) -> SessionInfo | None:
        return self.current.session if self.current is not None else None

    # --- marks waiting for a time ------------------------------------------------------
    def waiting_here(self) -> dict[UUID, str]:
        """The open session's members whose late or left-early mark is saved without its time."""
        rows = self.current.rows if self.current is not None else ()
        return {r.client_id: r.status for r in rows if waits_for_time(r)}

    def waiting_status(self, client_id: UUID) -> str | None:
        rows = self.current.rows if self.current is not None else ()
        row = next((r for r in rows if r.client_id == client_id), None)
        return row.status if row is not None and waits_for_time(row) else None

    def mark_time_later(self, row: AttendanceRow, status: str) -> str | None:
        """L or E in the roll call: saved now, its arrival or departure time typed afterwards."""
        return self.mark(row, status, time_later=True)

    # --- reading -----------------------------------------------------------------
    def sessions_on(self, day: dt.date) -> tuple[list[SessionInfo], str | None]:
        try:
            return sessions.sessions_on(self.actor, day), None
        except REFUSED as exc:
            return [], str(exc)

    def open(self, session_id: UUID | None) -> str | None:
        """Show another session (None: none); a late-entry reason is asked afresh for it."""
        if session_id != self.session_id:
            self.late_reason = None
        if session_id is None:
            self.current = None
            self.roster_loaded.emit(None)
            return None
        try:
            self.current = attendance.session_attendance(self.actor, session_id)
        except REFUSED as exc:
            self.current = None
            self.roster_loaded.emit(None)
            return str(exc)
        self.roster_loaded.emit(self.current)
        return None

    def reload(self) -> str | None:
        return self.open(self.session_id)

    def changes(self, client_id: UUID) -> tuple[tuple[AttendanceChangeInfo, ...], str | None]:
        if self.session_id is None:
            return (), None
        try:
            return attendance.attendance_changes(self.actor, self.session_id, client_id), None
        except REFUSED as exc:
            return (), str(exc)

    # --- writing -----------------------------------------------------------------
    def mark(
        self,
        row: AttendanceRow,
        status: str,
        *,
        minutes: int | None = None,
        arrived: dt.time | None = None,
        departed: dt.time | None = None,
        comment: str | None = None,
        time_later: bool = False,
    ) -> str | None:
        session_id = self.session_id
        if session_id is None:
            return self.tr("Choose a session first.")

        def call(reason: str | None) -> AttendanceRow:
            return attendance.mark(
                self.actor,
                session_id,
                row.client_id,
                status,
                minutes,
                arrived,
                departed,
                comment,
                reason,
                expected_version=row.version,
                time_later=time_later,
            )

        try:
            if self._documented(row, status, minutes, arrived, departed):
                fresh = self._with_documented_reason(call, row, status)
            else:
                fresh = self._with_reason(call)
        except Refused as exc:
            return str(exc)
        self._replace(fresh)
        self.row_changed.emit(fresh)
        return None

    def set_comment(self, row: AttendanceRow, comment: str) -> str | None:
        """Change only the comment: the status and its times stay as they are."""
        attended = row.status in ("present", "late", "left_early")
        return self.mark(
            row,
            row.status,
            minutes=row.minutes_attended if attended else None,
            arrived=row.arrived_at,
            departed=row.departed_at,
            comment=comment,
        )

    def mark_all_present(self) -> str | None:
        session_id = self.session_id
        if session_id is None:
            return self.tr("Choose a session first.")
        try:
            self.current = self._with_reason(
                lambda reason: attendance.mark_all_present(self.actor, session_id, reason)
            )
        except Refused as exc:
            return str(exc)
        self.roster_loaded.emit(self.current)
        return None

    def add_walk_in(self, client_id: UUID, reason: str) -> str | None:
        session_id = self.session_id
        if session_id is None:
            return self.tr("Choose a session first.")
        try:
            self._attempt(lambda: attendance.add_walk_in(self.actor, session_id, client_id, reason))
        except Refused as exc:
            return str(exc)
        if not self.late_reason and (reason or "").strip():
            self.late_reason = reason.strip()  # it served as the late-entry reason too
        return self.reload()

    def cancel_session(self, reason: str) -> str | None:
        return self._edit(lambda sid: session_edits.cancel_session(self.actor, sid, reason))

    def reinstate_session(self) -> str | None:
        return self._edit(lambda sid: session_edits.reinstate_session(self.actor, sid))

    def reschedule_session(self, day: dt.date, start: dt.time | None) -> str | None:
        return self._edit(lambda sid: session_edits.reschedule_session(self.actor, sid, day, start))

    def add_session(
        self,
        group_id: UUID,
        day: dt.date,
        start: dt.time,
        minutes: int,
        topic: str,
        facilitator_id: UUID | None = None,
    ) -> tuple[SessionInfo | None, str | None]:
        try:
            info = self._attempt(
                lambda: session_edits.add_session(
                    self.actor, group_id, day, start, minutes, facilitator_id=facilitator_id, topic=topic
                )
            )
        except Refused as exc:
            return None, str(exc)
        return info, None

    def extra_session_defaults(
        self, group_id: UUID, day: dt.date
    ) -> session_edits.ExtraSessionDefaults | None:
        try:
            return session_edits.extra_session_defaults(self.actor, group_id, day)
        except REFUSED:
            return None

    def facilitators(self) -> list[tuple[UUID, str]]:
        """Who can lead a session (clinical staff), by name."""
        try:
            people = staff.list_staff(self.actor)
        except REFUSED:
            return []
        return [(p.id, p.display_name) for p in people if p.role in ("counselor", "supervisor")]

    def schedule_client_session(self, request: ClientSessionRequest) -> tuple[SessionInfo | None, str | None]:
        r = request
        try:
            info = self._attempt(
                lambda: client_sessions.schedule_client_session(
                    self.actor,
                    r.client_id,
                    r.kind,
                    r.date,
                    r.start_time,
                    r.duration_minutes,
                    facilitator_id=r.facilitator_id,
                    modality=r.modality,
                    topic=r.topic,
                    room=r.room,
                    family_members=r.family_members,
                )
            )
        except Refused as exc:
            return None, str(exc)
        return info, None

    def family_members(self) -> tuple[list[tuple[str, str]], str | None]:
        """Who came to the open family session, as (name, relationship) pairs."""
        if self.session_id is None:
            return [], self.tr("Choose a session first.")
        try:
            found = client_sessions.family_members(self.actor, self.session_id)
        except REFUSED as exc:
            return [], str(exc)
        return [(m.name, m.relationship) for m in found], None

    def set_family_members(self, members: list[tuple[str, str]]) -> str | None:
        return self._edit(lambda sid: client_sessions.set_family_members(self.actor, sid, members))

    def groups(self) -> list[GroupInfo]:
        try:
            return groups.list_groups(self.actor)
        except REFUSED:
            return []

    def session_info(self, session_id: UUID) -> tuple[SessionInfo | None, str | None]:
        try:
            return sessions.get_session(self.actor, session_id), None
        except REFUSED as exc:
            return None, str(exc)

    # --- plumbing ----------------------------------------------------------------
    def _edit(self, call: Callable[[UUID], Any]) -> str | None:
        session_id = self.session_id
        if session_id is None:
            return self.tr("Choose a session first.")
        try:
            self._attempt(lambda: call(session_id))
        except Refused as exc:
            return str(exc)
        return self.reload()

    def _attempt(self, call: Callable[[], T]) -> T:
        try:
            return call()
        except ConflictError as exc:
            self.reload()
            raise Refused(str(exc)) from exc
        except DomainError as exc:
            raise Refused(str(exc)) from exc
        except StoreError as exc:
            raise Refused(self.tr("Not saved: {reason}").format(reason=exc)) from exc

    def _with_reason(self, call: Callable[[str | None], T]) -> T:
        try:
            return self._attempt(lambda: call(self.late_reason))
        except Refused as exc:
            cause = exc.__cause__
            if not (isinstance(cause, ValidationError) and cause.field == "reason") or self.late_reason:
                raise
            reason = (self.ask_reason(str(exc)) or "").strip()
            if not reason:
                raise Refused(self.tr("Nothing was recorded: a late entry needs a reason.")) from None
            self.late_reason = reason
        return self._attempt(lambda: call(self.late_reason))

    def _documented(
        self,
        row: AttendanceRow,
        status: str,
        minutes: int | None,
        arrived: dt.time | None,
        departed: dt.time | None,
    ) -> bool:
        """Whether the change needs the reason a signed note asks for, from someone who can give it
        (anyone else is refused by the domain, saying why, without being asked)."""
        if self.session_id is None or not permissions.can(self.actor, permissions.NOTE_WRITE):
            return False
        try:
            return documented.change_needs_reason(
                self.actor, self.session_id, row.client_id, status, minutes, arrived, departed
            )
        except DomainError:
            return False  # marking says what is wrong

    def _with_documented_reason(self, call: Callable[[str | None], T], row: AttendanceRow, status: str) -> T:
        before = vocab.ATTENDANCE_STATUSES.get(row.status, (row.status,))[0]
        after = vocab.ATTENDANCE_STATUSES.get(status, (status,))[0]
        same = self.tr("{status}, with other times or minutes").format(status=after)
        change = f"{before} → {after}" if before != after else same
        message = self.tr(
            "{name}'s note for this session is signed and documents this mark: {change}. "
            "Say why it changes; an addendum to the note will record it."
        ).format(name=row.display_name, change=change)
        reason = (self.ask_documented_reason(message) or "").strip()
        if not reason:
            raise Refused(
                self.tr(
                    "Nothing was changed: {name}'s signed note documents this mark, so changing it "
                    "needs a reason (an addendum records it)."
                ).format(name=row.display_name)
            )
        # This reason also serves as a late entry's (an old session): one reason, said for this change.
        return self._attempt(lambda: call(reason))

    def _replace(self, fresh: AttendanceRow) -> None:
        if self.current is None:
            return
        rows = tuple(fresh if r.client_id == fresh.client_id else r for r in self.current.rows)
        self.current = SessionAttendance(self.current.session, rows)


def waits_for_time(row: AttendanceRow) -> bool:
    """A late arrival saved without its arrival time, or an early departure without its departure
    time (and no minutes typed instead): the roll call still asks for it."""
    if row.minutes_attended is not None:
        return False
    if row.status == "late":
        return row.arrived_at is None
    return row.status == "left_early" and row.departed_at is None
