"""A page of the main window: its view (layout only) and the controller that owns it.

TagStudio's rule: a view holds widgets and their arrangement, makes no domain
call and does not know its controller. Each screen package's ``build`` makes
the view, then its controller (a ``Screen``), which fills the view from the
domain and wires the view's signals to domain calls. The main window holds the
screens and shows their views.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from iopdesk.ui.kit.unsaved import UnsavedWork


class View(QWidget):
    """A page's layout. Subclasses set ``title`` and ``icon_name``."""

    title = "View"
    icon_name = "app"


class Screen(QObject):
    """The controller of one page of the main window; ``view`` is the page itself."""

    def __init__(self, view: View) -> None:
        # The controller owns its view, not the other way round: whoever keeps the screen (the main
        # window, a test) keeps the page, and letting go of the screen lets go of the page at once.
        super().__init__()
        self.view = view

    @property
    def title(self) -> str:
        return self.view.title

    @property
    def icon_name(self) -> str:
        return self.view.icon_name

    def activated(self) -> None:
        """Called each time the page is shown: refresh what may have changed elsewhere."""

    def save_state(self) -> None:
        """Called before the page is hidden, the window locks or closes: flush drafts."""

    def unsaved_work(self) -> list[UnsavedWork]:
        """Typing the database has not taken yet (after ``save_state``); asked before the window
        closes, locks or changes hands (kit/unsaved.py)."""
        return []
