"""The note editor's controller: which note is open, which part shows, and what the buttons do.

It owns the NoteEditor (layout only) and the ``OpenNote`` (every read and
write of the note, and the autosave). Its helpers, owned by composition, do
the buttons' work: ``NoteActions`` (the names check, merging after a conflict,
writing aids), ``Signing`` (signing, addenda) and ``Cosigning`` (co-signing,
returning); they see the controller only as ``editing.Editing``.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject

from iopdesk.domain.clinic.setup import identity
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.notes import Flag, GroupNoteView, NoteView, SaveResult, part_fields
from iopdesk.render.text import clock_text
from iopdesk.ui.kit.dialog_slot import DialogSlot
from iopdesk.ui.kit.formatting import date_text
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.kit.unsaved import UnsavedWork
from iopdesk.ui.kit.unsaved_prompt import write_unsaved
from iopdesk.ui.views.notes import goals_picker
from iopdesk.ui.views.notes.actions import NoteActions
from iopdesk.ui.views.notes.cosigning import Cosigning
from iopdesk.ui.views.notes.editor import NoteEditor
from iopdesk.ui.views.notes.editor_keys import reading_keys, writing_keys
from iopdesk.ui.views.notes.models import tr
from iopdesk.ui.views.notes.open_note import OpenNote
from iopdesk.ui.views.notes.part_fields import PartFields
from iopdesk.ui.views.notes.parts_model import PartRow, no_part_text, part_rows
from iopdesk.ui.views.notes.signing import Signing


class EditorController(QObject):
    def __init__(self, view: NoteEditor, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.actor = actor
        self.open_note = OpenNote(actor, self)
        self.flags: dict[UUID, list[Flag]] = {}
        self.flag_counts: dict[UUID, int] = {}
        self.warned: dict[object, object] = {}
        self._signer = ""
        self.prompts = Prompts()  # a test scripts the file chooser
        self.dialogs = DialogSlot(self.focus_part, self)  # the open dialog, if any (tests drive it)
        v = view
        v.header.session_chosen.connect(self._session_chosen)
        v.header.picker.day_changed.connect(lambda day: self._load_sessions(day, None))
        # Bound methods, not lambdas: Qt drops them with the editor, so no late signal reaches a dead one.
        v.table.selectionModel().currentRowChanged.connect(self._row_changed)
        v.table.activated.connect(lambda _index: self.focus_part())
        self.actions = NoteActions(self)
        self.signing = Signing(self)
        self.cosigning = Cosigning(self)
        a, s, co = self.actions, self.signing, self.cosigning
        for widget, slot in (
            (v.copy_button, a.copy_last),
            (v.check_button, a.check_names),
            (v.sign_button, s.sign_part),
            (v.sign_all_button, s.sign_all),
            (v.addendum_button, s.add_addendum),
            (v.return_button, co.return_part),
            (v.cosign_button, co.cosign_part),
            (v.cosign_all_button, co.cosign_all),
        ):
            widget.clicked.connect(slot)
        for name, key_slot in (
            ("save", self.save_now),
            ("next", lambda: self.step(1)),
            ("previous", lambda: self.step(-1)),
            ("snippet", a.popup_snippets),
            ("copy", a.copy_last),
            ("check", a.check_names),
            ("sign", s.sign_part),
            ("sign_all", s.sign_all),
            ("addendum", s.add_addendum),
        ):
            v.shortcuts[name].activated.connect(key_slot)
        self.open_note.loaded.connect(self._loaded)
        self.open_note.saved.connect(self._saved)
        self.open_note.failed.connect(self.say)
        self.open_note.store_problem.connect(self._store_problem)
        v.destroyed.connect(self.open_note.stop)
        v.banner.retry_requested.connect(self.save_now)
        v.banner.export_requested.connect(self.save_text_to_file)
        self.open_note.conflicted.connect(a.show_conflict)
        v.header.family_button.clicked.connect(a.edit_family)
        v.header.write_button.clicked.connect(self._open_for_writing)
        self._loaded(None)
        self._load_sessions(v.header.picker.day(), None)

    # --- for the helpers (editing.Editing) ------------------------------------------------
    @property
    def signer(self) -> str:
        if not self._signer:
            self._signer = identity(self.actor).staff_name
        return self._signer

    def say(self, text: str) -> None:
        """A problem or a warning for the writer ("" clears it)."""
        self.view.show_message(text)

    def done(self, text: str) -> None:
        """Something the writer asked for has happened."""
        self.view.show_done(text)

    def current_row(self) -> PartRow | None:
        return self.view.current_row()

    def current_note(self) -> NoteView | None:
        return self.view.current_note()

    def current_part(self) -> PartFields | None:
        return self.view.current_part()

    def part_of(self, note_id: UUID) -> PartFields | None:
        return next((p for p in self.view.parts.values() if p.note.id == note_id), None)

    def what(self, note: NoteView) -> str:
        """The part named for a signing statement: "the note for Alex R., Relapse Prevention, …"."""
        view = self.open_note.view
        assert view is not None
        h = view.header
        if note.is_shared:
            return tr("the shared part of {title}, {day}").format(title=h.title, day=date_text(h.date))
        return tr("the note for {name}, {title}, {day}").format(
            name=note.client_name, title=h.title, day=date_text(h.date)
        )

    def set_flags(self, note_id: UUID, flags: list[Flag]) -> None:
        self.flags[note_id] = flags
        self.flag_counts[note_id] = sum(1 for f in flags if f.blocks_signing)
        part = self.part_of(note_id)
        if part is not None:
            part.show_flags(flags)

    # --- which session --------------------------------------------------------------
    def _load_sessions(self, day: dt.date, prefer: UUID | None) -> None:
        found, problem = self.open_note.sessions_on(day)
        self.view.header.show_sessions(found, prefer)
        if problem:
            self.say(problem)

    def _session_chosen(self, session_id: UUID) -> None:
        if session_id != self.open_note.session_id:
            self.open_session(session_id)

    def open_session(
        self, session_id: UUID, client_id: UUID | None = None, *, read_only: bool = False
    ) -> bool:
        problem = self.open_note.open(session_id, read_only=read_only)
        self.say(problem or "")
        if problem is None:
            self._sync_picker()
            self.select_client(client_id)
        return problem is None

    def open_chart_note(self, note_id: UUID, client_id: UUID) -> bool:
        problem = self.open_note.show_chart_entry(note_id, client_id)
        self.say(problem or "")
        if problem is None:
            self._sync_picker()
            self.select_client(client_id)
        return problem is None

    def _sync_picker(self) -> None:
        """Show the day and session that was opened some other way (a list, a search)."""
        view = self.open_note.view
        if view is not None:
            self.view.header.show_day(view.header.date)
            self._load_sessions(view.header.date, view.header.session_id)

    def _open_for_writing(self) -> None:
        session_id = self.open_note.session_id
        client = self.current_row()
        if session_id is not None:
            self.open_session(session_id, client.client_id if client is not None else None)

    # --- showing ------------------------------------------------------------------------
    def _loaded(self, view: GroupNoteView | None) -> None:
        v = self.view
        keep = self.current_row()
        for widget in v.parts.values():
            v.stack.removeWidget(widget)
            widget.deleteLater()
        v.parts.clear()
        if view is None:
            v.header.show_none()
            v.model.set_rows([])
            v.area.show_content(
                False, tr("Choose a session above, or open one from “My unsigned notes” (Enter opens it).")
            )
            self.update_buttons()
            return
        v.header.show_note(view, self.open_note.read_only)
        mine = [n for n in [view.shared] + [m.note for m in view.members] if n is not None]
        v.header.write_button.setVisible(
            any(n.author_id == self.actor.staff_id and n.status in ("draft", "returned") for n in mine)
        )
        v.model.set_rows(self._rows(view))
        # An individual or family session has one part: its fields get the whole width.
        v.table.setVisible(view.header.kind == "group" or v.model.rowCount() > 1)
        v.area.show_content(bool(v.model.rowCount()), tr("This session has no note to write."))
        self.select_key(keep.key if keep is not None else None)
        self.update_buttons()

    def _rows(self, view: GroupNoteView) -> list[PartRow]:
        known = {m.client_id for m in view.members}
        on_screen = {p.note.id: p.texts() for p in self.view.parts.values()}
        return part_rows(view, self.flag_counts, self.open_note.without_part(known), on_screen)

    def refresh_rows(self) -> None:
        """Flag counts or statuses changed: redraw the list, same selection, same widgets."""
        view = self.open_note.view
        if view is None:
            return
        keep = self.current_row()
        self.view.model.set_rows(self._rows(view))
        self.view.table.blockSignals(True)
        self.select_key(keep.key if keep is not None else None, quiet=True)
        self.view.table.blockSignals(False)

    def select_key(self, key: str | None, *, quiet: bool = False) -> None:
        """Choose a line; ``quiet``: the same line again after a redraw (no save, no new part shown)."""
        model, table = self.view.model, self.view.table
        row = model.row_of_id(key) if key is not None else -1
        same = row >= 0
        if row < 0 and model.rowCount():
            row = 0
        if row >= 0:
            selection = table.selectionModel()
            if quiet:
                selection.blockSignals(True)
            table.setCurrentIndex(model.index(row, 0))
            selection.select(
                model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            if quiet:
                selection.blockSignals(False)
        if quiet and same:
            return  # redrawn while a save is under way: saving again from here would re-enter it
        self._part_chosen()

    def select_client(self, client_id: UUID | None) -> None:
        """Show one member's part (None: the shared part, else the first row)."""
        rows = self.view.model.rows
        match = next((r for r in rows if r.client_id == client_id and r.note is not None), None)
        self.select_key(match.key if match is not None else None)

    def step(self, delta: int) -> None:
        model, table = self.view.model, self.view.table
        if not model.rowCount():
            return
        row = max(0, min(table.currentIndex().row() + delta, model.rowCount() - 1))
        table.setCurrentIndex(model.index(row, 0))
        self.focus_part()

    def focus_part(self, key: str | None = None) -> None:
        part = self.current_part()
        if part is not None:
            part.focus_field(key or (part.last_edit.key if part.last_edit is not None else None))
        else:
            self.view.table.setFocus()

    def _row_changed(self, _now: QModelIndex, _before: QModelIndex) -> None:
        self._part_chosen()

    def _part_chosen(self) -> None:
        v = self.view
        self.open_note.flush()  # what was typed in the part left is stored before another shows
        row = self.current_row()
        if row is None or row.note is None:
            v.no_part.setText(no_part_text(row))
            v.stack.setCurrentWidget(v.no_part)
            self.update_buttons()
            return
        part = v.parts.get(row.key)
        if part is None:
            part = self._build_part(row)
            v.parts[row.key] = part
            v.stack.addWidget(part)
        v.stack.setCurrentWidget(part)
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
            parent=self.view.stack,
        )
        part.show_documented(view.header)  # the member's own time; a signed part's session as signed
        part.edited.connect(self.open_note.edited)
        part.replace_requested.connect(self.actions.replace_flags)
        part.set_notice(self.actions.notice_for(note))
        part.notice.linkActivated.connect(lambda _link, note_id=note.id: self.actions.review_kept(note_id))
        flags = self.flags.get(note.id)
        if flags:
            part.show_flags(flags)
        goals_picker.attach(self.actor, self.open_note, note, part, editable=editable)
        return part

    def update_buttons(self) -> None:
        c, v = self.open_note, self.view
        note = self.current_note()
        editable = c.editable(note)
        v.keys.setText(writing_keys() if editable else reading_keys())
        view = c.view
        any_editable = view is not None and any(
            c.editable(n) for n in [view.shared] + [m.note for m in view.members]
        )
        v.save_label.setVisible(any_editable)
        v.snippet_button.setVisible(editable)
        v.copy_button.setVisible(editable and note is not None and not note.is_shared)
        v.check_button.setVisible(editable)
        v.sign_button.setVisible(editable)
        v.sign_all_button.setVisible(
            any_editable and view is not None and view.header.kind == "group" and not c.read_only
        )
        v.addendum_button.setVisible(not c.read_only and c.may_add_addendum(note))
        cosign = c.may_cosign(note)
        for widget in (v.return_button, v.cosign_button, v.cosign_all_button):
            widget.setVisible(cosign)

    # --- saving -------------------------------------------------------------------------
    def save_now(self) -> None:
        """Ctrl+S (and the banner's "Try again now"): store now, even while the database is failing."""
        if self.open_note.flush(force=True):
            self.say("")

    def _store_problem(self, text: str) -> None:
        """The database did not take the typing (``text`` says why), or has now taken it ("")."""
        self.view.banner.show_problem(text)
        if text:
            self.view.save_label.setText(tr("Not saved yet"))  # never "Saved 5:19 pm" over unsaved text

    def unsaved_work(self) -> list[UnsavedWork]:
        """Each part whose typing is not stored: what it is, why, and its text as on screen."""
        view = self.open_note.view
        out: list[UnsavedWork] = []
        for note_id, (body, reason) in self.open_note.unsaved().items():
            note = self.open_note.note(note_id)
            part = self.part_of(note_id)
            texts = {**body, **part.texts()} if part is not None else body
            if note is None or view is None:
                out.append(UnsavedWork(tr("a note"), reason, "\n\n".join(texts.values())))
                continue
            labels = {f.key: f.label for f in part_fields(view.template, note.is_shared, texts)}
            text = "\n\n".join(f"{labels.get(k, k)}:\n{t}" for k, t in texts.items() if t.strip())
            out.append(UnsavedWork(self.what(note), reason, text))
        return out

    def save_text_to_file(self) -> None:
        """The banner's "Save the text to a file…": the typing, safe outside the database."""
        works = self.unsaved_work()
        if works and write_unsaved(self.view, works, self.actor, self.prompts):
            self.done(tr("The unsaved text was written to the file you chose; it is still kept here too."))

    def _saved(self, result: SaveResult) -> None:
        local = result.updated_at.replace(tzinfo=dt.UTC).astimezone(self.open_note.zone)
        self.view.save_label.setText(tr("Saved {time}").format(time=clock_text(local.time())))
        self.refresh_rows()  # "Empty" becomes "Written" in the list, required fields are counted
        if self.view.message.isVisible() and not self.open_note.held:
            self.say("")
        self.actions.after_save(result)
