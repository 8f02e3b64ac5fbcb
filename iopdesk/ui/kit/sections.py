"""Section headers and rows of buttons: the small layout pieces every screen repeats."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from iopdesk.ui.kit.flow import FlowLayout


def section(title: str) -> QLabel:
    """A section's title inside a screen ("Members", "Wait list")."""
    label = QLabel(title)
    label.setObjectName("sectionTitle")
    return label


def label(text: str, name: str) -> QLabel:
    """A wrapping line of text styled by its object name ("viewSubtitle", "alertBadge", …)."""
    widget = QLabel(text)
    widget.setObjectName(name)
    widget.setWordWrap(True)
    return widget


def button_row(*widgets: QWidget) -> FlowLayout:
    """Buttons side by side from the left, the spare width after them; those that do not fit (large
    text, a narrow window) go on to the next line rather than widen the page."""
    row = FlowLayout()
    row.setSpacing(6)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A field's label whose Alt+letter moves to ``buddy``.

    ``QFormLayout.addRow("&Dates:", a_layout)`` has no widget to give the label,
    so it shows "&Dates:" with its ampersand; pass this label instead.
    """
    widget = QLabel(text)
    widget.setBuddy(buddy)
    return widget
