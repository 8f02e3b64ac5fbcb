"""Print client notes…: the chosen client's notes for the dates, as a PDF with the Part 2 notice."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from iopdesk.domain import notes
from iopdesk.ui.kit.day_picker import to_qdate
from iopdesk.ui.views.notes.print_dialog import PrintNotesDialog
from tests.support import note_factories as nf
from tests.support import notes_support as ns

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_print_dialog_writes_the_pdf_for_the_member_on_screen(qtbot, actor, tmp_path):
    clinic = ns.build(actor, 2)
    view = ns.make_view(qtbot, clinic.counselor)
    opened = notes.open_session_note(clinic.counselor, clinic.session_id)
    alex = opened.part(clinic.setup.members[0].id).note
    notes.save_draft(clinic.counselor, alex.id, {"data": "Practised refusal skills."}, alex.version)
    view.open_session(clinic.session_id, clinic.setup.members[0].id)
    view.print_notes()  # Ctrl+P
    qtbot.waitUntil(lambda: isinstance(view.dialog, PrintNotesDialog) and view.dialog.isVisible())
    dialog = view.dialog
    assert dialog.picker.current().id == clinic.setup.members[0].id  # the member on screen
    dialog.start.setDate(to_qdate(nf.DAY - dt.timedelta(days=7)))
    dialog.end.setDate(to_qdate(nf.DAY))
    target = tmp_path / "alex.pdf"
    dialog.path.setText(str(target))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.dialog is None)
    assert target.read_bytes().startswith(b"%PDF")
    assert "Written:" in view.editor.view.message.text() and "1 note(s)" in view.editor.view.message.text()


def test_print_dialog_refuses_calmly_without_a_client(qtbot, actor, tmp_path):
    clinic = ns.build(actor, 2)
    view = ns.make_view(qtbot, clinic.counselor)
    view.print_notes()
    qtbot.waitUntil(lambda: isinstance(view.dialog, PrintNotesDialog) and view.dialog.isVisible())
    dialog = view.dialog
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.message.text() == "Choose the client whose notes to print."
    dialog.reject()
