"""SVG icons from resources/icons, found through one helper."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from iopdesk.paths import resource


@cache
def icon_path(name: str) -> str:
    return str(resource(f"icons/{name}.svg"))


def icon(name: str) -> QIcon:
    return QIcon(icon_path(name))
