"""FormDialog and the dialogs built on it, driven with Tab, Enter and Escape as a person does.

The cursor starts in the first field; Tab walks the fields in order and ends
on the buttons. Enter in a field presses the main button, even after Tab
has been over Cancel: it once made Cancel the default, so a person who tabbed
round the form once lost everything typed in it on the next Enter. A refused
value is said under its field and the typing stays. Escape closes, saving
nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QDialogButtonBox, QLineEdit, QWidget

from iopdesk.domain.care import admission
from iopdesk.domain.kernel.records import site_today
from iopdesk.ui.admin.password_dialog import ChangePasswordDialog
from iopdesk.ui.admin.staff_form import StaffFormDialog
from iopdesk.ui.kit.form_dialog import FormDialog
from iopdesk.ui.signin.recover_dialog import RecoverDialog
from iopdesk.ui.views.chart.discharge_dialogs import StartDischargeDialog
from iopdesk.ui.views.chart.team_dialogs import AddMemberDialog
from iopdesk.ui.views.clients.client_dialog import ClientDialog
from iopdesk.ui.views.clients.keep_apart_dialog import KeepApartDialog
from iopdesk.ui.views.groups.group_dialog import GroupDialog
from tests.support.care_factories import person
from tests.support.enter_keys import KEYPAD, focused, tab_to
from tests.support.windows import host_window

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[QWidget, Any], FormDialog]
    # Where Enter is tried when the first field is not a plain one (a client search: Enter there
    # picks the client found, as designed, and moves on).
    enter_field: Callable[[Any], QWidget] | None = None


def _episode_dialog(parent: QWidget, actor: Any) -> FormDialog:
    client = person(actor)
    today = site_today(actor)
    episode = admission.admit(actor, client.id, today - dt.timedelta(days=30))
    return StartDischargeDialog(parent, actor, episode, "Robin River")


def _with_client(kind: type) -> Callable[[QWidget, Any], FormDialog]:
    def make(parent: QWidget, actor: Any) -> FormDialog:
        client = person(actor)
        return kind(parent, actor, client.id, "Robin River")  # type: ignore[no-any-return]

    return make


CASES = [
    Case("add client", lambda p, a: ClientDialog(p, a)),
    Case("new group", lambda p, a: GroupDialog(p, a)),
    Case("new staff account", lambda p, a: StaffFormDialog(p, a)),
    Case("change my password", lambda p, a: ChangePasswordDialog(p, a)),
    Case("recovery key", lambda p, _a: RecoverDialog(p)),
    Case("keep apart", _with_client(KeepApartDialog), lambda d: d.comment),
    Case("add to team", _with_client(AddMemberDialog)),
    Case("start discharge", _episode_dialog),
]


@pytest.fixture
def parent(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    return host_window(qtbot)


def opened(qtbot, dialog: FormDialog) -> FormDialog:  # type: ignore[no-untyped-def]
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    dialog.open()
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def tab_round(qtbot) -> list[QWidget]:  # type: ignore[no-untyped-def]
    """Tab from where the keyboard is until it comes back there; every widget met on the way."""
    start = focused()
    met = [start]
    for _ in range(60):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        if focused() is start:
            return met
        met.append(focused())
    raise AssertionError("Tab never came back to where it started")


def buttons_of(dialog: FormDialog) -> list[QAbstractButton]:
    return [dialog.ok_button, dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_focus_starts_in_the_first_field_and_tab_ends_on_the_buttons(qtbot, parent, actor, case):
    dialog = opened(qtbot, case.make(parent, actor))
    start = focused()
    assert not isinstance(start, QAbstractButton) or start.isCheckable(), "the cursor starts in a field"
    assert dialog.isAncestorOf(start)
    met = tab_round(qtbot)
    assert met[-2:] == buttons_of(dialog), "Tab ends on the main button, then Cancel"
    fields = met[:-2]
    assert all(
        not isinstance(w, QAbstractButton) or w.isCheckable() or not dialog.buttons.isAncestorOf(w)
        for w in fields
    )
    assert all(w.isEnabled() and w.isVisible() for w in met)


@pytest.mark.parametrize("modifier", [Qt.KeyboardModifier.NoModifier, KEYPAD], ids=["Return", "keypad Enter"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_enter_after_tabbing_round_presses_the_main_button_never_cancel(qtbot, parent, actor, case, modifier):
    dialog = opened(qtbot, case.make(parent, actor))
    start = focused()
    saved: list[object] = []
    dialog.saved.connect(saved.append)
    tab_round(qtbot)  # over the main button and Cancel, back to the first field
    assert focused() is start
    if case.enter_field is not None:
        start = case.enter_field(dialog)
        tab_to(qtbot, start)
    if isinstance(start, QLineEdit) and not start.text():
        qtbot.keyClicks(start, "x")  # something typed: it must not be lost
    key = Qt.Key.Key_Enter if modifier == KEYPAD else Qt.Key.Key_Return
    qtbot.keyPress(focused(), key, modifier)
    if dialog.isVisible():
        assert dialog.shown_errors(), "open: the dialog must say why"
        if isinstance(start, QLineEdit):
            assert start.text(), "the typing stays"
    else:
        assert dialog.result() == QDialog.DialogCode.Accepted, "Enter closed the form as Cancel"
        assert saved, "closed by Enter: the form's action must have run"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_escape_closes_and_saves_nothing(qtbot, parent, actor, case):
    dialog = opened(qtbot, case.make(parent, actor))
    saved: list[object] = []
    dialog.saved.connect(saved.append)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Rejected and not saved


def test_a_refused_field_says_so_under_it_and_keeps_the_typing(qtbot, parent, actor):
    dialog = opened(qtbot, ChangePasswordDialog(parent, actor))
    qtbot.keyClicks(focused(), "short")
    typed = focused()
    qtbot.keyClick(typed, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "different")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.isVisible()
    errors = [label.text() for label in dialog.field_errors.values() if not label.isHidden()]
    assert errors, dialog.shown_errors()
    assert isinstance(typed, QLineEdit) and typed.text() == "short"


def test_ctrl_enter_in_a_forms_text_box_presses_the_main_button(qtbot, parent, actor):
    """Enter in a group's description starts a new line; Ctrl+Enter there did nothing at all, where
    the README promises the dialog's main action, as in the small dialogs."""
    dialog = opened(qtbot, CASES[1].make(parent, actor))  # new group
    qtbot.keyClicks(focused(), "Evening IOP")
    tab_to(qtbot, dialog.description)  # type: ignore[attr-defined]
    qtbot.keyClicks(focused(), "Tuesdays")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.keyClicks(focused(), "and Thursdays")
    with qtbot.waitSignal(dialog.ok_button.clicked, timeout=2000):
        qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.description.toPlainText() == "Tuesdays\nand Thursdays"  # type: ignore[attr-defined]
    assert not dialog.isVisible() or dialog.shown_errors(), "the form saved, or said why not"
