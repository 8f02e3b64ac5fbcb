"""The Notes view: unsigned work, the group-note editor, the co-sign queue, search and printing."""

from __future__ import annotations

from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.kit.screen import View


def make_notes_view(actor: Actor) -> View:
    from iopdesk.ui.views.notes.view import NotesView

    return NotesView(actor)
