"""The views in the main window's navigation, in order (Ctrl+1 … Ctrl+n)."""

from __future__ import annotations

from collections.abc import Callable

from iopdesk.domain.actor import Actor
from iopdesk.ui.view import View


def default_views() -> list[tuple[str, Callable[[Actor], View]]]:
    from iopdesk.ui.views.attendance import make_attendance_view
    from iopdesk.ui.views.clients import make_clients_view
    from iopdesk.ui.views.groups import make_groups_view
    from iopdesk.ui.views.placeholder import make
    from iopdesk.ui.views.today import make_today_view

    return [
        ("today", make_today_view),
        ("groups", make_groups_view),
        ("attendance", make_attendance_view),
        ("notes", make("Notes", "notes")),
        ("clients", make_clients_view),
    ]
