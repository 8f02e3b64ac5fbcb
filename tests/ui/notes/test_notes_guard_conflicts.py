"""The names check in place, "a peer" replacement, the signing override with its reason, and save conflicts
merged."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from iopdesk.domain import notes
from iopdesk.domain.access import accounts
from iopdesk.store.models import Note
from iopdesk.ui.views.notes.conflict_dialog import ConflictDialog
from iopdesk.ui.views.notes.dialogs import SignDialog
from tests.support import note_factories as nf
from tests.support import notes_support as ns
from tests.support.enter_keys import ENTERS, press_enter, tab_to

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def clinic(actor):
    return ns.build(actor)


@pytest.fixture
def view(qtbot, clinic):
    v = ns.make_view(qtbot, clinic.counselor)
    v.open_session(clinic.session_id, clinic.setup.members[0].id)  # Alex R.'s part
    return v


def write(qtbot, view, key: str, text: str) -> None:
    edit = view.editor.current_part().edits[key]
    edit.setFocus()
    qtbot.keyClicks(edit, text)


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_a_peers_name_is_marked_in_place_and_replaced_with_a_peer(qtbot, view, clinic):
    editor = view.editor
    ns.type_required(qtbot, view)
    write(qtbot, view, "data", "Talked with Blair after group about rides.")
    click(qtbot, editor.view.sign_button)  # the check runs first; the flag stops this first press
    part = editor.current_part()
    assert editor.dialogs.dialog is None
    assert part.flags_box.isVisible() and "“Blair”" in part.flags_label.text()
    marks = part.edits["data"].extraSelections()
    assert len(marks) == 1 and marks[0].cursor.selectedText() == "Blair"
    assert "may identify another member" in editor.view.message.text()
    alex = editor.view.model.row_of_id(editor.current_row().key)
    assert "⚑ 1 name" in editor.view.model.data(editor.view.model.index(alex, 2))

    click(qtbot, part.replace_all_button)
    stored = ns.body_of(clinic.counselor, clinic.session_id, "Alex R.")["data"]
    assert stored == "Talked with a peer after group about rides."
    part = editor.current_part()
    assert part.edits["data"].toPlainText() == stored and not part.flags_box.isVisible()
    assert "⚑" not in editor.view.model.data(editor.view.model.index(alex, 2))

    click(qtbot, editor.view.sign_button)
    dialog = ns.wait_dialog(qtbot, view, SignDialog)
    assert not dialog.override.isVisibleTo(dialog)
    ns.press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: editor.dialogs.dialog is None)
    assert ns.statuses(clinic.counselor, clinic.session_id)["Alex R."] == "signed"


def test_check_names_finds_nothing_calmly(qtbot, view):
    write(qtbot, view, "data", "Shared a plan for the weekend.")
    click(qtbot, view.editor.view.check_button)
    assert view.editor.view.message.message() == "No other member's name found in this part."
    assert view.editor.view.message.kind == "done"  # a calm success, not the amber warning


def test_signing_with_a_flag_left_needs_the_override_box(qtbot, view, clinic):
    editor = view.editor
    ns.type_required(qtbot, view)
    write(qtbot, view, "data", "Sat next to Jordan Abbott.")
    click(qtbot, editor.view.sign_button)
    assert editor.dialogs.dialog is None  # first press: the flags are shown
    click(qtbot, editor.view.sign_button)  # second press: sign anyway, explicitly
    dialog = ns.wait_dialog(qtbot, view, SignDialog)
    assert dialog.override.isVisibleTo(dialog)
    ns.press_ok(qtbot, dialog)
    assert dialog.isVisible() and "Tick the box" in dialog.message.text()
    assert not dialog.reason.isEnabled()  # the reason line opens with the box
    dialog.override.setChecked(True)
    ns.press_ok(qtbot, dialog)
    assert dialog.isVisible() and "Say why" in dialog.message.text()  # a reason for every override
    qtbot.keyClicks(dialog.reason, "A cousin with the same name, not a client.")
    ns.press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: editor.dialogs.dialog is None)
    note = notes.open_session_note(clinic.counselor, clinic.session_id).part(clinic.setup.members[0].id).note
    assert note.status == "signed" and note.guard_overridden
    assert "override recorded" in editor.current_part().seal.text()
    assert json.loads(Note.get_by_id(note.id).guard_override)["reason"] == (
        "A cousin with the same name, not a client."
    )


def press(qtbot, key: Qt.Key) -> None:
    """A key pressed where the focus is, as a person would."""
    qtbot.keyClick(QApplication.focusWidget(), key)


def type_text(qtbot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def open_sign_dialog_with_a_flag_left(qtbot, view) -> SignDialog:
    editor = view.editor
    ns.type_required(qtbot, view)
    write(qtbot, view, "data", "Sat next to Jordan Abbott.")
    click(qtbot, editor.view.sign_button)  # first press shows the flag
    click(qtbot, editor.view.sign_button)  # second press: sign anyway
    dialog = ns.wait_dialog(qtbot, view, SignDialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.password)
    return dialog


def test_the_override_is_signed_with_the_keys_password_box_reason_enter(qtbot, view, clinic):
    accounts.set_password(clinic.counselor.staff_id, "correct horse battery", must_change=False)
    dialog = open_sign_dialog_with_a_flag_left(qtbot, view)
    type_text(qtbot, "correct horse battery")
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.override
    press(qtbot, Qt.Key.Key_Space)
    assert dialog.override.isChecked() and dialog.reason.isEnabled()
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.reason
    type_text(qtbot, "Her cousin Jordan, not a client of the program.")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.editor.dialogs.dialog is None)
    note = notes.open_session_note(clinic.counselor, clinic.session_id).part(clinic.setup.members[0].id).note
    assert note.status == "signed" and note.guard_overridden
    record = json.loads(Note.get_by_id(note.id).guard_override)
    assert record["reason"] == "Her cousin Jordan, not a client of the program." and record["flags"] == 1


def test_enter_with_the_box_ticked_and_no_reason_is_refused(qtbot, view, clinic):
    accounts.set_password(clinic.counselor.staff_id, "correct horse battery", must_change=False)
    dialog = open_sign_dialog_with_a_flag_left(qtbot, view)
    type_text(qtbot, "correct horse battery")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "   ")  # spaces are no reason
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible() and "Say why" in dialog.message.text()
    assert QApplication.focusWidget() is dialog.reason  # the cursor waits where the reason goes
    assert ns.statuses(clinic.counselor, clinic.session_id)["Alex R."] == "draft"
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.editor.dialogs.dialog is None)
    assert ns.statuses(clinic.counselor, clinic.session_id)["Alex R."] == "draft"


def _other_workstation_saves(clinic, text: str) -> None:
    note = notes.open_session_note(clinic.counselor, clinic.session_id).part(clinic.setup.members[0].id).note
    notes.save_draft(clinic.counselor, note.id, {"data": text}, note.version)


def test_a_lost_save_shows_both_texts_and_the_merge_is_stored(qtbot, view, clinic):
    editor = view.editor
    write(qtbot, view, "data", "Mine: engaged in role play.")
    _other_workstation_saves(clinic, "Theirs: arrived late.")
    editor.save_now()  # Ctrl+S; the autosave timer would get here the same way
    dialog = ns.wait_dialog(qtbot, view, ConflictDialog)
    assert dialog.keys == ["data"]
    boxes = [w.toPlainText() for w in dialog.findChildren(type(dialog.results["data"]))]
    assert "Theirs: arrived late." in boxes and "Mine: engaged in role play." in boxes
    use_both = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Use both")
    click(qtbot, use_both)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: editor.dialogs.dialog is None)
    merged = "Theirs: arrived late.\n\nMine: engaged in role play."
    assert ns.body_of(clinic.counselor, clinic.session_id, "Alex R.")["data"] == merged
    assert editor.current_part().edits["data"].toPlainText() == merged
    note_id = editor.current_note().id
    assert notes.note_conflicts(clinic.counselor, note_id) == []  # dealt with
    assert len(notes.note_conflicts(clinic.counselor, note_id, include_resolved=True)) == 1  # and still kept


def test_deciding_later_keeps_my_text_aside_and_offers_it_again(qtbot, view, clinic):
    editor = view.editor
    write(qtbot, view, "data", "Mine: engaged in role play.")
    _other_workstation_saves(clinic, "Theirs: arrived late.")
    editor.save_now()
    dialog = ns.wait_dialog(qtbot, view, ConflictDialog)
    click(qtbot, dialog.later_button)
    qtbot.waitUntil(lambda: editor.dialogs.dialog is None)
    part = editor.current_part()
    assert part.edits["data"].toPlainText() == "Theirs: arrived late."
    kept = notes.note_conflicts(clinic.counselor, part.note.id)
    assert [dict(k.body) for k in kept] == [{"data": "Mine: engaged in role play."}]
    assert "Review and merge" in part.notice.text()

    part.notice.linkActivated.emit("review")
    again = ns.wait_dialog(qtbot, view, ConflictDialog)
    assert again.results["data"].toPlainText() == "Mine: engaged in role play."
    click(qtbot, again.save_button)
    qtbot.waitUntil(lambda: editor.dialogs.dialog is None)
    assert ns.body_of(clinic.counselor, clinic.session_id, "Alex R.")["data"] == "Mine: engaged in role play."
    assert notes.note_conflicts(clinic.counselor, part.note.id) == []
    # Typing on afterwards saves normally: the screen holds the note's current version.
    write(qtbot, view, "plan", "Next week.")
    editor.save_now()
    assert ns.body_of(clinic.counselor, clinic.session_id, "Alex R.")["plan"] == "Next week."


def test_a_refused_save_keeps_the_text_on_screen_and_says_so(qtbot, actor, view, clinic):
    editor = view.editor
    write(qtbot, view, "data", "Typed here.")
    note = notes.open_session_note(clinic.counselor, clinic.session_id).part(clinic.setup.members[0].id).note
    notes.save_draft(clinic.counselor, note.id, {"plan": "Written on the other workstation."}, note.version)
    nf.fill_required(clinic.counselor, note.id)
    notes.sign_note(clinic.counselor, note.id, True)  # signed there before this screen saved
    editor.save_now()
    assert "signed" in editor.view.message.text() and "addendum" in editor.view.message.text()
    assert editor.current_part().edits["data"].toPlainText() == "Typed here."
    other = nf.f.session(
        actor, clinic.setup.group, nf.DAY.replace(day=11), facilitator=clinic.counselor.staff_id
    )
    assert not editor.open_session(other.id)  # first: told what would be left behind
    assert "could not be stored" in editor.view.message.text()
    assert editor.open_session(other.id)  # second: goes


def test_opening_the_same_note_again_over_refused_text_says_so_first(qtbot, view, clinic):
    # "My unsigned notes" (or the list's Enter) opening the note already open reads it afresh:
    # the refused text would vanish from the screen with no word, as no other note may take it.
    editor = view.editor
    write(qtbot, view, "data", "Typed here.")
    note = notes.open_session_note(clinic.counselor, clinic.session_id).part(clinic.setup.members[0].id).note
    nf.fill_required(clinic.counselor, note.id)
    notes.sign_note(clinic.counselor, note.id, True)  # signed on the other workstation meanwhile
    editor.save_now()
    alex = clinic.setup.members[0].id
    assert not editor.open_session(clinic.session_id, alex)  # first: told what would be left behind
    assert "could not be stored" in editor.view.message.text()
    assert editor.current_part().edits["data"].toPlainText() == "Typed here."
    assert any("Typed here." in w.text for w in editor.unsaved_work())  # still offered for a file
    assert editor.open_session(clinic.session_id, alex)  # second: goes, the signed text shown
    assert editor.current_part().edits["data"].toPlainText() != "Typed here."


def shown_conflict(qtbot, parent: QWidget, stored: list[dict[str, str]]) -> ConflictDialog:  # type: ignore[no-untyped-def]
    """A note conflict (yours "Mine", theirs "Theirs") shown over ``parent``; Save appends to ``stored``."""
    dialog = ConflictDialog(
        parent, title="Alex R.", labels={"body": "Note"}, mine={"body": "Mine"}, theirs={"body": "Theirs"},
        submit=lambda merged: stored.append(merged),
    )  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


@ENTERS
def test_enter_on_use_theirs_or_both_fills_the_result_and_only_save_stores_it(qtbot, key, modifier):
    parent = QWidget()  # kept here: a dialog goes with its parent
    qtbot.addWidget(parent)
    stored: list[dict[str, str]] = []
    dialog = shown_conflict(qtbot, parent, stored)
    result = dialog.results["body"]
    qtbot.waitUntil(result.hasFocus)  # the keyboard starts in the result
    buttons = {b.text(): b for b in dialog.findChildren(QPushButton)}
    tab_to(qtbot, buttons["Use theirs"], back=True)
    press_enter(qtbot, key, modifier)  # chooses theirs (before, the dialog's Save stored yours)
    qtbot.waitUntil(lambda: result.toPlainText() == "Theirs")
    tab_to(qtbot, buttons["Use both"])
    press_enter(qtbot, key, modifier)
    qtbot.waitUntil(lambda: result.toPlainText() == "Theirs\n\nMine")
    assert dialog.isVisible() and stored == []
    tab_to(qtbot, result)
    qtbot.keyClick(result, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    press_enter(qtbot, key, modifier)  # in the result Enter is a new line, as before
    qtbot.keyClicks(result, "Agreed.")
    assert result.toPlainText() == "Theirs\n\nMine\nAgreed." and stored == []
    tab_to(qtbot, dialog.save_button)
    with qtbot.waitSignal(dialog.finished):
        press_enter(qtbot, key, modifier)
    assert stored == [{"body": "Theirs\n\nMine\nAgreed."}]


def test_ctrl_enter_in_the_result_saves_it(qtbot):  # type: ignore[no-untyped-def]
    """Ctrl+Enter in the result box saves it, as in every dialog with a text box (it did nothing)."""
    parent = QWidget()  # kept here: a dialog goes with its parent
    qtbot.addWidget(parent)
    stored: list[dict[str, str]] = []
    dialog = shown_conflict(qtbot, parent, stored)
    result = dialog.results["body"]
    qtbot.waitUntil(result.hasFocus)
    qtbot.keyClick(result, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(result, " Agreed.")
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(result, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert stored == [{"body": "Mine Agreed."}]
