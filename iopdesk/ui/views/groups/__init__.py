"""The Groups screen: groups, their rosters and wait lists, and the sign-in sheet.

- view               The layout: the groups list above, the chosen group's roster and wait list below.
- controller         GroupsController: fills the view from the domain and runs each action.
- models, texts      The three tables as columns; what the screen says about a group.
- group_dialog, schedule_editor, enroll_dialogs, end_dialogs, keep_apart_warnings, sign_in_dialog
                     The dialogs the actions open.
- import_dialog, export_dialog, roster_menu
                     Importing and exporting rosters (the File menu's roster actions).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iopdesk.domain.kernel.actor import Actor

if TYPE_CHECKING:
    from iopdesk.ui.kit.prompts import Prompts
    from iopdesk.ui.views.groups.controller import GroupsController
    from iopdesk.ui.views.groups.view import GroupsView


def build(actor: Actor, prompts: Prompts | None = None) -> GroupsController:
    """The view, then the controller that owns it (loaded here: the File menu loads this package)."""
    return assemble(actor, layout(actor), prompts)


def layout(actor: Actor) -> GroupsView:
    """The view alone: widgets, no data (made ahead while the window waits: ui/build_ahead.py)."""
    from iopdesk.ui.views.groups.view import GroupsView

    return GroupsView()


def assemble(actor: Actor, view: GroupsView, prompts: Prompts | None = None) -> GroupsController:
    """The controller over a view ``layout`` made; it reads the groups."""
    from iopdesk.ui.views.groups.controller import GroupsController

    return GroupsController(view, actor, prompts)
