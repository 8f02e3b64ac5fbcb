"""The Clients view: search, the client's page, add and edit."""

from __future__ import annotations

from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.views.clients.view import ClientsView

__all__ = ["ClientsView", "make_clients_view"]


def make_clients_view(actor: Actor) -> ClientsView:
    return ClientsView(actor)
