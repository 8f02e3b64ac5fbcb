"""Every modal question a screen asks goes through one object.

Views and controllers call ``prompts.run(dialog)``, ``prompts.confirm(...)``
and the file choosers instead of ``exec()`` and the static QFileDialog /
QMessageBox helpers. The program uses the real modal dialogs; a test swaps in
an object that fills the dialog in and presses its buttons, so real widgets
are driven without a nested event loop or a timer. A dialog or question the
lock hides while it is open comes back after unlocking (kit/parking.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from iopdesk.ui.kit.parking import run_modal


class Prompts:
    def run(self, dialog: QDialog) -> bool:
        """Show a dialog modally; True when it was accepted."""
        return run_modal(dialog) == QDialog.DialogCode.Accepted

    def confirm(
        self, parent: QWidget, title: str, text: str, yes_text: str, no_text: str | None = None
    ) -> bool:
        """True only when the person chose ``yes_text``; the other answer (Cancel, or ``no_text``)
        is the default, so Enter or Escape on the question never goes ahead."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(title)
        box.setText(text)
        yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(QMessageBox.StandardButton.Cancel)
        if no_text:
            no.setText(no_text)
        box.setDefaultButton(no)  # going ahead is a choice, not a reflex
        box.setEscapeButton(no)
        run_modal(box)
        return box.clickedButton() is yes

    def inform(self, parent: QWidget, title: str, text: str) -> None:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(title)
        box.setText(text)
        run_modal(box)

    def save_file(self, parent: QWidget, title: str, suggested: str, filters: str) -> str:
        """A path to write, or "" when the user cancelled. A bare file name is offered in the
        user's documents folder, not in whatever folder the program was started from."""
        path, _ = QFileDialog.getSaveFileName(parent, title, in_documents(suggested), filters)
        return path

    def open_file(self, parent: QWidget, title: str, filters: str) -> str:
        """A path to read, or "" when the user cancelled."""
        path, _ = QFileDialog.getOpenFileName(parent, title, documents_folder(), filters)
        return path


def documents_folder() -> str:
    """The user's documents folder (their home when the system names none)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return folder or str(Path.home())


def in_documents(name: str) -> str:
    """``name`` in the documents folder, unless it already names a folder of its own."""
    if not name or Path(name).is_absolute() or Path(name).parent != Path("."):
        return name
    return str(Path(documents_folder()) / name)
