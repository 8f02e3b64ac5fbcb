"""Closing, locking, switching user and signing out with typing the database has not taken (issue 12).

Before: the window flushed its views and went; a draft whose save failed was gone with it. Now
it asks first ("Save and close" by Enter, "Keep working" by Escape; losing the text is never the
default), the idle lock saves, locks anyway and keeps the text for after unlocking, and over the
lock screen the question names no client.
"""

from __future__ import annotations

import json
import os
import stat

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from iopdesk.store.models import Note
from iopdesk.ui.kit import unsaved
from iopdesk.ui.kit.unsaved_prompt import FILE, LOSE, UnsavedDialog
from iopdesk.ui.lock.controller import QUIT, SWITCH_USER, install_session
from iopdesk.ui.main_window import MainWindow
from tests.support import note_factories as nf
from tests.support import notes_support as ns
from tests.support.clock import IdleClock
from tests.support.roster_support import ScriptedPrompts
from tests.support.signin_support import PASSWORD, add_staff

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

IDLE = 600.0
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
TEXT = "Talked through the weekend plan."


class Session:
    def __init__(self, qtbot, admin, tmp_path):  # type: ignore[no-untyped-def]
        counselor = add_staff(admin, "casey", name="Casey Counselor")
        self.setup = nf.group_with(admin, ns.PEOPLE[:2], facilitator=counselor)
        settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
        self.window = MainWindow(counselor, "/tmp/clinic.sqlite3", settings)
        # A test may leave text unsaved on purpose: closing at the end of it may drop that.
        qtbot.addWidget(self.window, before_close_func=lambda w: setattr(w.unsaved, "released", True))
        self.window.show()
        qtbot.waitExposed(self.window)
        self.prompts = ScriptedPrompts(qtbot)
        self.window.unsaved.prompts = self.prompts
        self.clock = IdleClock()
        self.controls = install_session(
            self.window, counselor, clock=self.clock, check_ms=10, idle_seconds=IDLE, prompts=self.prompts
        )
        self.window.open_note(self.setup.session.id, self.setup.members[0].id)
        self.editor = self.window.views["notes"].editor
        self.note_id = self.editor.current_note().id

    def type(self, qtbot, text: str = TEXT) -> None:  # type: ignore[no-untyped-def]
        edit = self.editor.current_part().edits["data"]
        edit.setFocus()
        qtbot.keyClicks(edit, text)
        self.editor.save_now()

    def stored(self) -> str:
        return json.loads(Note.get_by_id(self.note_id).body).get("data", "")


@pytest.fixture
def session(qtbot, admin, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(unsaved, "RETRY_MS", (600_000,))  # only the window's own tries in these tests
    built = Session(qtbot, admin, tmp_path)
    yield built
    built.controls.finish()


def shown_dialogs(prompts: ScriptedPrompts) -> list[UnsavedDialog]:
    return [d for d in prompts.dialogs if isinstance(d, UnsavedDialog)]


def press(qtbot, key):  # type: ignore[no-untyped-def]
    def step(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.keyClick(dialog, key)

    return step


def test_closing_asks_escape_keeps_working_and_enter_saves_and_closes(qtbot, session, store_faults):
    s = session
    store_faults.fail("busy", times=1000)
    s.type(qtbot)
    assert s.editor.open_note.dirty() and s.editor.view.banner.isVisible()

    s.prompts.steps.append(press(qtbot, Qt.Key.Key_Escape))  # Keep working
    s.window.close()
    assert s.window.isVisible() and s.editor.open_note.dirty()
    (asked,) = shown_dialogs(s.prompts)
    assert "the note for Alex R." in asked.text() and "busy" in asked.text()
    assert asked.defaultButton().text() == "Save and close"  # Enter tries again; it never loses the text
    assert asked.choices[LOSE] is not asked.defaultButton()

    def clear_then_enter(dialog) -> None:  # type: ignore[no-untyped-def]
        store_faults.clear()  # the other workstation finished meanwhile
        qtbot.keyClick(dialog, Qt.Key.Key_Return)

    s.prompts.steps += [press(qtbot, Qt.Key.Key_Return), clear_then_enter]  # still busy; then not
    s.window.close()
    assert len(shown_dialogs(s.prompts)) == 3  # Enter while still failing: asked again, not closed
    assert not s.window.isVisible()
    assert s.stored() == TEXT


def test_closing_can_write_the_text_to_a_file_first(qtbot, session, store_faults, tmp_path):
    s = session
    store_faults.fail("full", at="commit", times=1000)
    s.type(qtbot)
    rescued = tmp_path / "note-text.txt"
    s.prompts.paths.append(str(rescued))
    s.prompts.steps.append(lambda dialog: dialog.choices[FILE].click())
    s.window.close()
    assert not s.window.isVisible()
    text = rescued.read_text(encoding="utf-8")
    assert TEXT in text and "the note for Alex R." in text
    assert stat.S_IMODE(os.stat(rescued).st_mode) == 0o600


@pytest.mark.expect_warnings("screen lock could not be written")
def test_the_idle_lock_saves_locks_anyway_and_keeps_the_text(qtbot, session, store_faults):
    s = session
    store_faults.fail("busy", times=1000)
    s.type(qtbot)
    s.clock.now += IDLE + 1
    with qtbot.waitSignal(s.controls.locked, timeout=3000):
        pass
    assert s.controls.is_locked and not shown_dialogs(s.prompts)  # nobody to ask: locked anyway
    when = s.controls.lock_screen.when_label.text()
    assert "could not be saved yet" in when and "kept" in when and "Alex" not in when
    assert s.editor.open_note.dirty()

    store_faults.clear()
    with qtbot.waitSignal(s.controls.unlocked):
        s.controls.unlock(PASSWORD)
    assert not s.controls.is_locked
    assert s.editor.open_note.dirty() and s.editor.current_part().edits["data"].toPlainText() == TEXT
    assert s.editor.view.banner.isVisible()
    qtbot.keyClick(s.editor.current_part().edits["data"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not s.editor.open_note.dirty() and s.stored() == TEXT


@pytest.mark.expect_warnings("screen lock could not be written")
def test_ctrl_alt_l_asks_first_and_locks_keeping_the_text(qtbot, session, store_faults):
    s = session
    store_faults.fail("io", at="write", times=1000)
    s.type(qtbot)
    s.prompts.steps.append(press(qtbot, Qt.Key.Key_Escape))
    qtbot.keyClick(s.window, Qt.Key.Key_L, CTRL_ALT)
    assert not s.controls.is_locked  # Keep working
    s.prompts.steps.append(press(qtbot, Qt.Key.Key_Return))  # Save and lock
    qtbot.keyClick(s.window, Qt.Key.Key_L, CTRL_ALT)
    assert s.controls.is_locked
    assert [d.defaultButton().text() for d in shown_dialogs(s.prompts)] == ["Save and lock"] * 2
    assert s.editor.open_note.dirty()  # behind the lock, still in memory


@pytest.mark.expect_warnings("screen lock could not be written")
def test_switching_user_over_the_lock_screen_asks_without_naming_anyone(qtbot, session, store_faults):
    s = session
    store_faults.fail("busy", times=1000)
    s.type(qtbot)
    s.clock.now += IDLE + 1
    with qtbot.waitSignal(s.controls.locked, timeout=3000):
        pass
    s.prompts.steps.append(press(qtbot, Qt.Key.Key_Escape))  # Stay locked
    qtbot.mouseClick(s.controls.lock_screen.switch_button, Qt.MouseButton.LeftButton)
    asked = shown_dialogs(s.prompts)[-1]
    assert "Alex" not in asked.text() and "note for" not in asked.text()
    assert FILE not in asked.choices and LOSE not in asked.choices  # not for whoever is at the keyboard
    assert s.controls.is_locked and s.window.isVisible() and s.controls.outcome == QUIT

    def clear_then_enter(dialog) -> None:  # type: ignore[no-untyped-def]
        store_faults.clear()
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Save and switch user

    s.prompts.steps.append(clear_then_enter)
    qtbot.mouseClick(s.controls.lock_screen.switch_button, Qt.MouseButton.LeftButton)
    assert s.controls.outcome == SWITCH_USER and not s.window.isVisible()
    assert s.stored() == TEXT
    assert QApplication.activeModalWidget() is None


def test_signing_out_asks_first_and_escape_keeps_the_session(qtbot, session, store_faults):
    s = session
    store_faults.fail("full", at="commit", times=1000)
    s.type(qtbot)
    s.prompts.steps.append(press(qtbot, Qt.Key.Key_Escape))
    s.controls.sign_out_action.trigger()
    assert s.window.isVisible() and s.controls.outcome == QUIT  # still signed in, still typing
    (asked,) = shown_dialogs(s.prompts)
    assert asked.defaultButton().text() == "Save and sign out"
    assert s.editor.open_note.dirty()
