"""The note editor's keys: one table of shortcuts, the line of keys under it, and its buttons."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from iopdesk.ui.views.notes.models import tr

KEYS = {
    "save": "Ctrl+S",
    "next": "Alt+Down",
    "previous": "Alt+Up",
    "snippet": "Ctrl+Shift+S",
    "copy": "Ctrl+Shift+L",
    "check": "Ctrl+Shift+K",
    "sign": "Ctrl+Return",
    "sign_all": "Ctrl+Shift+Return",
    "addendum": "Ctrl+Shift+A",
}


def button(text: str, keys: str | None = None, *, primary: bool = False) -> QPushButton:
    """A button whose keys are in its tooltip (and in the line of keys under the buttons)."""
    widget = QPushButton(text)
    if primary:
        widget.setObjectName("primary")
    if keys:
        widget.setToolTip(f"{text.rstrip('…')} ({readable(keys)})")
    return widget


def reading_keys() -> str:
    return tr(
        "Alt+Down / Alt+Up next or previous part · Esc to the list, Enter into the part · Tab next field"
    )


def writing_keys() -> str:
    return (
        reading_keys()
        + " · "
        + tr(
            "Ctrl+S save now (it also saves by itself) · Ctrl+Shift+S snippet · "
            "Ctrl+Shift+L from my last note · "
            "Ctrl+Shift+K check names · Ctrl+Enter sign this part · Ctrl+Shift+Enter sign all parts"
        )
    )


def readable(keys: str) -> str:
    return keys.replace("Return", "Enter")
