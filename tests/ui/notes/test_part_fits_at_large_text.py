"""At 150 % text in a 1280×800 window a member's part reads without scrolling sideways. The part
sits beside the list of parts, and its field names and the goals' heading did not wrap: the fields
were laid out wider than the room ("Goals addressed (treatment plan, version 1)" alone needed 514 px
of 345), so every line of the note was cut at the right edge (seen on a screenshot)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from iopdesk.ui.views.notes.goals_picker import GoalsPicker
from tests.support import care_factories as cf
from tests.support import factories as f
from tests.support import notes_support as ns
from tests.support.factories import TODAY
from tests.support.large_text import shown_window, system_look_after  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise|grabbing)"),
    pytest.mark.usefixtures("system_look_after"),
]


@pytest.fixture(autouse=True)
def today(monkeypatch):  # type: ignore[no-untyped-def]
    return f.pin_today(monkeypatch)


def test_a_members_part_needs_no_sideways_scrolling_at_150_percent(qtbot, actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clinic = ns.build(actor, size=3)
    member = clinic.setup.members[0]
    cf.admitted(actor, member.id, on=TODAY - dt.timedelta(days=20), counselor=clinic.counselor)
    cf.signed_plan(clinic.counselor, member.id, goals=2)
    window = shown_window(qtbot, clinic.counselor, tmp_path, size=(1280, 800))
    window.look_menu.sizes["150"].trigger()
    window.open_note(clinic.session_id, member.id)
    editor = window.views["notes"].view.editor
    qtbot.waitUntil(lambda: editor.current_part() is not None and editor.current_part().isVisible())
    part = editor.current_part()
    assert part.findChild(GoalsPicker) is not None  # the widest heading of a part is there
    area = part.scroll_area
    body = area.widget()
    assert body.minimumSizeHint().width() <= area.viewport().width()
    qtbot.waitUntil(lambda: body.width() == area.viewport().width())
    assert area.horizontalScrollBar().maximum() == 0
    for edit in part.edits.values():
        assert edit.geometry().right() < area.viewport().width(), edit.key
