"""TEMPORARY scaffolding while the views are built; replaced view by view."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout

from iopdesk.domain.actor import Actor
from iopdesk.ui.view import View


def make(title: str, icon_name: str):  # type: ignore[no-untyped-def]
    def factory(actor: Actor) -> View:
        view = View()
        view.title = title
        view.icon_name = icon_name
        layout = QVBoxLayout(view)
        heading = QLabel(title)
        heading.setObjectName("viewTitle")
        layout.addWidget(heading)
        layout.addStretch(1)
        return view

    return factory
