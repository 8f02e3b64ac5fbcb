"""Enter from the keyboard's main block (Return) and from the keypad (Enter, which Qt sends with
KeypadModifier) do the same: on a list, EnterOpens opens the current row; on a button Tab reached,
EnterPresses presses it. Ctrl+Enter and Shift+Enter are left for other keys (the plan's Ctrl+Enter
signs), and a greyed button is not pressed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QPushButton, QTableView, QVBoxLayout, QWidget

from iopdesk.ui.kit.actions import EnterOpens, EnterPresses

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform

KEYPAD = Qt.KeyboardModifier.KeypadModifier
NONE = Qt.KeyboardModifier.NoModifier
ENTERS = pytest.mark.parametrize(
    ("key", "modifier"), [(Qt.Key.Key_Return, NONE), (Qt.Key.Key_Enter, KEYPAD)], ids=["return", "keypad"]
)


@pytest.fixture
def table(qtbot) -> QTableView:  # type: ignore[no-untyped-def]
    model = QStandardItemModel(0, 1)
    for text in ("first", "second"):
        model.appendRow(QStandardItem(text))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    model.setParent(view)
    view.show()
    qtbot.waitExposed(view)
    view.setCurrentIndex(model.index(1, 0))
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    return view


@ENTERS
def test_enter_on_a_list_opens_the_current_row(qtbot, table, key, modifier) -> None:  # type: ignore[no-untyped-def]
    opened: list[int] = []
    EnterOpens(table, lambda: opened.append(table.currentIndex().row()))
    qtbot.keyClick(table, key, modifier)
    assert opened == [1]


def test_ctrl_or_shift_enter_on_a_list_is_left_to_other_keys(qtbot, table) -> None:  # type: ignore[no-untyped-def]
    opened: list[int] = []
    EnterOpens(table, lambda: opened.append(table.currentIndex().row()))
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        for held in (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier):
            qtbot.keyClick(table, key, held | (KEYPAD if key == Qt.Key.Key_Enter else NONE))
    assert opened == []


@ENTERS
def test_enter_on_a_button_tab_reached_presses_it_and_a_greyed_one_stays_unpressed(
    qtbot, key, modifier
) -> None:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    first, second = QPushButton("First"), QPushButton("Second")
    for button in (first, second):
        button.setAutoDefault(False)
        layout.addWidget(button)
    EnterPresses(first, second)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    qtbot.waitUntil(second.hasFocus)
    with qtbot.waitSignal(second.clicked, timeout=2000):
        qtbot.keyClick(second, key, modifier)
    pressed: list[bool] = []
    second.clicked.connect(lambda: pressed.append(True))
    qtbot.keyClick(second, key, modifier | Qt.KeyboardModifier.ControlModifier)  # not plain Enter
    second.setEnabled(False)
    qtbot.keyClick(second, key, modifier)
    with qtbot.assertNotEmitted(second.clicked, wait=300):  # animateClick would land within ~100 ms
        pass
    assert pressed == []
