"""A dialog open when the window locks is put away, not cancelled: after unlocking it comes back
with what was typed in it, and switching user over the lock asks before that typing goes.

These run the real modal loops (``Prompts.run``, not a scripted stand-in): each step is started by
a signal or a zero timer from inside the loop that is waiting for it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
)

from iopdesk.store.models import Client
from iopdesk.ui.kit import parking
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.lock.controller import SWITCH_USER, install_session
from iopdesk.ui.main_window import MainWindow
from iopdesk.ui.views.attendance import reports
from tests.support.clock import IdleClock
from tests.support.roster_support import ScriptedPrompts
from tests.support.signin_support import PASSWORD, add_staff

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform

IDLE = 600.0
FIRST, LAST = "Wilhelmina", "Quortenbridge"  # an invented client


class Session:
    def __init__(self, qtbot, admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
        counselor = add_staff(admin, "casey", name="Casey Counselor")
        settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
        self.window = MainWindow(counselor, "/tmp/clinic.sqlite3", settings)
        qtbot.addWidget(self.window)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.clock = IdleClock()
        self.prompts = ScriptedPrompts(qtbot)
        self.controls = install_session(
            self.window, counselor, clock=self.clock, check_ms=10, idle_seconds=IDLE, prompts=self.prompts
        )
        self.qtbot = qtbot

    def walk_away(self) -> None:
        """Nobody touches anything for the idle time: the watcher's next check locks."""
        self.clock.now += IDLE + 1

    def unlock_by_typing(self) -> None:
        password = self.controls.lock_screen.password
        password.setText(PASSWORD)
        self.qtbot.keyClick(password, Qt.Key.Key_Return)


@pytest.fixture
def session(qtbot, admin, tmp_path):  # type: ignore[no-untyped-def]
    built = Session(qtbot, admin, tmp_path)
    yield built
    built.controls.finish()


class OnShow(QObject):
    """Calls ``then`` (from the event loop, once the window is up) each time ``dialog`` shows."""

    def __init__(self, dialog: QDialog, then: Callable[[], None]) -> None:
        super().__init__(dialog)
        self.then = then
        self.shown = 0
        dialog.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Show:
            self.shown += 1
            QTimer.singleShot(0, self.then)
        return False


class SelectsOnShow(QObject):
    """Does what QDialog does on a real display when it shows again: its focus field gets a Tab
    focus event, and a line box selects all its text (offscreen the field keeps its focus)."""

    def __init__(self, dialog: QDialog, edit: QLineEdit | QSpinBox) -> None:
        super().__init__(dialog)
        self.edit = edit
        dialog.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Show:
            self.edit.selectAll()
        return False


@pytest.fixture
def on_waiting():  # type: ignore[no-untyped-def]
    """Connect a step to "a parked dialog waits behind the lock"; disconnected afterwards."""
    connected: list[Callable[[object], None]] = []

    def connect(step: Callable[[object], None]) -> None:
        parking.hold().waiting.connect(step)
        connected.append(step)

    yield connect
    for step in connected:
        parking.hold().waiting.disconnect(step)


def secret_on_screen(dialog: QDialog) -> bool:
    return any(LAST in edit.text() for edit in dialog.findChildren(QLineEdit) if edit.isVisible())


def test_a_new_client_typed_before_the_idle_lock_comes_back_and_enter_saves_it(qtbot, session, on_waiting):
    window, controls = session.window, session.controls
    window.show_view("clients")
    seen: dict[str, object] = {}

    def type_and_walk_away() -> None:
        dialog = QApplication.activeModalWidget()
        seen["dialog"] = dialog
        qtbot.keyClicks(dialog.dob.edit, "3/14/1985")
        qtbot.keyClicks(dialog.legal_first, FIRST)
        qtbot.keyClick(dialog.legal_first, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.focusWidget(), LAST)
        seen["typing in"] = dialog.focusWidget()
        seen["shows"] = OnShow(dialog, back)
        SelectsOnShow(dialog, dialog.legal_last)
        session.walk_away()

    def at_the_lock(dialog: object) -> None:
        seen["hidden"] = not dialog.isVisible() and not secret_on_screen(dialog)  # type: ignore[attr-defined]
        seen["lock says"] = controls.lock_screen.when_label.text()
        session.unlock_by_typing()

    def back() -> None:
        dialog = seen["dialog"]
        seen["first"], seen["last"] = dialog.legal_first.text(), dialog.legal_last.text()  # type: ignore[attr-defined]
        seen["focus"] = dialog.focusWidget()  # type: ignore[attr-defined]
        # Nothing selected, the cursor after the typing: the next key adds to it, never replaces it.
        seen["selected"] = dialog.legal_last.selectedText()  # type: ignore[attr-defined]
        seen["cursor"] = dialog.legal_last.cursorPosition()  # type: ignore[attr-defined]
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # type: ignore[attr-defined]

    on_waiting(at_the_lock)
    QTimer.singleShot(0, type_and_walk_away)
    window.views["clients"].add_client()  # returns once the dialog is done with

    assert seen["hidden"], "the dialog and its typing stayed on screen over the lock"
    assert "comes back when you unlock" in str(seen["lock says"])
    assert seen["shows"].shown == 1  # type: ignore[attr-defined]
    assert (seen["first"], seen["last"]) == (FIRST, LAST)
    assert seen["focus"] is seen["typing in"]  # the keyboard is back where the person left it
    assert (seen["selected"], seen["cursor"]) == ("", len(LAST))
    assert not controls.is_locked
    assert Client.select().where(Client.legal_last == LAST).count() == 1


def test_a_dialog_opened_without_waiting_comes_back_after_unlocking(qtbot, session):
    window, controls = session.window, session.controls
    dialog = QDialog(window)
    edit = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(edit)
    dialog.open()  # window-modal, as the measures, notes and row dialogs open
    qtbot.waitExposed(dialog)
    edit.setFocus()
    qtbot.keyClicks(edit, LAST)
    SelectsOnShow(dialog, edit)
    session.walk_away()
    with qtbot.waitSignal(controls.locked, timeout=3000):
        pass
    assert not dialog.isVisible()
    with qtbot.waitSignal(controls.unlocked):
        controls.unlock(PASSWORD)
    assert dialog.isVisible() and dialog.isModal() and edit.text() == LAST
    # Shown again, QDialog selects the line's text; the lock puts the cursor back before a key comes.
    qtbot.waitUntil(lambda: edit.hasFocus() and not edit.hasSelectedText())
    qtbot.keyClicks(edit, "s")  # the next key adds to the typing, it does not replace it
    assert edit.text() == LAST + "s"


def test_a_question_and_the_dialog_under_it_both_come_back_in_order(qtbot, session, on_waiting):
    window = session.window
    outer = QDialog(window)
    edit = QLineEdit(outer)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    buttons.accepted.connect(outer.accept)
    layout = QVBoxLayout(outer)
    layout.addWidget(edit)
    layout.addWidget(buttons)
    question = QMessageBox(QMessageBox.Icon.Question, "Not saved", "Close and lose it?", parent=outer)
    keep = question.addButton("Keep typing", QMessageBox.ButtonRole.RejectRole)
    question.setDefaultButton(keep)
    order: list[str] = []
    answers: list[bool] = []

    def ask() -> None:
        qtbot.keyClicks(edit, LAST)
        QTimer.singleShot(0, session.walk_away)
        answers.append(Prompts().run(question))  # the lock comes while the question is up
        order.append("question answered")

    def question_back() -> None:
        if question_shows.shown == 2:  # the second showing: after unlocking
            order.append("question back")
            qtbot.keyClick(question, Qt.Key.Key_Return)  # Enter: the default, Keep typing

    def outer_back() -> None:
        if outer_shows.shown == 2:
            order.append("dialog back")
            assert edit.text() == LAST
            buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    question_shows = OnShow(question, question_back)
    outer_shows = OnShow(outer, outer_back)
    on_waiting(lambda dialog: order.append("waiting") if dialog is question else None)
    on_waiting(lambda dialog: session.unlock_by_typing() if dialog is question else None)
    QTimer.singleShot(0, ask)
    accepted = Prompts().run(outer)

    assert order == ["waiting", "question back", "question answered", "dialog back"]
    assert answers == [False] and accepted
    assert edit.text() == LAST


def test_switching_user_over_the_lock_asks_before_the_typing_in_a_dialog_goes(qtbot, session, on_waiting):
    window, controls, prompts = session.window, session.controls, session.prompts
    window.show_view("clients")
    seen: dict[str, object] = {}

    def type_and_walk_away() -> None:
        dialog = QApplication.activeModalWidget()
        qtbot.keyClicks(dialog.legal_last, LAST)
        session.walk_away()

    def at_the_lock(_dialog: object) -> None:
        prompts.answers = [False]  # Stay locked
        controls.lock_screen.switch_button.click()
        seen["stayed"] = controls.is_locked and window.isVisible()
        prompts.answers = [True]  # Switch user and lose it
        controls.lock_screen.switch_button.click()

    on_waiting(at_the_lock)
    QTimer.singleShot(0, type_and_walk_away)
    window.views["clients"].add_client()  # the session ended: the dialog counts as cancelled

    assert seen["stayed"]
    assert len(prompts.questions) == 2 and "holds typing that is not saved" in prompts.questions[0]
    assert LAST not in " ".join(prompts.questions)  # whoever is at the keyboard is told no name
    assert controls.outcome == SWITCH_USER and not window.isVisible()
    assert Client.select().where(Client.legal_last == LAST).count() == 0


def test_switching_user_over_the_lock_asks_nothing_when_the_dialog_holds_no_typing(
    qtbot, session, on_waiting
):
    window, controls, prompts = session.window, session.controls, session.prompts
    window.show_view("clients")
    on_waiting(lambda _dialog: controls.lock_screen.switch_button.click())
    QTimer.singleShot(0, session.walk_away)
    window.views["clients"].add_client()
    assert prompts.questions == [] and controls.outcome == SWITCH_USER


def test_closing_the_locked_window_asks_before_the_typing_in_a_dialog_goes(qtbot, session, on_waiting):
    window, controls, prompts = session.window, session.controls, session.prompts
    window.show_view("clients")
    seen: dict[str, object] = {}

    def type_and_walk_away() -> None:
        qtbot.keyClicks(QApplication.activeModalWidget().legal_last, LAST)
        session.walk_away()

    def at_the_lock(_dialog: object) -> None:
        prompts.answers = [False]  # Stay locked
        window.close()
        seen["stayed"] = controls.is_locked and window.isVisible()
        prompts.answers = [True]  # Close and lose it
        window.close()

    on_waiting(at_the_lock)
    QTimer.singleShot(0, type_and_walk_away)
    window.views["clients"].add_client()

    assert seen["stayed"] and len(prompts.questions) == 2
    assert not window.isVisible()
    assert Client.select().where(Client.legal_last == LAST).count() == 0


def test_a_file_chooser_open_at_the_lock_comes_back_and_still_chooses(qtbot, session, on_waiting, tmp_path):
    window = session.window
    target = tmp_path / "hours-week.csv"
    seen: dict[str, object] = {}

    def choose_and_walk_away() -> None:
        chooser = QApplication.activeModalWidget()
        assert isinstance(chooser, QFileDialog)
        seen["chooser"] = chooser
        chooser.selectFile(str(target))
        OnShow(chooser, chooser.accept)  # back after unlocking: the person presses Save
        session.walk_away()

    def at_the_lock(chooser: object) -> None:
        seen["hidden"] = chooser is seen["chooser"] and not chooser.isVisible()  # type: ignore[attr-defined]
        session.unlock_by_typing()

    on_waiting(at_the_lock)
    QTimer.singleShot(0, choose_and_walk_away)
    chosen = Prompts().save_file(window, "Save the hours", str(tmp_path / "hours.csv"), "CSV files (*.csv)")

    assert seen["hidden"], "the chooser (it lists file names) stayed on screen over the lock"
    assert Path(chosen) == target


def test_a_message_that_comes_while_locked_is_shown_after_unlocking(qtbot, session, on_waiting):
    controls = session.controls
    controls.lock_now()
    seen: dict[str, object] = {}

    def read(box: QMessageBox) -> None:
        seen["read unlocked"] = not controls.is_locked and box.isVisible()
        box.accept()

    def at_the_lock(box: object) -> None:
        assert isinstance(box, QMessageBox)
        seen["hidden"] = not box.isVisible()
        OnShow(box, lambda: read(box))
        session.unlock_by_typing()

    on_waiting(at_the_lock)
    reports.show_error(session.window, "Hours report", "The report could not be made.")  # a late failure
    assert seen == {"hidden": True, "read unlocked": True}


def test_a_number_box_comes_back_with_its_cursor_too(qtbot, session):
    window, controls = session.window, session.controls
    dialog = QDialog(window)
    minutes = QSpinBox(dialog)
    minutes.setRange(0, 600)
    QVBoxLayout(dialog).addWidget(minutes)
    dialog.open()
    qtbot.waitExposed(dialog)
    minutes.setFocus()
    minutes.selectAll()
    qtbot.keyClicks(minutes, "45")
    SelectsOnShow(dialog, minutes)
    controls.lock_now()
    with qtbot.waitSignal(controls.unlocked):
        controls.unlock(PASSWORD)
    line = minutes.findChild(QLineEdit)
    qtbot.waitUntil(lambda: minutes.hasFocus() and not line.hasSelectedText())
    qtbot.keyClicks(minutes, "0")  # 450, not 0: the typing was not selected for replacing
    assert minutes.value() == 450
