"""An empty check box must be seen in every theme (issue 18). Fusion outlined it in a shade of the
window colour: black on black in high contrast (the "Show finished groups" box on Groups was not
there at all), about 1.2 : 1 on dark and 2 : 1 on light. The style sheet now draws the box with an
edge of at least 3 : 1 (WCAG's floor for a control) against the window and the list behind it, in a
box form and in a checkable list (kit/check_list.py), at every text size, and a list's box fits in its
row (a list row is one line high; a box that tall overlaps the rows above and below)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QListView,
    QStyle,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from iopdesk.ui.kit.check_list import CheckListModel
from iopdesk.ui.look import Look, apply_look
from tests.support.contrast import strongest_contrast
from tests.support.large_text import system_look_after  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),
    pytest.mark.usefixtures("system_look_after"),
]

LOOKS = [Look(theme, size) for theme in ("light", "dark", "high_contrast") for size in ("100", "150")]
FLOOR = 3.0


def shown_page(qtbot) -> tuple[QWidget, QCheckBox, QListView]:  # type: ignore[no-untyped-def]
    page = QWidget()
    qtbot.addWidget(page)
    column = QVBoxLayout(page)
    box = QCheckBox("Show finished groups")
    items = QListView()
    model = CheckListModel([(1, "Relapse prevention"), (2, "Coping skills")], items)
    items.setModel(model)
    column.addWidget(box)
    column.addWidget(items)
    page.resize(320, 200)
    page.show()
    qtbot.waitExposed(page)
    return page, box, items


@pytest.mark.parametrize("look", LOOKS, ids=[f"{look.theme}-{look.text_size}" for look in LOOKS])
def test_an_empty_check_box_stands_out_from_what_is_behind_it(qtbot, qapp, look: Look) -> None:  # type: ignore[no-untyped-def]
    apply_look(qapp, look)
    page, box, items = shown_page(qtbot)

    option = QStyleOptionButton()
    box.initStyleOption(option)
    indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    drawn = box.grab().toImage()
    behind = box.palette().color(QPalette.ColorRole.Window)
    assert indicator.height() >= box.fontMetrics().height() * 0.6, "the box is smaller than the text"
    assert strongest_contrast(drawn, indicator, behind) >= FLOOR

    row = items.model().index(0, 0)
    item_option = QStyleOptionViewItem()
    item_option.initFrom(items.viewport())
    item_option.rect = items.visualRect(row)
    item_option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    item_option.checkState = Qt.CheckState.Unchecked
    check = items.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, item_option, items)
    assert item_option.rect.contains(check), "the box is taller than its row: rows overlap it"
    drawn = items.viewport().grab().toImage()
    behind = items.palette().color(QPalette.ColorRole.Base)
    assert strongest_contrast(drawn, QRect(check), behind) >= FLOOR
