"""Snippets…: my own pieces of note text and the clinic's, to add, change and delete.

The list is the domain's ``list_snippets`` (the clinic's first, then mine);
the form beside it edits the one selected, or a new one. Everyone who writes
notes keeps their own; the clinic's are changed by supervisors and
administrators only (the domain says so when someone else tries). The editor's
Insert snippet menu reads the list afresh each time it opens.
"""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain import notes
from iopdesk.domain.kernel import permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.notes import SnippetView
from iopdesk.domain.notes.snippets import TITLE_MAX
from iopdesk.ui.kit.actions import ctrl_enter_presses
from iopdesk.ui.kit.focus import hand_focus_to
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.kit.rows import Column, RowsModel
from iopdesk.ui.kit.screen_fit import least_size
from iopdesk.ui.kit.unsaved import REFUSED
from iopdesk.ui.views.notes.models import tr


def _whose(snippet: SnippetView) -> str:
    return tr("Clinic") if snippet.clinic_wide else tr("Mine")


def _first_line(snippet: SnippetView) -> str:
    line = snippet.text.splitlines()[0] if snippet.text else ""
    return line if len(line) <= 80 else line[:79] + "…"


class SnippetsModel(RowsModel[SnippetView]):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                Column(tr("Title"), lambda s: s.title),
                Column(tr("Whose"), _whose),
                Column(tr("Text"), _first_line, tooltip=lambda s: s.text),
            ],
            lambda s: s.id,
            parent,
        )


class SnippetsDialog(QDialog):
    def __init__(self, parent: QWidget, actor: Actor) -> None:
        super().__init__(parent)
        self.actor = actor
        self.prompts = Prompts()
        self.may_edit_clinic = permissions.can(actor, permissions.SETTINGS_EDIT)
        self.editing: SnippetView | None = None  # None: the form holds a new snippet
        self.loading = False  # the dialog itself moves the selection (after saving or deleting)
        self.setWindowTitle(tr("Snippets"))
        least_size(self, 860, 480)
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "Snippets are pieces of text you put into a note with Insert snippet (Ctrl+Shift+S). "
                "Yours are yours alone; the clinic's are there for everyone who writes notes."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        columns = QHBoxLayout()
        layout.addLayout(columns, 1)

        left = QVBoxLayout()
        self.model = SnippetsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list for the form; arrows move in it
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAccessibleName(tr("Snippets"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.empty = QLabel(tr("No snippets yet. Write one on the right."))
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        left.addWidget(self.table, 1)
        left.addWidget(self.empty)
        row = QHBoxLayout()
        self.new_button = QPushButton(tr("&New snippet"))
        self.delete_button = QPushButton(tr("&Delete"))
        self.new_button.clicked.connect(self._new_asked)
        self.delete_button.clicked.connect(self.delete_current)
        row.addWidget(self.new_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        left.addLayout(row)
        columns.addLayout(left, 3)

        right = QVBoxLayout()
        self.form_title = QLabel()
        self.form_title.setObjectName("sectionTitle")
        right.addWidget(self.form_title)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.title = QLineEdit()
        self.title.setMaxLength(TITLE_MAX)
        self.title.setPlaceholderText(tr("e.g. Engaged, on topic"))
        self.title.setAccessibleName(tr("Snippet title"))
        self.title_error = self._error_label()
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(160)
        self.text.setAccessibleName(tr("Snippet text"))
        self.text_error = self._error_label()
        self.clinic_wide = QCheckBox(tr("For the whole clinic (everyone who writes notes can insert it)"))
        form.addRow(tr("&Title:"), self._with_error(self.title, self.title_error))
        form.addRow(tr("Te&xt:"), self._with_error(self.text, self.text_error))
        form.addRow("", self.clinic_wide)
        self.clinic_wide.setVisible(self.may_edit_clinic)
        right.addLayout(form, 1)
        self.locked_note = QLabel(
            tr("This is one of the clinic's snippets: a supervisor or administrator can change it.")
        )
        self.locked_note.setObjectName("viewSubtitle")
        self.locked_note.setWordWrap(True)
        right.addWidget(self.locked_note)
        self.save_button = QPushButton()
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_button)
        right.addLayout(save_row)
        columns.addLayout(right, 4)

        self.message = QLabel()
        self.message.setObjectName("notice")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        # Enter in the title saves the snippet. Left to chance, the dialog made the first button
        # after the list its default (New snippet), and Enter wiped what was being typed.
        self.save_button.setDefault(True)
        ctrl_enter_presses(self, self.save_button)  # from the text box too, as in every dialog
        self.reload()
        if self.model.rowCount():
            self.select(self.model.rows[0].id)
        else:
            self.new_snippet()

    @staticmethod
    def _error_label() -> QLabel:
        label = QLabel()
        label.setObjectName("fieldError")
        label.setWordWrap(True)
        label.hide()
        return label

    @staticmethod
    def _with_error(widget: QWidget, error: QLabel) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        hand_focus_to(holder, widget)  # the label's Alt+letter reaches the field
        return holder

    # --- reading --------------------------------------------------------------------------
    def reload(self) -> None:
        try:
            rows = notes.list_snippets(self.actor)
        except REFUSED as exc:
            rows = []
            self.say(str(exc))
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)

    def select(self, snippet_id: UUID | None) -> None:
        row = self.model.row_of_id(snippet_id)
        if row < 0:
            self.new_snippet()
            return
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(self.model.index(row, 0), flags)
        self._show(self.model.rows[row])

    def _row_changed(self, now: object, _before: object) -> None:
        snippet = self.model.row_at(now)  # type: ignore[arg-type]
        if snippet is None:
            return
        if not self.loading and not self._may_leave():
            self._put_back()
            return
        self._show(snippet)

    def _put_back(self) -> None:
        """The person kept their typing: the list shows again the snippet being edited."""
        selection = self.table.selectionModel()
        row = self.model.row_of_id(self.editing.id) if self.editing is not None else -1
        selection.blockSignals(True)
        if row < 0:
            selection.clearSelection()
            self.table.setCurrentIndex(self.model.index(-1, 0))
        else:
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            selection.setCurrentIndex(self.model.index(row, 0), flags)
        selection.blockSignals(False)
        self.table.viewport().update()

    def unsaved(self) -> bool:
        """Typing in the form that is not in the snippet shown (or, for a new one, not saved at all)."""
        shown = self.editing
        if not self.may_change(shown):
            return False  # read-only: nothing could be typed
        title, text = (shown.title, shown.text) if shown is not None else ("", "")
        return self.title.text() != title or self.text.toPlainText() != text

    def _may_leave(self) -> bool:
        if not self.unsaved():
            return True
        return self.prompts.confirm(
            self,
            tr("Snippet not saved"),
            tr("What you typed in this snippet is not saved. Leave it without saving?"),
            tr("Leave it"),
        )

    def may_change(self, snippet: SnippetView | None) -> bool:
        return snippet is None or not snippet.clinic_wide or self.may_edit_clinic

    def _show(self, snippet: SnippetView | None) -> None:
        self.editing = snippet
        self._clear_errors()
        self.title.setText(snippet.title if snippet else "")
        self.text.setPlainText(snippet.text if snippet else "")
        self.clinic_wide.setChecked(snippet.clinic_wide if snippet else False)
        self.clinic_wide.setEnabled(snippet is None)  # where a snippet belongs is chosen when it is made
        editable = self.may_change(snippet)
        self.title.setReadOnly(not editable)
        self.text.setReadOnly(not editable)
        self.locked_note.setVisible(not editable)
        self.save_button.setVisible(editable)
        self.delete_button.setEnabled(snippet is not None and editable)
        self.form_title.setText(tr("New snippet") if snippet is None else tr("Edit snippet"))
        self.save_button.setText(tr("&Add snippet") if snippet is None else tr("&Save changes"))

    # --- telling --------------------------------------------------------------------------
    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _clear_errors(self) -> None:
        for label in (self.title_error, self.text_error):
            label.clear()
            label.hide()

    def _show_error(self, exc: Exception) -> None:
        field = exc.field if isinstance(exc, ValidationError) else None
        places = {"title": (self.title_error, self.title), "text": (self.text_error, self.text)}
        target = places.get(field or "")
        if target is None:
            self.say(str(exc))
            return
        label, widget = target
        label.setText(str(exc))
        label.show()
        widget.setFocus()

    # --- acting ---------------------------------------------------------------------------
    def _new_asked(self) -> None:
        if self._may_leave():
            self.new_snippet()

    def new_snippet(self) -> None:
        self.table.selectionModel().clearSelection()
        self.table.setCurrentIndex(self.model.index(-1, 0))
        self._show(None)
        self.title.setFocus()

    def save(self) -> None:
        self._clear_errors()
        title, text = self.title.text(), self.text.toPlainText()
        try:
            if self.editing is None:
                saved = notes.add_snippet(self.actor, title, text, clinic_wide=self.clinic_wide.isChecked())
                message = tr("Snippet “{title}” added.")
            else:
                saved = notes.update_snippet(self.actor, self.editing.id, title, text)
                message = tr("Snippet “{title}” saved.")
        except REFUSED as exc:
            self._show_error(exc)
            return
        self._reselect(saved.id)
        self.say(message.format(title=saved.title))

    def delete_current(self) -> None:
        snippet = self.editing
        if snippet is None:
            return
        if not self.prompts.confirm(
            self,
            tr("Delete snippet"),
            tr("Delete the snippet “{title}”?").format(title=snippet.title),
            tr("Delete"),
        ):
            return
        try:
            notes.delete_snippet(self.actor, snippet.id)
        except REFUSED as exc:
            self.say(str(exc))
            return
        self._reselect(None)
        self.say(tr("Snippet “{title}” deleted.").format(title=snippet.title))

    def _reselect(self, snippet_id: UUID | None) -> None:
        """The list afresh after a change, with ``snippet_id`` (or the first) in the form."""
        self.loading = True
        try:
            self.reload()
            if snippet_id is None and self.model.rowCount():
                snippet_id = self.model.rows[0].id
            self.select(snippet_id)
        finally:
            self.loading = False

    def reject(self) -> None:
        """Escape and Close: a snippet typed and not saved is asked about, never dropped unseen."""
        if self._may_leave():
            super().reject()
