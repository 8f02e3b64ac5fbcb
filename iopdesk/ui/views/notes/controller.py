"""What the Notes screen does: the tabs' lists, the editor, printing, note formats and snippets.

A counselor's evening: the unsigned list opens first, oldest due at the top;
Enter opens the session's note in the editor; the drafts store themselves.
The controller owns the view (``NotesView``, layout only) and one controller
per tab: the two work lists, the editor, the search.
"""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from iopdesk.domain.kernel import permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.notes import SearchHit
from iopdesk.ui.kit.screen import Screen
from iopdesk.ui.kit.unsaved import UnsavedWork
from iopdesk.ui.views.notes.editor_controller import EditorController
from iopdesk.ui.views.notes.formats_dialog import NoteFormatsDialog
from iopdesk.ui.views.notes.lists_controller import CosignList, UnsignedList
from iopdesk.ui.views.notes.print_dialog import PrintNotesDialog
from iopdesk.ui.views.notes.search_controller import SearchController
from iopdesk.ui.views.notes.view import NotesView


class NotesController(Screen):
    view: NotesView

    def __init__(self, view: NotesView, actor: Actor) -> None:
        super().__init__(view)
        self.actor = actor
        self.readable = view.readable  # the view was laid out for what this actor may read
        self.dialog: QDialog | None = None
        view.snippets_button.clicked.connect(self.manage_snippets)
        view.formats_button.clicked.connect(self.edit_formats)
        view.print_button.clicked.connect(self.print_notes)
        view.formats_button.setVisible(permissions.can(actor, permissions.SETTINGS_EDIT))
        view.snippets_button.setVisible(permissions.can(actor, permissions.NOTE_WRITE))
        if not self.readable:
            view.refusal.setText(permissions.refusal(actor, permissions.NOTE_READ) or "")
            return
        self.unsigned = UnsignedList(view.unsigned, actor, self)
        self.editor = EditorController(view.editor, actor, self)
        self.cosign = CosignList(view.cosign, actor, self)
        self.search = SearchController(view.search, actor, self)
        view.unsigned.session_opened.connect(self.open_session)
        view.cosign.session_opened.connect(self.open_session)
        view.search.hit_opened.connect(self.open_hit)
        view.tabs.currentChanged.connect(self._tab_changed)
        view.print_shortcut.activated.connect(self.print_notes)
        view.find_shortcut.activated.connect(self.find)

    # --- Screen ---------------------------------------------------------------------------
    def activated(self) -> None:
        if not self.readable:
            return
        self._tab_changed(self.view.tabs.currentIndex())

    def save_state(self) -> None:
        if self.readable:
            self.editor.open_note.flush(force=True)  # leaving, locking, closing: try even if failing

    def unsaved_work(self) -> list[UnsavedWork]:
        return self.editor.unsaved_work() if self.readable else []

    # --- behaviour ------------------------------------------------------------------------
    def _tab_changed(self, _index: int) -> None:
        v = self.view
        current = v.tabs.currentWidget()
        if current is not v.editor:
            self.editor.open_note.flush()
        if current is v.unsigned:
            self.unsigned.reload()
            self._count()
            v.unsigned.focus_list()
        elif current is v.cosign:
            self.cosign.reload()
            v.cosign.focus_list()
        elif current is v.search:
            self.search.load_filters()
            v.search.focus_search()
        else:
            self.editor.focus_part()

    def _count(self) -> None:
        tr = self.view.tr
        n = self.view.unsigned.model.rowCount()
        text = tr("My &unsigned notes ({n})").format(n=n) if n else tr("My &unsigned notes")
        self.view.tabs.setTabText(0, text)

    def open_session(self, session_id: UUID, client_id: UUID | None = None) -> None:
        """Show a session's note in the editor, at one member's part (None: the first part)."""
        self.view.tabs.setCurrentWidget(self.view.editor)
        if self.editor.open_session(session_id, client_id):
            self.editor.focus_part()

    def open_hit(self, hit: SearchHit) -> None:
        self.view.tabs.setCurrentWidget(self.view.editor)
        if hit.client_id is not None:
            self.editor.open_chart_note(hit.note_id, hit.client_id)
        else:
            self.editor.open_session(hit.session_id, None, read_only=True)
        self.view.editor.table.setFocus()

    def find(self) -> None:
        self.view.tabs.setCurrentWidget(self.view.search)
        self.view.search.focus_search()

    def print_notes(self) -> None:
        if not self.readable:
            return
        self.editor.open_note.flush()
        row = self.editor.current_row() if self.view.tabs.currentWidget() is self.view.editor else None
        dialog = PrintNotesDialog(self.view, self.actor, row.client_id if row is not None else None)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._print_accepted)
        dialog.finished.connect(self._print_finished)
        self.dialog = dialog
        dialog.open()

    def manage_snippets(self) -> None:
        self.editor.actions.manage_snippets()

    def edit_formats(self) -> None:
        view = None
        if self.readable:
            self.editor.open_note.flush()
            view = self.editor.open_note.view
        dialog = NoteFormatsDialog(self.view, self.actor, view.note_format if view is not None else None)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._formats_finished)
        self.dialog = dialog
        dialog.open()

    def _formats_finished(self, _result: int) -> None:
        self.dialog = None
        if not self.readable:
            return
        # Fields taken out or added show on the next note opened; the open one is read again now.
        c = self.editor.open_note
        if c.view is not None and not c.read_only and not c.dirty():
            c.reload()

    def _print_accepted(self) -> None:
        if isinstance(self.dialog, PrintNotesDialog):
            self._printed(self.dialog.written)

    def _print_finished(self, _result: int) -> None:
        self.dialog = None

    def _printed(self, written: str) -> None:
        if self.view.tabs.currentWidget() is self.view.editor:
            self.editor.done(written)
        else:
            self.view.unsigned.show_done(written)
            self.view.tabs.setCurrentWidget(self.view.unsigned)
