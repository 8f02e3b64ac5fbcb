"""What every view in the main window's navigation provides."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class View(QWidget):
    """A page of the main window. Subclasses set ``title`` and ``icon_name``."""

    title = "View"
    icon_name = "app"

    def activated(self) -> None:
        """Called each time the view is shown: refresh what may have changed elsewhere."""

    def save_state(self) -> None:
        """Called before the view is hidden, the window locks or closes: flush drafts."""
