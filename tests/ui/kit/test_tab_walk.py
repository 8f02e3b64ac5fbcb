"""Every small dialog and form, walked with Tab, Alt+letters and Enter as a tired person at 6 pm does.

The keyboard starts in a field, never on a button (a space typed on "End" once ended a detox
monitoring); Tab goes round every field and button and back, landing on nothing hidden, greyed
or only to read, and meets the buttons in the order they are drawn (a main button drawn left of
Cancel was met after it); each Alt+letter reaches its own field (two labels on one letter only
took turns, and neither was reached at once); Enter in a text box starts a new line.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

from tests.support.enter_keys import focused
from tests.support.roster_support import ScriptedPrompts
from tests.ui.kit import test_form_dialog_keys as forms
from tests.ui.kit import test_submit_dialogs as small
from tests.ui.kit.test_form_dialog_keys import parent  # noqa: F401  (a fixture, found by name)
from tests.ui.kit.test_submit_dialogs import world  # noqa: F401  (a fixture, found by name)

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
ALT = Qt.KeyboardModifier.AltModifier


def tab_round(qtbot, dialog: QDialog) -> list[QWidget]:  # type: ignore[no-untyped-def]
    """Tab from where the keyboard is until it is back there (a date's parts take a Tab each)."""
    start = focused()
    met = [start]
    for _ in range(120):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        if focused() is start and any(w is not start for w in met):
            return met
        met.append(focused())
    raise AssertionError(f"Tab never came back to {start!r}: trapped among {met[-5:]!r}")


def reachable(dialog: QDialog) -> list[QWidget]:
    """What a person should be able to reach with Tab: shown, enabled, taking Tab, not a part of
    another widget (a spin box's or a combo's line, a list's cell editor)."""
    found = []
    for widget in dialog.findChildren(QWidget):
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or widget.focusProxy() is not None:
            continue
        if not widget.isVisible() or not widget.isEnabled():
            continue
        holder = widget.parentWidget()
        if isinstance(widget, QLineEdit) and isinstance(holder, QComboBox | QAbstractSpinBox):
            continue
        if holder is not None and isinstance(holder.parentWidget(), QAbstractItemView):
            continue
        found.append(widget)
    return found


def has_fields(dialog: QDialog) -> bool:
    return any(not isinstance(w, QPushButton) for w in reachable(dialog))


def walk(qtbot, dialog: QDialog) -> None:  # type: ignore[no-untyped-def]
    start = focused()
    assert dialog.isAncestorOf(start)
    if has_fields(dialog):
        assert not isinstance(start, QPushButton), f"the keyboard starts on the button {start.text()!r}"
    met = tab_round(qtbot, dialog)
    for widget in met:
        assert dialog.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled(), widget
        assert not isinstance(widget, QLabel), "Tab landed on a label"
    missed = [w for w in reachable(dialog) if all(w is not m for m in met)]
    assert not missed, f"Tab never reaches {missed!r}"
    box = dialog.buttons  # type: ignore[attr-defined]
    buttons = [w for w in met if isinstance(w, QAbstractButton) and box.isAncestorOf(w)]
    drawn = sorted(buttons, key=lambda b: b.mapTo(box, b.rect().topLeft()).x())
    assert buttons == drawn, f"Tab meets {[b.text() for b in buttons]}, drawn {[b.text() for b in drawn]}"


def mnemonic(text: str) -> str | None:
    found = re.findall(r"&([^&\s])", text.replace("&&", ""))
    return found[0].lower() if found else None


def letters(dialog: QDialog) -> list[tuple[str, QLabel]]:
    """The Alt+letters of the dialog's shown labels that lead to a field, with their labels."""
    out = []
    for label in dialog.findChildren(QLabel):
        letter = mnemonic(label.text())
        if letter and label.isVisible() and label.buddy() is not None and label.buddy().isEnabled():
            out.append((letter, label))
    return out


def alt_letters(qtbot, dialog: QDialog) -> None:  # type: ignore[no-untyped-def]
    """Each Alt+letter, pressed from where the keyboard is, puts it in its own field at once."""
    taken: dict[str, str] = {}
    for button in dialog.findChildren(QAbstractButton):
        letter = mnemonic(button.text())
        if letter and button.isVisible():
            assert letter not in taken, f"Alt+{letter}: {button.text()!r} and {taken[letter]!r}"
            taken[letter] = button.text()
    for letter, label in letters(dialog):
        assert letter not in taken, f"Alt+{letter}: {label.text()!r} and {taken[letter]!r}"
        taken[letter] = label.text()
        target = label.buddy()
        while target.focusProxy() is not None:
            target = target.focusProxy()
        qtbot.keyClick(focused(), getattr(Qt.Key, f"Key_{letter.upper()}"), ALT)
        assert focused() is target or target.isAncestorOf(focused()), f"Alt+{letter} missed {label.text()!r}"


def enter_in_text_boxes(qtbot, dialog: QDialog) -> None:  # type: ignore[no-untyped-def]
    for box in dialog.findChildren(QPlainTextEdit) + dialog.findChildren(QTextEdit):
        if box.isReadOnly() or not box.isVisible() or not box.isEnabled():
            continue
        box.setFocus()
        qtbot.waitUntil(box.hasFocus)
        lines = box.toPlainText().count("\n")
        qtbot.keyClick(box, Qt.Key.Key_Return)
        assert dialog.isVisible(), f"Enter in {box.accessibleName()!r} closed the dialog"
        assert box.toPlainText().count("\n") == lines + 1, "Enter in a text box starts a new line"


BATCHES = 3  # dialogs opened over one clinic, one after the other (a clinic each took twice as long)


@pytest.mark.parametrize("batch", range(BATCHES))
def test_small_dialogs_by_tab_alt_and_enter(qtbot, world, batch) -> None:  # noqa: F811
    """Each dialog is walked, closed with nothing done, and the next one opened. The two that each
    need a detox of their own (its rating, its end) fall in different batches."""
    wrong = []
    for case in small.CASES[batch::BATCHES]:
        dialog = small.opened(world, case)
        dialog.prompts = ScriptedPrompts(qtbot)
        try:
            walk(qtbot, dialog)
            alt_letters(qtbot, dialog)
            enter_in_text_boxes(qtbot, dialog)
        except AssertionError as exc:
            wrong.append(f"{case.name}: {exc}")
        assert not world.calls, case.name
        dialog.done(QDialog.DialogCode.Rejected)  # closed as it is: the typing in it was the walk's
        dialog.deleteLater()
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("case", forms.CASES, ids=[c.name for c in forms.CASES])
def test_forms_by_tab_alt_and_enter(qtbot, parent, actor, case):  # noqa: F811
    dialog = forms.opened(qtbot, case.make(parent, actor))
    dialog.prompts = ScriptedPrompts(qtbot)
    saved: list[object] = []
    dialog.saved.connect(saved.append)
    walk(qtbot, dialog)
    alt_letters(qtbot, dialog)
    enter_in_text_boxes(qtbot, dialog)
    assert not saved
