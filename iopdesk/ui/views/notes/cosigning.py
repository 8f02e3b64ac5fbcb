"""Co-signing and returning from the note editor: the supervisor's side of a trainee's note.

A helper the editor's controller owns; it sees the controller only as ``editing.Editing``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from iopdesk.ui.kit.formatting import date_text
from iopdesk.ui.views.notes.dialogs import SignDialog, TextDialog
from iopdesk.ui.views.notes.editing import Editing
from iopdesk.ui.views.notes.models import tr


class Cosigning(QObject):
    def __init__(self, editor: Editing) -> None:
        super().__init__(editor.view)
        self.editor = editor
        self.c = editor.open_note

    def say(self, text: str) -> None:
        self.editor.say(text)

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
                self.editor.done(tr("Co-signed."))
            return problem

        self._open_signing(
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
                self.editor.done(tr("Co-signed every waiting part."))
            return problem

        self._open_signing(
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
                self.editor.done(
                    tr("Returned to {name} with your comment.").format(name=note.signed_by_name)
                )
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

    def _open_signing(self, dialog: SignDialog) -> None:
        dialog.rejected.connect(self._not_cosigned)
        self.editor.dialogs.open(dialog)

    def _not_cosigned(self) -> None:
        self.say(tr("Not co-signed: the co-signing was cancelled. The note still waits for you."))
