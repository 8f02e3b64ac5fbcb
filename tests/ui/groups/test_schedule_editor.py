"""The schedule's times and minutes can be read: under the program's style sheet a spin box told to
show no step buttons kept its text in a field 1 pixel wide (Qt 6.11), and every group's schedule
showed empty boxes beside the right end times."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from iopdesk.domain.groups.groups import ScheduleSlot
from iopdesk.ui.look import Look, apply_look
from iopdesk.ui.views.groups.schedule_editor import ScheduleEditor
from tests.support.large_text import system_look_after  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),
    pytest.mark.usefixtures("system_look_after"),
]


@pytest.mark.parametrize("size", ["100", "150"])
def test_each_days_time_and_minutes_show_whole(qtbot, qapp, size: str) -> None:  # type: ignore[no-untyped-def]
    apply_look(qapp, Look(text_size=size))  # the style sheet the program runs with
    editor = ScheduleEditor(dt.date(2025, 3, 3))
    qtbot.addWidget(editor)
    editor.set_slots([ScheduleSlot(0, dt.time(9, 0), 180), ScheduleSlot(2, dt.time(17, 30), 90)])
    editor.show()
    qtbot.waitExposed(editor)

    for field in (editor.starts[0], editor.lengths[0], editor.starts[2], editor.lengths[2], editor.starts[4]):
        line = field.lineEdit()
        assert line.text()  # a value is there…
        assert line.width() >= line.fontMetrics().horizontalAdvance(line.text()), (line.text(), line.width())
    assert editor.ends[2].text() == "7:00 pm"


def test_the_keys_still_step_a_time_and_minutes(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    apply_look(qapp, Look())
    editor = ScheduleEditor(dt.date(2025, 3, 3))
    qtbot.addWidget(editor)
    editor.set_slots([ScheduleSlot(0, dt.time(9, 0), 180)])
    editor.show()
    qtbot.waitExposed(editor)
    editor.lengths[0].setFocus()
    qtbot.keyClick(editor.lengths[0], Qt.Key.Key_Up)  # 15 minutes a step
    assert editor.slots() == [ScheduleSlot(0, dt.time(9, 0), 195)]
    assert editor.ends[0].text() == "12:15 pm"
