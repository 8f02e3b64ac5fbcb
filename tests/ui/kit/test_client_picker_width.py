"""The client finder shows a client's name at 150 % text. Its name column took what the chart
number, date of birth and status left: about 70 px beside the Clients page, so "David (Gerald)
Calhoun" read "Davi…" (seen on a screenshot; the chart's tables squeezed a session's name to "ssi"
the same way). A table's stretching column now keeps a readable width and the table scrolls
sideways instead (kit/tables.py, StretchWhenRoom, for every make_table with a stretching column)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from PySide6.QtWidgets import QHeaderView

from iopdesk.domain.clients.clients import ClientSummary
from iopdesk.ui.kit.client_picker import ClientPicker
from iopdesk.ui.kit.tables import StretchWhenRoom
from iopdesk.ui.look import Look, apply_look
from tests.support.large_text import system_look_after  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),
    pytest.mark.usefixtures("system_look_after"),
]

FOUND = ClientSummary(
    uuid.uuid4(),
    "David (Gerald) Calhoun",
    "David",
    "Calhoun",
    "Gerald",
    "C-000003",
    dt.date(2005, 5, 19),
    "active",
)


def test_the_name_column_is_never_squeezed_to_a_few_letters(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    apply_look(qapp, Look(text_size="150"))
    picker = ClientPicker(lambda _text: [FOUND])
    qtbot.addWidget(picker)
    picker.resize(445, 400)  # the list's share of the Clients page at 150 % in a 1280 window
    picker.show()
    qtbot.waitExposed(picker)
    with qtbot.waitSignal(picker.results_shown):
        picker.search_edit.setText("C-000003")
    table, header = picker.table, picker.table.horizontalHeader()
    least = min(
        table.sizeHintForColumn(0), table.fontMetrics().averageCharWidth() * StretchWhenRoom.LEAST_CHARS
    )
    qtbot.waitUntil(lambda: header.sectionSize(0) >= least - 1)
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed  # held; the table scrolls instead

    picker.resize(1200, 400)  # with room again the name takes the spare width
    qtbot.waitUntil(lambda: header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch)
