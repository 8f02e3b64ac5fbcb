"""The note open in the editor: reading it, autosaving drafts, signing; each one domain call.

Typing only records the text (``edited``) and restarts a single-shot timer;
when typing stops for AUTOSAVE_MS, at the latest AUTOSAVE_LONGEST_MS after the
first change not yet sent (someone who types on without a pause is saved too),
or before anything else happens to the note (switching part, signing, leaving
the view, closing), ``flush`` sends each changed part with the version it last read. A save that lost a race
comes back as a ConflictInfo (both texts; the domain keeps the losing one)
and is announced for the writer to merge.

Text leaves ``pending`` only once its save committed. When the database
fails (busy, the disk full, read-only, gone: kit/unsaved.py) the text stays
pending, ``store_problem`` carries the banner's words, and a timer tries
again (not at all once the file is gone: then only a forced flush, Ctrl+S).
While that lasts, no other note opens over the unsaved text.

Methods return None when the change landed, or the message to show.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from uuid import UUID

from PySide6.QtCore import QObject, QTimer, Signal

from iopdesk.domain import notes
from iopdesk.domain.access import accounts
from iopdesk.domain.attendance import marking as attendance
from iopdesk.domain.attendance.marking import AttendanceRow
from iopdesk.domain.calendar import client_sessions, sessions
from iopdesk.domain.calendar.sessions import SessionInfo
from iopdesk.domain.kernel import clock, permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.busy import waiting_at_most
from iopdesk.domain.kernel.errors import DomainError, StoreError
from iopdesk.domain.notes import (
    ConflictInfo,
    ConflictView,
    GroupNoteView,
    MemberPart,
    NoteView,
)
from iopdesk.ui.kit.unsaved import REFUSED, Retry, not_saved_text
from iopdesk.ui.views.notes.open_note_signing import SigningCalls

log = logging.getLogger(__name__)

AUTOSAVE_MS = 2000
AUTOSAVE_LONGEST_MS = 10_000  # typing that never pauses for AUTOSAVE_MS is still saved this often
RETRY_WAIT_S = 0.5  # a retry waits this long for another workstation's lock, not the full 10 s


class OpenNote(QObject, SigningCalls):
    loaded = Signal(object)
    """A session's note was (re)read; carries the GroupNoteView, or None when none is open."""
    saved = Signal(object)
    """A part's draft was stored; carries the SaveResult."""
    conflicted = Signal(object)
    """A save lost a race with another one; carries the ConflictInfo (both texts)."""
    failed = Signal(str)
    """Something could not be saved or done; carries the message for the person."""
    store_problem = Signal(str)
    """Typed text waits for the database (carries the banner's words), or "" once it all landed."""

    def __init__(self, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.zone = clock.site_zone(actor.site_id)
        self.view: GroupNoteView | None = None
        self.read_only = False
        self.versions: dict[UUID, int] = {}
        self.pending: dict[UUID, dict[str, str]] = {}
        self.held: set[UUID] = set()  # parts waiting for the writer to merge a conflict
        self.leaving_unsaved = False  # the writer was told that refused text would be left behind
        self.refused: dict[UUID, str] = {}  # parts a clinic rule would not store, and why
        self.problem: StoreError | None = None  # why typed text waits for the database, if it does
        self.expected: tuple[AttendanceRow, ...] | None = None  # the open session's attendance, once read
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.flush)
        self.longest = QTimer(self)
        self.longest.setSingleShot(True)
        self.longest.setInterval(AUTOSAVE_LONGEST_MS)
        self.longest.timeout.connect(self.flush)
        self.retry = Retry(self.retry_now, self)

    @property
    def session_id(self) -> UUID | None:
        return self.view.header.session_id if self.view is not None else None

    # --- reading ------------------------------------------------------------------
    def open(self, session_id: UUID, *, read_only: bool = False) -> str | None:
        """Show a session's note (its parts created as the domain decides); flushes the open one first.

        Typed text is never dropped silently: with a conflict still to merge, nothing else opens; with
        text the clinic refused to store, the first attempt says so and the second one leaves it; with
        text the database has not taken yet, nothing opens (not even this note again) until it has.
        """
        saved = self.flush(force=True)
        if not saved and self.problem is not None:
            return self.tr(
                "Your typing in this note is not saved yet (see the line above): it stays here until "
                "the database takes it. Try again in a moment, or save the text to a file."
            )
        # Opening the same note again reads it afresh over the screen's text, so refused text is
        # announced before that too; a conflict's text is kept by the domain, so it may reopen.
        if not saved and (session_id != self.session_id or self.unsaved()):
            if self.held and session_id != self.session_id:
                return self.tr("First choose which text to keep in the note that is open (the dialog above).")
            if not self.leaving_unsaved:
                self.leaving_unsaved = True
                return self.tr(
                    "Your last changes to this note could not be stored (see the message). "
                    "Copy what you need; opening a note again leaves them behind."
                )
        try:
            # Opened to be read (a search hit): no part is started, so none becomes the reader's.
            view = notes.open_session_note(self.actor, session_id, create=not read_only)
        except REFUSED as exc:
            return str(exc)
        self._show(view, read_only)
        return None

    def show_chart_entry(self, note_id: UUID, client_id: UUID) -> str | None:
        """One client's note read-only, as their chart holds it (with the group's shared part)."""
        if not self.flush(force=True) and self.problem is not None:
            return self.tr(
                "Your typing in the open note is not saved yet (see the line above): it stays open "
                "until the database takes it."
            )
        try:
            entry = next((e for e in notes.client_notes(self.actor, client_id) if e.note.id == note_id), None)
        except REFUSED as exc:
            return str(exc)
        if entry is None:
            return self.tr("That note is no longer in the client's chart.")
        member = MemberPart(client_id, entry.note.client_name, "", "", True, entry.note)
        view = GroupNoteView(
            entry.session,
            entry.note.note_format,
            notes.template_for(entry.note.note_format),
            entry.shared,
            (member,),
            0,
            (),
            0,
        )
        self._show(view, True)
        return None

    def reload(self) -> str | None:
        session_id = self.session_id
        if session_id is None:
            return None
        return self.open(session_id, read_only=self.read_only)

    def close(self) -> None:
        if not self.flush(force=True) and self.problem is not None:
            return  # the text stays, and so does its note
        self.view = None
        self.expected = None
        self.versions.clear()
        self.loaded.emit(None)

    def _show(self, view: GroupNoteView, read_only: bool) -> None:
        self.view = view
        self.read_only = read_only
        self.expected = None  # read again for this opening (without_part)
        parts = [view.shared] + [m.note for m in view.members]
        self.versions = {n.id: n.version for n in parts if n is not None}
        # Whatever could not be stored was refused for good (signed meanwhile, no longer allowed).
        self.pending.clear()
        self.held.clear()
        self.refused.clear()
        self.leaving_unsaved = False
        self.loaded.emit(view)

    def sessions_on(self, day: dt.date) -> tuple[list[SessionInfo], str | None]:
        try:
            return sessions.sessions_on(self.actor, day), None
        except REFUSED as exc:
            return [], str(exc)

    def session_info(self, session_id: UUID) -> SessionInfo | None:
        try:
            return sessions.get_session(self.actor, session_id)
        except REFUSED:
            return None

    def without_part(self, known: set[UUID]) -> list[AttendanceRow]:
        """Members expected at the open group session who have no part (absent, not yet marked)."""
        if self.view is None or self.view.header.kind != "group" or self.read_only:
            return []
        if self.expected is None:
            try:
                # Opening the note has just put this session in the audit trail (open_session_note):
                # listing who else was expected is part of that opening, not a second one to record.
                # The header the opening read gives the roster what it needs (not read again).
                h = self.view.header
                self.expected = attendance.listed_rows(
                    self.actor, h.session_id, group_id=h.group_id, client_id=h.client_id, date=h.date
                )
            except REFUSED:
                return []
        # Read once per opening: a redraw after a save or a names check lists the same members
        # as the note it redraws (reopening or reloading the note reads them again).
        return [r for r in self.expected if r.client_id not in known]

    def set_family(self, people: list[tuple[str, str]]) -> str | None:
        session_id = self.session_id
        if session_id is None:
            return self.tr("Open a session's note first.")
        try:
            client_sessions.set_family_members(self.actor, session_id, people)
        except REFUSED as exc:
            return str(exc)
        return self.reload()

    def note(self, note_id: UUID) -> NoteView | None:
        if self.view is None:
            return None
        if self.view.shared is not None and self.view.shared.id == note_id:
            return self.view.shared
        return next((m.note for m in self.view.members if m.note is not None and m.note.id == note_id), None)

    def editable(self, note: NoteView | None) -> bool:
        return (
            note is not None
            and not self.read_only
            and note.status in ("draft", "returned")
            and note.author_id == self.actor.staff_id
        )

    def may_cosign(self, note: NoteView | None) -> bool:
        return (
            note is not None
            and not self.read_only
            and note.status == "pending_cosign"
            and permissions.can(
                self.actor, permissions.NOTE_COSIGN, author_id=note.signed_by_id or note.author_id
            )
        )

    def may_add_addendum(self, note: NoteView | None) -> bool:
        return note is not None and note.locked and permissions.can(self.actor, permissions.NOTE_WRITE)

    def needs_password(self) -> bool:
        return accounts.accounts_have_passwords()

    # --- autosave -------------------------------------------------------------------
    def edited(self, note_id: UUID, key: str, text: str) -> None:
        self.pending.setdefault(note_id, {})[key] = text
        self.timer.start()
        if not self.longest.isActive():
            self.longest.start()  # not restarted by each key: runs from the first change unsent

    def dirty(self) -> bool:
        return bool(self.pending)

    def flush(self, *, force: bool = False) -> bool:
        """Store every changed part now; False when something is left unsaved (a conflict, a refusal,
        or the database failing: then the text stays pending and is tried again).

        While the database is failing only the retry, or ``force`` (Ctrl+S, leaving the view,
        closing, locking), tries again: moving between parts would otherwise wait on it each time.
        """
        self.timer.stop()
        self.longest.stop()
        if self.problem is not None and not force:
            return not self.pending
        self.retry.timer.stop()
        ok = True
        for note_id in list(self.pending):
            if note_id in self.held:
                ok = False
                continue
            body = dict(self.pending[note_id])
            try:
                result = notes.save_draft(self.actor, note_id, body, self.versions.get(note_id, 0))
            except StoreError as exc:
                self._not_stored(note_id, exc)
                return False  # the other parts wait for the same next try
            except DomainError as exc:
                log.info("note save refused note=%s (%s)", note_id, type(exc).__name__)
                self.refused[note_id] = str(exc)  # kept on screen and here, and tried again next time
                self.failed.emit(str(exc))
                ok = False
                continue
            self.refused.pop(note_id, None)
            self.versions[note_id] = result.version
            if result.conflict is not None:
                self.held.add(note_id)  # the text stays pending until the writer merges
                self.conflicted.emit(result.conflict)
                ok = False
                continue
            self._landed(note_id, body)
            log.info("note autosaved note=%s version=%d", note_id, result.version)
            self.saved.emit(result)
        if self.problem is not None:
            self.problem = None
            self.retry.reset()
            self.store_problem.emit("")
        return ok

    def stop(self) -> None:
        """The editor is going away: no timer may fire into it afterwards."""
        self.timer.stop()
        self.longest.stop()
        self.retry.reset()

    def retry_now(self) -> bool:
        """The retry timer: one more try at what the database did not take, waiting only a moment
        for another workstation's lock (the window must not freeze while it retries)."""
        with waiting_at_most(RETRY_WAIT_S):
            return self.flush(force=True)

    def _landed(self, note_id: UUID, body: Mapping[str, str]) -> None:
        """The save of ``body`` committed: only now does that text leave memory."""
        left = {k: v for k, v in self.pending.get(note_id, {}).items() if body.get(k) != v}
        if left:
            self.pending[note_id] = left
        else:
            self.pending.pop(note_id, None)

    def _not_stored(self, note_id: UUID, exc: StoreError) -> None:
        self.problem = exc
        delay = self.retry.after_failure(exc)
        log.info("note save not stored note=%s (%s); next try in %s ms", note_id, type(exc).__name__, delay)
        self.store_problem.emit(not_saved_text(exc, delay))

    def unsaved(self) -> dict[UUID, tuple[dict[str, str], str]]:
        """Typed text not stored, by part: (its fields, why). A conflict's text is not among them:
        the domain keeps it aside until the writer merges."""
        out: dict[UUID, tuple[dict[str, str], str]] = {}
        for note_id, body in self.pending.items():
            if note_id in self.held:
                continue
            reason = self.refused.get(note_id) or (str(self.problem) if self.problem is not None else "")
            if reason:
                out[note_id] = (dict(body), reason)
        return out

    def merge(self, note_id: UUID, merged: Mapping[str, str], conflict_id: UUID | None) -> str | None:
        """Store the text the writer chose after a conflict, and mark the kept text as dealt with."""
        before = self.pending.get(note_id)
        self.held.discard(note_id)
        self.pending.pop(note_id, None)
        try:
            result = notes.save_draft(self.actor, note_id, dict(merged), self.versions.get(note_id, 0))
        except StoreError as exc:
            # Not stored: the merge dialog stays open with the chosen text, to try again from there.
            self.held.add(note_id)
            if before is not None:
                self.pending[note_id] = before
            return self.tr(
                "Not saved yet: {reason} Your choice stays here: press the button again to try once more."
            ).format(reason=exc)
        except DomainError as exc:
            return str(exc)
        self.versions[note_id] = result.version
        if result.conflict is not None:
            self.held.add(note_id)
            self.conflicted.emit(result.conflict)
            return None
        if conflict_id is not None:
            try:
                notes.resolve_conflict(self.actor, conflict_id)
            except REFUSED as exc:  # the merged text is stored; the kept one is offered again later
                log.info("conflict left open conflict=%s (%s)", conflict_id, type(exc).__name__)
        self.saved.emit(result)
        return None

    def decide_later(self, note_id: UUID, current_version: int) -> None:
        """The writer set a conflict aside: the note's current text stays, theirs is kept by the domain."""
        self.held.discard(note_id)
        self.pending.pop(note_id, None)
        self.versions[note_id] = current_version

    def kept_texts(self, note_id: UUID) -> list[ConflictView]:
        try:
            return notes.note_conflicts(self.actor, note_id)
        except REFUSED:
            return []

    def now(self) -> dt.datetime:
        return clock.now()


__all__ = ["AUTOSAVE_MS", "ConflictInfo", "OpenNote"]
