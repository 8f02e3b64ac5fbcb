"""A member's part says what it documents (issue 17): their own time at the session, and once signed,
the times and facilitators it was signed with, whatever the session says later."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from iopdesk.domain.attendance import marking as attendance
from iopdesk.store.models import GroupFacilitator
from iopdesk.ui.views.notes.dialogs import SignDialog
from tests.support import factories as f
from tests.support import notes_support as ns

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def clinic(actor):
    clinic = ns.build(actor, size=2)
    alex = clinic.setup.members[0]
    attendance.mark(
        clinic.counselor, clinic.session_id, alex.id, "late", arrived=dt.time(10, 45), reason="Sign-in sheet"
    )
    return clinic


def test_the_members_own_time_and_the_session_as_signed(qtbot, actor, clinic):
    view = ns.make_view(qtbot, clinic.counselor)
    view.open_session(clinic.session_id)
    editor = view.editor
    shared = editor.current_part()
    assert editor.current_row().is_shared and not shared.documented.isVisibleTo(shared)  # names no one
    qtbot.keyClick(shared.current_edit(), Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # Alex's part
    part = editor.current_part()
    assert editor.current_row().name == "Alex R."
    assert part.documented.isVisibleTo(part)
    assert part.documented.text() == "Attendance: Late: arrived 10:45 · attended 10:45–12:00 (75 min)"
    qtbot.keyClick(part.current_edit(), Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # Blair's part
    assert editor.current_part().documented.text() == ("Attendance: Present: attended 09:00–12:00 (180 min)")
    qtbot.keyClick(editor.current_part().current_edit(), Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)

    part = editor.current_part()
    part.edits["data"].setFocus()
    qtbot.keyClicks(part.edits["data"], "Arrived late; engaged once settled.")
    ns.type_required(qtbot, view)
    qtbot.keyClick(part.current_edit(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # sign
    dialog = ns.wait_dialog(qtbot, view, SignDialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.dialogs.dialog is None)
    assert ns.statuses(clinic.counselor, clinic.session_id)["Alex R."] == "signed"
    signed = editor.current_part()
    assert signed.documented.text() == (
        "Attendance: Late: arrived 10:45 · attended 10:45–12:00 (75 min)\n"
        "As signed: 9:00 am–12:00 pm · Facilitator: Casey Counselor"
    )

    # Another facilitator takes the group over; the signed part still says who facilitated then.
    newcomer = f.staff(actor, name="Nia Newcomer")
    GroupFacilitator.delete().where(GroupFacilitator.group == clinic.setup.group.id).execute()
    f.facilitate(clinic.setup.group, newcomer.id)
    clinic.setup.session.facilitator = newcomer.id
    clinic.setup.session.save()
    reader = ns.make_view(qtbot, actor)  # the supervisor reads it
    reader.open_session(clinic.session_id, clinic.setup.members[0].id)
    part = reader.editor.current_part()
    assert part.documented.text().splitlines() == [
        "Attendance: Late: arrived 10:45 · attended 10:45–12:00 (75 min)",
        "As signed: 9:00 am–12:00 pm · Facilitator: Casey Counselor "
        "(the session now says: Facilitator: Nia Newcomer)",
    ]
