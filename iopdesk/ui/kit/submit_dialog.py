"""The small dialogs' shared shape: the main button runs ``attempt``; a refusal keeps it open.

A returned message (even empty) keeps the dialog open and is shown above the
buttons, so nothing typed is lost when a clinic rule says no; a database that
fails on the way (busy, the disk full: kernel/errors.py StoreError) is said
the same way, and pressing the button again tries again.

Keys: Enter in a one-line field presses the main button (Sign, Save, Write
PDF…), never Cancel; Ctrl+Enter presses it from anywhere, a text box included
(where Enter starts a new line); Escape cancels. A dialog that holds typing
worth keeping (a note's text, a reason, a comment) names its fields with
``keep_typing_in``: Escape, Cancel or closing the window then asks before that
typing goes (kit/keep_typing.py, shared with FormDialog). The fields are named
rather than all compared: a file name or a choice of pages is not work to lose.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain.kernel.errors import StoreError
from iopdesk.ui.kit.about import about_heading
from iopdesk.ui.kit.actions import ctrl_enter_presses
from iopdesk.ui.kit.focus import buttons_as_drawn
from iopdesk.ui.kit.keep_typing import Remembered, fields_in, may_close
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.kit.screen_fit import least_size


def tr(text: str) -> str:
    return QCoreApplication.translate("SubmitDialog", text)


class SubmitDialog(QDialog):
    """``ok_text`` names the main button; without it the buttons are Save and Cancel."""

    def __init__(
        self,
        parent: QWidget,
        title: str,
        ok_text: str | None = None,
        min_width: int = 420,
        *,
        about: str = "",
    ) -> None:
        """``about``: whom the dialog is about (a client, a session), shown as its heading, never
        in ``title`` (kit/about.py)."""
        super().__init__(parent)
        self.setWindowTitle(title)
        least_size(self, min_width)
        self.prompts = Prompts()
        self.kept = Remembered()  # the fields worth asking about, as first filled
        self.layout_ = QVBoxLayout(self)
        if about:
            self.layout_.addWidget(about_heading(about))
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.message = QLabel()
        self.message.setObjectName("alertBadge")
        self.message.setWordWrap(True)
        self.message.hide()
        self.layout_.addWidget(self.message)
        self.ok_button: QPushButton
        if ok_text is None:
            self.buttons = QDialogButtonBox(
                QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
            )
            self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        else:
            self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
            self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
            self.ok_button.setObjectName("primary")
        self.ok_button.setToolTip(tr("Enter, or Ctrl+Enter from a text box"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)
        # Only now is the button inside the dialog: marked default before, the dialog never
        # learned it and made Cancel the default when shown, so Enter cancelled (a note unsigned).
        self.ok_button.setDefault(True)
        ctrl_enter_presses(self, self.ok_button)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        # A subclass may add buttons or move focus after the base built the box; whatever the
        # dialog picked meanwhile, the main button is the default when a person first sees it.
        super().showEvent(event)
        self.ok_button.setDefault(True)
        buttons_as_drawn(self.buttons)  # Tab from the last field reaches the main button before Cancel

    def _finish_cell_edit(self) -> None:
        """A list cell still open for typing keeps what was typed before the work is done.

        Enter in a cell closes it only a moment later (Qt queues it), after this runs: the
        name just typed into a list would be left out of what is saved. Moving the keyboard
        to the list stores the cell now.
        """
        focus = self.focusWidget()
        for view in self.findChildren(QAbstractItemView):
            if focus is not None and view.viewport().isAncestorOf(focus):
                view.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def keep_typing_in(self, *fields: QWidget) -> None:
        """Escape or Cancel asks before the typing in these fields is lost (call once they are filled)."""
        self.kept.remember(fields)

    def keep_all_typing(self) -> None:
        """The same for every field of the dialog (a form that is all typed work: a summary, a plan item)."""
        self.kept.remember(fields_in(self))

    def typed(self) -> bool:
        return self.kept.changed()

    def reject(self) -> None:
        if not may_close(self, self.prompts, self.kept):
            return  # the default answer: the typing stays, the dialog stays
        super().reject()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def attempt(self) -> str | None:
        """Do the work; None closes the dialog, a message (even empty) keeps it open."""
        return None

    def accept(self) -> None:
        self._finish_cell_edit()
        try:
            problem: str | None = self.attempt()
        except StoreError as exc:
            problem = tr("Not saved: {reason} What you typed is still here: try again.").format(reason=exc)
        if problem is not None:
            self.show_message(problem)
            return
        super().accept()
