"""The notes screen's small dialogs: signing, what stops it, returning, an addendum, a family session.

Each opens over the window (``open()``), runs its ``submit`` on the main
button and stays open showing the clinic's message when a rule refuses, so
nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from iopdesk.ui.kit.screen_fit import least_size
from iopdesk.ui.kit.submit_dialog import SubmitDialog
from iopdesk.ui.views.notes.models import plural, tr


def intro(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class SignDialog(SubmitDialog):
    """ "I, NAME, sign this note": the signer's explicit act, with their password once accounts have one.

    ``flagged`` places still flagged by the names check need the override box ticked and a reason
    (the line under the box, enabled by it). ``submit(password or None, override_reason)`` signs
    ("" without an override) and returns None, or the message to show.
    """

    def __init__(
        self,
        parent: QWidget,
        *,
        signer: str,
        what: str,
        flagged: int,
        ask_password: bool,
        submit: Callable[[str | None, str], str | None],
        cosign: bool = False,
    ) -> None:
        super().__init__(
            parent,
            tr("Co-sign note") if cosign else tr("Sign note"),
            tr("Co-sign") if cosign else tr("Sign"),
            min_width=480,
        )
        self.submit = submit
        self.ask_password = ask_password
        statement = tr("I, {name}, co-sign {what}.") if cosign else tr("I, {name}, sign {what}.")
        self.statement = QLabel(statement.format(name=signer, what=what))
        self.statement.setObjectName("sectionTitle")
        self.statement.setWordWrap(True)
        self.form.addRow(self.statement)
        self.form.addRow(
            intro(
                tr(
                    "Once signed, the text is sealed and cannot change; "
                    "corrections are made with an addendum."
                )
                if not cosign
                else tr("Co-signing makes the note final.")
            )
        )
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(tr("Your password"))
        if ask_password:
            self.form.addRow(tr("Your &password:"), self.password)
        self.override = QCheckBox(
            plural(
                flagged,
                tr("Sign although 1 place may identify another client (I checked it)"),
                tr("Sign although {n} places may identify another client (I checked them)"),
            )
        )
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(tr("Why they may stay, e.g. the mother, not a client"))
        self.reason.setAccessibleName(tr("Reason for signing with flagged words"))
        self.reason.setMaxLength(500)
        self.reason.setEnabled(False)
        self.override.toggled.connect(self.reason.setEnabled)
        if flagged:
            warning = QLabel(
                tr(
                    "The names check still flags words in this note. Signing anyway is recorded on it "
                    "with your reason; a note that needs a co-signature shows both to the supervisor."
                )
            )
            warning.setObjectName("formError")
            warning.setWordWrap(True)
            self.form.addRow(warning)
            self.form.addRow(self.override)
            self.form.addRow(tr("&Reason:"), self.reason)
        self.flagged = flagged
        (self.password if ask_password else self.ok_button).setFocus()
        self.keep_typing_in(self.reason)  # the password is never kept

    def attempt(self) -> str | None:
        if self.flagged and not self.override.isChecked():
            self.override.setFocus()
            return tr(
                "Tick the box to sign with flagged words left, or cancel and replace them with “a peer”."
            )
        reason = self.reason.text().strip() if self.flagged else ""
        if self.flagged and not reason:
            self.reason.setFocus()
            return tr("Say why the flagged words may stay (for example: the client's mother, not a client).")
        password = self.password.text() if self.ask_password else None
        if self.ask_password and not password:
            self.password.setFocus()
            return tr("Type your password to sign.")
        problem = self.submit(password, reason)
        if problem is not None:
            self.password.clear()
        return problem


SHORT_LIST = 4  # problems shown without a scroll bar


class NotReadyDialog(QDialog):
    """Nothing was signed: every reason at once, before any password is asked for.

    Enter (or Escape) closes it; the editor then puts the cursor in the first place to fix.
    """

    def __init__(self, parent: QWidget, problems: list[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Not signed yet"))
        least_size(self, 560)
        self.problems = list(problems)
        layout = QVBoxLayout(self)
        title = QLabel(
            plural(
                len(problems),
                tr("Nothing was signed. Fix this first, then sign again:"),
                tr("Nothing was signed. Fix these {n} things first, then sign again:"),
            )
        )
        title.setObjectName("sectionTitle")
        title.setWordWrap(True)
        layout.addWidget(title)
        self.list = QLabel("\n\n".join(f"•  {p}" for p in problems))
        self.list.setWordWrap(True)
        self.list.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.list.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.list.setAccessibleName(tr("What stops signing"))
        if len(problems) <= SHORT_LIST:
            layout.addWidget(self.list)  # a few lines: the dialog is just as tall as they are
        else:
            scroll = QScrollArea()  # a whole group's parts: they scroll, the button stays in sight
            scroll.setWidget(self.list)
            scroll.setAccessibleName(tr("What is missing, part by part"))
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setMinimumHeight(300)
            layout.addWidget(scroll, 1)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(tr("Go to the first"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("primary")
        self.buttons.accepted.connect(self.accept)
        layout.addWidget(self.buttons)
        self.ok_button.setDefault(True)
        self.ok_button.setFocus()


class TextDialog(SubmitDialog):
    """A few lines of text: a return comment, an addendum."""

    def __init__(
        self,
        parent: QWidget,
        title: str,
        ok_text: str,
        explanation: str,
        submit: Callable[[str], str | None],
        *,
        placeholder: str = "",
    ) -> None:
        super().__init__(parent, title, ok_text, min_width=480)
        self.submit = submit
        self.form.addRow(intro(explanation))
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(placeholder)
        self.text.setMinimumHeight(140)
        self.text.setAccessibleName(title)
        self.form.addRow(self.text)
        self.keep_typing_in(self.text)
        self.text.setFocus()

    def attempt(self) -> str | None:
        return self.submit(self.text.toPlainText())


class SnippetDialog(SubmitDialog):
    """Keep a piece of text as one of my snippets."""

    def __init__(self, parent: QWidget, text: str, submit: Callable[[str, str], str | None]) -> None:
        super().__init__(parent, tr("Save as my snippet"), tr("Save snippet"), min_width=480)
        self.submit = submit
        self.title = QLineEdit()
        self.title.setPlaceholderText(tr("e.g. Engaged, on topic"))
        self.text = QPlainTextEdit(text)
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(120)
        self.form.addRow(tr("&Title:"), self.title)
        self.form.addRow(tr("Te&xt:"), self.text)
        self.keep_typing_in(self.title, self.text)
        self.title.setFocus()

    def attempt(self) -> str | None:
        return self.submit(self.title.text(), self.text.toPlainText())


class FamilyDialog(SubmitDialog):
    """Who of the family came: one person a line, "name, relationship"."""

    def __init__(
        self,
        parent: QWidget,
        present: list[tuple[str, str]],
        submit: Callable[[list[tuple[str, str]]], str | None],
    ) -> None:
        super().__init__(parent, tr("Who came to the family session"), tr("Save"), min_width=480)
        self.submit = submit
        self.form.addRow(
            intro(tr("One person a line: name, relationship (for example: Maria Lopez, mother)."))
        )
        self.text = QPlainTextEdit("\n".join(f"{n}, {r}" for n, r in present))
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(120)
        self.text.setAccessibleName(tr("Family members present"))
        self.form.addRow(self.text)
        self.keep_typing_in(self.text)
        self.text.setFocus()

    def attempt(self) -> str | None:
        people = []
        for number, line in enumerate(self.text.toPlainText().splitlines(), start=1):
            if not line.strip():
                continue
            name, comma, relationship = line.rpartition(",")
            if not comma:
                return tr("Line {n}: write the name, a comma, then the relationship.").format(n=number)
            people.append((name.strip(), relationship.strip()))
        return self.submit(people)
