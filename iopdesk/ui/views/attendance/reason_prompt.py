"""Asking why a mark that a signed note documents changes (the domain adds the answer to the note).

Its own question, never answered by a reason given for something else (a late
entry): the words say what the answer is for and where it goes. Enter gives the
reason, Escape changes nothing; a blank reason keeps the dialog open, saying so.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from iopdesk.domain.attendance.rules import COMMENT_MAX
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.kit.submit_dialog import SubmitDialog


def tr(text: str) -> str:
    return QCoreApplication.translate("DocumentedReasonDialog", text)


class DocumentedReasonDialog(SubmitDialog):
    def __init__(self, parent: QWidget, message: str) -> None:
        super().__init__(parent, tr("Signed note: why the mark changes"), tr("Change the mark"))
        self.question = QLabel(message)
        self.question.setWordWrap(True)
        self.question.setMinimumWidth(440)
        self.form.addRow(self.question)
        self.reason = QLineEdit()
        self.reason.setMaxLength(COMMENT_MAX)
        self.reason.setAccessibleName(self.tr("Reason for the change"))
        self.reason.setPlaceholderText(self.tr("e.g. She left at 10:30; the sign-out sheet shows it."))
        label = QLabel(self.tr("&Reason:"))
        label.setBuddy(self.reason)
        self.form.addRow(label, self.reason)
        self.reason.setFocus()
        self.keep_typing_in(self.reason)

    def attempt(self) -> str | None:
        if not self.reason.text().strip():
            self.reason.setFocus()
            return self.tr("Say why the mark changes: the addendum to the signed note records it.")
        return None

    def text(self) -> str:
        return self.reason.text().strip()


class DocumentedReasonPrompt:
    """What ``Marking.ask_documented_reason`` calls: the reason typed, or None when cancelled."""

    def __init__(self, parent: QWidget, prompts: Prompts | None = None) -> None:
        self.parent = parent
        self.prompts = prompts or Prompts()

    def __call__(self, message: str) -> str | None:
        dialog = DocumentedReasonDialog(self.parent, message)
        try:
            return dialog.text() if self.prompts.run(dialog) else None
        finally:
            dialog.deleteLater()
