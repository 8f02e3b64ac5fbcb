"""Help → About: the version, what it runs on (SQLCipher, Qt) and where the data lives."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from iopdesk import __version__
from iopdesk.paths import resolve_paths
from iopdesk.ui.kit.parking import run_modal
from iopdesk.versions import database_library, python_version, qt_library


def about_text(db_location: str) -> str:
    paths = resolve_paths()
    return (
        f"<h3>IOPdesk {__version__}</h3>"
        "<p>Group rosters, attendance and session notes for Intensive Outpatient Programs.</p>"
        f"<p><b>Database library:</b> {html.escape(database_library())}"
        f"<br><b>Qt:</b> {html.escape(qt_library())}"
        f"<br><b>Runs on:</b> {html.escape(python_version())}</p>"
        f"<p><b>Database:</b> {html.escape(db_location)}"
        f"<br><b>Data folder:</b> {html.escape(str(paths.data_dir))}"
        f"<br><b>Logs:</b> {html.escape(str(paths.log_dir))}</p>"
        "<p>Substance-use treatment records are protected by HIPAA and 42 CFR Part 2.</p>"
    )


def show_about(parent: QWidget, db_location: str) -> None:
    box = QMessageBox(parent)
    box.setWindowTitle(parent.tr("About IOPdesk"))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_text(db_location))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    run_modal(box)
