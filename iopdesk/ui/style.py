"""One style sheet (resources/style.qss). It uses palette() colours, so light and dark both work."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from iopdesk.paths import resource


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")  # same widgets everywhere, and Fusion follows the system colour scheme
    app.setStyleSheet(resource("style.qss").read_text(encoding="utf-8"))
