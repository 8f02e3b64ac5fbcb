"""How the window looks for the person signed in: its colours and its text size.

Colours: the system's palette (light or dark, whatever the desktop says), or IOPdesk's own light,
dark or high-contrast one (black, white, yellow focus, thicker focus rings). The style sheet
(resources/style.qss) draws from the palette and from a few named colours (``@accent@``,
``@warn_text@``…) filled in here for the palette in use, so a warning stays readable on dark.

Text size: the system's font, or 100 %, 125 %, 150 % of IOPdesk's 10 pt; the style sheet's sizes
(titles, the navigation) grow in step.

Each staff member's choice is kept in the window's QSettings under their id (never a name) and is
applied at once, to every window.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from iopdesk.paths import resource

if TYPE_CHECKING:
    from iopdesk.domain.kernel.actor import Actor

THEMES = ("system", "light", "dark", "high_contrast")
TEXT_SIZES = ("system", "100", "125", "150")
BASE_POINTS = 10.0  # IOPdesk's 100 %; the style sheet's sizes are written for it

Role = QPalette.ColorRole
Group = QPalette.ColorGroup


@dataclass(frozen=True)
class Look:
    theme: str = "system"
    text_size: str = "system"


LOOK_PROPERTY = "iopdesk_look"  # on the QApplication: the look applied now


def look_key(look: Look) -> str:
    return f"{look.theme}/{look.text_size}"


def settings_key(actor: Actor, what: str) -> str:
    return f"look/{actor.staff_id.hex}/{what}"


def stored_look(settings: QSettings, actor: Actor) -> Look:
    theme = str(settings.value(settings_key(actor, "theme"), "system"))
    size = str(settings.value(settings_key(actor, "text_size"), "system"))
    return Look(theme if theme in THEMES else "system", size if size in TEXT_SIZES else "system")


def store_look(settings: QSettings, actor: Actor, look: Look) -> None:
    settings.setValue(settings_key(actor, "theme"), look.theme)
    settings.setValue(settings_key(actor, "text_size"), look.text_size)
    settings.sync()


# --- palettes ---------------------------------------------------------------------------------
def _palette(colours: dict[Role, str], disabled: str) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (Role.WindowText, Role.Text, Role.ButtonText, Role.PlaceholderText):
        palette.setColor(Group.Disabled, role, QColor(disabled))
    return palette


LIGHT = {
    Role.Window: "#efefef", Role.WindowText: "#1b1b1b", Role.Base: "#ffffff", Role.AlternateBase: "#f6f6f6",
    Role.Text: "#1b1b1b", Role.Button: "#f3f3f3", Role.ButtonText: "#1b1b1b", Role.BrightText: "#ffffff",
    Role.Light: "#ffffff", Role.Midlight: "#dcdcdc", Role.Mid: "#b8b8b8", Role.Dark: "#9f9f9f",
    Role.Shadow: "#767676", Role.Highlight: "#3f7f8c", Role.HighlightedText: "#ffffff",
    Role.Link: "#2a6572", Role.LinkVisited: "#5b4b8a", Role.ToolTipBase: "#ffffdc",
    Role.ToolTipText: "#1b1b1b", Role.PlaceholderText: "#6b6b6b",
}  # fmt: skip
DARK = {
    Role.Window: "#2b2d30", Role.WindowText: "#e8e8e8", Role.Base: "#1f2023", Role.AlternateBase: "#26282b",
    Role.Text: "#e8e8e8", Role.Button: "#36393d", Role.ButtonText: "#e8e8e8", Role.BrightText: "#ffffff",
    Role.Light: "#4a4d52", Role.Midlight: "#3c3f43", Role.Mid: "#5d6066", Role.Dark: "#18191b",
    Role.Shadow: "#000000", Role.Highlight: "#3f7f8c", Role.HighlightedText: "#ffffff",
    Role.Link: "#7fc4d0", Role.LinkVisited: "#b9a7e8", Role.ToolTipBase: "#3a3d41",
    Role.ToolTipText: "#f0f0f0", Role.PlaceholderText: "#a4a7ab",
}  # fmt: skip
HIGH_CONTRAST = {
    Role.Window: "#000000", Role.WindowText: "#ffffff", Role.Base: "#000000", Role.AlternateBase: "#000000",
    Role.Text: "#ffffff", Role.Button: "#000000", Role.ButtonText: "#ffffff", Role.BrightText: "#ffff00",
    Role.Light: "#ffffff", Role.Midlight: "#ffffff", Role.Mid: "#ffffff", Role.Dark: "#ffffff",
    Role.Shadow: "#ffffff", Role.Highlight: "#ffff00", Role.HighlightedText: "#000000",
    Role.Link: "#ffff00", Role.LinkVisited: "#ffff00", Role.ToolTipBase: "#000000",
    Role.ToolTipText: "#ffffff", Role.PlaceholderText: "#d8d8d8",
}  # fmt: skip

# The style sheet's named colours for each kind of palette: light, dark, high contrast.
TOKENS: dict[str, dict[str, str]] = {
    "light": {
        "accent": "#3f7f8c", "accent_strong": "#356b76", "on_accent": "#ffffff",
        "accent_tint": "rgba(63, 127, 140, 0.18)", "selection": "rgba(63, 127, 140, 0.35)",
        "selection_text": "palette(text)", "notice_tint": "rgba(63, 127, 140, 0.12)",
        "warn": "#b5651d", "warn_text": "#9a4f10", "warn_tint": "rgba(181, 101, 29, 0.12)",
        "ok": "#2e7d32", "ok_tint": "rgba(46, 125, 50, 0.10)", "ok_edge": "rgba(46, 125, 50, 0.45)",
        "danger": "#c62828", "danger_text": "#7f1010", "danger_tint": "rgba(198, 40, 40, 0.10)",
        "badge": "#a85c1a", "on_badge": "#ffffff", "link": "#2a6572", "primary_hover": "#3f7f8c",
        "focus": "1px", "edge": "1px", "box_edge": "#767676", "check_mark": "check-white",
    },
    "dark": {
        "accent": "#5fa9b8", "accent_strong": "#3f7f8c", "on_accent": "#ffffff",
        "accent_tint": "rgba(95, 169, 184, 0.25)", "selection": "rgba(95, 169, 184, 0.40)",
        "selection_text": "palette(text)", "notice_tint": "rgba(95, 169, 184, 0.16)",
        "warn": "#d98a3d", "warn_text": "#f2b072", "warn_tint": "rgba(217, 138, 61, 0.18)",
        "ok": "#66bb6a", "ok_tint": "rgba(102, 187, 106, 0.14)", "ok_edge": "rgba(102, 187, 106, 0.55)",
        "danger": "#ef5350", "danger_text": "#ff9e9b", "danger_tint": "rgba(239, 83, 80, 0.16)",
        "badge": "#a85c1a", "on_badge": "#ffffff", "link": "#7fc4d0", "primary_hover": "#356b76",
        "focus": "1px", "edge": "1px", "box_edge": "#a4a7ab", "check_mark": "check-white",
    },
    "high_contrast": {
        "accent": "#ffff00", "accent_strong": "#ffff00", "on_accent": "#000000",
        "accent_tint": "#333333", "selection": "#ffff00", "selection_text": "#000000",
        "notice_tint": "#000000",
        "warn": "#ffffff", "warn_text": "#ffff00", "warn_tint": "#000000",
        "ok": "#ffffff", "ok_tint": "#000000", "ok_edge": "#ffffff",
        "danger": "#ff6e6e", "danger_text": "#ffffff", "danger_tint": "#000000",
        "badge": "#ffff00", "on_badge": "#000000", "link": "#ffff00", "primary_hover": "#ffff00",
        "focus": "3px", "edge": "2px", "box_edge": "#ffffff", "check_mark": "check-black",
    },
}  # fmt: skip

# Colours the screens paint themselves (kit/rows.py tints are see-through and read on any base;
# these are text): the signed part's green, a flagged word's amber.
TEXT_COLOURS: dict[str, dict[str, str]] = {
    "light": {"ok_text": "#2e7d32", "warn_text": "#9a4f10", "danger_text": "#b71c1c"},
    "dark": {"ok_text": "#81c784", "warn_text": "#f2b072", "danger_text": "#ff9e9b"},
    "high_contrast": {"ok_text": "#ffffff", "warn_text": "#ffff00", "danger_text": "#ffffff"},
}

_system: dict[str, object] = {}  # the desktop's palette and font, kept before IOPdesk changes them


def _remember_system(app: QApplication) -> None:
    if not _system:
        _system["palette"] = QPalette(app.palette())
        _system["font"] = QFont(app.font())


def kind_of(palette: QPalette) -> str:
    """ "light", "dark" or "high_contrast": which named colours go with ``palette``."""
    if palette.color(Role.Window) == QColor("#000000") and palette.color(Role.Highlight) == QColor("#ffff00"):
        return "high_contrast"
    return "dark" if palette.color(Role.Window).lightness() < 128 else "light"


def current_kind() -> str:
    app = QGuiApplication.instance()
    return kind_of(app.palette()) if isinstance(app, QGuiApplication) else "light"


def text_colour(name: str) -> QColor:
    """A colour for text the screens paint (``ok_text``, ``warn_text``, ``danger_text``), readable
    on the palette in use."""
    return QColor(TEXT_COLOURS[current_kind()][name])


def palette_for(theme: str) -> QPalette:
    if theme == "light":
        return _palette(LIGHT, "#8a8a8a")
    if theme == "dark":
        return _palette(DARK, "#7d8085")
    if theme == "high_contrast":
        return _palette(HIGH_CONTRAST, "#a8a8a8")
    system = _system.get("palette")
    return QPalette(system) if isinstance(system, QPalette) else QPalette()


def font_for(text_size: str) -> QFont:
    system = _system.get("font")
    font = QFont(system) if isinstance(system, QFont) else QFont()
    if text_size == "system":
        if font.pointSizeF() < BASE_POINTS:  # the desktop's small default reads poorly at a desk
            font.setPointSizeF(BASE_POINTS)
    else:
        font.setPointSizeF(BASE_POINTS * int(text_size) / 100)
    return font


@cache
def template() -> str:
    """resources/style.qss as written, with its ``@name@`` colours still to fill in."""
    return resource("style.qss").read_text(encoding="utf-8")


def style_sheet(template: str, kind: str, scale: float) -> str:
    """The style sheet for a kind of palette, its point sizes times ``scale``."""
    text = template
    if scale != 1.0:  # before the colours and paths go in: a folder's name may hold "12pt"
        text = re.sub(r"(\d+(?:\.\d+)?)pt", lambda m: f"{float(m.group(1)) * scale:.1f}pt", text)
    tokens = {**TOKENS[kind], "icons": resource("icons").as_posix()}
    return re.sub(r"@(\w+)@", lambda m: tokens[m.group(1)], text)


def apply_look(app: QApplication, look: Look) -> None:
    """Colours and text size for the whole application, at once."""
    _remember_system(app)
    palette = palette_for(look.theme)
    app.setPalette(palette)
    font = font_for(look.text_size)
    app.setFont(font)
    scale = font.pointSizeF() / BASE_POINTS if font.pointSizeF() > 0 else 1.0
    app.setStyleSheet(style_sheet(template(), kind_of(palette), scale))
    app.setProperty(LOOK_PROPERTY, look_key(look))
