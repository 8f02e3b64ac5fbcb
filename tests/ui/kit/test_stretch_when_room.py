"""A table's stretching column is never squeezed to a few letters (View → Text size 150 % in a
narrow window): it keeps about eighteen characters, elided, and the table scrolls sideways; with
room again it stretches again. Rows replaced (a refresh) keep it so."""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QTableView

from iopdesk.ui.kit.tables import StretchWhenRoom, fit_columns

ROW = ["9:00 am–12:00 pm", "Morning Process Group", "Not taken", "0 of 12", "0", "Robin Example", "Room 101"]


def _fill(model: QStandardItemModel) -> None:
    model.beginResetModel()  # the rows replaced as the program's row models replace them
    model.blockSignals(True)
    model.removeRows(0, model.rowCount())
    model.setColumnCount(len(ROW))
    model.appendRow([QStandardItem(text) for text in ROW])
    model.blockSignals(False)
    model.endResetModel()


def test_the_stretching_column_keeps_a_readable_width_and_stretches_again_with_room(qtbot) -> None:  # type: ignore[no-untyped-def]
    table = QTableView()
    qtbot.addWidget(table)
    model = QStandardItemModel()
    _fill(model)
    table.setModel(model)
    fit_columns(table, stretch=1)
    table.resize(1400, 200)
    table.show()
    qtbot.waitExposed(table)
    header = table.horizontalHeader()
    assert header.sectionResizeMode(1) == QHeaderView.ResizeMode.Stretch
    font = table.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    table.setFont(font)
    table.resize(700, 200)
    least = min(
        table.sizeHintForColumn(1), table.fontMetrics().averageCharWidth() * StretchWhenRoom.LEAST_CHARS
    )
    # Answered once the burst of resizes is over (a zero timer), not inside each resize.
    qtbot.waitUntil(
        lambda: header.sectionResizeMode(1) == QHeaderView.ResizeMode.Fixed
        and header.sectionSize(1) >= least - 1
    )
    _fill(model)  # the rows replaced, as a refresh does
    qtbot.waitUntil(lambda: header.sectionSize(1) >= least - 1)
    table.resize(2400, 200)
    qtbot.waitUntil(lambda: header.sectionResizeMode(1) == QHeaderView.ResizeMode.Stretch)
    assert header.sectionSize(1) > least
