"""Signing a treatment plan or a plan review: the clinician's act, with their password.

"I, NAME, sign …": the statement, what signing means (the version can never change; a
co-signature follows for an author who needs one), the client's agreement for a plan (whether
they agreed, and how), and the password once accounts have one. Enter signs; a refusal keeps the
dialog open with the clinic's message and clears only the password.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QWidget

from iopdesk.domain.care.sealing import COMMENT_MAX
from iopdesk.ui.kit.submit_dialog import SubmitDialog
from iopdesk.ui.views.chart.plan_tree import tr

WAYS = (
    "Read the plan together; the client signed it.",
    "The client agreed verbally in session.",
    "The client agreed by phone or video.",
)


def wrapped(text: str, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


class SignDialog(SubmitDialog):
    """``agreement``: ask for the client's agreement (a plan); ``submit(password, agreed, how)``
    signs and returns None, or the message to show."""

    def __init__(
        self,
        parent: QWidget,
        *,
        title: str,
        statement: str,
        meaning: str,
        ask_password: bool,
        submit: Callable[[str | None, bool, str], str | None],
        agreement: tuple[bool, str] | None = None,
        ok_text: str = "",
    ) -> None:
        super().__init__(parent, title, ok_text or tr("Sign"), min_width=560)
        self.submit = submit
        self.ask_password = ask_password
        self.statement = wrapped(statement, "sectionTitle")
        self.form.addRow(self.statement)
        self.form.addRow(wrapped(meaning))
        self.agreed = QCheckBox(tr("The client &agreed to this plan"))
        self.how = QLineEdit()
        self.how.setMaxLength(500)
        self.how.setPlaceholderText(tr("How: e.g. {example}").format(example=tr(WAYS[0])))
        self.how.setAccessibleName(tr("How the client gave or refused their agreement"))
        self.asks_agreement = agreement is not None
        if agreement is not None:
            agreed, how = agreement
            self.agreed.setChecked(agreed)
            self.how.setText(how)
            self.form.addRow(self.agreed)
            self.form.addRow(tr("&How:"), self.how)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(1024)
        self.password.setAccessibleName(tr("Your password"))
        if ask_password:
            self.form.addRow(tr("Your &password:"), self.password)
        first = self.agreed if agreement is not None else self.password if ask_password else self.ok_button
        first.setFocus()
        self.keep_typing_in(self.how)  # the password is never kept

    def attempt(self) -> str | None:
        how = " ".join(self.how.text().split())
        if self.asks_agreement and not how:
            self.how.setFocus()
            return tr(
                "Say how the client gave their agreement (or that they did not agree, and why): "
                "it is recorded with the plan."
            )
        password = self.password.text() if self.ask_password else None
        if self.ask_password and not password:
            self.password.setFocus()
            return tr("Type your password to sign.")
        problem = self.submit(password, self.agreed.isChecked(), how)
        if problem is not None:
            self.password.clear()
        return problem


class CommentDialog(SubmitDialog):
    """A supervisor returns a plan or review for changes, saying what needs to change."""

    def __init__(self, parent: QWidget, title: str, submit: Callable[[str], str | None]) -> None:
        super().__init__(parent, title, tr("Return"), min_width=520)
        self.submit = submit
        self.form.addRow(
            wrapped(tr("The author sees your comment; the seal is cleared so they can change it."))
        )
        self.text = QLineEdit()
        self.text.setMaxLength(COMMENT_MAX)
        self.text.setPlaceholderText(tr("What needs to change"))
        self.form.addRow(tr("&Comment:"), self.text)
        self.text.setFocus()
        self.keep_typing_in(self.text)

    def attempt(self) -> str | None:
        return self.submit(self.text.text())
