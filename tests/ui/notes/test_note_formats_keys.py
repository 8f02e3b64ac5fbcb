"""Note formats…, by keys: Tab reaches every control once (Close too), Enter on a focused button presses it,
Enter in a cell or in the reminder never saves the clinic's format by surprise, a refusal is said
beside its list, and Escape with changes asks before they go."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from iopdesk.domain import notes
from iopdesk.ui.views.notes.fields_model import COL_LABEL
from tests.support import notes_support as ns
from tests.support.enter_keys import KEYPAD, focused, press, tab_to
from tests.ui.notes.test_notes_formats import open_formats

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_tab_reaches_every_control_once_close_included(qtbot, actor):
    view = ns.make_view(qtbot, actor)
    dialog = open_formats(qtbot, view)
    assert focused() is dialog.shared.table  # the shared part's fields, first to read
    met = [focused()]
    for _ in range(40):
        press(qtbot, Qt.Key.Key_Tab)
        if focused() is met[0]:
            break
        met.append(focused())
    close = dialog.buttons.button(QDialogButtonBox.StandardButton.Close)
    shared, member = dialog.shared, dialog.member
    assert met == [
        shared.table,
        shared.add_button,
        shared.remove_button,
        shared.down_button,
        shared.required_box,
        member.table,
        member.add_button,
        member.remove_button,
        member.down_button,
        member.required_box,
        dialog.member_hint,
        close,
        dialog.save_button,
        dialog.format_combo,
    ], [type(w).__name__ for w in met]  # fmt: skip  (Move up and Reset are off on the first row, as shipped)


@pytest.mark.parametrize("modifier", [Qt.KeyboardModifier.NoModifier, KEYPAD], ids=["Return", "keypad Enter"])
def test_add_a_field_and_save_with_enter_on_the_buttons(qtbot, actor, modifier):
    enter = Qt.Key.Key_Enter if modifier == KEYPAD else Qt.Key.Key_Return
    view = ns.make_view(qtbot, actor)
    dialog = open_formats(qtbot, view)
    member = dialog.member
    tab_to(qtbot, member.add_button)
    qtbot.keyPress(focused(), enter, modifier)  # Enter on a focused button presses it
    editor = focused()
    assert isinstance(editor, QLineEdit)  # the new field's label, open for typing
    editor.selectAll()
    qtbot.keyClicks(editor, "Coping skills practised")
    qtbot.keyPress(editor, enter, modifier)  # Enter keeps the cell; it saves nothing yet
    qtbot.waitUntil(lambda: focused() is member.table)
    assert dialog.isVisible() and dialog.dirty
    assert "coping_skills_practised" not in notes.template_for("DAP").member_keys
    tab_to(qtbot, dialog.save_button)
    qtbot.keyPress(focused(), enter, modifier)
    assert "Saved." in dialog.message.text() and not dialog.dirty
    assert notes.template_for("DAP").member_keys[-1] == "coping_skills_practised"


def test_enter_in_the_reminder_keeps_it_and_saves_nothing_by_surprise(qtbot, actor):
    view = ns.make_view(qtbot, actor)
    dialog = open_formats(qtbot, view)
    before = notes.template_for("DAP").member_hint
    tab_to(qtbot, dialog.member_hint)
    press(qtbot, Qt.Key.Key_End)
    qtbot.keyClicks(dialog.member_hint, " Use initials only.")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.member_hint.text().endswith("Use initials only.")
    assert notes.template_for("DAP").member_hint == before and dialog.dirty
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.save_button
    press(qtbot, Qt.Key.Key_Return)
    assert notes.template_for("DAP").member_hint.endswith("Use initials only.")


def test_a_blank_label_is_refused_beside_its_list_and_the_change_stays(qtbot, actor):
    view = ns.make_view(qtbot, actor)
    dialog = open_formats(qtbot, view)
    shared = dialog.shared
    assert focused() is shared.table
    shared.table.setCurrentIndex(shared.model.index(0, COL_LABEL))
    press(qtbot, Qt.Key.Key_F2)
    editor = focused()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused() is shared.table)
    tab_to(qtbot, dialog.save_button)
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible() and shared.error.text() == "Field 1 of the shared part needs a label."
    assert focused() is shared.table and dialog.dirty  # back where the mistake is, the change kept


def test_escape_with_changes_asks_and_keeps_them_when_told(qtbot, actor):
    view = ns.make_view(qtbot, actor)
    dialog = open_formats(qtbot, view)
    before = notes.template_for("DAP").member_hint
    tab_to(qtbot, dialog.member_hint)
    qtbot.keyClicks(dialog.member_hint, " Initials only.")
    dialog.prompts.answers.append(False)  # stay with the changes
    press(qtbot, Qt.Key.Key_Escape)
    assert "not saved" in dialog.prompts.questions[-1]
    assert dialog.isVisible() and dialog.member_hint.text().endswith("Initials only.")
    dialog.prompts.answers.append(True)  # leave them
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.dialog is None)
    assert notes.template_for("DAP").member_hint == before


def test_escape_with_nothing_changed_just_closes(qtbot, actor):
    view = ns.make_view(qtbot, actor)
    dialog = open_formats(qtbot, view)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.dialog is None)
    assert not dialog.prompts.questions
