"""My unsigned notes, the co-sign queue and search: what they list, in which order, and Enter opens."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from iopdesk.domain import notes
from iopdesk.ui.views.notes.dialogs import SignDialog, TextDialog
from iopdesk.ui.views.notes.parts_model import parts_model
from tests.support import note_factories as nf
from tests.support import notes_support as ns

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def fill_and_sign(who, session_id) -> None:
    view = notes.open_session_note(who, session_id)
    parts = [view.shared] + [m.note for m in view.members]
    for note in parts:
        notes.save_draft(who, note.id, {next(iter(note.body)): "Took part in the exercise."}, note.version)
        nf.fill_required(who, note.id)
    notes.sign_group_note(who, session_id, confirm=True)


def test_unsigned_notes_oldest_first_with_days_overdue_in_words(qtbot, actor):
    clinic = ns.build(actor, 3)
    later = nf.f.session(
        actor, clinic.setup.group, nf.DAY + dt.timedelta(days=7), facilitator=clinic.counselor.staff_id
    )
    for member in clinic.setup.members:
        nf.f.attend(actor, later, member, "present")
    notes.open_session_note(clinic.counselor, later.id)  # started: drafts
    view = ns.make_view(qtbot, clinic.counselor)  # the earlier session is not started at all
    panel = view.unsigned
    assert view.view.tabs.currentWidget() is panel.view
    rows = panel.view.model.rows
    assert [r.session_id for r in rows] == [clinic.session_id, later.id]
    texts = [[c.text(r) for c in panel.view.model.columns] for r in rows]
    assert texts[0][4] == "not started: 3 members attended"
    assert texts[1][4] == "shared part + 3 members, drafts"
    assert all(t[5].endswith("days overdue") for t in texts)
    assert "2 sessions with unsigned work" in panel.view.summary.text()
    assert view.view.tabs.tabText(0) == "My &unsigned notes (2)"

    panel.view.table.setFocus()
    panel.view.table.setCurrentIndex(panel.view.model.index(1, 0))
    qtbot.keyClick(panel.view.table, Qt.Key.Key_Return)
    assert view.view.tabs.currentWidget() is view.editor.view
    assert view.editor.open_note.session_id == later.id
    assert view.editor.current_row().is_shared  # written once, first


def test_the_co_sign_queue_is_for_supervisors(qtbot, actor):
    clinic = ns.build(actor, 2)
    view = ns.make_view(qtbot, clinic.counselor)
    view.view.tabs.setCurrentWidget(view.cosign.view)
    assert "Co-signing is for supervisors" in view.cosign.view.area.empty.text()
    assert view.cosign.view.area.currentWidget() is view.cosign.view.area.empty


def test_supervisor_co_signs_and_returns_from_the_queue(qtbot, actor):
    clinic = ns.build(actor, 3, needs_cosign=True)
    fill_and_sign(clinic.counselor, clinic.session_id)
    assert set(ns.statuses(clinic.counselor, clinic.session_id).values()) == {"pending_cosign"}

    view = ns.make_view(qtbot, clinic.supervisor)
    view.view.tabs.setCurrentWidget(view.cosign.view)
    queue = view.cosign
    assert queue.view.model.rowCount() == 1
    assert [c.text(queue.view.model.rows[0]) for c in queue.view.model.columns][2:4] == [
        "Casey Counselor",
        "shared part + 3 members",
    ]
    queue.view.table.setCurrentIndex(queue.view.model.index(0, 0))
    qtbot.keyClick(queue.view.table, Qt.Key.Key_Return)
    editor = view.editor
    assert view.view.tabs.currentWidget() is editor.view and editor.current_row().is_shared
    assert editor.current_part().edits["topic"].isReadOnly()  # reading, not writing
    assert editor.view.cosign_button.isVisible() and editor.view.return_button.isVisible()
    assert not editor.view.sign_button.isVisible()

    qtbot.mouseClick(editor.view.cosign_button, Qt.MouseButton.LeftButton)
    dialog = ns.wait_dialog(qtbot, view, SignDialog)
    assert dialog.statement.text().startswith("I, tester, co-sign the shared part")
    ns.press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: editor.dialogs.dialog is None)
    assert ns.statuses(actor, clinic.session_id)["shared"] == "signed"
    # A success reads as one (the calm "done" line), not in the amber of a warning.
    assert editor.view.message.kind == "done" and editor.view.message.message() == "Co-signed."

    editor.select_client(clinic.setup.members[0].id)
    qtbot.mouseClick(editor.view.return_button, Qt.MouseButton.LeftButton)
    dialog = ns.wait_dialog(qtbot, view, TextDialog)
    ns.press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.message.text()  # a return needs a comment
    qtbot.keyClicks(dialog.text, "Add the treatment-plan goal.")
    ns.press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: editor.dialogs.dialog is None)

    editor.select_client(clinic.setup.members[1].id)
    qtbot.mouseClick(editor.view.cosign_all_button, Qt.MouseButton.LeftButton)
    ns.press_ok(qtbot, ns.wait_dialog(qtbot, view, SignDialog))
    qtbot.waitUntil(lambda: editor.dialogs.dialog is None)
    assert ns.statuses(actor, clinic.session_id) == {
        "shared": "signed",
        "Alex R.": "returned",
        "Blair O.": "signed",
        "Casey L.": "signed",
    }
    view.view.tabs.setCurrentWidget(queue.view)
    assert queue.view.model.rowCount() == 0

    trainee = ns.make_view(qtbot, clinic.counselor)
    row = trainee.unsigned.view.model.rows[0]
    assert "1 returned for changes" in trainee.unsigned.view.model.columns[4].text(row)
    trainee.unsigned.view.table.setCurrentIndex(trainee.unsigned.view.model.index(0, 0))
    qtbot.keyClick(trainee.unsigned.view.table, Qt.Key.Key_Return)
    part = trainee.editor.current_part()
    assert trainee.editor.current_row().name == "Alex R."
    assert "Add the treatment-plan goal." in part.notice.text() and not part.edits["data"].isReadOnly()


def test_search_finds_a_note_and_opens_it_read_only(qtbot, actor):
    clinic = ns.build(actor, 3)
    view_ = notes.open_session_note(clinic.counselor, clinic.session_id)
    alex = view_.part(clinic.setup.members[0].id).note
    notes.save_draft(
        clinic.counselor, alex.id, {"data": "Talked about kayaking as a sober hobby."}, alex.version
    )
    view = ns.make_view(qtbot, clinic.counselor)
    view.find()  # Ctrl+F
    search = view.search
    assert view.view.tabs.currentWidget() is search.view
    qtbot.keyClicks(search.view.text, "kayak*")
    with qtbot.waitSignal(search.searched) as found:
        qtbot.keyClick(search.view.text, Qt.Key.Key_Return)
    assert found.args == [1]
    hit = search.view.model.rows[0]
    assert hit.client_name == "Alex R." and "kayaking" in hit.snippet
    assert hit.snippet[hit.highlights[0][0] : hit.highlights[0][1]] == "kayaking"
    search.view.table.setFocus()
    qtbot.keyClick(search.view.table, Qt.Key.Key_Return)
    editor = view.editor
    assert view.view.tabs.currentWidget() is editor.view and editor.open_note.read_only
    assert editor.view.read_only_box.isVisible()
    # the group's shared part, then this client
    assert [r.name for r in editor.view.model.rows] == ["", "Alex R."]
    editor.select_client(clinic.setup.members[0].id)
    assert editor.current_part().edits["data"].isReadOnly()
    assert not editor.view.sign_button.isVisible() and not editor.view.sign_all_button.isVisible()


def test_search_says_what_is_wrong_calmly(qtbot, actor):
    clinic = ns.build(actor, 2)
    view = ns.make_view(qtbot, clinic.counselor)
    view.find()
    view.search.search()  # nothing typed
    assert view.search.view.message.text() == "Type at least one word to search for."
    view.search.view.text.setText("anything")
    view.search.view.client.setText("Nobody Atall")
    view.search.search()
    assert "No client matches" in view.search.view.message.text()


def test_models_pass_the_model_tester(qtmodeltester, qtbot, actor):
    clinic = ns.build(actor, 3)
    view = ns.make_view(qtbot, clinic.counselor)
    qtmodeltester.check(view.unsigned.view.model)
    view.open_session(clinic.session_id)
    qtmodeltester.check(view.editor.view.model)
    qtmodeltester.check(parts_model())
