"""The Today view: the day's sessions at the site and the alerts of their clients."""

from __future__ import annotations

from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.kit.screen import View


def make_today_view(actor: Actor) -> View:
    from iopdesk.ui.views.today.view import TodayView

    return TodayView(actor)
