"""Signing a treatment record like a note: "I, NAME, sign …" with the signer's password, and the
supervisor's co-signature or return for changes.

``sign_with_password`` asks once (the password is checked before the record is touched); a
refusal keeps the dialog open with the clinic's words, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from iopdesk.domain.access import accounts
from iopdesk.domain.clinic import setup as clinic
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.kit.submit_dialog import SubmitDialog
from iopdesk.ui.views.chart.models import tr


def _intro(text: str) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(True)
    return widget


class CareSignDialog(SubmitDialog):
    """The signer's explicit act; ``submit(password or None)`` signs and returns None, or the message."""

    def __init__(
        self,
        parent: QWidget,
        *,
        title: str,
        ok_text: str,
        statement: str,
        explanation: str,
        ask_password: bool,
        submit: Callable[[str | None], str | None],
    ) -> None:
        super().__init__(parent, title, ok_text, min_width=520)
        self.submit = submit
        self.ask_password = ask_password
        self.statement = QLabel(statement)
        self.statement.setObjectName("sectionTitle")
        self.statement.setWordWrap(True)
        self.form.addRow(self.statement)
        self.form.addRow(_intro(explanation))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(tr("Your password"))
        if ask_password:
            self.form.addRow(tr("Your &password:"), self.password)
        (self.password if ask_password else self.ok_button).setFocus()

    def attempt(self) -> str | None:
        password = self.password.text() if self.ask_password else None
        if self.ask_password and not password:
            self.password.setFocus()
            return tr("Type your password to sign.")
        problem = self.submit(password)
        if problem is not None:
            self.password.clear()
            self.password.setFocus()
        return problem


class ReturnDialog(SubmitDialog):
    """What needs to change, for the author of a record awaiting a co-signature."""

    def __init__(self, parent: QWidget, what: str, submit: Callable[[str], str | None]) -> None:
        super().__init__(parent, tr("Return for changes"), tr("Return"), min_width=480)
        self.submit = submit
        self.form.addRow(
            _intro(
                tr("The {what} goes back to its author, unsigned, with what you write here.").format(
                    what=what
                )
            )
        )
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(120)
        self.text.setAccessibleName(tr("What needs to change"))
        self.form.addRow(self.text)
        self.text.setFocus()
        self.keep_typing_in(self.text)

    def attempt(self) -> str | None:
        return self.submit(self.text.toPlainText().strip())


def sign_with_password(
    prompts: Prompts,
    parent: QWidget,
    actor: Actor,
    *,
    what: str,
    explanation: str,
    sign: Callable[[], object],
    cosign: bool = False,
) -> bool:
    """Ask the signer to sign ``what`` with their password, then ``sign()``; True when it was signed."""
    name = clinic.identity(actor).staff_name
    statement = (tr("I, {name}, co-sign {what}.") if cosign else tr("I, {name}, sign {what}.")).format(
        name=name, what=what
    )
    ask = accounts.accounts_have_passwords()

    def submit(password: str | None) -> str | None:
        try:
            if password is not None:
                accounts.confirm_password(actor, password)
            sign()
        except DomainError as exc:
            return str(exc)
        return None

    dialog = CareSignDialog(
        parent,
        title=tr("Co-sign") if cosign else tr("Sign"),
        ok_text=tr("Co-sign") if cosign else tr("Sign"),
        statement=statement,
        explanation=explanation,
        ask_password=ask,
        submit=submit,
    )
    return prompts.run(dialog)
