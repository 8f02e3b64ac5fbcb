"""The Groups view: groups, their rosters and wait lists, and the sign-in sheet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from iopdesk.domain.kernel.actor import Actor

if TYPE_CHECKING:
    from iopdesk.ui.views.groups.view import GroupsView


def make_groups_view(actor: Actor) -> GroupsView:
    from iopdesk.ui.views.groups.view import GroupsView  # the File menu's roster actions load this package

    return GroupsView(actor)
