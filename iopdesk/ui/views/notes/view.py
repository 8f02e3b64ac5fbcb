"""The Notes view: my unsigned notes, the note editor, the co-sign queue and search, as tabs.

A counselor's evening: the unsigned list opens first, oldest due at the top;
Enter opens the session's note in the editor; the drafts store themselves.
"""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout

from iopdesk.domain.kernel import permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.notes import SearchHit
from iopdesk.ui.kit.screen import View
from iopdesk.ui.views.notes.editor import NoteEditor
from iopdesk.ui.views.notes.formats_dialog import NoteFormatsDialog
from iopdesk.ui.views.notes.lists import CosignPanel, UnsignedPanel
from iopdesk.ui.views.notes.print_dialog import PrintNotesDialog
from iopdesk.ui.views.notes.search_panel import SearchPanel

PRINT_KEYS = "Ctrl+P"
FIND_KEYS = "Ctrl+F"


class NotesView(View):
    icon_name = "notes"

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.title = self.tr("Notes")
        self.actor = actor
        self.dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        top = QHBoxLayout()
        heading = QLabel(self.title)
        heading.setObjectName("viewTitle")
        top.addWidget(heading, 1)
        self.snippets_button = QPushButton(self.tr("Sni&ppets…"))
        self.snippets_button.clicked.connect(self.manage_snippets)
        top.addWidget(self.snippets_button)
        self.formats_button = QPushButton(self.tr("Note for&mats…"))
        self.formats_button.clicked.connect(self.edit_formats)
        top.addWidget(self.formats_button)
        self.formats_button.setVisible(permissions.can(actor, permissions.SETTINGS_EDIT))
        self.snippets_button.setVisible(permissions.can(actor, permissions.NOTE_WRITE))
        self.print_button = QPushButton(self.tr("Print client notes…  ({keys})").format(keys=PRINT_KEYS))
        self.print_button.clicked.connect(self.print_notes)
        top.addWidget(self.print_button)
        layout.addLayout(top)
        self.readable = permissions.can(actor, permissions.NOTE_READ)
        if not self.readable:
            self.refusal = QLabel(permissions.refusal(actor, permissions.NOTE_READ) or "")
            self.refusal.setObjectName("emptyState")
            self.refusal.setWordWrap(True)
            layout.addWidget(self.refusal)
            layout.addStretch(1)
            self.print_button.hide()
            return
        self.tabs = QTabWidget()
        self.unsigned = UnsignedPanel(actor)
        self.editor = NoteEditor(actor)
        self.cosign = CosignPanel(actor)
        self.search = SearchPanel(actor)
        self.tabs.addTab(self.unsigned, self.tr("My &unsigned notes"))
        self.tabs.addTab(self.editor, self.tr("&Note"))
        self.tabs.addTab(self.cosign, self.tr("C&o-sign queue"))
        self.tabs.addTab(self.search, self.tr("&Search"))
        layout.addWidget(self.tabs, 1)
        self.unsigned.session_opened.connect(self.open_session)
        self.cosign.session_opened.connect(self.open_session)
        self.search.hit_opened.connect(self.open_hit)
        self.tabs.currentChanged.connect(self._tab_changed)
        for keys, slot in ((PRINT_KEYS, self.print_notes), (FIND_KEYS, self.find)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # only while this view is on screen
            shortcut.activated.connect(slot)
        self._fresh = False
        from iopdesk.ui.views.notes import test_hook

        test_hook.install(self)

    # --- View ---------------------------------------------------------------------------
    def activated(self) -> None:
        if not self.readable:
            return
        self._tab_changed(self.tabs.currentIndex())

    def save_state(self) -> None:
        if self.readable:
            self.editor.open_note.flush()

    # --- behaviour ------------------------------------------------------------------------
    def _tab_changed(self, _index: int) -> None:
        current = self.tabs.currentWidget()
        if current is not self.editor:
            self.editor.open_note.flush()
        if current is self.unsigned:
            self.unsigned.reload()
            self._count()
            self.unsigned.focus_list()
        elif current is self.cosign:
            self.cosign.reload()
            self.cosign.focus_list()
        elif current is self.search:
            self.search.load_filters()
            self.search.focus_search()
        else:
            self.editor.focus_part()

    def _count(self) -> None:
        n = self.unsigned.model.rowCount()
        self.tabs.setTabText(
            0, self.tr("My &unsigned notes ({n})").format(n=n) if n else self.tr("My &unsigned notes")
        )

    def open_session(self, session_id: UUID, client_id: UUID | None = None) -> None:
        """Show a session's note in the editor, at one member's part (None: the first part)."""
        self.tabs.setCurrentWidget(self.editor)
        if self.editor.open_session(session_id, client_id):
            self.editor.focus_part()

    def open_hit(self, hit: SearchHit) -> None:
        self.tabs.setCurrentWidget(self.editor)
        if hit.client_id is not None:
            self.editor.open_chart_note(hit.note_id, hit.client_id)
        else:
            self.editor.open_session(hit.session_id, None, read_only=True)
        self.editor.table.setFocus()

    def find(self) -> None:
        self.tabs.setCurrentWidget(self.search)
        self.search.focus_search()

    def print_notes(self) -> None:
        if not self.readable:
            return
        self.editor.open_note.flush()
        row = self.editor.current_row() if self.tabs.currentWidget() is self.editor else None
        dialog = PrintNotesDialog(self, self.actor, row.client_id if row is not None else None)
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
        dialog = NoteFormatsDialog(self, self.actor, view.note_format if view is not None else None)
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
        target = self.editor if self.tabs.currentWidget() is self.editor else None
        if target is not None:
            target.show_message(written)
        else:
            self.unsigned.show_message(written)
            self.tabs.setCurrentWidget(self.unsigned)
