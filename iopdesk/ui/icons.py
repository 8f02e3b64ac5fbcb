"""SVG icons from resources/icons, found through one helper."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from iopdesk.paths import resource


@cache
def icon_path(name: str) -> str:
    return str(resource(f"icons/{name}.svg"))


@cache
def icon(name: str) -> QIcon:
    """One QIcon per name for the whole program: an icon draws its SVG into a pixmap once per size
    and keeps it, so the navigation drawn while someone signs in (ui/first_uses.py) and every
    window after it share those pixmaps instead of drawing them again. (QIcon is implicitly shared:
    copies are cheap, and nothing changes one in place.)"""
    return QIcon(icon_path(name))
