"""The Today page made before anyone signed in (ui/first_uses.py makes it while the person types
their password), kept here until the main window takes it.

A page in its scroller, without a controller: it holds no record, and its day picker follows the
computer's clock until ``build`` sets it to the site's.
"""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea

from iopdesk.ui.views.today.view import TodayView

_offered: list[QScrollArea] = []
_taken: list[QScrollArea] = []  # the one last taken, until the window's stack holds it


def offer(page: QScrollArea) -> None:
    """Keep ``page`` (a scroller holding a TodayView, with no parent) for the next window."""
    _offered[:] = [page]


def take() -> TodayView | None:
    """The Today page made ahead, once; None if there is none."""
    if not _offered:
        return None
    page = _offered.pop()
    view = page.widget()
    if not isinstance(view, TodayView):
        return None
    # The scroller has no parent until the main window's stack takes it: without a reference here
    # Python would delete it, and the view in it, as soon as this function returns.
    _taken[:] = [page]
    return view


def waiting() -> QScrollArea | None:
    """The page offered and not yet taken (for tests)."""
    return _offered[0] if _offered else None
