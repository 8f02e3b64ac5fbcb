"""Escape after typing asks before the typing goes, in every form and small dialog, as a person meets it.

Type, press Escape: "What you typed here is not saved. Close and lose it?". Keep typing: the dialog
stays, the typing in it. Escape again, "Close and lose it": the dialog closes and nothing is saved
(the database says so). A dialog left as it opened closes at once, with no question; a typed
password alone is no reason to ask (kit/keep_typing.py says why).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QMessageBox, QPushButton, QWidget

from iopdesk.store.care_models import TeamMember
from iopdesk.store.clinic_models import Client
from iopdesk.ui.kit.form_dialog import FormDialog
from iopdesk.ui.kit.keep_typing import fields_in, value_of
from iopdesk.ui.kit.prompts import Prompts
from tests.support.roster_support import ScriptedPrompts
from tests.ui.kit import test_form_dialog_keys as forms
from tests.ui.kit import test_submit_dialogs as small
from tests.ui.kit.test_form_dialog_keys import parent  # noqa: F401  (a fixture, found by name)
from tests.ui.kit.test_submit_dialogs import world  # noqa: F401  (a fixture, found by name)

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
QUESTION = "What you typed here is not saved. Close and lose it?"


def escape(qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(small.focused(), Qt.Key.Key_Escape)


def typing_in(dialog: QDialog) -> list[object]:
    return [value_of(widget) for widget in fields_in(dialog)]


def asked_then_kept_then_lost(qtbot, dialog: QDialog, prompts: ScriptedPrompts) -> None:  # type: ignore[no-untyped-def]
    """Escape → asked; keep typing → open, the typing as it was; Escape → lose it → closed, rejected."""
    typed = typing_in(dialog)
    prompts.answers.append(False)  # "Keep typing"
    escape(qtbot)
    assert prompts.questions == [QUESTION]
    assert dialog.isVisible() and typing_in(dialog) == typed
    prompts.answers.append(True)  # "Close and lose it"
    escape(qtbot)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Rejected and len(prompts.questions) == 2


# --- the form dialogs (kit/form_dialog.py) -----------------------------------------------------------
def _type_first(qtbot, dialog: FormDialog) -> None:  # type: ignore[no-untyped-def]
    """What a person does first in the form: a name typed, or a choice made with the arrow keys."""
    field = small.focused()
    if isinstance(field, QComboBox):
        qtbot.keyClick(field, Qt.Key.Key_Down)
    else:
        qtbot.keyClicks(field, "Robin")


def _comment(qtbot, dialog: FormDialog) -> None:  # type: ignore[no-untyped-def]
    dialog.comment.setFocus()  # type: ignore[attr-defined]
    qtbot.keyClicks(dialog.comment, "Same school; they fight.")  # type: ignore[attr-defined]


FORM_TYPING: dict[str, Callable[..., None]] = {"keep apart": _comment}
SECRETS_ONLY = {"change my password", "recovery key"}  # what is typed there is never kept


@pytest.mark.parametrize("case", forms.CASES, ids=[c.name for c in forms.CASES])
def test_escape_after_typing_in_a_form_asks_keeps_or_loses(qtbot, parent, actor, case):  # noqa: F811
    dialog = forms.opened(qtbot, case.make(parent, actor))
    dialog.prompts = prompts = ScriptedPrompts(qtbot)
    saved: list[object] = []
    dialog.saved.connect(saved.append)
    clients, members = Client.select().count(), TeamMember.select().count()
    FORM_TYPING.get(case.name, _type_first)(qtbot, dialog)
    if case.name in SECRETS_ONLY:
        escape(qtbot)  # a password or a recovery key: not kept, nothing to ask about
        qtbot.waitUntil(lambda: not dialog.isVisible())
        assert not prompts.questions
    else:
        asked_then_kept_then_lost(qtbot, dialog, prompts)
    assert not saved
    assert (Client.select().count(), TeamMember.select().count()) == (clients, members)


def test_a_new_clients_name_stays_through_keep_typing(qtbot, parent, actor):  # noqa: F811
    """Add client: the name typed, Escape, Keep typing: the same name is there, and Cancel asks too."""
    dialog = forms.opened(qtbot, forms.CASES[0].make(parent, actor))
    dialog.prompts = prompts = ScriptedPrompts(qtbot)
    qtbot.keyClicks(small.focused(), "Robin")
    name_box = small.focused()
    prompts.answers.append(False)
    escape(qtbot)
    assert isinstance(name_box, QLineEdit) and name_box.text() == "Robin" and dialog.isVisible()
    prompts.answers.append(True)
    forms.buttons_of(dialog)[1].click()  # Cancel, by the mouse: the same question
    assert prompts.questions == [QUESTION, QUESTION] and not dialog.isVisible()
    assert Client.select().count() == 0


def test_closing_the_window_asks_too(qtbot, parent, actor):  # noqa: F811
    dialog = forms.opened(qtbot, forms.CASES[0].make(parent, actor))
    dialog.prompts = prompts = ScriptedPrompts(qtbot)
    qtbot.keyClicks(small.focused(), "Robin")
    prompts.answers.append(False)
    dialog.close()  # the title bar's close button
    assert dialog.isVisible() and prompts.questions == [QUESTION]


@pytest.mark.parametrize("case", forms.CASES, ids=[c.name for c in forms.CASES])
def test_an_untouched_form_closes_at_once(qtbot, parent, actor, case):  # noqa: F811
    dialog = forms.opened(qtbot, case.make(parent, actor))
    dialog.prompts = prompts = ScriptedPrompts(qtbot)
    escape(qtbot)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert not prompts.questions


# --- the small dialogs (kit/submit_dialog.py) ------------------------------------------------------
def _type_in(name: str, text: str) -> Callable[[Any, Any], None]:
    def keys(w: Any, dialog: Any) -> None:
        box = getattr(dialog, name)
        box.setFocus()
        w.qtbot.keyClicks(box, text)

    return keys


def _discharge_text(w: Any, dialog: Any) -> None:
    box = next(iter(dialog.texts.values()))
    box.setFocus()
    w.qtbot.keyClicks(box, "Completed the program.")


# The cases whose keys (test_submit_dialogs.py) type nothing worth asking about, and the typing a
# person would do there instead; None: the dialog holds nothing typed (a password, a file's name,
# times to type again), so Escape closes at once whatever was done.
TYPING: dict[str, Callable[[Any, Any], None] | None] = {
    "sign": None,  # a password only
    "co-sign": None,
    "care sign": None,
    "print notes": None,
    "print chart": None,
    "reschedule": None,
    "times": None,
    "attendance export": None,
    "hours export": None,
    "a settings list": None,
    "clinic settings": None,
    "safety alert": None,
    "add session": _type_in("topic", "Relapse prevention"),
    "plan intervention": _type_in("frequency", "3 times a week"),
    "end detox": _type_in("note", "Stable; no withdrawal signs."),
    "screening": _type_in("summary", "Fits level 2.1."),
    "discharge": _discharge_text,
}
# Where what is saved goes to the database rather than to the test's recorder.
SAVED_IN_DATABASE = {
    "safety follow-up",
    "start detox",
    "detox rating",
    "drug screen",
    "screening",
    "discharge",
}


@pytest.mark.parametrize("case", small.CASES, ids=[c.name for c in small.CASES])
def test_escape_after_typing_in_a_small_dialog(qtbot, world, case):  # noqa: F811
    dialog = small.opened(world, case)
    dialog.prompts = prompts = ScriptedPrompts(qtbot)
    ran_before = case.ran(world, dialog) if case.name in SAVED_IN_DATABASE else False
    typing = TYPING.get(case.name, case.before_enter)
    (typing or case.before_enter)(world, dialog)
    if typing is None:
        escape(qtbot)
        qtbot.waitUntil(lambda: not dialog.isVisible())
        assert not prompts.questions, "nothing typed worth keeping: it closes at once"
    else:
        asked_then_kept_then_lost(qtbot, dialog, prompts)
    assert not world.calls, "closed: nothing saved"
    if case.name in SAVED_IN_DATABASE:
        assert case.ran(world, dialog) == ran_before


@pytest.mark.parametrize("case", small.CASES, ids=[c.name for c in small.CASES])
def test_an_untouched_small_dialog_closes_at_once(qtbot, world, case):  # noqa: F811
    dialog = small.opened(world, case)
    dialog.prompts = prompts = ScriptedPrompts(qtbot)
    escape(qtbot)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert not prompts.questions and not world.calls


# --- the question itself ---------------------------------------------------------------------------
def test_the_questions_default_is_to_keep_typing(qtbot, parent, monkeypatch):  # noqa: F811
    """Enter (or Escape) on the question keeps the dialog: its default is "Keep typing"."""
    monkeypatch.undo()  # the real question box (tests/ui/conftest.py swaps it out)
    seen: dict[str, Any] = {}

    def answer_with_enter(box: QMessageBox) -> int:
        default = box.defaultButton()
        seen["default"] = default.text() if isinstance(default, QPushButton) else None
        seen["buttons"] = sorted(b.text() for b in box.buttons())
        seen["escape"] = box.escapeButton() is default
        default.click()  # what Enter does
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer_with_enter)
    box_parent: QWidget = parent
    assert not Prompts().confirm(box_parent, "Not saved", QUESTION, "Close and lose it", "Keep typing")
    assert seen == {"default": "Keep typing", "buttons": ["Close and lose it", "Keep typing"], "escape": True}


def test_escape_after_changing_a_settings_list_asks(qtbot, world):  # noqa: F811
    """A level of care added by keys, then Escape: asked (the list's changes once went at once);
    "Keep typing" keeps the new entry, "Close and lose it" closes with nothing saved."""
    dialog = small.opened(world, next(c for c in small.CASES if c.name == "a settings list"))
    dialog.prompts = prompts = ScriptedPrompts(qtbot)
    qtbot.keyClick(small.focused(), Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # Add: a cell opens
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)  # type: ignore[attr-defined]
    qtbot.keyClicks(small.focused(), "2.5")
    qtbot.keyClick(small.focused(), Qt.Key.Key_Tab)  # the cell keeps it; the level's name next
    table = dialog.table  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: dialog.model.entries()[1][0] == "2.5")  # type: ignore[attr-defined]
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    asked_then_kept_then_lost(qtbot, dialog, prompts)
    assert not world.calls
