"""The recovery key, shown once: print it or write it down, then say so.

The key is never logged, never written to QSettings and never shown again
(only its hash is kept). Esc and the window's close button do not dismiss
this dialog: the one way on is "I have stored it safely".
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QFont, QFontDatabase, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from iopdesk.ui.kit.actions import EnterPresses
from iopdesk.ui.kit.fields import heading, tr


class RecoveryKeyDialog(QDialog):
    def __init__(self, key: str, clinic: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._key = key
        self._clinic = clinic
        self._stored = False
        self.setWindowTitle(tr("Your recovery key"))
        self.setModal(True)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading(tr("Keep this recovery key somewhere safe")))
        layout.addWidget(
            heading(
                tr(
                    "If every administrator password is lost, this key is the only way back in: "
                    "without it, the encrypted records and their backups cannot be opened. "
                    "It is shown only now and IOPdesk does not keep a copy. Print it or write it "
                    "down, and store it away from this computer, for example in the clinic's safe."
                ),
                "viewSubtitle",
            )
        )
        self.key_label = QLabel(key)
        self.key_label.setObjectName("recoveryKey")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(font.pointSizeF(), 10) * 1.6)
        font.setWeight(QFont.Weight.DemiBold)
        self.key_label.setFont(font)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAccessibleName(tr("Recovery key"))
        layout.addWidget(self.key_label)
        buttons = QHBoxLayout()
        self.print_button = QPushButton(tr("&Print…"))
        self.print_button.clicked.connect(self.print_key)
        self.print_button.setAutoDefault(False)
        self.done_button = QPushButton(tr("I have stored it safely"))
        self.done_button.setObjectName("primary")
        self.done_button.setAutoDefault(False)  # not by a stray Enter: the key is shown only now
        # A person who Tabbed to a button and pressed Enter meant it; the keyboard starts on
        # Print (below), never on Done, so a stray Enter at most offers to print the key.
        EnterPresses(self.print_button, self.done_button)
        self.done_button.clicked.connect(self.confirm)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        layout.addLayout(buttons)
        self.print_button.setFocus()

    def confirm(self) -> None:
        self._stored = True
        self._key = ""
        self.key_label.clear()
        self.accept()

    def reject(self) -> None:
        """Esc does nothing here: the key would be lost."""
        if self._stored:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self._stored:
            super().closeEvent(event)
        else:
            event.ignore()

    def print_key(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        chooser = QPrintDialog(printer, self)
        chooser.setWindowTitle(tr("Print the recovery key"))
        if chooser.exec() == QDialog.DialogCode.Accepted:
            self.render_to(printer)

    def render_to(self, printer: QPrinter) -> None:
        """One page: the clinic, the date, the key and what it is for."""
        document = QTextDocument()
        today = dt.date.today().isoformat()
        document.setHtml(
            f"<h2>{html.escape(tr('IOPdesk recovery key'))}</h2>"
            f"<p>{html.escape(self._clinic)}<br>{html.escape(tr('Printed {day}').format(day=today))}</p>"
            f"<p style='font-family: monospace; font-size: 20pt'><b>{html.escape(self._key)}</b></p>"
            "<p>"
            + html.escape(
                tr(
                    "With this key an administrator can set a new password when every administrator "
                    "password is lost (sign-in screen: Forgot password). Anyone holding it can do the "
                    "same: keep it locked away."
                )
            )
            + "</p>"
        )
        document.print_(printer)
