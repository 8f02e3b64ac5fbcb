"""The views in the main window's navigation, in order (Ctrl+1 … Ctrl+n)."""

from __future__ import annotations

from collections.abc import Callable

from iopdesk.domain.actor import Actor
from iopdesk.ui.view import View


def default_views() -> list[tuple[str, Callable[[Actor], View]]]:
    from iopdesk.ui.views.placeholder import make

    return [
        ("today", make("Today", "today")),
        ("groups", make("Groups", "groups")),
        ("attendance", make("Attendance", "attendance")),
        ("notes", make("Notes", "notes")),
        ("clients", make("Clients", "clients")),
    ]
