"""What the open note asks the domain for around signing: the names check and what else stops
signing, writing aids (snippets, copying the last note), signing, addenda and co-signature.

Apart from open_note.py (reading the note, autosaving drafts, merging conflicts): ``OpenNote``
inherits these calls, so its callers ask it for them as before. Each is one domain call and
returns the message to show, or None when the change landed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol
from uuid import UUID

from iopdesk.domain import notes
from iopdesk.domain.access import accounts
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import GuardError
from iopdesk.domain.notes import CopyResult, Flag, GroupSignResult, NoteView, SaveResult
from iopdesk.domain.notes.readiness import Readiness, signing_readiness
from iopdesk.ui.kit.unsaved import REFUSED


class _OpenNote(Protocol):
    """What these calls use of ``OpenNote``."""

    actor: Actor
    versions: dict[UUID, int]

    @property
    def session_id(self) -> UUID | None: ...

    def flush(self, *, force: bool = False) -> bool: ...

    def tr(self, text: str, /) -> str: ...


class SigningCalls:
    """The calls around signing that ``OpenNote`` inherits (it is their ``self``)."""

    # --- the names check, and what else stops signing -------------------------------
    def readiness(self: _OpenNote, note_ids: Sequence[UUID]) -> tuple[Readiness | None, str | None]:
        """Everything that stops these parts from being signed (run before asking for a password)."""
        try:
            return signing_readiness(self.actor, note_ids), None
        except REFUSED as exc:
            return None, str(exc)

    def check(self: _OpenNote, note_id: UUID) -> tuple[list[Flag], str | None]:
        try:
            return notes.check_confidentiality(self.actor, note_id), None
        except REFUSED as exc:
            return [], str(exc)

    def replace(self: _OpenNote, note_id: UUID, flags: Sequence[Flag]) -> str | None:
        if not self.flush():
            return self.tr("Save the note first (see the message above), then replace.")
        try:
            result: SaveResult = notes.apply_peer_replacement(
                self.actor, note_id, list(flags), self.versions.get(note_id, 0)
            )
        except REFUSED as exc:
            return str(exc)
        self.versions[note_id] = result.version
        return None

    # --- writing aids -------------------------------------------------------------------
    def snippets(self: _OpenNote) -> tuple[list[notes.SnippetView], str | None]:
        try:
            return notes.list_snippets(self.actor), None
        except REFUSED as exc:
            return [], str(exc)

    def add_snippet(self: _OpenNote, title: str, text: str) -> str | None:
        try:
            notes.add_snippet(self.actor, title, text)
        except REFUSED as exc:
            return str(exc)
        return None

    def copy_last(self: _OpenNote, note_id: UUID) -> tuple[CopyResult | None, str | None]:
        if not self.flush():
            return None, self.tr("Save the note first (see the message above).")
        try:
            return notes.copy_from_last(self.actor, note_id, self.versions.get(note_id)), None
        except REFUSED as exc:
            return None, str(exc)

    # --- signing ------------------------------------------------------------------------
    def confirm_identity(self: _OpenNote, password: str | None) -> str | None:
        if password is None:
            return None
        try:
            accounts.confirm_password(self.actor, password)
        except REFUSED as exc:
            return str(exc)
        return None

    def sign(
        self: _OpenNote, note_id: UUID, override_reason: str = ""
    ) -> tuple[NoteView | None, str | None, list[Flag]]:
        try:
            signed = notes.sign_note(
                self.actor, note_id, True, override_reason, expected_version=self.versions.get(note_id)
            )
        except GuardError as exc:
            return None, str(exc), list(getattr(exc, "flags", ()))
        except REFUSED as exc:
            return None, str(exc), []
        return signed, None, []

    def sign_all(
        self: _OpenNote, override_reason: str = ""
    ) -> tuple[GroupSignResult | None, str | None, list[Flag]]:
        session_id = self.session_id
        if session_id is None:
            return None, self.tr("Open a session's note first."), []
        try:
            return notes.sign_group_note(self.actor, session_id, True, override_reason), None, []
        except GuardError as exc:
            return None, str(exc), list(getattr(exc, "flags", ()))
        except REFUSED as exc:
            return None, str(exc), []

    def add_addendum(self: _OpenNote, note_id: UUID, text: str) -> str | None:
        try:
            notes.add_addendum(self.actor, note_id, text)
        except REFUSED as exc:
            return str(exc)
        return None

    # --- co-signature -------------------------------------------------------------------
    def cosign(self: _OpenNote, note_id: UUID) -> str | None:
        return _attempt(lambda: notes.cosign(self.actor, note_id))

    def cosign_all(self: _OpenNote) -> str | None:
        session_id = self.session_id
        if session_id is None:
            return self.tr("Open a session's note first.")
        return _attempt(lambda: notes.cosign_session(self.actor, session_id))

    def return_note(self: _OpenNote, note_id: UUID, comment: str) -> str | None:
        return _attempt(lambda: notes.return_note(self.actor, note_id, comment))


def _attempt(call: Callable[[], object]) -> str | None:
    try:
        call()
    except REFUSED as exc:
        return str(exc)
    return None
