"""A form dialog on a screen too small for its fields (large text on a laptop): it opens within the
screen with its buttons on it, the fields scroll, Tab brings each field into view, and two columns
too wide for the screen go one under the other. On a screen with room nothing scrolls."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QBoxLayout, QWidget

from iopdesk.ui.kit import screen_fit
from iopdesk.ui.views.groups.group_dialog import GroupDialog

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def opened(qtbot, actor, monkeypatch, free: QSize) -> GroupDialog:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(screen_fit, "room", lambda _widget: free)
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = GroupDialog(parent, actor)
    dialog.holder = parent  # type: ignore[attr-defined]  # the parent lives as long as the dialog
    dialog.open()
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_a_short_screen_scrolls_the_fields_and_keeps_the_buttons_on_it(qtbot, actor, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dialog = opened(qtbot, actor, monkeypatch, QSize(1240, 420))
    assert dialog.height() <= 420
    assert dialog.ok_button.isVisible() and dialog.ok_button.visibleRegion().boundingRect().height() > 0
    bar = dialog.fields_area.verticalScrollBar()
    qtbot.waitUntil(bar.isVisible)
    assert bar.value() == 0
    dialog.name.setFocus()
    qtbot.keyClicks(dialog.name, "Evening Process")
    for _ in range(60):  # Tab down the fields to the description, the last
        if dialog.description.hasFocus():
            break
        qtbot.keyClick(QWidget.focusWidget(dialog) or dialog, Qt.Key.Key_Tab)
    assert dialog.description.hasFocus()
    assert bar.value() > 0  # scrolled to it…
    assert not dialog.description.visibleRegion().isEmpty()  # …and it is in sight
    assert dialog.name.text() == "Evening Process"


def test_columns_too_wide_for_the_screen_go_one_under_the_other(qtbot, actor, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dialog = opened(qtbot, actor, monkeypatch, QSize(700, 700))
    assert dialog.columns.direction() == QBoxLayout.Direction.TopToBottom
    assert dialog.width() <= 700


def test_with_room_nothing_scrolls_and_the_columns_stand_side_by_side(qtbot, actor, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dialog = opened(qtbot, actor, monkeypatch, QSize(1880, 1040))
    assert dialog.columns.direction() == QBoxLayout.Direction.LeftToRight
    qtbot.waitExposed(dialog)
    assert not dialog.fields_area.verticalScrollBar().isVisible()
