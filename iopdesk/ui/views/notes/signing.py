"""Signing from the note editor: one part, the whole group note, addenda, co-signing and returning.

Signing first stores what was typed, then runs the confidentiality check and
marks each flag in place. With flags left, the first press stops there (so
the writer sees them and can replace them with "a peer"); pressing again asks
for an explicit override in the signing dialog. The signing dialog itself is
the signer's act: "I, NAME, sign …", with their password once accounts have one.

A helper the editor's controller owns; it sees the controller only as ``editing.Editing``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject

from iopdesk.domain.notes import Flag
from iopdesk.ui.kit.formatting import date_text
from iopdesk.ui.views.notes.dialogs import SignDialog, TextDialog
from iopdesk.ui.views.notes.editing import Editing
from iopdesk.ui.views.notes.models import plural, tr


def signature(flags: Sequence[Flag]) -> tuple[tuple[object, ...], ...]:
    """What a set of flags is, to tell whether the writer has already seen these ones."""
    return tuple((f.note_id, f.field, f.start, f.found) for f in flags)


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
        flags, problem = self.c.check(note.id)
        if problem:
            self.say(problem)
            return
        self.editor.set_flags(note.id, flags)
        self.editor.refresh_rows()
        blocking = [f for f in flags if f.blocks_signing]
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
            self.say(
                tr("Signed; it now waits for your supervisor's co-signature.") if pending else tr("Signed.")
            )
            return None

        self.editor.dialogs.open(
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
        blocking: list[Flag] = []
        flagged_parts = []
        for note in to_sign:
            assert note is not None
            flags, problem = self.c.check(note.id)
            if problem:
                self.say(problem)
                return
            self.editor.set_flags(note.id, flags)
            mine = [f for f in flags if f.blocks_signing]
            if mine:
                blocking += mine
                flagged_parts.append(note.client_name or tr("the shared part"))
        self.editor.refresh_rows()
        if blocking and self.editor.warned.get("all") != signature(blocking):
            self.editor.warned["all"] = signature(blocking)
            first = blocking[0].note_id
            rows = self.editor.view.model.rows
            row = next((r for r in rows if r.note is not None and r.note.id == first), None)
            if row is not None:
                self.editor.select_key(row.key)
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
            self.say(text)
            return None

        self.editor.dialogs.open(
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
                self.say(tr("Addendum added."))
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

    # --- co-signature -------------------------------------------------------------------
    def cosign_part(self) -> None:
        note = self.editor.current_note()
        if not self.c.may_cosign(note):
            return
        assert note is not None
        note_id = note.id

        def submit(password: str | None, _override_reason: str) -> str | None:
            problem = self.c.confirm_identity(password) or self.c.cosign(note_id)
            if problem is None:
                self.c.reload()
                self.say(tr("Co-signed."))
            return problem

        self.editor.dialogs.open(
            SignDialog(
                self.editor.view,
                signer=self.editor.signer,
                what=self.editor.what(note),
                flagged=0,
                ask_password=self.c.needs_password(),
                submit=submit,
                cosign=True,
            )
        )

    def cosign_all(self) -> None:
        view = self.c.view
        if view is None or not self.c.may_cosign(self.editor.current_note()):
            return
        what = tr("every waiting part of {title}, {day}").format(
            title=view.header.title, day=date_text(view.header.date)
        )

        def submit(password: str | None, _override_reason: str) -> str | None:
            problem = self.c.confirm_identity(password) or self.c.cosign_all()
            if problem is None:
                self.c.reload()
                self.say(tr("Co-signed every waiting part."))
            return problem

        self.editor.dialogs.open(
            SignDialog(
                self.editor.view,
                signer=self.editor.signer,
                what=what,
                flagged=0,
                ask_password=self.c.needs_password(),
                submit=submit,
                cosign=True,
            )
        )

    def return_part(self) -> None:
        note = self.editor.current_note()
        if not self.c.may_cosign(note):
            return
        assert note is not None
        note_id = note.id

        def submit(comment: str) -> str | None:
            problem = self.c.return_note(note_id, comment)
            if problem is None:
                self.c.reload()
                self.say(tr("Returned to {name} with your comment.").format(name=note.signed_by_name))
            return problem

        self.editor.dialogs.open(
            TextDialog(
                self.editor.view,
                tr("Return with comment"),
                tr("Return to author"),
                tr("Say what {name} should change. The note unlocks for them and shows your comment.").format(
                    name=note.signed_by_name or note.author_name
                ),
                submit,
                placeholder=tr("e.g. Add the treatment-plan goal this session addressed."),
            )
        )
