"""Where the keyboard is must be seen in every look (issue 18). The style sheet marks a focused field,
list or button with the accent (a 3 px yellow ring in high contrast), but a page's tabs and a tool
button ("Insert snippet") were left to Fusion, whose mark is a faint tint of the highlight: about
1.5 : 1 against the window, in every look. Tab onto the tabs of Notes or the Chart showed almost
nothing. The check: the focused tab's or button's edge shows a colour of at least 3 : 1 (WCAG's floor
for a focus mark) against the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QTabWidget, QToolButton, QVBoxLayout, QWidget

from iopdesk.ui.look import Look, apply_look
from tests.support.contrast import contrast
from tests.support.large_text import system_look_after  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),
    pytest.mark.usefixtures("system_look_after"),
]

THEMES = ("light", "dark", "high_contrast")


def edge_contrast(image: QImage, area: QRect, window) -> float:  # type: ignore[no-untyped-def]
    """The highest contrast with ``window`` along the edge of ``area`` (its outer two pixels), where
    a focus ring is drawn and no text is."""
    inner = area.adjusted(2, 2, -2, -2)
    return max(
        contrast(image.pixelColor(x, y), window)
        for x in range(area.left(), area.right() + 1)
        for y in range(area.top(), area.bottom() + 1)
        if not inner.contains(x, y)
    )


@pytest.mark.parametrize("theme", THEMES)
def test_tab_onto_a_pages_tabs_and_a_tool_button_shows_where_the_keyboard_is(qtbot, qapp, theme: str) -> None:  # type: ignore[no-untyped-def]
    apply_look(qapp, Look(theme, "100"))
    page = QWidget()
    qtbot.addWidget(page)
    column = QVBoxLayout(page)
    start = QLineEdit()
    tabs = QTabWidget()
    tabs.addTab(QLabel("The note"), "&Note")
    tabs.addTab(QLabel("Search"), "&Search")
    snippet = QToolButton()
    snippet.setText("Insert snippet")
    snippet.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    for widget in (start, tabs, snippet):
        column.addWidget(widget)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    start.setFocus()
    qtbot.waitUntil(start.hasFocus)
    window = page.palette().color(QPalette.ColorRole.Window)

    bar = tabs.tabBar()
    qtbot.keyClick(start, Qt.Key.Key_Tab)
    qtbot.waitUntil(bar.hasFocus)
    shown = edge_contrast(bar.grab().toImage(), bar.tabRect(0), window)
    assert shown >= 3.0, f"the focused tab: {shown:.2f} : 1"

    qtbot.keyClick(bar, Qt.Key.Key_Tab)
    qtbot.waitUntil(snippet.hasFocus)
    shown = edge_contrast(snippet.grab().toImage(), snippet.rect(), window)
    assert shown >= 3.0, f"the focused tool button: {shown:.2f} : 1"
