"""Note formats…: the clinic edits a format's fields; text written in a field taken out is never hidden."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow

from iopdesk.domain import notes
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.render.notes_pdf import notes_html
from iopdesk.ui.views.notes.fields_model import COL_HINT, COL_KEY, COL_LABEL, FieldsModel
from iopdesk.ui.views.notes.formats_dialog import NoteFormatsDialog
from iopdesk.ui.views.notes.menu import install as install_notes_menu
from tests.support import note_factories as nf
from tests.support import notes_support as ns
from tests.support.roster_support import ScriptedPrompts

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def open_formats(qtbot, view) -> NoteFormatsDialog:  # type: ignore[no-untyped-def]
    assert view.view.formats_button.isVisible()
    qtbot.mouseClick(view.view.formats_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(view.dialog, NoteFormatsDialog) and view.dialog.isVisible())
    dialog = view.dialog
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.prompts = ScriptedPrompts(qtbot)
    return dialog


def type_in_cell(qtbot, table, row: int, column: int, text: str) -> None:  # type: ignore[no-untyped-def]
    table.setCurrentIndex(table.model().index(row, column))
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def labels(model: FieldsModel) -> list[str]:
    return [row.label for row in model.rows]


def test_fields_model_passes_the_model_tester(qtmodeltester, actor):
    model = FieldsModel()
    model.set_fields(notes.template_for("SOAP").member_fields)
    qtmodeltester.check(model, force_py=True)
    row = model.add("Coping skills")
    assert model.rows[row].key == "coping_skills"
    assert model.setData(model.index(row, COL_LABEL), "Coping skills practised")
    assert model.rows[row].key == "coping_skills_practised"  # a new field's key follows its label
    # The shipped formats put risk, use / abstinence and progress first (seen without scrolling).
    subjective = model.keys().index("subjective")
    assert subjective == 3
    assert not model.setData(model.index(subjective, COL_KEY), "renamed")  # a saved field's key never changes
    assert model.setData(model.index(subjective, COL_LABEL), "Subjective (client's words)")
    assert model.rows[subjective].key == "subjective"
    assert model.move(subjective, +1) == subjective + 1 and model.rows[subjective + 1].key == "subjective"
    assert model.move(subjective + 1, -1) == subjective and model.rows[subjective].key == "subjective"
    model.remove(row)
    qtmodeltester.check(model, force_py=True)


def test_supervisor_renames_adds_removes_reorders_then_resets(qtbot, actor):
    view = ns.make_view(qtbot, actor)
    dialog = open_formats(qtbot, view)
    assert dialog.format_combo.currentData() == "DAP" and "as shipped" in dialog.state.text()
    assert not dialog.reset_button.isEnabled()
    member = dialog.member
    # Risk, use / abstinence and progress come first (seen without scrolling), then the format's own.
    assert labels(member.model)[:3] == [
        "Risk", "Use / abstinence since last session", "Progress toward treatment-plan goals"
    ]
    assert labels(member.model)[3:6] == ["Data", "Assessment", "Plan"]

    type_in_cell(qtbot, member.table, 3, COL_LABEL, "Data (what was said and seen)")
    type_in_cell(qtbot, member.table, 4, COL_HINT, "Your clinical reading of it.")
    qtbot.mouseClick(member.add_button, Qt.MouseButton.LeftButton)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)  # the new field's label is open for typing
    editor.selectAll()
    qtbot.keyClicks(editor, "Coping skills practised")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    new_row = member.model.rowCount() - 1
    member.select_row(new_row)
    for _ in range(new_row - 5):  # up to just below Assessment
        qtbot.mouseClick(member.up_button, Qt.MouseButton.LeftButton)
    risk = member.model.keys().index("risk")
    member.select_row(risk)
    qtbot.mouseClick(member.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.dirty
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Saved." in dialog.message.text() and "clinic's own version" in dialog.state.text()

    saved = notes.template_for("DAP")
    assert saved.member_keys[2:5] == ("data", "assessment", "coping_skills_practised")
    assert "risk" not in saved.member_keys
    assert saved.member_fields[2].label == "Data (what was said and seen)"
    assert saved.member_fields[3].hint == "Your clinical reading of it."
    assert saved.member_fields[0].required and not saved.member_fields[2].required  # use / abstinence
    assert notes.template_for("SOAP").member_keys[3] == "subjective"  # other formats untouched

    dialog.prompts.answers.append(True)
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    assert "as shipped" in dialog.prompts.questions[-1]
    assert "risk" in notes.template_for("DAP").member_keys
    assert "risk" in member.model.keys() and "as shipped" in dialog.state.text()
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Close), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.dialog is None)


def test_refusals_show_beside_the_list_and_unsaved_changes_are_asked_about(qtbot, actor):
    view = ns.make_view(qtbot, actor)
    dialog = open_formats(qtbot, view)
    shared = dialog.shared
    type_in_cell(qtbot, shared.table, 0, COL_LABEL, " ")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert shared.error.isVisible() and "Field 1 of the shared part needs a label." == shared.error.text()
    assert not dialog.member.error.isVisible()
    while dialog.member.model.rowCount():
        dialog.member.select_row(0)
        qtbot.mouseClick(dialog.member.remove_button, Qt.MouseButton.LeftButton)
    type_in_cell(qtbot, shared.table, 0, COL_LABEL, "Topic")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not shared.error.isVisible()
    assert dialog.member.error.text() == "Keep at least one field in the member's part."
    assert "data" in notes.template_for("DAP").member_keys  # nothing was stored

    dialog.prompts.answers.append(False)  # stay with the changes
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("SOAP"))
    assert dialog.format_combo.currentData() == "DAP" and dialog.member.model.rowCount() == 0
    dialog.prompts.answers.append(True)  # leave them
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("SOAP"))
    assert dialog.shown_format == "SOAP" and dialog.member.model.keys()[3] == "subjective"
    assert not dialog.dirty
    dialog.reject()
    qtbot.waitUntil(lambda: view.dialog is None)


def test_only_supervisors_and_administrators_see_note_formats(qtbot, actor):
    clinic = ns.build(actor, 1)
    view = ns.make_view(qtbot, clinic.counselor)
    assert not view.view.formats_button.isVisible() and view.view.snippets_button.isVisible()
    window = QMainWindow()
    qtbot.addWidget(window)
    window.actor = clinic.counselor  # type: ignore[attr-defined]
    window.file_menu = window.menuBar().addMenu("&File")  # type: ignore[attr-defined]
    assert install_notes_menu(window) is None
    window.actor = actor  # type: ignore[attr-defined]
    menu = install_notes_menu(window)
    assert menu is not None and menu.formats_action in window.file_menu.actions()  # type: ignore[attr-defined]
    menu.formats_action.trigger()
    qtbot.waitUntil(lambda: menu.dialog is not None and menu.dialog.isVisible())
    assert menu.dialog.parent() is window
    menu.dialog.reject()
    qtbot.waitUntil(lambda: menu.dialog is None)


def test_text_in_a_field_taken_out_stays_in_the_editor_and_in_print(qtbot, actor):
    clinic = ns.build(actor, 2)
    alex = clinic.setup.members[0]
    part = notes.open_session_note(clinic.counselor, clinic.session_id).part(alex.id).note
    notes.save_draft(
        clinic.counselor,
        part.id,
        {"data": "Spoke about work.", "risk": "Denies SI; plan reviewed."},
        part.version,
    )
    # The clinic takes "risk" (which holds text) and "progress" (empty) out of its DAP format.
    view = ns.make_view(qtbot, actor)
    dialog = open_formats(qtbot, view)
    for key in ("risk", "progress"):
        dialog.member.select_row(dialog.member.model.keys().index(key))
        qtbot.mouseClick(dialog.member.remove_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "risk" not in notes.template_for("DAP").member_keys
    dialog.reject()

    writer = ns.make_view(qtbot, clinic.counselor)
    writer.open_session(clinic.session_id, alex.id)
    shown = writer.editor.current_part()
    assert shown.edits["risk"].toPlainText() == "Denies SI; plan reviewed."
    assert shown.edits["risk"].accessibleName() == "Risk"  # the label it had, not a bare key
    assert "progress" not in shown.edits  # empty and taken out: gone
    assert list(shown.edits)[-1] == "risk"  # after the format's own fields

    # Still written to after the change: the text stays the writer's to edit.
    with qtbot.waitSignal(writer.editor.open_note.saved):
        shown.edits["risk"].setFocus()
        shown.edits["risk"].moveCursor(QTextCursor.MoveOperation.End)
        qtbot.keyClicks(shown.edits["risk"], " Call Friday.")
        writer.editor.open_note.flush()
    assert ns.body_of(clinic.counselor, clinic.session_id, "Alex R.")["risk"].endswith("Call Friday.")

    packet = notes.notes_for_print(clinic.counselor, alex.id, nf.DAY - dt.timedelta(days=1), nf.DAY)
    html = notes_html(packet)
    assert "Denies SI; plan reviewed. Call Friday." in html and ">Risk<" in html
    assert "Progress toward treatment-plan goals" not in html


def test_a_field_is_made_required_from_the_keyboard_and_signing_then_asks_for_it(qtbot, actor):
    view = ns.make_view(qtbot, actor)
    dialog = open_formats(qtbot, view)
    member = dialog.member
    member.table.setFocus()
    member.select_row(0)
    for _ in range(member.model.keys().index("plan")):
        qtbot.keyClick(member.table, Qt.Key.Key_Down)
    assert member.model.rows[member.current_row()].key == "plan" and not member.required_box.isChecked()
    qtbot.keyClick(member.table, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # Req&uired before signing
    qtbot.waitUntil(member.required_box.isChecked)  # a mnemonic clicks a moment later, as it shows
    assert member.model.rows[member.current_row()].required
    assert dialog.dirty
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # &Save format
    qtbot.waitUntil(lambda: "Saved." in dialog.message.text())
    saved = notes.template_for("DAP")
    assert [f.key for f in saved.required_fields(shared=False)] == ["risk", "use_since_last", "plan"]
    dialog.reject()

    clinic = ns.build(actor, 1)
    part = notes.open_session_note(clinic.counselor, clinic.session_id).part(clinic.setup.members[0].id).note
    notes.save_draft(clinic.counselor, part.id, {"data": "Engaged.", **nf.REQUIRED_TEXT}, part.version)
    with pytest.raises(ValidationError, match="“Plan”"):
        notes.sign_note(clinic.counselor, part.id, confirm=True)
