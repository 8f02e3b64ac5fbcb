"""Writing a group note through the widgets: shared part once, each member's part, autosave, signing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from iopdesk.domain import notes
from iopdesk.domain.access import accounts
from iopdesk.ui.views.notes.dialogs import SignDialog, TextDialog
from iopdesk.ui.views.notes.open_note import AUTOSAVE_LONGEST_MS, AUTOSAVE_MS
from tests.support import note_factories as nf
from tests.support import notes_support as ns

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def clinic(actor):
    return ns.build(actor)


@pytest.fixture
def view(qtbot, clinic):
    v = ns.make_view(qtbot, clinic.counselor)
    v.open_session(clinic.session_id)
    return v


def type_into(qtbot, view, key: str, text: str) -> None:
    part = view.editor.current_part()
    edit = part.edits[key]
    edit.setFocus()
    qtbot.keyClicks(edit, text)


def test_whole_group_note_written_by_keyboard_and_signed(qtbot, view, clinic):
    editor = view.editor
    assert editor.view.model.rowCount() == 13  # the shared part and twelve members
    assert editor.current_row().is_shared
    part = editor.current_part()
    assert list(part.edits) == ["topic", "interventions", "dynamics", "number_present"]
    assert part.edits["number_present"].toPlainText() == "12"
    type_into(qtbot, view, "topic", "Coping with cravings")
    type_into(qtbot, view, "interventions", "Urge surfing exercise; CBT worksheet.")
    for _member in range(12):
        field = editor.current_part().current_edit()
        qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
        assert not editor.current_row().is_shared, (_member, editor.view.message.text())
        type_into(qtbot, view, "data", "Shared a recent trigger and a plan for the weekend.")
        ns.type_required(qtbot, view)
    assert editor.current_row().name == "Logan P."
    shared = ns.body_of(clinic.counselor, clinic.session_id, "shared")
    assert shared["topic"] == "Coping with cravings"  # stored when the part was left

    qtbot.mouseClick(editor.view.sign_all_button, Qt.MouseButton.LeftButton)
    dialog = ns.wait_dialog(qtbot, view, SignDialog)
    assert dialog.statement.text().startswith("I, Casey Counselor, sign the note of Relapse Prevention")
    assert not dialog.password.isVisibleTo(dialog)  # no account has a password yet
    ns.press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: editor.dialogs.dialog is None)
    assert set(ns.statuses(clinic.counselor, clinic.session_id).values()) == {"signed"}
    assert "Signed 13 parts." in editor.view.message.text()
    assert editor.view.message.kind == "done"  # a success, not the amber warning
    part = editor.current_part()
    assert part.edits["data"].isReadOnly()
    assert "Signed by Casey Counselor" in part.seal.text() and "SHA-256" in part.seal.text()
    assert not editor.view.sign_all_button.isVisible() and editor.view.addendum_button.isVisible()


def test_autosave_fires_after_typing_stops_and_survives_reopening(qtbot, view, clinic):
    editor = view.editor
    editor.select_client(clinic.setup.members[0].id)
    with qtbot.waitSignal(editor.open_note.saved, timeout=AUTOSAVE_MS + 3000) as saved:
        type_into(qtbot, view, "data", "Arrived early and helped set up.")
    assert saved.args[0].saved
    assert editor.view.save_label.text().startswith("Saved ")
    assert (
        ns.body_of(clinic.counselor, clinic.session_id, "Alex R.")["data"]
        == "Arrived early and helped set up."
    )

    again = ns.make_view(qtbot, clinic.counselor)
    again.open_session(clinic.session_id, clinic.setup.members[0].id)
    assert again.editor.current_part().edits["data"].toPlainText() == "Arrived early and helped set up."


def test_typing_that_never_pauses_is_saved_all_the_same(qtbot, view, clinic):
    # Each key restarts the pause timer, so a writer who types on without a pause of AUTOSAVE_MS
    # would have nothing stored until they stop; the longest wait runs from the first change.
    open_note = view.editor.open_note
    assert AUTOSAVE_MS < AUTOSAVE_LONGEST_MS <= 15_000
    open_note.timer.setInterval(60_000)  # a pause that never comes within this test
    open_note.longest.setInterval(50)
    view.editor.select_client(clinic.setup.members[0].id)
    with qtbot.waitSignal(open_note.saved, timeout=5000):  # long before the pause timer's minute
        type_into(qtbot, view, "data", "Spoke at length about the weekend and the plan for it.")
    assert ns.body_of(clinic.counselor, clinic.session_id, "Alex R.")["data"].startswith("Spoke")


def test_a_note_opened_only_to_read_starts_no_part_for_its_reader(qtbot, actor, clinic):
    # A member marked present after the counselor opened the note has no part yet. A supervisor
    # opening the session from a search hit (read-only) must not start it: the part would be the
    # supervisor's, and the counselor who ran the group could no longer write that member's note.
    late = clinic.setup.members[0]
    nf.set_attendance(clinic.setup.session, late, "absent_unexcused")
    notes.open_session_note(clinic.counselor, clinic.session_id)
    nf.set_attendance(clinic.setup.session, late, "late")
    reader = ns.make_view(qtbot, clinic.supervisor)
    assert reader.editor.open_session(clinic.session_id, None, read_only=True)
    assert reader.editor.open_note.view.part(late.id).note is None  # shown as not started
    mine = notes.open_session_note(clinic.counselor, clinic.session_id).part(late.id).note
    assert mine is not None and mine.author_id == clinic.counselor.staff_id


def test_leaving_the_view_saves_at_once(qtbot, view, clinic):
    view.editor.select_client(clinic.setup.members[1].id)
    type_into(qtbot, view, "plan", "Call sponsor daily.")
    assert view.editor.open_note.timer.isActive()
    view.save_state()  # what the main window calls when another view is chosen, or on close
    assert not view.editor.open_note.dirty()
    assert ns.body_of(clinic.counselor, clinic.session_id, "Blair O.")["plan"] == "Call sponsor daily."


def test_absent_member_has_no_part_and_a_part_once_written_is_kept(qtbot, actor, clinic):
    absent, leaving = clinic.setup.members[2], clinic.setup.members[3]
    nf.set_attendance(clinic.setup.session, absent, "absent_unexcused")
    first = notes.open_session_note(clinic.counselor, clinic.session_id)
    part = first.part(leaving.id).note
    notes.save_draft(clinic.counselor, part.id, {"data": "Talked about work."}, part.version)
    nf.set_attendance(clinic.setup.session, leaving, "absent_excused")  # corrected after writing

    view = ns.make_view(qtbot, clinic.counselor)
    view.open_session(clinic.session_id)
    rows = {r.name: r for r in view.editor.view.model.rows}
    assert rows["Casey L."].note is None
    assert view.editor.view.model.data(
        view.editor.view.model.index(view.editor.view.model.row_of_id(rows["Casey L."].key), 2)
    ) == "absent — no note"
    assert "no longer attending" in view.editor.view.model.data(
        view.editor.view.model.index(view.editor.view.model.row_of_id(rows["Devon M."].key), 2)
    )
    view.editor.select_key(rows["Devon M."].key)
    assert view.editor.current_part().edits["data"].toPlainText() == "Talked about work."
    view.editor.select_key(rows["Casey L."].key)
    assert view.editor.view.stack.currentWidget() is view.editor.view.no_part
    assert "absent — no note" in view.editor.view.no_part.text()


def test_signing_asks_for_the_password_once_accounts_have_one(qtbot, view, clinic):
    accounts.set_password(clinic.counselor.staff_id, "correct horse battery", must_change=False)
    editor = view.editor
    editor.select_client(clinic.setup.members[0].id)
    type_into(qtbot, view, "data", "Engaged throughout.")
    ns.type_required(qtbot, view)
    qtbot.mouseClick(editor.view.sign_button, Qt.MouseButton.LeftButton)
    dialog = ns.wait_dialog(qtbot, view, SignDialog)
    assert dialog.password.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.password, "wrong password")
    ns.press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.message.text()
    assert ns.statuses(clinic.counselor, clinic.session_id)["Alex R."] == "draft"
    qtbot.keyClicks(dialog.password, "correct horse battery")
    ns.press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: editor.dialogs.dialog is None)
    assert ns.statuses(clinic.counselor, clinic.session_id)["Alex R."] == "signed"


def test_addendum_below_a_signed_part(qtbot, view, clinic):
    editor = view.editor
    editor.select_client(clinic.setup.members[0].id)
    type_into(qtbot, view, "data", "Engaged throughout.")
    ns.type_required(qtbot, view)
    qtbot.mouseClick(editor.view.sign_button, Qt.MouseButton.LeftButton)
    ns.press_ok(qtbot, ns.wait_dialog(qtbot, view, SignDialog))
    qtbot.waitUntil(lambda: editor.dialogs.dialog is None)
    qtbot.mouseClick(editor.view.addendum_button, Qt.MouseButton.LeftButton)
    dialog = ns.wait_dialog(qtbot, view, TextDialog)
    qtbot.keyClicks(dialog.text, "Client called after group: feeling better.")
    ns.press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: editor.dialogs.dialog is None)
    note = notes.open_session_note(clinic.counselor, clinic.session_id).part(clinic.setup.members[0].id).note
    assert [a.text for a in note.addenda] == ["Client called after group: feeling better."]
    labels = [
        editor.current_part().addenda.itemAt(i).widget().text()
        for i in range(editor.current_part().addenda.count())
    ]
    assert any("feeling better" in text for text in labels)


def test_snippet_goes_in_at_the_cursor_and_copy_from_last_is_marked(qtbot, actor, view, clinic):
    notes.add_snippet(clinic.counselor, "Engaged", "Engaged and on topic.")
    editor = view.editor
    editor.select_client(clinic.setup.members[0].id)
    type_into(qtbot, view, "participation", "Today: ")
    editor.actions.fill_snippets()
    titles = [a.text() for a in editor.view.snippet_menu.actions()]
    assert "Engaged (mine)" in titles
    next(a for a in editor.view.snippet_menu.actions() if a.text() == "Engaged (mine)").trigger()
    assert editor.current_part().edits["participation"].toPlainText() == "Today: Engaged and on topic."

    # A later session of the same group: "start from my last note" fills and marks the copy.
    later = nf.f.session(
        actor, clinic.setup.group, nf.DAY.replace(day=17), facilitator=clinic.counselor.staff_id
    )
    nf.f.attend(actor, later, clinic.setup.members[0], "present")
    view.editor.open_note.flush()
    view.open_session(later.id, clinic.setup.members[0].id)
    qtbot.mouseClick(editor.view.copy_button, Qt.MouseButton.LeftButton)
    copied = editor.current_part().edits["participation"].toPlainText()
    assert copied.startswith("[Copied from note of 2025-03-10") and "Engaged and on topic." in copied
    assert "Copied 1 field(s)" in editor.view.message.text()
    assert "[Copied from …]" in editor.current_part().notice.text()


def test_family_session_lists_who_came_and_has_one_part(qtbot, actor, clinic):
    from iopdesk.ui.views.notes.dialogs import FamilyDialog

    client = clinic.setup.members[0]
    family = nf.f.session(
        actor, None, nf.DAY, kind="family", who=client, facilitator=clinic.counselor.staff_id
    )
    view = ns.make_view(qtbot, clinic.counselor)
    view.open_session(family.id)
    editor = view.editor
    # the one part gets the width
    assert editor.view.model.rowCount() == 1 and not editor.view.table.isVisible()
    assert editor.view.header.family.text() == "Family present: nobody listed yet"
    qtbot.mouseClick(editor.view.header.family_button, Qt.MouseButton.LeftButton)
    dialog = ns.wait_dialog(qtbot, view, FamilyDialog)
    qtbot.keyClicks(dialog.text, "Maria Lopez mother")
    ns.press_ok(qtbot, dialog)
    assert dialog.isVisible() and "a comma" in dialog.message.text()
    dialog.text.setPlainText("Maria Lopez, mother\nLuis Lopez, brother")
    ns.press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: editor.dialogs.dialog is None)
    assert editor.view.header.family.text() == "Family present: Maria Lopez (mother), Luis Lopez (brother)"


def test_staff_who_may_not_read_notes_are_told_calmly(qtbot, actor):
    desk = nf.writer(actor, "Front Desk", role="frontdesk")
    view = ns.make_view(qtbot, desk)
    assert not view.readable and not view.view.print_button.isVisible()
    assert "cannot read session notes" in view.view.refusal.text()
