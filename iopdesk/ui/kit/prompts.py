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
        return choose_file(parent, title, in_documents(suggested), filters, save=True)

    def open_file(self, parent: QWidget, title: str, filters: str) -> str:
        """A path to read, or "" when the user cancelled."""
        return choose_file(parent, title, documents_folder(), filters, save=False)


def choose_file(parent: QWidget, title: str, start: str, filters: str, *, save: bool) -> str:
    """A file chosen to write (``save``) or to read, or "" when cancelled. ``start`` is a folder,
    or a path whose file name is offered. What QFileDialog's static helpers do, but run by
    ``run_modal``: a chooser open when the window locks is hidden and comes back after unlocking
    (the helpers' own loop ended as if cancelled, and a native chooser could not be hidden at all)."""
    chooser = QFileDialog(parent, title, start, filters)
    if save:
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        chooser.setFileMode(QFileDialog.FileMode.AnyFile)
    else:
        chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
    try:
        if run_modal(chooser) != QDialog.DialogCode.Accepted:
            return ""
        chosen = chooser.selectedFiles()
        return chosen[0] if chosen else ""
    finally:
        chooser.deleteLater()


def documents_folder() -> str:
    """The user's documents folder (their home when the system names none)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return folder or str(Path.home())


def in_documents(name: str) -> str:
    """``name`` in the documents folder, unless it already names a folder of its own."""
    if not name or Path(name).is_absolute() or Path(name).parent != Path("."):
        return name
    return str(Path(documents_folder()) / name)
