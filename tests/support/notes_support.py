"""A small clinic for the notes screens: a counselor's group of twelve with one session in the past."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from iopdesk.domain import notes
from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.views import notes as notes_screen
from iopdesk.ui.views.notes.controller import NotesController
from iopdesk.ui.views.notes.snippets_dialog import SnippetsDialog
from tests.support import note_factories as nf
from tests.support.roster_support import ScriptedPrompts

PEOPLE = [
    ("Alex", "Rivera"), ("Blair", "Okafor"), ("Casey", "Lindqvist"), ("Devon", "Marsh"),
    ("Emery", "Tanaka"), ("Finley", "Osei"), ("Gray", "Novak"), ("Harper", "Quinn"),
    ("Indy", "Vasquez"), ("Jordan", "Abbott"), ("Kai", "Brennan"), ("Logan", "Pryce"),
]  # fmt: skip


@dataclass
class NotesClinic:
    supervisor: Actor  # the test's own actor (a supervisor)
    counselor: Actor  # facilitates the group and writes its note
    setup: nf.GroupSetup

    @property
    def session_id(self):  # type: ignore[no-untyped-def]
        return self.setup.session.id


def build(actor: Actor, size: int = 12, *, needs_cosign: bool = False) -> NotesClinic:
    supervisor_row = nf.staff_of(actor)
    counselor = nf.writer(
        actor,
        "Casey Counselor",
        needs_cosign=needs_cosign,
        supervisor=supervisor_row if needs_cosign else None,
    )
    setup = nf.group_with(actor, PEOPLE[:size], facilitator=counselor)
    return NotesClinic(actor, counselor, setup)


def make_view(qtbot, who: Actor) -> NotesController:  # type: ignore[no-untyped-def]
    """The Notes screen built for ``who``, its view shown and active; returns the screen's controller."""
    screen = notes_screen.build(who)
    view = screen.view
    qtbot.addWidget(view)
    view.setMinimumSize(1100, 720)  # fixed, as in the main window: offscreen Qt warns when it changes
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    screen.activated()
    return screen


def wait_dialog(qtbot, screen: NotesController, kind: type) -> QDialog:  # type: ignore[no-untyped-def]
    """The editor's dialog of ``kind``, once it is up."""
    dialogs = screen.editor.dialogs
    qtbot.waitUntil(lambda: isinstance(dialogs.dialog, kind) and dialogs.dialog.isVisible())
    return dialogs.dialog  # type: ignore[return-value]


def press_ok(qtbot, dialog: QDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]


def statuses(who: Actor, session_id) -> dict[str, str]:  # type: ignore[no-untyped-def]
    view = notes.open_session_note(who, session_id)
    out = {"shared": view.shared.status} if view.shared else {}
    out.update({m.display_name: m.note.status for m in view.members if m.note is not None})
    return out


def body_of(who: Actor, session_id, name: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    view = notes.open_session_note(who, session_id)
    if name == "shared":
        return dict(view.shared.body)
    return dict(next(m.note.body for m in view.members if m.display_name == name and m.note is not None))


def type_required(qtbot, screen: NotesController) -> None:  # type: ignore[no-untyped-def]
    """Type what the format requires (risk, use / abstinence) into the part on screen, key by key."""
    part = screen.editor.current_part()
    for key, text in nf.REQUIRED_TEXT.items():
        edit = part.edits[key]
        edit.setFocus()
        qtbot.keyClicks(edit, text)


def open_snippets(qtbot, view) -> SnippetsDialog:  # type: ignore[no-untyped-def]
    """Insert snippet's Snippets… from the notes screen, as a counselor reaches it, its questions
    scripted."""
    qtbot.mouseClick(view.view.snippets_button, Qt.MouseButton.LeftButton)
    dialogs = view.editor.dialogs
    qtbot.waitUntil(lambda: isinstance(dialogs.dialog, SnippetsDialog) and dialogs.dialog.isVisible())
    dialog = dialogs.dialog
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.prompts = ScriptedPrompts(qtbot)
    return dialog
