"""A page taller than the window scrolls (ui/view_stack.scroller), and the keyboard's place stays on
screen. Qt scrolls to a widget only when Tab reaches it: at 150 % text, Search chosen by Alt+S on
Notes while the page was scrolled down to a note's last field put the keyboard in a search box above
the top edge (seen on a screenshot), and what was typed could not be seen."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTabWidget, QVBoxLayout, QWidget

from iopdesk.ui.view_stack import scroller
from tests.support.windows import shown_active


def in_sight(page, widget: QWidget) -> bool:  # type: ignore[no-untyped-def]
    view = page.widget()
    seen = QRect(-view.pos(), page.viewport().size())
    return seen.intersects(QRect(widget.mapTo(view, QPoint(0, 0)), widget.size()))


def test_a_tab_chosen_by_its_key_brings_its_focused_field_into_sight(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = QWidget()
    tabs = QTabWidget()
    note = QWidget()
    fields = QVBoxLayout(note)
    for _ in range(8):
        field = QPlainTextEdit()
        field.setMinimumHeight(120)
        fields.addWidget(field)
    search = QWidget()
    words = QLineEdit()
    QVBoxLayout(search).addWidget(words)
    search.setFocusProxy(words)
    tabs.addTab(note, "&Note")
    tabs.addTab(search, "&Search")
    QVBoxLayout(view).addWidget(tabs)
    page = scroller(view)
    page.resize(500, 400)
    shown_active(qtbot, page)

    last = fields.itemAt(fields.count() - 1).widget()
    last.setFocus(Qt.FocusReason.TabFocusReason)
    page.ensureWidgetVisible(last)  # as Tab through the note's fields leaves it
    qtbot.waitUntil(lambda: page.verticalScrollBar().value() > 0)
    assert not in_sight(page, tabs.tabBar())

    qtbot.keyClick(last, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is words)
    qtbot.waitUntil(lambda: in_sight(page, words))


def test_a_click_on_a_field_partly_in_sight_does_not_move_the_page(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = QWidget()
    column = QVBoxLayout(view)
    tall = QPlainTextEdit()
    tall.setMinimumHeight(900)
    column.addWidget(tall)
    page = scroller(view)
    page.resize(400, 300)
    shown_active(qtbot, page)
    page.verticalScrollBar().setValue(200)
    tall.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tall)
    assert page.verticalScrollBar().value() == 200
