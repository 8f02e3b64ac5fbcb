"""The small dialogs' shared shape: the main button runs ``attempt``; a refusal keeps it open.

A returned message (even empty) keeps the dialog open and is shown above the
buttons, so nothing typed is lost when a clinic rule says no.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class SubmitDialog(QDialog):
    """``ok_text`` names the main button; without it the buttons are Save and Cancel."""

    def __init__(self, parent: QWidget, title: str, ok_text: str | None = None, min_width: int = 420) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(min_width)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.message = QLabel()
        self.message.setObjectName("alertBadge")
        self.message.setWordWrap(True)
        self.message.hide()
        self.layout_.addWidget(self.message)
        if ok_text is None:
            self.buttons = QDialogButtonBox(
                QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
            )
        else:
            self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
            self.ok_button: QPushButton = self.buttons.addButton(
                ok_text, QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.ok_button.setObjectName("primary")
            self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def attempt(self) -> str | None:
        """Do the work; None closes the dialog, a message (even empty) keeps it open."""
        return None

    def accept(self) -> None:
        problem = self.attempt()
        if problem is not None:
            self.show_message(problem)
            return
        super().accept()
