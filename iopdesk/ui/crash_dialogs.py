"""What the crash path shows (ui/crash.py): the crash dialog for a bug, a calm message box when the
database failed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from iopdesk.ui.kit.screen_fit import least_size


class CrashDialog(QDialog):
    """One readable dialog with the details selectable and a Copy button."""

    def __init__(self, details: str, log_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("IOPdesk hit a problem"))
        least_size(self, 560, 360)
        layout = QVBoxLayout(self)
        text = self.tr(
            "Something went wrong that IOPdesk did not expect. Your saved work is safe.\n"
            "The problem was written to the log in {folder} (without any client details).\n"
            "If it happens again, copy the details below for your IT contact."
        ).format(folder=log_dir)
        message = QLabel(text)
        message.setWordWrap(True)
        layout.addWidget(message)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(self.tr("Copy details"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self._copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())


class StoreProblemBox(QMessageBox):
    """The database failed (not IOPdesk): what happened and what to do, calmly."""

    def __init__(self, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("IOPdesk could not use the database"))
        self.setText(message)
        self.setStandardButtons(QMessageBox.StandardButton.Ok)
