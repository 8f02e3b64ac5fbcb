"""Snippets…: my own and the clinic's, added, changed and deleted; the Insert snippet menu follows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from iopdesk.domain import notes
from iopdesk.ui.views.notes.snippets_dialog import SnippetsDialog, SnippetsModel
from tests.support import notes_support as ns

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def titles(dialog: SnippetsDialog) -> list[str]:
    return [s.title for s in dialog.model.rows]


def test_snippets_model_passes_the_model_tester(qtmodeltester, actor):
    notes.add_snippet(actor, "Safety", "Denies SI/HI.\nSafety plan reviewed.", clinic_wide=True)
    model = SnippetsModel()
    model.set_rows(notes.list_snippets(actor))
    qtmodeltester.check(model, force_py=True)
    assert model.index(0, 1).data() == "Clinic" and model.index(0, 2).data() == "Denies SI/HI."


def test_supervisor_keeps_clinic_snippets(qtbot, actor):
    view = ns.make_view(qtbot, actor)
    dialog = ns.open_snippets(qtbot, view)
    assert dialog.empty.isVisible() and dialog.title.hasFocus() and dialog.clinic_wide.isVisible()
    qtbot.keyClicks(dialog.title, "Safety check")
    dialog.text.setPlainText("Denies SI/HI; safety plan reviewed.")
    dialog.clinic_wide.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert titles(dialog) == ["Safety check"] and dialog.model.rows[0].clinic_wide
    assert "added" in dialog.message.text()
    assert dialog.save_button.text() == "&Save changes" and not dialog.clinic_wide.isEnabled()
    dialog.reject()
    qtbot.waitUntil(lambda: view.editor.dialogs.dialog is None)


def test_counselor_adds_edits_deletes_own_and_reads_the_clinics(qtbot, actor):
    clinic = ns.build(actor, 1)
    notes.add_snippet(actor, "Safety check", "Denies SI/HI; safety plan reviewed.", clinic_wide=True)
    view = ns.make_view(qtbot, clinic.counselor)
    view.open_session(clinic.session_id, clinic.setup.members[0].id)
    dialog = ns.open_snippets(qtbot, view)
    assert titles(dialog) == ["Safety check"]
    assert dialog.locked_note.isVisible() and dialog.title.isReadOnly()
    assert not dialog.save_button.isVisible() and not dialog.delete_button.isEnabled()
    assert not dialog.clinic_wide.isVisible()

    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    assert dialog.title.hasFocus() and dialog.title.text() == "" and not dialog.title.isReadOnly()
    dialog.text.setPlainText("Engaged and on topic.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # no title yet
    assert dialog.title_error.isVisible() and dialog.title_error.text() == "Give the snippet a title."
    assert dialog.title.hasFocus() and titles(dialog) == ["Safety check"]
    qtbot.keyClicks(dialog.title, "Engaged")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.title_error.isVisible()
    assert titles(dialog) == ["Safety check", "Engaged"] and dialog.editing.title == "Engaged"

    dialog.title.setText("Engaged, on topic")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert titles(dialog) == ["Safety check", "Engaged, on topic"]
    assert "saved" in dialog.message.text()

    # The editor's menu reads the list afresh: both are offered.
    view.editor.actions.fill_snippets()
    offered = [a.text() for a in view.editor.view.snippet_menu.actions()]
    assert "Safety check" in offered and "Engaged, on topic (mine)" in offered
    assert "Manage snippets…" in offered

    dialog.prompts.answers.append(True)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert "Engaged, on topic" in dialog.prompts.questions[-1]
    assert titles(dialog) == ["Safety check"] and "deleted" in dialog.message.text()
    assert [s.title for s in notes.list_snippets(clinic.counselor)] == ["Safety check"]
    dialog.reject()
    qtbot.waitUntil(lambda: view.editor.dialogs.dialog is None)


def test_manage_snippets_from_the_insert_menu(qtbot, actor):
    clinic = ns.build(actor, 1)
    view = ns.make_view(qtbot, clinic.counselor)
    view.open_session(clinic.session_id, clinic.setup.members[0].id)
    actions, dialogs = view.editor.actions, view.editor.dialogs
    actions.fill_snippets()
    next(a for a in view.editor.view.snippet_menu.actions() if a.text() == "Manage snippets…").trigger()
    qtbot.waitUntil(lambda: isinstance(dialogs.dialog, SnippetsDialog) and dialogs.dialog.isVisible())
    assert dialogs.dialog.parent() is view.editor.view
    dialogs.dialog.reject()
    qtbot.waitUntil(lambda: dialogs.dialog is None)
