"""The Groups view: groups, their rosters and wait lists, and the sign-in sheet."""

from __future__ import annotations

from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.views.groups.view import GroupsView

__all__ = ["GroupsView", "make_groups_view"]


def make_groups_view(actor: Actor) -> GroupsView:
    return GroupsView(actor)
