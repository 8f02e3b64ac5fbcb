"""What the note editor's helpers (``NoteActions``, ``Signing``) may use of the editor's controller.

The controller owns its helpers; they see it only through this, so no helper
imports the controller (and no import goes round in a loop).
"""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.notes import Flag, NoteView
from iopdesk.ui.kit.dialog_slot import DialogSlot
from iopdesk.ui.views.notes.editor import NoteEditor
from iopdesk.ui.views.notes.open_note import OpenNote
from iopdesk.ui.views.notes.part_fields import PartFields


class Editing(Protocol):
    actor: Actor
    view: NoteEditor
    open_note: OpenNote
    dialogs: DialogSlot
    flags: dict[UUID, list[Flag]]  # the names check's findings shown, by note
    flag_counts: dict[UUID, int]  # how many of them stop signing, by note
    warned: dict[object, object]  # flags already shown once before a signing attempt

    @property
    def signer(self) -> str: ...

    def current_note(self) -> NoteView | None: ...

    def current_part(self) -> PartFields | None: ...

    def part_of(self, note_id: UUID) -> PartFields | None: ...

    def what(self, note: NoteView) -> str: ...

    def set_flags(self, note_id: UUID, flags: list[Flag]) -> None: ...

    def refresh_rows(self) -> None: ...

    def select_key(self, key: str | None, *, quiet: bool = False) -> None: ...

    def focus_part(self, key: str | None = None) -> None: ...

    def say(self, text: str) -> None: ...

    def done(self, text: str) -> None: ...
