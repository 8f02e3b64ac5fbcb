"""The Notes screen: unsigned work, the group-note editor, the co-sign queue, search and printing.

- view, controller            The screen's layout (tabs), and NotesController that owns it.
- lists, lists_controller     My unsigned notes and the co-sign queue: their panels, and reading them.
- search_panel, search_controller
                              Finding notes by their words: the panel, and the search.
- editor, editor_controller   The note editor: its layout, and EditorController (which note and part,
                              the buttons), with header, part_fields, field_edit, editor_keys, models.
- open_note                   The note open in the editor: every read and write, and the autosave.
- actions, signing, editing   The editor's helpers (the names check, conflicts, writing aids; signing,
                              addenda, co-signing) and what of the editor they may use.
- dialogs, conflict_dialog, snippets_dialog, print_dialog, formats_dialog, fields_model
                              The dialogs the actions open.
- menu                        The File menu's "Note formats…".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iopdesk.domain.kernel.actor import Actor

if TYPE_CHECKING:
    from iopdesk.ui.views.notes.controller import NotesController
    from iopdesk.ui.views.notes.view import NotesView


def build(actor: Actor) -> NotesController:
    """The view, then the controller that owns it (loaded here: the File menu loads this package)."""
    return assemble(actor, layout(actor))


def layout(actor: Actor) -> NotesView:
    """The view alone, laid out for what the actor may read: widgets, no data (made ahead while
    the window waits: ui/build_ahead.py)."""
    from iopdesk.domain.kernel import clock, permissions
    from iopdesk.ui.views.notes.view import NotesView

    readable = permissions.can(actor, permissions.NOTE_READ)
    return NotesView(lambda: clock.site_today(actor.site_id), readable=readable)


def assemble(actor: Actor, view: NotesView) -> NotesController:
    """The controller over a view ``layout`` made; the lists are read when the view is shown."""
    from iopdesk.ui.views.notes.controller import NotesController

    return NotesController(view, actor)
