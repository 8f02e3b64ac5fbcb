"""File → Import roster (Ctrl+I) by keys: Enter on Choose file… picks the file and runs the dry run;
only a clean preview makes Enter import; a bad file imports nothing, whatever is pressed; Escape closes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from iopdesk.domain.clients.clients import search_clients
from iopdesk.ui.views.groups.import_dialog import RosterImportDialog
from tests.support.enter_keys import KEYPAD, focused
from tests.support.roster_helpers import make_group
from tests.support.roster_support import ScriptedPrompts, pinned, roster_window  # noqa: F401
from tests.ui.groups.test_roster_import_dialog import BAD, GOOD

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def window(qtbot, actor, pinned, tmp_path):  # type: ignore[no-untyped-def]  # noqa: F811
    return roster_window(qtbot, actor, tmp_path)


def tab(qtbot, times: int = 1) -> None:  # type: ignore[no-untyped-def]
    for _ in range(times):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def import_with_keys(qtbot, window, path, step) -> None:  # type: ignore[no-untyped-def]
    prompts = window.roster_menu.prompts
    prompts.paths.append(str(path))
    prompts.steps.append(step)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert not prompts.steps


def choose_by_enter(qtbot, dialog: RosterImportDialog) -> None:  # type: ignore[no-untyped-def]
    assert focused() is dialog.choose_button  # the first thing to do
    with qtbot.waitSignal(dialog.work_done, timeout=10_000):  # the dry run, in a worker thread
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert focused() is dialog.table  # the preview (or what is wrong), to be read first


@pytest.mark.parametrize("modifier", [Qt.KeyboardModifier.NoModifier, KEYPAD], ids=["Return", "keypad Enter"])
def test_a_clean_file_tab_order_then_enter_imports(qtbot, window, actor, tmp_path, modifier):
    make_group(actor, "Morning")
    path = tmp_path / "good.csv"
    path.write_text(GOOD, encoding="utf-8")

    def run(dialog: QDialog) -> None:
        assert isinstance(dialog, RosterImportDialog)
        choose_by_enter(qtbot, dialog)
        assert dialog.path_edit.text() == str(path) and dialog.import_button.isEnabled()
        assert search_clients(actor, "") == []  # the preview changed nothing
        order = []
        for _ in range(8):
            tab(qtbot)
            order.append(focused())
        assert order == [
            dialog.import_button, dialog.close_button, dialog.path_edit, dialog.choose_button,
            dialog.group, dialog.order, dialog.acknowledge, dialog.table,
        ], [w.accessibleName() or w.objectName() or type(w).__name__ for w in order]  # fmt: skip
        assert focused() is dialog.table  # round again, over Close: Enter here imports
        key = Qt.Key.Key_Enter if modifier == KEYPAD else Qt.Key.Key_Return
        with qtbot.waitSignals([dialog.imported, dialog.work_done], order="strict", timeout=10_000):
            qtbot.keyPress(focused(), key, modifier)
        assert "Done:" in dialog.summary.text() and focused() is dialog.close_button
        qtbot.keyClick(focused(), Qt.Key.Key_Return)  # then Enter closes
        assert dialog.result() == QDialog.DialogCode.Rejected  # Close: the import is already done

    import_with_keys(qtbot, window, path, run)
    assert sorted(c.chart_number for c in search_clients(actor, "")) == ["MRN-1", "MRN-2"]


def test_a_bad_file_says_where_and_enter_imports_nothing(qtbot, window, actor, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(BAD, encoding="utf-8")

    def look(dialog: QDialog) -> None:
        assert isinstance(dialog, RosterImportDialog)
        choose_by_enter(qtbot, dialog)
        assert "Nothing will be imported" in dialog.summary.text()
        assert [(p.line, p.field) for p in dialog.problems_model.rows] == [(3, "First name"), (4, "DOB")]
        qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Import is off: nothing happens
        assert dialog.isVisible() and dialog.worker is None and not dialog.import_button.isEnabled()
        qtbot.keyClick(focused(), Qt.Key.Key_Escape)
        assert dialog.result() == QDialog.DialogCode.Rejected

    import_with_keys(qtbot, window, path, look)
    assert search_clients(actor, "") == []


def test_escape_after_a_clean_preview_imports_nothing(qtbot, window, actor, tmp_path):
    make_group(actor, "Morning")
    path = tmp_path / "good.csv"
    path.write_text(GOOD, encoding="utf-8")

    def escape(dialog: QDialog) -> None:
        assert isinstance(dialog, RosterImportDialog)
        choose_by_enter(qtbot, dialog)
        assert dialog.import_button.isEnabled()
        qtbot.keyClick(focused(), Qt.Key.Key_Escape)
        assert dialog.result() == QDialog.DialogCode.Rejected

    import_with_keys(qtbot, window, path, escape)
    assert search_clients(actor, "") == []
