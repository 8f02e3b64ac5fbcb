"""The notes screen's small dialogs by keys, beyond Enter and Escape on an empty dialog
(tests/ui/kit/test_submit_dialogs.py): Tab order, a refusal by keys, and Escape after typing —
a snippet's text, who came to a family session, an addendum — asks before the typing is lost."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QWidget

from iopdesk.domain import notes
from iopdesk.ui.views.notes.dialogs import FamilyDialog, SignDialog, SnippetDialog, TextDialog
from tests.support import note_factories as nf
from tests.support import notes_support as ns
from tests.support.enter_keys import focused, press
from tests.support.roster_support import ScriptedPrompts

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def clinic(actor):  # type: ignore[no-untyped-def]
    return ns.build(actor, 2)


@pytest.fixture
def view(qtbot, clinic):  # type: ignore[no-untyped-def]
    v = ns.make_view(qtbot, clinic.counselor)
    v.open_session(clinic.session_id)
    return v


def on_top(qtbot, view, kind: type) -> QDialog:  # type: ignore[no-untyped-def]
    dialog = ns.wait_dialog(qtbot, view, kind)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.prompts = ScriptedPrompts(qtbot)  # type: ignore[attr-defined]
    return dialog


def cancel_of(dialog: QDialog) -> QWidget:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)  # type: ignore[attr-defined]


def tab_over_the_buttons(qtbot, dialog: QDialog) -> QWidget:  # type: ignore[no-untyped-def]
    """From the last field, Tab meets the main button and Cancel (the box's order: Cancel may come
    first, whatever the platform shows) and then leaves them; where the keyboard then is."""
    met = set()
    for _ in range(2):
        press(qtbot, Qt.Key.Key_Tab)
        met.add(focused())
    assert met == {dialog.ok_button, cancel_of(dialog)}  # type: ignore[attr-defined]
    press(qtbot, Qt.Key.Key_Tab)
    return focused()


def snippet_dialog(qtbot, view, clinic) -> SnippetDialog:  # type: ignore[no-untyped-def]
    """Select what was written in a field, then Insert snippet → Save the selected text as my snippet…"""
    editor = view.editor
    editor.select_client(clinic.setup.members[0].id)
    edit = editor.current_part().edits["data"]
    edit.setFocus()
    qtbot.keyClicks(edit, "Engaged and on topic.")
    edit.selectAll()
    editor.actions.fill_snippets()
    keep = next(a for a in editor.view.snippet_menu.actions() if a.text().startswith("Save the selected"))
    keep.trigger()
    return on_top(qtbot, view, SnippetDialog)  # type: ignore[return-value]


def test_snippet_tab_order_and_a_refusal_by_keys(qtbot, view, clinic):
    dialog = snippet_dialog(qtbot, view, clinic)
    assert focused() is dialog.title and dialog.text.toPlainText() == "Engaged and on topic."
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.text
    assert tab_over_the_buttons(qtbot, dialog) is dialog.title  # then round again
    press(qtbot, Qt.Key.Key_Return)  # no title yet: the domain's refusal, the dialog stays
    assert dialog.isVisible() and dialog.message.isVisible() and "title" in dialog.message.text().lower()
    assert dialog.text.toPlainText() == "Engaged and on topic."
    qtbot.keyClicks(focused(), "Engaged")
    press(qtbot, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    qtbot.waitUntil(lambda: view.editor.dialogs.dialog is None)
    assert [s.title for s in notes.list_snippets(clinic.counselor)] == ["Engaged"]


def test_escape_after_naming_a_snippet_asks_first(qtbot, view, clinic):
    dialog = snippet_dialog(qtbot, view, clinic)
    qtbot.keyClicks(focused(), "Engaged")
    dialog.prompts.answers.append(False)
    press(qtbot, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.title.text() == "Engaged"
    assert "not saved" in dialog.prompts.questions[-1]
    dialog.prompts.answers.append(True)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.editor.dialogs.dialog is None)
    assert notes.list_snippets(clinic.counselor) == []


def test_escape_with_the_selection_untouched_just_closes(qtbot, view, clinic):
    dialog = snippet_dialog(qtbot, view, clinic)
    press(qtbot, Qt.Key.Key_Escape)  # only what the note already holds: nothing to lose
    qtbot.waitUntil(lambda: view.editor.dialogs.dialog is None)
    assert not dialog.prompts.questions


def family_dialog(qtbot, actor, clinic):  # type: ignore[no-untyped-def]
    client = clinic.setup.members[0]
    family = nf.f.session(
        actor, None, nf.DAY, kind="family", who=client, facilitator=clinic.counselor.staff_id
    )
    view = ns.make_view(qtbot, clinic.counselor)
    view.open_session(family.id)
    button = view.editor.view.header.family_button
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    return view, on_top(qtbot, view, FamilyDialog)


def test_family_list_by_keys_a_bad_line_is_named_and_escape_asks(qtbot, actor, clinic):
    view, dialog = family_dialog(qtbot, actor, clinic)
    assert focused() is dialog.text
    qtbot.keyClicks(focused(), "Maria Lopez, mother")
    press(qtbot, Qt.Key.Key_Return)  # a new line in the box, nothing saved
    qtbot.keyClicks(focused(), "Luis Lopez brother")
    assert dialog.isVisible() and dialog.text.toPlainText().count("\n") == 1
    tab_over_the_buttons(qtbot, dialog)
    dialog.ok_button.setFocus()
    press(qtbot, Qt.Key.Key_Return)  # Enter on the focused Save
    assert dialog.isVisible() and dialog.message.text().startswith("Line 2:")
    assert dialog.text.toPlainText() == "Maria Lopez, mother\nLuis Lopez brother"
    cancel_of(dialog).setFocus()
    dialog.prompts.answers.append(False)
    press(qtbot, Qt.Key.Key_Escape)
    assert dialog.isVisible() and "not saved" in dialog.prompts.questions[-1]
    dialog.text.setFocus()  # fix line 2 by keys: "Luis Lopez, brother"
    press(qtbot, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_Backspace)
    qtbot.keyClicks(focused(), ", ")
    assert dialog.text.toPlainText() == "Maria Lopez, mother\nLuis Lopez, brother"
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.editor.dialogs.dialog is None)
    assert "Maria Lopez (mother), Luis Lopez (brother)" in view.editor.view.header.family.text()


def test_escape_on_an_addendum_typed_asks_and_keeps_it(qtbot, view, clinic):
    editor = view.editor
    editor.select_client(clinic.setup.members[0].id)
    edit = editor.current_part().edits["data"]
    edit.setFocus()
    qtbot.keyClicks(edit, "Engaged throughout.")
    ns.type_required(qtbot, view)
    qtbot.mouseClick(editor.view.sign_button, Qt.MouseButton.LeftButton)
    ns.press_ok(qtbot, ns.wait_dialog(qtbot, view, SignDialog))
    qtbot.waitUntil(lambda: editor.dialogs.dialog is None)
    qtbot.mouseClick(editor.view.addendum_button, Qt.MouseButton.LeftButton)
    dialog = on_top(qtbot, view, TextDialog)
    assert focused() is dialog.text
    qtbot.keyClicks(focused(), "Client called after group: feeling better.")
    dialog.prompts.answers.append(False)  # keep it
    press(qtbot, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.text.toPlainText() == "Client called after group: feeling better."
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.dialogs.dialog is None)
    note = notes.open_session_note(clinic.counselor, clinic.session_id).part(clinic.setup.members[0].id).note
    assert [a.text for a in note.addenda] == ["Client called after group: feeling better."]
