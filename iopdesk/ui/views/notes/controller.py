"""The Notes screen's controller: what the main window asks of it."""

from __future__ import annotations

from uuid import UUID

from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.kit.screen import Screen
from iopdesk.ui.views.notes.view import NotesView


class NotesController(Screen):
    view: NotesView

    def __init__(self, view: NotesView, actor: Actor) -> None:
        super().__init__(view)
        self.actor = actor

    def activated(self) -> None:
        self.view.activated()

    def save_state(self) -> None:
        self.view.save_state()

    def open_session(self, session_id: UUID) -> None:
        self.view.open_session(session_id)
