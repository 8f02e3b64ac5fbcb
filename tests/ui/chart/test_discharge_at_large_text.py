"""At 150 % text the discharge summary's parts show whole lines: the program's parts at least three,
the counselor's own at least five. Their boxes were sized in pixels for 100 % (70 and 110), which
held two lines at 150 %, the second cut in half (seen on a screenshot)."""

from __future__ import annotations

import pytest

from iopdesk.domain.care.discharge_summary import WRITTEN
from iopdesk.ui.look import Look, apply_look
from tests.support.large_text import system_look_after  # noqa: F401 (a fixture)
from tests.ui.kit.test_submit_dialogs import World, _discharge, world  # noqa: F401 - world: a fixture

pytestmark = [
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),
    pytest.mark.usefixtures("system_look_after"),
]


def test_each_part_of_the_summary_shows_whole_lines_at_150_percent(qtbot, qapp, world: World) -> None:  # noqa: F811
    apply_look(qapp, Look(text_size="150"))
    dialog = _discharge(world)
    dialog.show()
    qtbot.waitExposed(dialog)
    for key, edit in dialog.texts.items():
        lines = 5 if key in WRITTEN or key == "goals" else 3
        room = edit.viewport().height() - 2 * edit.document().documentMargin()
        assert room >= lines * edit.fontMetrics().lineSpacing(), key
    dialog.reject()
