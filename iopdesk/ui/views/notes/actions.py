"""What the note editor's buttons do: the names check, merging after a conflict, writing aids.

A helper the editor's controller owns (signing, addenda and co-signing are
its other helper, ``signing.Signing``); it sees the controller only as
``editing.Editing``. Every dialog opens over the editor with ``open()`` and is
kept in the editor's dialog slot while it is up, so tests can drive it.
"""

from __future__ import annotations

import html
from uuid import UUID

from PySide6.QtCore import QObject

from iopdesk.domain.notes import ConflictInfo, Flag, NoteView, SaveResult, part_fields
from iopdesk.ui.kit.formatting import date_text
from iopdesk.ui.views.notes.conflict_dialog import ConflictDialog
from iopdesk.ui.views.notes.dialogs import FamilyDialog, SnippetDialog
from iopdesk.ui.views.notes.editing import Editing
from iopdesk.ui.views.notes.models import plural, tr
from iopdesk.ui.views.notes.snippets_dialog import SnippetsDialog

COPY_MARK = "[Copied from "


class NoteActions(QObject):
    def __init__(self, editor: Editing) -> None:
        super().__init__(editor.view)
        self.editor = editor
        self.c = editor.open_note
        self.snippet_menu = editor.view.snippet_menu
        self.snippet_menu.aboutToShow.connect(self.fill_snippets)

    def say(self, text: str) -> None:
        self.editor.say(text)

    def notice_for(self, note: NoteView) -> str:
        """Standing facts about a part, as rich text: a return comment, copied text, kept texts."""
        bits = []
        if note.status == "returned" and note.return_comment:
            bits.append(
                tr("Returned for changes: “{comment}”. Change the note, then sign it again.").format(
                    comment=html.escape(note.return_comment)
                )
            )
        if any(COPY_MARK in text for text in note.body.values()) and self.c.editable(note):
            bits.append(
                tr(
                    "Copied text starts with “[Copied from …]”: read and edit it, then delete that "
                    "line. Signing waits until every such line is gone."
                )
            )
        if note.open_conflicts and self.c.editable(note):
            bits.append(
                tr(
                    "{n} text(s) of yours from a save conflict are kept aside. "
                    "<a href='review'>Review and merge…</a>"
                ).format(n=note.open_conflicts)
            )
        return "<br>".join(bits)

    # --- the names check ------------------------------------------------------------------
    def check_names(self) -> None:
        note = self.editor.current_note()
        if note is None or not self.c.editable(note) or not self.c.flush():
            return
        flags, problem = self.c.check(note.id)
        if problem:
            self.say(problem)
            return
        self.editor.set_flags(note.id, flags)
        self.editor.refresh_rows()
        blocking = [f for f in flags if f.blocks_signing]
        if blocking:
            self.say("")
        else:
            self.editor.done(tr("No other member's name found in this part."))
        if flags:
            part = self.editor.current_part()
            if part is not None:
                part.go_to_next_flag()

    def after_save(self, result: SaveResult) -> None:
        """Flags on screen follow the text: a part showing flags is checked again once stored."""
        if self.editor.flags.get(result.note_id):
            flags, problem = self.c.check(result.note_id)
            if problem is None:
                self.editor.set_flags(result.note_id, flags)
                self.editor.refresh_rows()

    def replace_flags(self, flags: list[Flag]) -> None:
        if not flags:
            return
        note_id = flags[0].note_id
        problem = self.c.replace(note_id, flags)
        if problem is None:
            problem = self.c.reload()
        self.say(problem or "")
        fresh, _ = self.c.check(note_id)
        self.editor.set_flags(note_id, fresh)
        self.editor.refresh_rows()
        if problem is None:
            left = sum(1 for f in fresh if f.blocks_signing)
            if left:
                self.say(
                    tr("Replaced with “a peer”.")
                    + " "
                    + plural(left, tr("1 place is still flagged."), tr("{n} places are still flagged."))
                )
            else:
                self.editor.done(tr("Replaced with “a peer”."))
            self.editor.focus_part()

    # --- conflicts ------------------------------------------------------------------------
    def show_conflict(self, info: ConflictInfo) -> None:
        note = self.c.note(info.note_id)
        if note is None:
            return
        self._merge_dialog(note, dict(info.mine), dict(info.theirs), info.conflict_id, info.current_version)

    def review_kept(self, note_id: UUID) -> None:
        note = self.c.note(note_id)
        part = self.editor.part_of(note_id)
        kept = self.c.kept_texts(note_id)
        if note is None or part is None or not kept or not self.c.flush():
            return
        self._merge_dialog(note, dict(kept[-1].body), part.texts(), kept[-1].id, None)

    def _merge_dialog(
        self,
        note: NoteView,
        mine: dict[str, str],
        theirs: dict[str, str],
        conflict_id: UUID,
        current_version: int | None,
    ) -> None:
        view = self.c.view
        assert view is not None
        labels = {f.key: f.label for f in part_fields(view.template, note.is_shared, theirs)}
        part = self.editor.part_of(note.id)

        def submit(merged: dict[str, str]) -> str | None:
            problem = self.c.merge(note.id, merged, conflict_id)
            if problem is None and part is not None:
                part.set_texts({**theirs, **merged})
                part.set_notice("")
            return problem

        dialog = ConflictDialog(
            self.editor.view,
            title=self.editor.what(note),
            labels=labels,
            mine=mine,
            theirs=theirs,
            submit=submit,
        )
        if current_version is not None:

            def later() -> None:
                self.c.decide_later(note.id, current_version)
                if part is not None:
                    part.set_texts(theirs)
                    part.set_notice(tr("Your text is kept aside. <a href='review'>Review and merge…</a>"))

            dialog.rejected.connect(later)
        self.editor.dialogs.open(dialog)

    # --- writing aids ---------------------------------------------------------------------
    def copy_last(self) -> None:
        note = self.editor.current_note()
        if note is None or note.is_shared or not self.c.editable(note):
            return
        result, problem = self.c.copy_last(note.id)
        if problem or result is None:
            self.say(problem or "")
            return
        self.c.reload()
        if result.copied_fields:
            self.editor.done(
                tr(
                    "Copied {n} field(s) from your note of {day}. Each starts with “[Copied from …]”: "
                    "read and edit it, then delete that line before signing."
                ).format(n=len(result.copied_fields), day=date_text(result.source_date))
            )
            self.editor.focus_part(result.copied_fields[0])
        else:
            self.say(tr("Nothing copied: the fields of your last note are already written here."))

    def edit_family(self) -> None:
        view = self.c.view
        if view is None:
            return
        people = [(p.name, p.relationship) for p in view.family_present]
        self.editor.dialogs.open(FamilyDialog(self.editor.view, people, self.c.set_family))

    def fill_snippets(self) -> None:
        menu = self.snippet_menu
        menu.clear()
        snippets, problem = self.c.snippets()
        for snippet in snippets:
            title = snippet.title if snippet.clinic_wide else tr("{title} (mine)").format(title=snippet.title)
            action = menu.addAction(title)
            action.setToolTip(snippet.text)
            action.triggered.connect(lambda _checked=False, text=snippet.text: self.insert_snippet(text))
        if not snippets:
            empty = menu.addAction(problem or tr("No snippets yet"))
            empty.setEnabled(False)
        menu.addSeparator()
        keep = menu.addAction(tr("Save the selected text as my snippet…"))
        keep.triggered.connect(self.save_snippet)
        manage = menu.addAction(tr("Manage snippets…"))
        manage.triggered.connect(self.manage_snippets)

    def popup_snippets(self) -> None:
        part = self.editor.current_part()
        if part is None:
            return
        edit = part.current_edit()
        if edit is None or not part.editable:
            return
        self.fill_snippets()
        self.snippet_menu.popup(edit.mapToGlobal(edit.cursorRect().bottomLeft()))

    def insert_snippet(self, text: str) -> None:
        part = self.editor.current_part()
        if part is not None:
            part.insert_at_cursor(text)

    def save_snippet(self) -> None:
        part = self.editor.current_part()
        edit = part.current_edit() if part is not None else None
        selected = edit.textCursor().selectedText().replace("\u2029", "\n") if edit is not None else ""
        self.editor.dialogs.open(SnippetDialog(self.editor.view, selected, self._store_snippet))

    def manage_snippets(self) -> None:
        """Add, change or delete snippets; the menu reads them afresh next time it opens."""
        self.editor.dialogs.open(SnippetsDialog(self.editor.view, self.c.actor))

    def _store_snippet(self, title: str, text: str) -> str | None:
        problem = self.c.add_snippet(title, text)
        if problem is None:
            self.editor.done(tr("Snippet saved: it is in the Insert snippet menu."))
        return problem
