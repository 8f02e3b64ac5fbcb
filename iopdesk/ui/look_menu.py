"""View → Theme and View → Text size: each person's look, applied at once and kept for them.

Ctrl++ and Ctrl+- step the text size, Ctrl+0 goes back to 100 %.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu

from iopdesk.ui.look import LOOK_PROPERTY, THEMES, Look, apply_look, look_key, store_look, stored_look


def tr(text: str) -> str:
    return QCoreApplication.translate("LookMenu", text)


def theme_names() -> dict[str, str]:
    return {
        "system": tr("&System colours"),
        "light": tr("&Light"),
        "dark": tr("&Dark"),
        "high_contrast": tr("&High contrast"),
    }


def size_names() -> dict[str, str]:
    return {"system": tr("&Follow the system"), "100": tr("&100 %"), "125": tr("1&25 %"), "150": tr("1&50 %")}


STEPS = ("100", "125", "150")


class LookMenu(QObject):
    look_changed = Signal(str, str)
    """The person chose another theme or text size; carries (theme, text size)."""

    def __init__(self, window: QMainWindow, view_menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.look = stored_look(window.settings, window.actor)  # type: ignore[attr-defined]
        view_menu.addSeparator()
        self.theme_menu = view_menu.addMenu(tr("T&heme"))
        self.size_menu = view_menu.addMenu(tr("Te&xt size"))
        self.themes = self._choices(self.theme_menu, theme_names(), self.look.theme, self.choose_theme)
        self.sizes = self._choices(self.size_menu, size_names(), self.look.text_size, self.choose_size)
        self.size_menu.addSeparator()
        for text, keys, step in (
            (tr("&Larger"), ("Ctrl++", "Ctrl+="), 1),  # Ctrl+= : the same key without Shift
            (tr("&Smaller"), ("Ctrl+-",), -1),
        ):
            action = QAction(text, window)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.triggered.connect(lambda _checked=False, s=step: self.step_size(s))
            self.size_menu.addAction(action)
            window.addAction(action)
        self.sizes["100"].setShortcut(QKeySequence("Ctrl+0"))
        window.addAction(self.sizes["100"])
        self._apply()

    def _choices(self, menu: QMenu, names: dict[str, str], current: str, choose) -> dict[str, QAction]:  # type: ignore[no-untyped-def]
        group = QActionGroup(menu)
        group.setExclusive(True)
        actions = {}
        for key, text in names.items():
            action = QAction(text, menu)
            action.setCheckable(True)
            action.setChecked(key == current)
            action.triggered.connect(lambda _checked=False, k=key: choose(k))
            group.addAction(action)
            menu.addAction(action)
            actions[key] = action
        return actions

    def choose_theme(self, theme: str) -> None:
        if theme in THEMES:
            self._set(Look(theme, self.look.text_size))

    def choose_size(self, size: str) -> None:
        self._set(Look(self.look.theme, size))

    def step_size(self, step: int) -> None:
        """One step larger or smaller (from "follow the system", the nearest step to it)."""
        now = self.look.text_size if self.look.text_size in STEPS else "100"
        index = min(max(STEPS.index(now) + step, 0), len(STEPS) - 1)
        self.choose_size(STEPS[index])

    def _set(self, look: Look) -> None:
        if look == self.look:
            return
        self.look = look
        store_look(self.window.settings, self.window.actor, look)  # type: ignore[attr-defined]
        self.themes[look.theme].setChecked(True)
        self.sizes[look.text_size].setChecked(True)
        self._apply()
        self.look_changed.emit(look.theme, look.text_size)

    def _apply(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication) and app.property(LOOK_PROPERTY) != look_key(self.look):
            apply_look(app, self.look)  # not again when unchanged: it re-polishes every widget


def install(window: QMainWindow, view_menu: QMenu) -> LookMenu:
    return LookMenu(window, view_menu)
