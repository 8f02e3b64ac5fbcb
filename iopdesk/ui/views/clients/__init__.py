"""The Clients screen: search, the client's page, add and edit, keep-apart notes.

- view               The layout: search and list on the left, the client's page on the right.
- panel, models      The client's page and its tables.
- controller         ClientsController: fills the view from the domain and runs each action.
- client_dialog      Adding and editing a client.
- keep_apart_dialog  Recording that two clients should not share a group (the Groups screen opens it too).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iopdesk.domain.kernel.actor import Actor

if TYPE_CHECKING:
    from iopdesk.ui.kit.prompts import Prompts
    from iopdesk.ui.views.clients.controller import ClientsController
    from iopdesk.ui.views.clients.view import ClientsView


def build(actor: Actor, prompts: Prompts | None = None) -> ClientsController:
    """The view, then the controller that owns it."""
    return assemble(actor, layout(actor), prompts)


def layout(actor: Actor) -> ClientsView:
    """The view alone: widgets, no data (made ahead while the window waits: ui/build_ahead.py)."""
    from iopdesk.ui.views.clients.view import ClientsView

    return ClientsView()


def assemble(actor: Actor, view: ClientsView, prompts: Prompts | None = None) -> ClientsController:
    """The controller over a view ``layout`` made."""
    from iopdesk.ui.views.clients.controller import ClientsController

    return ClientsController(view, actor, prompts)
