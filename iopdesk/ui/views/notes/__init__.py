"""The Notes screen: unsigned work, the group-note editor, the co-sign queue, search and printing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from iopdesk.domain.kernel.actor import Actor

if TYPE_CHECKING:
    from iopdesk.ui.views.notes.controller import NotesController


def build(actor: Actor) -> NotesController:
    """The view, then the controller that owns it."""
    from iopdesk.ui.views.notes.controller import NotesController
    from iopdesk.ui.views.notes.view import NotesView

    return NotesController(NotesView(actor), actor)
