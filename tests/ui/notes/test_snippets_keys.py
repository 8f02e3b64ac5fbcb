"""Snippets…, by keys: Enter in the title saves the snippet on show, a refusal is said under its field,
and Escape never throws away a snippet typed but not saved without asking."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from iopdesk.domain import notes
from tests.support import notes_support as ns
from tests.support.enter_keys import KEYPAD, focused, press

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
ALT = Qt.KeyboardModifier.AltModifier


def titles(actor) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.title for s in notes.list_snippets(actor)]


def test_a_new_snippet_by_keys_tab_order_and_enter_adds_it(qtbot, actor):
    view = ns.make_view(qtbot, actor)
    dialog = ns.open_snippets(qtbot, view)
    assert focused() is dialog.title  # nothing kept yet: the cursor waits for a title
    qtbot.keyClicks(dialog.title, "Engaged")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.text
    qtbot.keyClicks(dialog.text, "Engaged and on topic.")
    press(qtbot, Qt.Key.Key_Return)  # a text box: a new line, nothing saved
    qtbot.keyClicks(dialog.text, "Named two triggers.")
    assert dialog.text.toPlainText() == "Engaged and on topic.\nNamed two triggers." and not titles(actor)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.clinic_wide  # a supervisor's choice
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.save_button
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.buttons.button(dialog.buttons.StandardButton.Close)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.new_button
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.title  # round again, over Close: Enter must still add
    press(qtbot, Qt.Key.Key_Enter, KEYPAD)
    assert dialog.isVisible() and titles(actor) == ["Engaged"]
    assert "added" in dialog.message.text()


def test_enter_in_the_title_of_a_kept_snippet_saves_the_change(qtbot, actor):
    notes.add_snippet(actor, "Safety", "Denies SI/HI.", clinic_wide=False)
    view = ns.make_view(qtbot, actor)
    dialog = ns.open_snippets(qtbot, view)
    assert dialog.editing is not None and dialog.title.text() == "Safety"
    dialog.title.setFocus()
    press(qtbot, Qt.Key.Key_End)
    qtbot.keyClicks(dialog.title, " check")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible() and titles(actor) == ["Safety check"], (
        "Enter did not save the change",
        dialog.title.text(),
        dialog.editing,
    )
    assert dialog.title.text() == "Safety check"


def test_a_snippet_without_text_is_refused_under_the_text_and_the_title_stays(qtbot, actor):
    view = ns.make_view(qtbot, actor)
    dialog = ns.open_snippets(qtbot, view)
    qtbot.keyClicks(dialog.title, "Engaged")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible() and not titles(actor)
    assert dialog.text_error.isVisibleTo(dialog) and dialog.text_error.text()
    assert focused() is dialog.text and dialog.title.text() == "Engaged"


def test_escape_with_a_snippet_typed_asks_before_it_is_lost(qtbot, actor):
    view = ns.make_view(qtbot, actor)
    dialog = ns.open_snippets(qtbot, view)
    qtbot.keyClicks(dialog.title, "Engaged")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.text, "Engaged and on topic.")
    dialog.prompts.answers.append(False)  # "keep it"
    press(qtbot, Qt.Key.Key_Escape)
    assert dialog.prompts.questions and "not saved" in dialog.prompts.questions[0]
    assert dialog.isVisible() and dialog.text.toPlainText() == "Engaged and on topic."
    dialog.prompts.answers.append(True)  # now let it go
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.editor.dialogs.dialog is None)
    assert dialog.result() == QDialog.DialogCode.Rejected and not titles(actor)


def test_escape_with_nothing_typed_just_closes(qtbot, actor):
    notes.add_snippet(actor, "Safety", "Denies SI/HI.", clinic_wide=False)
    view = ns.make_view(qtbot, actor)
    dialog = ns.open_snippets(qtbot, view)
    press(qtbot, Qt.Key.Key_Escape)  # a kept snippet on show, untouched: nothing to ask about
    qtbot.waitUntil(lambda: view.editor.dialogs.dialog is None)
    assert not dialog.prompts.questions and titles(actor) == ["Safety"]


def test_choosing_another_snippet_with_a_change_typed_asks_first(qtbot, actor):
    notes.add_snippet(actor, "A first", "One.", clinic_wide=False)
    notes.add_snippet(actor, "B second", "Two.", clinic_wide=False)
    view = ns.make_view(qtbot, actor)
    dialog = ns.open_snippets(qtbot, view)
    dialog.title.setFocus()
    press(qtbot, Qt.Key.Key_End)
    qtbot.keyClicks(dialog.title, " changed")
    dialog.prompts.answers.append(False)
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # New snippet (clicked a moment later)
    qtbot.waitUntil(lambda: bool(dialog.prompts.questions))
    assert dialog.title.text() == "A first changed" and dialog.editing is not None
    dialog.table.setFocus()
    dialog.prompts.answers.append(False)
    press(qtbot, Qt.Key.Key_Down)  # the next snippet in the list: asked again, the typing stays
    assert len(dialog.prompts.questions) == 2 and dialog.title.text() == "A first changed"
    assert dialog.table.currentIndex().row() == 0
    dialog.prompts.answers.append(True)
    press(qtbot, Qt.Key.Key_Down)  # let it go: the next one shows
    assert dialog.title.text() == "B second" and titles(actor) == ["A first", "B second"]


def test_tab_leaves_the_list_for_its_buttons_and_the_form(qtbot, actor):
    notes.add_snippet(actor, "Safety", "Denies SI/HI.", clinic_wide=False)
    view = ns.make_view(qtbot, actor)
    dialog = ns.open_snippets(qtbot, view)
    dialog.table.setFocus()
    met = []
    for _ in range(8):
        press(qtbot, Qt.Key.Key_Tab)
        met.append(focused())
    close = dialog.buttons.button(dialog.buttons.StandardButton.Close)
    expected = [dialog.new_button, dialog.delete_button, dialog.title, dialog.text, dialog.save_button, close]
    assert met[:6] == expected, [type(w).__name__ for w in met]
    assert met[6] is dialog.table  # round again (the clinic box is set when a snippet is made)


def test_alt_letters_reach_the_fields_and_ctrl_enter_saves_from_the_text(qtbot, actor):
    """Alt+T and Alt+X did nothing (their labels led to a holder that took no focus), and neither
    did Ctrl+Enter in the text: it saves, as in every dialog, and adds no line."""
    view = ns.make_view(qtbot, actor)
    dialog = ns.open_snippets(qtbot, view)
    press(qtbot, Qt.Key.Key_X, ALT)
    assert focused() is dialog.text
    qtbot.keyClicks(dialog.text, "Engaged and on topic.")
    press(qtbot, Qt.Key.Key_T, ALT)
    assert focused() is dialog.title
    qtbot.keyClicks(dialog.title, "Engaged")
    press(qtbot, Qt.Key.Key_X, ALT)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert titles(actor) == ["Engaged"] and "added" in dialog.message.text()
    assert [s.text for s in notes.list_snippets(actor)] == ["Engaged and on topic."]
