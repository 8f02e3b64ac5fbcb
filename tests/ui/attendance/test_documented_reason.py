"""Changing a mark that a signed note documents asks why, in its own words (issue 17).

The reason is asked for specifically, by keys (Enter gives it, Escape changes nothing), and a
late-entry reason given earlier for the same session is never passed on as this one.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from iopdesk.domain import notes
from iopdesk.domain.attendance import marking as attendance
from iopdesk.domain.notes.views import note_views
from iopdesk.store.models import Note
from iopdesk.ui.views.attendance.reason_prompt import DocumentedReasonDialog
from tests.support import attendance_data
from tests.support import factories as f
from tests.support import note_factories as nf
from tests.support.attendance_view import shown_screen
from tests.support.roster_support import ScriptedPrompts

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def clinic(actor, monkeypatch):
    return attendance_data.build(actor, monkeypatch, size=3)


@pytest.fixture
def prompts(qtbot):
    return ScriptedPrompts(qtbot)


@pytest.fixture
def screen(qtbot, actor, clinic, prompts):
    screen = shown_screen(qtbot, actor)
    screen.take.marking.ask_documented_reason.prompts = prompts
    return screen


def sign_part(actor, session_id, client_id) -> object:
    part = notes.open_group_note(actor, session_id).part(client_id).note
    notes.save_draft(actor, part.id, {"data": "Engaged in the group.", **nf.REQUIRED_TEXT}, part.version)
    notes.sign_note(actor, part.id, confirm=True)
    return part.id


def status_of(actor, session_id, client_id) -> str:
    return next(
        r.status for r in attendance.session_attendance(actor, session_id).rows if r.client_id == client_id
    )


def addenda(note_id) -> list[str]:
    return [a.text for a in note_views([Note.get_by_id(note_id)])[0].addenda]


def test_the_reason_is_asked_for_and_goes_into_the_addendum(qtbot, actor, clinic, screen, prompts):
    first = clinic.members[0]
    attendance.mark(actor, clinic.session.id, first.id, "present")
    note_id = sign_part(actor, clinic.session.id, first.id)
    screen.open_session(clinic.session.id)
    table = screen.take.view.table
    table.setFocus()
    table.move_to_row(0)
    seen: list[str] = []

    def blank_then_escape(dialog: DocumentedReasonDialog) -> None:
        seen.append(dialog.question.text())
        assert dialog.reason.hasFocus()
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # blank: stays open, saying why
        assert dialog.isVisible() and "Say why the mark changes" in dialog.message.text()
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)

    prompts.steps.append(blank_then_escape)
    qtbot.keyClick(table, "u")
    assert seen == [
        "Alex T.'s note for this session is signed and documents this mark: "
        "Present → Absent (unexcused). Say why it changes; an addendum to the note will record it."
    ]
    assert status_of(actor, clinic.session.id, first.id) == "present"
    assert "Nothing was changed" in screen.take.view.message.message()
    assert addenda(note_id) == []

    def give_reason(dialog: DocumentedReasonDialog) -> None:
        qtbot.keyClicks(dialog.reason, "Sign-in sheet shows she left before group.")
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)

    prompts.steps.append(give_reason)
    table.move_to_row(0)
    qtbot.keyClick(table, "u")
    assert not prompts.steps
    assert status_of(actor, clinic.session.id, first.id) == "absent_unexcused"
    (text,) = addenda(note_id)
    assert text.endswith("Reason: Sign-in sheet shows she left before group.")
    # A member whose note is not signed is marked as before, asking nothing.
    table.move_to_row(1)
    qtbot.keyClick(table, "u")
    assert status_of(actor, clinic.session.id, clinic.members[1].id) == "absent_unexcused"


def test_a_late_entry_reason_is_never_reused_for_a_signed_notes_mark(qtbot, actor, clinic, screen, prompts):
    old = f.session(actor, clinic.group, attendance_data.TODAY - dt.timedelta(days=14))
    late: list[str] = []
    screen.take.marking.ask_reason = lambda message: late.append(message) or "Paper sign-in sheet found"
    screen.open_session(old.id)
    table = screen.take.view.table
    table.setFocus()
    qtbot.keyClick(table, "p")  # the late-entry reason, asked once for the session
    assert len(late) == 1 and screen.take.marking.late_reason == "Paper sign-in sheet found"
    note_id = sign_part(actor, old.id, clinic.members[0].id)

    asked: list[str] = []

    def give_reason(dialog: DocumentedReasonDialog) -> None:
        asked.append(dialog.question.text())
        qtbot.keyClicks(dialog.reason, "Left at 10:30 per the sign-out sheet.")
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Enter)

    prompts.steps.append(give_reason)
    table.move_to_row(0)
    qtbot.keyClick(table, "x")
    assert len(asked) == 1 and "is signed and documents this mark" in asked[0]
    assert len(late) == 1  # the late-entry question was not asked again, nor its answer passed on
    assert status_of(actor, old.id, clinic.members[0].id) == "absent_excused"
    (text,) = addenda(note_id)
    assert text.endswith("Reason: Left at 10:30 per the sign-out sheet.")
    assert "Paper sign-in sheet" not in text
    changes = attendance.attendance_changes(actor, old.id, clinic.members[0].id)
    assert changes[-1].reason == "Left at 10:30 per the sign-out sheet."
