"""What a screen reader and a keyboard-only person get from a window: the focusable widgets without a
name, and the buttons and actions no key reaches. Used by tests/ui/test_accessibility.py.

A widget's name is what Qt exposes through QAccessible: its accessibleName, the text of a button or a
label, or, for a field, a table or a list, the text of the QLabel whose buddy it is (Qt looks for that
label among the widget's siblings: ``QFormLayout.addRow("&Name:", field)`` makes one). A combo box's
current value is not its name (Qt on Linux reports it as one; "Anyone" does not say what is chosen).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6 import QtGui  # Qt.mightBeRichText is QtGui's
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTabBar,
    QTabWidget,
    QToolButton,
    QWidget,
)

# Widgets Qt presents as one: their inner parts (a spin box's line edit, a combo box's list) are not
# asked about on their own.
WHOLE = (QAbstractSpinBox, QComboBox, QCalendarWidget)
# Buttons Qt puts inside its own widgets, each with its key: a tab bar's scroll arrows (the arrow
# keys), a table's corner (Ctrl+A), a line edit's clear button (select and delete).
QT_PARTS = (QTabBar, QAbstractItemView, QLineEdit)


def words(text: str) -> bool:
    """Text that can be read out as a name: it has a letter or a digit ("+", "…", "×" have none)."""
    return any(ch.isalnum() for ch in text.replace("&", ""))


def buddy_text(widget: QWidget) -> str:
    parent = widget.parentWidget()
    if parent is None:
        return ""
    for label in parent.findChildren(QLabel, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if label.buddy() is widget and words(label.text()):
            return label.text()
    return ""


def has_name(widget: QWidget) -> bool:
    if words(widget.accessibleName()):
        return True
    if isinstance(widget, QAbstractButton):
        # A symbol on a button ("…", "+") is read as a symbol: it needs a name or a description.
        return words(widget.text()) or words(widget.accessibleDescription())
    if isinstance(widget, QLabel):
        return words(widget.text())
    if isinstance(widget, QGroupBox):
        return words(widget.title())
    if isinstance(widget, QTabBar):  # a list of tabs, each read by its own text
        return widget.count() > 0 and all(words(widget.tabText(i)) for i in range(widget.count()))
    return bool(buddy_text(widget))


def focusable(root: QWidget) -> Iterator[QWidget]:
    """The visible widgets under ``root`` (and itself) that can take the keyboard focus."""
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisible():
            continue
        if widget.focusProxy() is not None:  # the focus goes to its proxy, which is asked instead
            continue
        if inside_whole(widget, root):
            continue
        yield widget


def inside_whole(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root.parentWidget():
        if isinstance(parent, WHOLE):
            return True
        parent = parent.parentWidget()
    return False


def describe(widget: QWidget) -> str:
    """Where an unnamed widget is: its class, object name, and its ancestors' classes."""
    chain = []
    parent = widget.parentWidget()
    while parent is not None and len(chain) < 4:
        chain.append(type(parent).__name__)
        parent = parent.parentWidget()
    name = f" {widget.objectName()!r}" if widget.objectName() else ""
    text = getattr(widget, "text", None)
    shown = f" text={text()!r}" if callable(text) else ""
    return f"{type(widget).__name__}{name}{shown} in {' < '.join(chain)}"


def unnamed(root: QWidget) -> list[str]:
    return [describe(w) for w in focusable(root) if not has_name(w)]


def unreachable_buttons(root: QWidget) -> list[str]:
    """Visible, enabled buttons that neither Tab reaches nor a key presses (a shortcut or a mnemonic)."""
    out = []
    for button in root.findChildren(QAbstractButton):
        if not button.isVisible() or not button.isEnabled() or isinstance(button.parentWidget(), QT_PARTS):
            continue  # Qt's own parts: a tab bar's arrows, a table's corner, a field's clear button
        if inside_whole(button, root):
            continue
        if not by_tab(button) and button.shortcut().isEmpty() and not by_arrows(button):
            out.append(describe(button))
    return out


def by_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value)


def by_arrows(button: QAbstractButton) -> bool:
    """In an exclusive group Qt keeps only the checked button in the Tab chain (as with radio
    buttons); the arrow keys move from it to the others."""
    group = button.group()
    return group is not None and group.exclusive() and any(by_tab(b) for b in group.buttons())


def reachable_menus(window: QMainWindow, out: list[str]) -> set[int]:
    """The menus a key opens: the menu bar's (each title needs its Alt+letter), the menus of buttons
    Tab reaches (Space opens them), and their submenus (the arrow keys open those)."""
    menus: set[int] = set()

    def add(menu: QMenu) -> None:
        menus.add(id(menu))
        for action in menu.actions():
            if isinstance(action.menu(), QMenu) and action.isVisible():
                add(action.menu())  # type: ignore[arg-type]

    for action in window.menuBar().actions():
        if isinstance(action.menu(), QMenu):
            if "&" not in action.text():
                out.append(f"menu {action.text()!r} (no Alt+letter)")
            add(action.menu())  # type: ignore[arg-type]
    for button in window.findChildren(QAbstractButton):
        menu = getattr(button, "menu", lambda: None)()
        if isinstance(menu, QMenu) and button.isVisible() and by_tab(button):
            add(menu)
    return menus


def on_screen(holder: object) -> bool:
    """A widget shown now, or a menu whose owner (a button, the menu bar) is."""
    if isinstance(holder, QMenu):
        owner = holder.parentWidget()
        return owner is None or owner.isVisible()
    return isinstance(holder, QWidget) and holder.isVisible()


def unreachable_actions(window: QMainWindow) -> list[str]:
    """Actions no key reaches: not in a menu a key opens, no shortcut, no button Tab reaches showing
    it, and no focusable widget holding it (a tool button's own action, a widget whose Menu key
    lists its actions)."""
    out: list[str] = []
    menus = reachable_menus(window, out)
    held: set[int] = set()
    shown_as: set[str] = set()  # the words on buttons a key reaches (kit/actions.py action_button)
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(widget, QAbstractButton) and by_tab(widget):
            shown_as.add(widget.text())
        if isinstance(widget, QToolButton) and widget.defaultAction() is not None:
            held.add(id(widget.defaultAction()))
        if widget.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu:
            held.update(id(a) for a in widget.actions())
    for action in window.findChildren(QAction):
        if action.isSeparator() or not action.isEnabled() or action.menu() is not None:
            continue
        if isinstance(action.parent(), QLineEdit):  # Qt's own (a field's clear button)
            continue
        shown = [o for o in action.associatedObjects() if on_screen(o)]
        if not shown or action.shortcuts() or id(action) in held or action.text() in shown_as:
            continue
        if any(id(o) in menus for o in shown):
            continue
        where = ", ".join(type(o).__name__ for o in shown)
        owner = type(action.parent()).__name__
        out.append(f"action {action.text()!r} of {owner} on {where} (no key reaches it)")
    return out


def mnemonic(text: str) -> str | None:
    """The letter after a single "&" in ``text`` (Alt+that letter), else None ("&&" is a plain "&")."""
    plain = text.replace("&&", "")
    at = plain.find("&")
    return plain[at + 1].lower() if 0 <= at < len(plain) - 1 else None


def stray_ampersands(root: QWidget) -> list[str]:
    """Labels that show their "&" as a character: a label draws its Alt+letter only when it has a
    buddy (``QFormLayout.addRow("&Name:", a_layout)`` gives it none), else the "&" itself."""
    out = []
    for label in root.findChildren(QLabel):
        if not label.isVisible() or label.buddy() is not None:
            continue
        if label.textFormat() == Qt.TextFormat.RichText or QtGui.Qt.mightBeRichText(label.text()):
            continue  # "&amp;" and the like are markup there, never a shortcut
        key = mnemonic(label.text())
        if key is not None and key.isalnum():  # "Mindfulness & Breathwork" is a name, not a key
            out.append(f"{label.text()!r} ({describe(label)})")
    return out


def hidden_values(root: QWidget) -> list[str]:
    """Spin boxes, time and date fields whose value has no room to be read: a field Qt drew 1 pixel
    wide inside its box (the group schedule's times, under the style sheet) is empty to the eye."""
    out = []
    for box in root.findChildren(QAbstractSpinBox):
        line = box.lineEdit()
        if (
            box.isVisible()
            and line.text()
            and line.width() < min(line.fontMetrics().horizontalAdvance("00"), box.width() // 2)
        ):
            out.append(f"{line.text()!r} in a field {line.width()} px wide ({describe(box)})")
    return out


def clashing_mnemonics(window: QMainWindow) -> list[str]:
    """Alt+letters that two things on screen answer at once: Qt then only moves the focus between
    them, so the key a person learned does nothing (a button's, a label's for its field, a tab's
    and a menu title's, all on one window)."""
    owners: dict[str, list[str]] = {}
    bar = window.menuBar()
    for action in bar.actions() if bar is not None and bar.isVisible() else []:
        if action.isVisible() and (letter := mnemonic(action.text())):
            owners.setdefault(letter, []).append(f"menu {action.text().replace('&', '')!r}")
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        texts: list[str] = []
        if isinstance(widget, QAbstractButton):
            texts = [widget.text()]
        elif isinstance(widget, QLabel) and widget.buddy() is not None and widget.buddy().isVisible():
            texts = [widget.text()]
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            texts = [widget.title()]
        elif isinstance(widget, QTabBar):
            texts = [widget.tabText(i) for i in range(widget.count()) if widget.isTabVisible(i)]
        for text in texts:
            if letter := mnemonic(text):
                owners.setdefault(letter, []).append(f"{type(widget).__name__} {text.replace('&', '')!r}")
    return [f"Alt+{k.upper()}: {', '.join(v)}" for k, v in sorted(owners.items()) if len(v) > 1]


def settle(times: int = 3) -> None:
    for _ in range(times):
        QApplication.processEvents()


def every_tab(root: QWidget, look: Callable[[], None], seen: set[int] | None = None) -> None:
    """``look`` at ``root`` on each page of each visible tab widget in it (nested ones too)."""
    seen = set() if seen is None else seen
    look()
    for tabs in root.findChildren(QTabWidget):
        if id(tabs) in seen or not tabs.isVisible():
            continue
        seen.add(id(tabs))
        first = tabs.currentIndex()
        for index in range(tabs.count()):
            if not tabs.isTabEnabled(index) or index == first:
                continue
            tabs.setCurrentIndex(index)
            settle()
            every_tab(tabs.widget(index), look, seen)
        tabs.setCurrentIndex(first)
        settle()
