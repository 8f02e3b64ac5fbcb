"""One style sheet (resources/style.qss), drawn over Fusion (IopApplication asks Qt for Fusion when
it is made). It uses palette() colours, so light and dark both work; its few named colours are
filled in for the palette in use (iopdesk/ui/look.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from iopdesk.ui.look import LOOK_PROPERTY, Look, kind_of, look_key, style_sheet, template


def apply_style(app: QApplication) -> None:
    app.setStyleSheet(style_sheet(template(), kind_of(app.palette()), 1.0))
    app.setProperty(LOOK_PROPERTY, look_key(Look()))  # the system's colours and font
