"""Signing from the note editor: one part, the whole group note, and addenda.

Signing first stores what was typed, then asks the domain what stops these
parts from being signed (readiness): empty parts, copied text not reviewed
and required fields left blank are all listed at once, before any password
is asked for, and nothing is signed. Flags of the names check are marked in
place; with flags left, the first press stops there (so the writer sees them
and can replace them with "a peer"); pressing again asks for an explicit
override in the signing dialog. The signing dialog itself is the signer's act:
"I, NAME, sign …", with their password once accounts have one; closing it
says that nothing was signed.

A helper the editor's controller owns; it sees the controller only as ``editing.Editing``.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from PySide6.QtCore import QObject

from iopdesk.domain.notes import Flag
from iopdesk.domain.notes.readiness import EMPTY, REQUIRED, Readiness
from iopdesk.ui.kit.formatting import date_text
from iopdesk.ui.views.notes.dialogs import NotReadyDialog, SignDialog, TextDialog
from iopdesk.ui.views.notes.editing import Editing
from iopdesk.ui.views.notes.models import plural, tr


def signature(flags: Sequence[Flag]) -> tuple[tuple[object, ...], ...]:
    """What a set of flags is, to tell whether the writer has already seen these ones."""
    return tuple((f.note_id, f.field, f.start, f.found) for f in flags)


def problem_lines(readiness: Readiness) -> list[str]:
    """Every problem, one line each; parts still empty read as one line (a group of twelve is one)."""
    empty = [p.part for p in readiness.problems if p.kind == EMPTY]
    if len(empty) < 2:
        return [p.text for p in readiness.problems]
    together = tr("{n} parts are empty; write them before signing: {names}").format(
        n=len(empty), names=", ".join(empty)
    )
    lines: list[str] = []
    for problem in readiness.problems:
        if problem.kind != EMPTY:
            lines.append(problem.text)
        elif together not in lines:
            lines.append(together)  # where the first empty part comes in the list
    return lines


class Signing(QObject):
    def __init__(self, editor: Editing) -> None:
        super().__init__(editor.view)
        self.editor = editor
        self.c = editor.open_note

    def say(self, text: str) -> None:
        self.editor.say(text)

    def sign_part(self) -> None:
        note = self.editor.current_note()
        if note is None or not self.c.editable(note):
            return
        if not self.c.flush():
            return
        readiness = self._ready([note.id])
        if readiness is None:
            return
        blocking = [f for f in readiness.flags.get(note.id, []) if f.blocks_signing]
        if blocking and self.editor.warned.get(note.id) != signature(blocking):
            self.editor.warned[note.id] = signature(blocking)
            self.say(
                plural(
                    len(blocking),
                    tr("1 place may identify another member (marked in amber)."),
                    tr("{n} places may identify another member (marked in amber)."),
                )
                + " "
                + tr("Replace them with “a peer”, or press Sign again to sign with an override.")
            )
            part = self.editor.current_part()
            if part is not None:
                part.go_to_next_flag()
            return
        note_id = note.id

        def submit(password: str | None, override_reason: str) -> str | None:
            problem = self.c.confirm_identity(password)
            if problem:
                return problem
            signed, problem, guard = self.c.sign(note_id, override_reason)
            if guard:
                self.editor.set_flags(note_id, guard)
            if problem:
                return problem
            self.editor.flags.pop(note_id, None)
            self.editor.flag_counts.pop(note_id, None)
            self.c.reload()
            pending = signed is not None and signed.status == "pending_cosign"
            self.editor.done(
                tr("Signed; it now waits for your supervisor's co-signature.") if pending else tr("Signed.")
            )
            return None

        self._open_signing(
            SignDialog(
                self.editor.view,
                signer=self.editor.signer,
                what=self.editor.what(note),
                flagged=len(blocking),
                ask_password=self.c.needs_password(),
                submit=submit,
            )
        )

    def sign_all(self) -> None:
        view = self.c.view
        if view is None or view.header.kind != "group" or self.c.read_only or not self.c.flush():
            return
        to_sign = [
            n for n in [view.shared] + [m.note for m in view.members if m.attending] if self.c.editable(n)
        ]
        if not to_sign:
            self.say(tr("Nothing of yours is left to sign in this session's note."))
            return
        readiness = self._ready([n.id for n in to_sign if n is not None])
        if readiness is None:
            return
        blocking = [f for flags in readiness.flags.values() for f in flags if f.blocks_signing]
        flagged_parts = [p.part for p in readiness.flagged]
        if blocking and self.editor.warned.get("all") != signature(blocking):
            self.editor.warned["all"] = signature(blocking)
            self._go_to(blocking[0].note_id)
            part = self.editor.current_part()
            if part is not None:
                part.go_to_next_flag()  # the cursor waits at the first flagged word
            self.say(
                tr(
                    "Names of other members may be in {parts} (marked ⚑ in the list). Replace them with "
                    "“a peer”, or press Sign all again to sign with an override."
                ).format(parts=", ".join(flagged_parts))
            )
            return
        members = sum(1 for n in to_sign if n is not None and not n.is_shared)
        what = tr("the note of {title}, {day}: {parts}").format(
            title=view.header.title,
            day=date_text(view.header.date),
            parts=plural(
                members,
                tr("the shared part and 1 member's part"),
                tr("the shared part and {n} members' parts"),
            ),
        )

        def submit(password: str | None, override_reason: str) -> str | None:
            problem = self.c.confirm_identity(password)
            if problem:
                return problem
            result, problem, guard = self.c.sign_all(override_reason)
            for flag_note in {f.note_id for f in guard}:
                self.editor.set_flags(flag_note, [f for f in guard if f.note_id == flag_note])
            if problem or result is None:
                return problem or ""
            self.editor.flags.clear()
            self.editor.flag_counts.clear()
            self.c.reload()
            text = plural(len(result.signed), tr("Signed 1 part."), tr("Signed {n} parts."))
            if result.status == "pending_cosign":
                text += " " + tr("They now wait for your supervisor's co-signature.")
            if result.left_unsigned:
                text += " " + plural(
                    len(result.left_unsigned),
                    tr(
                        "1 part of a member no longer attending has text and was left unsigned: "
                        "sign it on its own."
                    ),
                    tr(
                        "{n} parts of members no longer attending have text and were left "
                        "unsigned: sign them one by one."
                    ),
                )
            if result.retired_empty:
                text += " " + tr("Empty parts of members no longer attending were set aside.")
            self.editor.done(text)
            return None

        self._open_signing(
            SignDialog(
                self.editor.view,
                signer=self.editor.signer,
                what=what,
                flagged=len(blocking),
                ask_password=self.c.needs_password(),
                submit=submit,
            )
        )

    def add_addendum(self) -> None:
        note = self.editor.current_note()
        if note is None or self.c.read_only or not self.c.may_add_addendum(note):
            return
        note_id = note.id

        def submit(text: str) -> str | None:
            problem = self.c.add_addendum(note_id, text)
            if problem is None:
                self.c.reload()
                self.editor.done(tr("Addendum added."))
            return problem

        self.editor.dialogs.open(
            TextDialog(
                self.editor.view,
                tr("Add addendum"),
                tr("Sign and add"),
                tr(
                    "The addendum is dated now and signed by you ({name}). "
                    "It is shown below the note and can never change."
                ).format(name=self.editor.signer),
                submit,
                placeholder=tr("What to correct or add, and why"),
            )
        )

    # --- before and after the signing dialog -----------------------------------------------
    def _ready(self, note_ids: list[UUID]) -> Readiness | None:
        """Everything that stops these parts from being signed, marked and listed; None: stop here.

        Runs before any password is asked for. Flagged names alone do not stop here (the signer
        may override them); empty parts, copied text and blank required fields do, all listed.
        """
        readiness, problem = self.c.readiness(note_ids)
        if readiness is None:
            self.say(problem or "")
            return None
        for note_id in note_ids:
            self.editor.set_flags(note_id, list(readiness.flags.get(note_id, [])))
            part = self.editor.part_of(note_id)
            if part is not None:
                blank = [p for p in readiness.to_fix if p.note_id == note_id and p.kind == REQUIRED]
                part.mark_missing([key for p in blank for key in p.fields])
        self.editor.refresh_rows()
        if not readiness.to_fix:
            return readiness
        first = readiness.to_fix[0]
        self._go_to(first.note_id)
        part = self.editor.part_of(first.note_id)
        if part is not None and first.fields and first.fields[0] in part.edits:
            part.last_edit = part.edits[first.fields[0]]  # where the cursor goes when the list closes
        parts = {p.note_id for p in readiness.to_fix}
        self.say(
            plural(
                len(parts),
                tr("Not signed: 1 part needs work first (see the Note column)."),
                tr("Not signed: {n} parts need work first (see the Note column)."),
            )
        )
        self.editor.dialogs.open(NotReadyDialog(self.editor.view, problem_lines(readiness)))
        return None

    def _go_to(self, note_id: UUID) -> None:
        rows = self.editor.view.model.rows
        row = next((r for r in rows if r.note is not None and r.note.id == note_id), None)
        if row is not None:
            self.editor.select_key(row.key)

    def _open_signing(self, dialog: SignDialog) -> None:
        dialog.rejected.connect(self._not_signed)
        self.editor.dialogs.open(dialog)

    def _not_signed(self) -> None:
        # Closing the dialog (Escape, Cancel) signs nothing: say so, so no one believes otherwise.
        self.say(tr("Not signed: the signing was cancelled. The note is still a draft."))
