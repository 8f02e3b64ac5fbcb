"""Never lose a word (issue 12): a note's typing survives a database that fails while it is saved.

Before: ``flush`` popped the text before ``save_draft`` and caught only refusals, so a busy
database or a full disk took the text out of memory (``dirty()`` False, no warning on closing)
and showed the crash dialog. Now the text stays pending until a save commits, a calm banner says
why and that it is tried again, and it lands once, and only once, when the database is back.
"""

from __future__ import annotations

import json
import os
import stat

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from iopdesk.domain import notes
from iopdesk.domain.kernel.declared_settings import DECLARED
from iopdesk.store.models import Note
from iopdesk.ui.crash_dialogs import CrashDialog
from iopdesk.ui.kit import unsaved
from iopdesk.ui.views.notes.open_note import AUTOSAVE_MS
from tests.support import notes_support as ns
from tests.support.roster_support import ScriptedPrompts

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

TEXT = "Named two triggers and a plan for Friday."


@pytest.fixture
def clinic(actor):
    return ns.build(actor, 2)


@pytest.fixture
def view(qtbot, clinic, monkeypatch):
    monkeypatch.setattr(unsaved, "RETRY_MS", (200,))  # the retry comes quickly in a test
    v = ns.make_view(qtbot, clinic.counselor)
    v.open_session(clinic.session_id, clinic.setup.members[0].id)
    return v


def alex(clinic):  # type: ignore[no-untyped-def]
    return notes.open_session_note(clinic.counselor, clinic.session_id).part(clinic.setup.members[0].id).note


def stored(note_id) -> tuple[dict, int]:  # type: ignore[no-untyped-def]
    """The part as the database holds it, read without a transaction (the store may be failing)."""
    row = Note.get_by_id(note_id)
    return json.loads(row.body), row.version


def type_data(qtbot, view, text: str = TEXT) -> None:  # type: ignore[no-untyped-def]
    edit = view.editor.current_part().edits["data"]
    edit.setFocus()
    qtbot.keyClicks(edit, text)


def no_problem_windows() -> bool:
    """Neither the crash dialog nor the store's message box is up."""
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    return not any(isinstance(w, (CrashDialog, QMessageBox)) for w in shown)


@pytest.mark.parametrize(
    ("kind", "at", "words"),
    [
        ("busy", "begin", "the database is busy"),
        ("full", "commit", "The disk is full"),
        ("io", "write", "input/output error"),
        ("readonly", "write", "can only be read here"),
    ],
)
def test_a_failing_save_keeps_the_text_says_why_and_lands_once(
    qtbot, view, clinic, store_faults, kind, at, words
):
    editor = view.editor
    before = alex(clinic)
    store_faults.fail(kind, at=at, times=1000)  # failing until the test clears it
    with qtbot.waitSignal(editor.open_note.store_problem, timeout=AUTOSAVE_MS + 3000) as problem:
        type_data(qtbot, view)
    assert problem.args[0].startswith("Not saved yet")
    assert editor.open_note.dirty()  # still in memory: closing would ask
    banner = editor.view.banner
    assert banner.isVisible() and words in banner.text() and "Trying again in" in banner.text()
    assert "kept here" in banner.text()
    assert editor.view.save_label.text() == "Not saved yet"
    assert editor.current_part().edits["data"].toPlainText() == TEXT
    assert no_problem_windows()
    body, version = stored(before.id)
    assert (body.get("data", ""), version) == ("", before.version)  # nothing half-stored

    # It keeps trying by itself (not on every key or part change: one try per wait).
    raised = len(store_faults.raised)
    qtbot.waitUntil(lambda: len(store_faults.raised) > raised, timeout=3000)
    assert editor.open_note.dirty() and banner.isVisible()

    store_faults.clear()  # the other workstation finished, space was freed, the disk came back
    with qtbot.waitSignal(editor.open_note.saved, timeout=3000):
        pass
    assert not editor.open_note.dirty()
    assert not banner.isVisible()
    body, version = stored(before.id)
    assert body["data"] == TEXT
    assert version == before.version + 1  # landed exactly once
    assert editor.view.save_label.text().startswith("Saved ")
    assert no_problem_windows()


def test_ctrl_s_tries_at_once_and_moving_between_parts_keeps_the_text(qtbot, view, clinic, store_faults):
    editor = view.editor
    store_faults.fail("busy", times=1000)
    type_data(qtbot, view)
    edit = editor.current_part().edits["data"]
    qtbot.keyClick(edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.open_note.dirty() and editor.view.banner.isVisible()
    qtbot.keyClick(edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # the next member's part
    assert not editor.current_row().is_shared and editor.current_row().name != "Alex R."
    assert editor.open_note.dirty()
    qtbot.keyClick(editor.current_part().current_edit() or editor.view.table, Qt.Key.Key_Up,
                   Qt.KeyboardModifier.AltModifier)  # fmt: skip
    assert editor.current_part().edits["data"].toPlainText() == TEXT  # still on screen too
    store_faults.clear()
    qtbot.keyClick(editor.current_part().edits["data"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not editor.open_note.dirty() and not editor.view.banner.isVisible()
    assert alex(clinic).body["data"] == TEXT


def test_no_other_note_opens_over_unsaved_text(qtbot, view, clinic, store_faults, actor):
    from tests.support import note_factories as nf

    editor = view.editor
    store_faults.fail("full", at="commit", times=1000)
    type_data(qtbot, view)
    editor.save_now()
    other = nf.f.session(
        actor, clinic.setup.group, nf.DAY.replace(day=11), facilitator=clinic.counselor.staff_id
    )
    assert not editor.open_session(other.id)
    assert "not saved yet" in editor.view.message.text()
    assert not editor.open_session(clinic.session_id)  # not even this one again: it would drop the text
    assert editor.open_note.dirty() and editor.current_part().edits["data"].toPlainText() == TEXT
    store_faults.clear()
    assert editor.open_session(other.id)  # saved on the way
    assert alex(clinic).body["data"] == TEXT


@pytest.mark.sqlite_only("a SQLite file moved away")
def test_a_vanished_database_stops_saving_keeps_the_text_and_offers_a_file(
    qtbot, view, clinic, store_faults, tmp_path, db_path
):
    editor = view.editor
    prompts = ScriptedPrompts(qtbot)
    editor.prompts = prompts
    aside = tmp_path / "moved-away.sqlite3"
    type_data(qtbot, view)
    store_faults.vanish(to=aside)  # someone tidied the folder
    qtbot.keyClick(editor.current_part().edits["data"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    banner = editor.view.banner
    assert banner.isVisible() and "disappeared" in banner.text() and "stopped saving" in banner.text()
    assert editor.open_note.dirty()
    assert not editor.open_note.retry.pending()  # no trying by itself: it would only fail again
    assert no_problem_windows()

    rescued = tmp_path / "rescued.txt"
    prompts.paths.append(str(rescued))
    qtbot.mouseClick(banner.export_button, Qt.MouseButton.LeftButton)
    written = rescued.read_text(encoding="utf-8")
    assert "the note for Alex R." in written and TEXT in written
    assert written.rstrip().endswith(str(DECLARED["part2_notice"].default))  # read with no database
    assert stat.S_IMODE(os.stat(rescued).st_mode) == 0o600  # it holds a client's record
    assert editor.open_note.dirty()  # still kept here too
    assert "written to the file" in editor.view.message.text()

    os.replace(aside, db_path)  # put back: Ctrl+S (or "Try again now") saves it
    qtbot.mouseClick(banner.retry_button, Qt.MouseButton.LeftButton)
    assert not editor.open_note.dirty() and not banner.isVisible()
    assert alex(clinic).body["data"] == TEXT


def test_a_merge_that_cannot_be_stored_stays_in_its_dialog(qtbot, view, clinic, store_faults):
    from iopdesk.ui.views.notes.conflict_dialog import ConflictDialog

    editor = view.editor
    type_data(qtbot, view, "Mine.")
    note = alex(clinic)
    notes.save_draft(clinic.counselor, note.id, {"data": "Theirs."}, note.version)  # another workstation
    editor.save_now()
    dialog = ns.wait_dialog(qtbot, view, ConflictDialog)
    store_faults.fail("busy", times=1000)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "Not saved yet" in dialog.message.text()
    assert no_problem_windows()
    store_faults.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.dialogs.dialog is None)
    assert alex(clinic).body["data"] in ("Mine.", "Theirs.")  # what the dialog had chosen


def test_a_printout_whose_audit_entry_fails_writes_no_file(qtbot, view, clinic, store_faults, tmp_path):
    from iopdesk.ui.views.notes.print_dialog import PrintNotesDialog

    view.print_notes()  # Ctrl+P
    qtbot.waitUntil(lambda: isinstance(view.dialog, PrintNotesDialog) and view.dialog.isVisible())
    dialog = view.dialog
    out = tmp_path / "out"
    out.mkdir()
    target = out / "alex.pdf"
    dialog.path.setText(str(target))
    store_faults.fail("busy", times=1000)  # the printout cannot be written down
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)  # Write PDF
    assert dialog.isVisible() and "Nothing was written" in dialog.message.text()
    assert "busy" in dialog.message.text()
    assert list(out.iterdir()) == []  # no file, no half-written one
    assert no_problem_windows()
    store_faults.clear()
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.dialog is None)
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in out.iterdir()] == ["alex.pdf"]
    assert view.editor.view.message.kind == "done" and "Written:" in view.editor.view.message.text()


@pytest.mark.sqlite_only("SQLite's own write lock (a server's: tests/store/test_server.py)")
def test_a_retry_against_a_held_lock_waits_only_a_moment(qtbot, view, clinic, store_faults, db, db_path):
    import time

    from iopdesk.store import driver
    from iopdesk.ui.views.notes.open_note import RETRY_WAIT_S

    editor = view.editor
    note_id = alex(clinic).id
    store_faults.fail("busy", times=1)  # the first save found another workstation saving
    type_data(qtbot, view)
    editor.save_now()
    assert editor.open_note.dirty()
    other = driver.connect(str(db_path), isolation_level=None)  # that workstation, still saving
    try:
        other.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        assert not editor.open_note.retry_now()  # the retry the window makes by itself
        waited = time.monotonic() - started
        assert waited < RETRY_WAIT_S + 1.5  # not the 10 s a save otherwise waits: no frozen window
        assert "busy" in editor.view.banner.text() and editor.open_note.dirty()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 10_000  # saves wait as before
    assert editor.open_note.retry_now()
    assert stored(note_id)[0]["data"] == TEXT
