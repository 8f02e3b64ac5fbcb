"""Whom a dialog is about: said inside it, never in its window title.

A window title leaves the program: the desktop's task switcher and taskbar, screen-sharing
pickers, accessibility tools and activity trackers read it, and some keep it. A dialog about a
client is titled by what it does ("Discharge", "Weekly hours") and names the client in a heading.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def about_heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # a name is never markup
    return label
