"""The note editor: one session's note, its shared part written once and one part per member.

The list on the left holds the shared part, then each member with their
attendance (members without a part read greyed: "absent — no note"; parts of
members no longer attending stay, marked so); the chosen part's fields are on
the right. Layout and selection live here; what the buttons do is in
``actions.NoteActions``; every read and write goes through ``OpenNote``.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.notes import GroupNoteView, NoteView, SaveResult, part_fields
from iopdesk.render.text import clock_text
from iopdesk.ui.kit.or_empty import OrEmpty
from iopdesk.ui.kit.tables import make_table
from iopdesk.ui.views.notes.actions import NoteActions
from iopdesk.ui.views.notes.editor_keys import KEYS, button, reading_keys, writing_keys
from iopdesk.ui.views.notes.header import NoteHeader
from iopdesk.ui.views.notes.models import PartRow, no_part_text, part_rows, parts_model, tr
from iopdesk.ui.views.notes.open_note import OpenNote
from iopdesk.ui.views.notes.part_fields import PartFields


class NoteEditor(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.open_note = OpenNote(actor, self)
        self.parts: dict[str, PartFields] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)

        self.header = NoteHeader(actor.site_id, self.open_note.sessions_on)
        self.header.session_chosen.connect(self._session_chosen)
        self.header.picker.install_shortcuts(self)  # Alt+Left / Alt+Right / Ctrl+T while the editor shows
        self.header.problem.connect(self.show_message)
        self.save_label = self.header.save_label
        self.read_only_box = self.header.read_only_box
        layout.addWidget(self.header)
        self.message = QLabel()
        self.message.setObjectName("alertBadge")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        layout.addWidget(self.message)

        self.model = parts_model(self)
        self.table = make_table(self.model, tr("Parts of the note"), stretch=0)
        self.table.setMinimumWidth(330)
        # Bound methods, not lambdas: Qt drops them with the editor, so no late signal reaches a dead one.
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.activated.connect(lambda _index: self.focus_part())
        self.stack = QStackedWidget()
        self.no_part = QLabel()
        self.no_part.setObjectName("emptyState")
        self.no_part.setWordWrap(True)
        self.no_part.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.stack.addWidget(self.no_part)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([380, 900])
        self.splitter.setChildrenCollapsible(False)
        self.area = OrEmpty(self.splitter)
        layout.addWidget(self.area, 1)

        self.actions = NoteActions(self)
        layout.addLayout(self._buttons())
        self.keys = QLabel()
        self.keys.setObjectName("viewSubtitle")
        self.keys.setWordWrap(True)
        layout.addWidget(self.keys)
        self._shortcuts()

        self.open_note.loaded.connect(self._loaded)
        self.open_note.saved.connect(self._saved)
        self.open_note.failed.connect(self.show_message)
        self.open_note.conflicted.connect(self.actions.show_conflict)
        self.header.family_button.clicked.connect(self.actions.edit_family)
        self.header.write_button.clicked.connect(self._open_for_writing)
        self._loaded(None)
        self.header.load_sessions(self.header.picker.day(), None)

    def _buttons(self) -> QHBoxLayout:
        a = self.actions
        self.snippet_button = QToolButton()
        self.snippet_button.setText(tr("Insert snippet"))
        self.snippet_button.setToolTip(tr("Insert snippet ({keys})").format(keys=KEYS["snippet"]))
        self.snippet_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.snippet_button.setMenu(a.snippet_menu)
        self.copy_button = button(tr("Start from my last note"), KEYS["copy"])
        self.copy_button.setToolTip(
            tr(
                "Fills the empty fields from your last note for this client, marked "
                "“[Copied from …]” until you have read and edited them."
            )
        )
        self.check_button = button(tr("Check names"), KEYS["check"])
        self.sign_button = button(tr("Sign this part"), KEYS["sign"])
        self.sign_all_button = button(tr("Sign all parts"), KEYS["sign_all"], primary=True)
        self.addendum_button = button(tr("Add addendum…"), KEYS["addendum"])
        self.return_button = button(tr("Return with comment…"))
        self.cosign_button = button(tr("Co-sign this part"))
        self.cosign_all_button = button(tr("Co-sign all waiting parts"), primary=True)
        for widget, slot in (
            (self.copy_button, a.copy_last),
            (self.check_button, a.check_names),
            (self.sign_button, a.sign_part),
            (self.sign_all_button, a.sign_all),
            (self.addendum_button, a.add_addendum),
            (self.return_button, a.return_part),
            (self.cosign_button, a.cosign_part),
            (self.cosign_all_button, a.cosign_all),
        ):
            widget.clicked.connect(slot)
        row = QHBoxLayout()
        row.addWidget(self.snippet_button)
        row.addWidget(self.copy_button)
        row.addStretch(1)
        for widget in (
            self.addendum_button,
            self.return_button,
            self.cosign_button,
            self.cosign_all_button,
            self.check_button,
            self.sign_button,
            self.sign_all_button,
        ):
            row.addWidget(widget)
        return row

    def _shortcuts(self) -> None:
        a = self.actions
        for name, slot in (
            ("save", self.save_now),
            ("next", lambda: self.step(1)),
            ("previous", lambda: self.step(-1)),
            ("snippet", a.popup_snippets),
            ("copy", a.copy_last),
            ("check", a.check_names),
            ("sign", a.sign_part),
            ("sign_all", a.sign_all),
            ("addendum", a.add_addendum),
        ):
            shortcut = QShortcut(QKeySequence(KEYS[name]), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # only while the editor is on screen
            shortcut.activated.connect(slot)
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.stack)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(lambda: self.table.setFocus() if self.table.isVisible() else None)

    # --- which session --------------------------------------------------------------
    def _session_chosen(self, session_id: UUID) -> None:
        if session_id != self.open_note.session_id:
            self.open_session(session_id)

    def open_session(
        self, session_id: UUID, client_id: UUID | None = None, *, read_only: bool = False
    ) -> bool:
        problem = self.open_note.open(session_id, read_only=read_only)
        self.show_message(problem or "")
        if problem is None:
            self._sync_picker()
            self.select_client(client_id)
        return problem is None

    def open_chart_note(self, note_id: UUID, client_id: UUID) -> bool:
        problem = self.open_note.show_chart_entry(note_id, client_id)
        self.show_message(problem or "")
        if problem is None:
            self._sync_picker()
            self.select_client(client_id)
        return problem is None

    def _sync_picker(self) -> None:
        view = self.open_note.view
        if view is not None:
            self.header.follow(view.header.date, view.header.session_id)

    def _open_for_writing(self) -> None:
        session_id = self.open_note.session_id
        client = self.current_row()
        if session_id is not None:
            self.open_session(session_id, client.client_id if client is not None else None)

    # --- showing ------------------------------------------------------------------------
    def _loaded(self, view: GroupNoteView | None) -> None:
        keep = self.current_row()
        for widget in self.parts.values():
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.parts.clear()
        if view is None:
            self.header.show_none()
            self.model.set_rows([])
            self.area.show_content(
                False, tr("Choose a session above, or open one from “My unsigned notes” (Enter opens it).")
            )
            self.update_buttons()
            return
        self.header.show_note(view, self.open_note.read_only)
        mine = [n for n in [view.shared] + [m.note for m in view.members] if n is not None]
        self.header.write_button.setVisible(
            any(n.author_id == self.actor.staff_id and n.status in ("draft", "returned") for n in mine)
        )
        self.model.set_rows(self._rows(view))
        # An individual or family session has one part: its fields get the whole width.
        self.table.setVisible(view.header.kind == "group" or self.model.rowCount() > 1)
        self.area.show_content(bool(self.model.rowCount()), tr("This session has no note to write."))
        self.select_key(keep.key if keep is not None else None)
        self.update_buttons()

    def _rows(self, view: GroupNoteView) -> list[PartRow]:
        known = {m.client_id for m in view.members}
        return part_rows(view, self.actions.flag_counts, self.open_note.without_part(known))

    def refresh_rows(self) -> None:
        """Flag counts or statuses changed: redraw the list, same selection, same widgets."""
        view = self.open_note.view
        if view is None:
            return
        keep = self.current_row()
        self.model.set_rows(self._rows(view))
        self.table.blockSignals(True)
        self.select_key(keep.key if keep is not None else None, quiet=True)
        self.table.blockSignals(False)

    def current_row(self) -> PartRow | None:
        return self.model.row_at(self.table.currentIndex())

    def current_note(self) -> NoteView | None:
        row = self.current_row()
        return row.note if row is not None else None

    def current_part(self) -> PartFields | None:
        row = self.current_row()
        return self.parts.get(row.key) if row is not None else None

    def select_key(self, key: str | None, *, quiet: bool = False) -> None:
        row = self.model.row_of_id(key) if key is not None else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            selection = self.table.selectionModel()
            if quiet:
                selection.blockSignals(True)
            self.table.setCurrentIndex(self.model.index(row, 0))
            selection.select(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            if quiet:
                selection.blockSignals(False)
        self._part_chosen()

    def select_client(self, client_id: UUID | None) -> None:
        """Show one member's part (None: the shared part, else the first row)."""
        match = next((r for r in self.model.rows if r.client_id == client_id and r.note is not None), None)
        self.select_key(match.key if match is not None else None)

    def step(self, delta: int) -> None:
        if not self.model.rowCount():
            return
        row = max(0, min(self.table.currentIndex().row() + delta, self.model.rowCount() - 1))
        self.table.setCurrentIndex(self.model.index(row, 0))
        self.focus_part()

    def focus_part(self, key: str | None = None) -> None:
        part = self.current_part()
        if part is not None:
            part.focus_field(key or (part.last_edit.key if part.last_edit is not None else None))
        else:
            self.table.setFocus()

    def _row_changed(self, _now: QModelIndex, _before: QModelIndex) -> None:
        self._part_chosen()

    def _part_chosen(self) -> None:
        self.open_note.flush()  # what was typed in the part left is stored before another shows
        row = self.current_row()
        if row is None or row.note is None:
            self.no_part.setText(no_part_text(row))
            self.stack.setCurrentWidget(self.no_part)
            self.update_buttons()
            return
        part = self.parts.get(row.key)
        if part is None:
            part = self._build_part(row)
            self.parts[row.key] = part
            self.stack.addWidget(part)
        self.stack.setCurrentWidget(part)
        self.update_buttons()

    def _build_part(self, row: PartRow) -> PartFields:
        view = self.open_note.view
        note = row.note
        assert view is not None and note is not None
        fields = part_fields(view.template, note.is_shared, dict(note.body))
        editable = self.open_note.editable(note)
        if note.is_shared:
            heading = tr("Shared part — written once, goes into every member's chart")
            hint = tr("Name no one in this part.")
        else:
            heading = row.name
            if row.attendance:
                heading += " — " + (
                    tr(vocab.ATTENDANCE_STATUSES.get(row.attendance, (row.attendance, ""))[0])
                )
            if row.no_longer_attending:
                heading += " " + tr("(no longer attending: the part is kept)")
            hint = view.template.member_hint
        part = PartFields(
            note,
            fields,
            editable=editable,
            heading=heading,
            hint=hint,
            zone=self.open_note.zone,
            parent=self.stack,
        )
        part.edited.connect(self.open_note.edited)
        part.replace_requested.connect(self.actions.replace_flags)
        part.set_notice(self.actions.notice_for(note))
        part.notice.linkActivated.connect(lambda _link, note_id=note.id: self.actions.review_kept(note_id))
        flags = self.actions.flags.get(note.id)
        if flags:
            part.show_flags(flags)
        return part

    def update_buttons(self) -> None:
        c = self.open_note
        note = self.current_note()
        editable = c.editable(note)
        self.keys.setText(writing_keys() if editable else reading_keys())
        view = c.view
        any_editable = view is not None and any(
            c.editable(n) for n in [view.shared] + [m.note for m in view.members]
        )
        self.save_label.setVisible(any_editable)
        self.snippet_button.setVisible(editable)
        self.copy_button.setVisible(editable and note is not None and not note.is_shared)
        self.check_button.setVisible(editable)
        self.sign_button.setVisible(editable)
        self.sign_all_button.setVisible(
            any_editable and view is not None and view.header.kind == "group" and not c.read_only
        )
        self.addendum_button.setVisible(not c.read_only and c.may_add_addendum(note))
        cosign = c.may_cosign(note)
        for widget in (self.return_button, self.cosign_button, self.cosign_all_button):
            widget.setVisible(cosign)

    # --- saving -------------------------------------------------------------------------
    def save_now(self) -> None:
        if self.open_note.flush():
            self.show_message("")

    def _saved(self, result: SaveResult) -> None:
        local = result.updated_at.replace(tzinfo=dt.UTC).astimezone(self.open_note.zone)
        self.save_label.setText(tr("Saved {time}").format(time=clock_text(local.time())))
        if self.message.isVisible() and not self.open_note.held:
            self.show_message("")
        self.actions.after_save(result)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
