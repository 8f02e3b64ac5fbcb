"""The Today screen: the day's sessions at the site, the alerts of their clients, plan reviews due.

- view        The layout: the day, its sessions, the alerts, the plan reviews due (when any are).
- models      The sessions and alerts tables as columns over the domain's rows.
- reviews     The plan reviews due: columns, and reading them for the page.
- controller  TodayController: reads the day, opens a session, shows weekly hours, opens a review.
- prepared    The page made while the person typed their password (ui/first_uses.py), until taken.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from iopdesk.domain.kernel.actor import Actor

if TYPE_CHECKING:
    from iopdesk.ui.views.today.controller import TodayController


def build(actor: Actor) -> TodayController:
    """The view (the one made while the person typed their password, when there is one), then the
    controller that owns it."""
    from iopdesk.domain.kernel import clock
    from iopdesk.ui.views.today import prepared
    from iopdesk.ui.views.today.controller import TodayController
    from iopdesk.ui.views.today.view import TodayView

    def today() -> dt.date:
        return clock.site_today(actor.site_id)

    view = prepared.take()
    if view is None:
        view = TodayView(today)
    else:
        view.picker.follow(today)  # made on the computer's clock: the site's from now on
    return TodayController(view, actor)
