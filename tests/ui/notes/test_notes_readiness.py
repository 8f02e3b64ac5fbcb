"""Signing from the keyboard: every problem listed before the password, states told apart, Escape said.

A tired counselor presses Ctrl+Enter to sign. What stops signing (a required
field blank, an empty part, copied text) is listed at once, before any
password is asked for, the blank fields are outlined and the cursor waits in
the first; the list of parts tells empty, written, flagged and signed apart,
with full names; and closing the signing dialog says that nothing was signed.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from iopdesk.domain.access import accounts
from iopdesk.ui.views.notes.dialogs import NotReadyDialog, SignDialog
from iopdesk.ui.views.notes.parts_model import NAME_COLUMN, STATE_COLUMN
from tests.support import notes_support as ns

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
PASSWORD = "correct horse battery"


@pytest.fixture
def clinic(actor):
    built = ns.build(actor, 3)
    accounts.set_password(built.counselor.staff_id, PASSWORD, must_change=False)
    return built


@pytest.fixture
def view(qtbot, clinic):
    v = ns.make_view(qtbot, clinic.counselor)
    v.open_session(clinic.session_id)
    return v


def focused():  # type: ignore[no-untyped-def]
    return QApplication.focusWidget()


def type_in(qtbot, view, key: str, text: str) -> None:  # type: ignore[no-untyped-def]
    edit = view.editor.current_part().edits[key]
    edit.setFocus()
    qtbot.keyClicks(edit, text)


def ctrl_enter(qtbot, shift: bool = False) -> None:  # type: ignore[no-untyped-def]
    modifiers = Qt.KeyboardModifier.ControlModifier
    if shift:
        modifiers |= Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(focused(), Qt.Key.Key_Return, modifiers)


def back_in_the_window(qtbot, view) -> None:  # type: ignore[no-untyped-def]
    """The dialog closed: the window manager gives the keyboard back to the main window."""
    view.view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view.view)


def state_of(view, name: str) -> str:  # type: ignore[no-untyped-def]
    model = view.editor.view.model
    row = next(i for i, r in enumerate(model.rows) if r.name == name or (name == "shared" and r.is_shared))
    return str(model.data(model.index(row, STATE_COLUMN)))


def test_blank_required_fields_are_listed_before_the_password_and_the_cursor_waits_there(qtbot, view, clinic):
    editor = view.editor
    editor.select_client(clinic.setup.members[0].id)
    part = editor.current_part()
    assert list(part.edits)[:2] == ["risk", "use_since_last"]  # first: seen without scrolling
    assert "required to sign" in part.labels["risk"].text()
    assert "required" not in part.labels["data"].text()
    type_in(qtbot, view, "data", "Engaged; named two triggers.")
    ctrl_enter(qtbot)  # sign this part

    dialog = ns.wait_dialog(qtbot, view, NotReadyDialog)  # not the signing dialog: no password yet
    assert len(dialog.problems) == 1
    assert "Alex R." in dialog.problems[0] and "“Risk”" in dialog.problems[0]
    assert "Use / abstinence since last session" in dialog.problems[0]
    assert "Not signed: 1 part needs work first" in editor.view.message.text()
    assert part.missing_keys() == ["risk", "use_since_last"]  # outlined
    assert state_of(view, "Alex R.") == "Written · 2 required empty"
    qtbot.waitUntil(lambda: focused() is dialog.ok_button)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # "Go to the first"
    qtbot.waitUntil(lambda: editor.dialogs.dialog is None)
    back_in_the_window(qtbot, view)
    qtbot.waitUntil(lambda: focused() is part.edits["risk"])
    assert ns.statuses(clinic.counselor, clinic.session_id)["Alex R."] == "draft"

    qtbot.keyClicks(focused(), "Denies SI/HI.")
    assert part.missing_keys() == ["use_since_last"]  # written: no longer outlined
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "Abstinent; UDS negative.")
    ctrl_enter(qtbot)
    sign = ns.wait_dialog(qtbot, view, SignDialog)
    qtbot.waitUntil(lambda: focused() is sign.password)
    qtbot.keyClicks(sign.password, PASSWORD)
    qtbot.keyClick(sign.password, Qt.Key.Key_Return)  # Enter signs; it never cancels
    qtbot.waitUntil(lambda: editor.dialogs.dialog is None)
    assert ns.statuses(clinic.counselor, clinic.session_id)["Alex R."] == "signed"
    assert state_of(view, "Alex R.") == "✓ Signed"


def test_sign_all_lists_every_part_at_once(qtbot, view, clinic):
    editor = view.editor
    type_in(qtbot, view, "topic", "Cravings")  # the shared part
    editor.select_client(clinic.setup.members[0].id)
    type_in(qtbot, view, "data", "Engaged.")
    ns.type_required(qtbot, view)  # Alex R.: ready
    editor.select_client(clinic.setup.members[1].id)
    type_in(qtbot, view, "data", "Quiet today.")  # Blair O.: risk and use blank
    # Casey L.: nothing written
    ctrl_enter(qtbot, shift=True)  # sign all parts

    dialog = ns.wait_dialog(qtbot, view, NotReadyDialog)
    assert len(dialog.problems) == 2
    assert "Blair O." in dialog.problems[0] and "“Risk” and “Use" in dialog.problems[0]
    assert "Casey L." in dialog.problems[1] and "empty" in dialog.problems[1]
    assert "Nothing was signed" in dialog.findChild(type(dialog.list), "sectionTitle").text()
    assert "2 parts need work first" in editor.view.message.text()
    assert state_of(view, "Alex R.") == "Written, not signed"
    assert state_of(view, "Blair O.") == "Written · 2 required empty"
    assert state_of(view, "Casey L.") == "Empty"
    qtbot.waitUntil(lambda: focused() is dialog.ok_button)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: editor.dialogs.dialog is None)
    back_in_the_window(qtbot, view)
    assert editor.current_row().name == "Blair O."  # the first part to fix is on screen
    assert focused() is editor.current_part().edits["risk"]
    assert set(ns.statuses(clinic.counselor, clinic.session_id).values()) == {"draft"}


def test_parts_left_empty_read_as_one_line_in_their_place(qtbot, view, clinic):
    editor = view.editor
    editor.select_client(clinic.setup.members[0].id)
    type_in(qtbot, view, "data", "Engaged.")  # Alex R.: risk and use blank; Blair O. and Casey L.: empty
    ctrl_enter(qtbot, shift=True)
    dialog = ns.wait_dialog(qtbot, view, NotReadyDialog)
    assert len(dialog.problems) == 2
    assert dialog.problems[0].startswith("The note for Alex R. needs “Risk”")
    assert dialog.problems[1] == "2 parts are empty; write them before signing: Blair O., Casey L."
    qtbot.waitUntil(lambda: focused() is dialog.ok_button)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.dialogs.dialog is None)
    assert editor.current_row().name == "Alex R."  # the first in the list is the first to fix


def test_escape_on_the_signing_dialog_says_nothing_was_signed(qtbot, view, clinic):
    editor = view.editor
    editor.select_client(clinic.setup.members[0].id)
    type_in(qtbot, view, "data", "Engaged.")
    ns.type_required(qtbot, view)
    ctrl_enter(qtbot)
    sign = ns.wait_dialog(qtbot, view, SignDialog)
    qtbot.waitUntil(lambda: focused() is sign.password)
    qtbot.keyClicks(sign.password, PASSWORD)
    qtbot.keyClick(sign.password, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: editor.dialogs.dialog is None)
    assert editor.view.message.text() == "Not signed: the signing was cancelled. The note is still a draft."
    assert ns.statuses(clinic.counselor, clinic.session_id)["Alex R."] == "draft"
    assert state_of(view, "Alex R.") == "Written, not signed"


def test_the_list_tells_parts_apart_with_names_in_full(qtbot, view, clinic):
    editor = view.editor
    assert state_of(view, "shared") == "Written, not signed"  # "Number present" is filled in for you
    assert state_of(view, "Alex R.") == "Empty"
    editor.select_client(clinic.setup.members[0].id)
    with qtbot.waitSignal(editor.open_note.saved, timeout=5000):
        type_in(qtbot, view, "data", "Talked with Blair about rides.")
    qtbot.waitUntil(lambda: state_of(view, "Alex R.") == "Written · 2 required empty")  # after autosave
    qtbot.mouseClick(editor.view.check_button, Qt.MouseButton.LeftButton)
    assert state_of(view, "Alex R.").endswith("⚑ 1 name")

    table = editor.view.table
    metrics = table.fontMetrics()
    for row, part in enumerate(editor.view.model.rows):
        name = str(editor.view.model.data(editor.view.model.index(row, NAME_COLUMN)))
        assert table.columnWidth(NAME_COLUMN) >= metrics.horizontalAdvance(name), part.name
    editor.say("A long message in the banner above the note, as after a refused save, " * 3)
    assert table.width() >= table.minimumWidth()
    assert table.columnWidth(NAME_COLUMN) >= metrics.horizontalAdvance("Shared part")
