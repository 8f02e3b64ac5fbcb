"""File → Import roster with files as real programs save them, by keys: Excel for Mac's CSV (Mac Roman,
lines ending in CR) imports its accented names as typed; a chart number a spreadsheet shortened
(00123 saved as 123) is shown at its line and column, and nothing is imported."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from iopdesk.domain.clients.clients import search_clients
from iopdesk.ui.views.groups.import_dialog import RosterImportDialog
from tests.support.enter_keys import focused
from tests.support.roster_helpers import make_client
from tests.support.roster_support import ScriptedPrompts, pinned, roster_window  # noqa: F401
from tests.ui.groups.test_roster_import_keys import choose_by_enter, import_with_keys

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def window(qtbot, actor, pinned, tmp_path):  # type: ignore[no-untyped-def]  # noqa: F811
    return roster_window(qtbot, actor, tmp_path)


def test_excel_for_mac_csv_imports_its_accents_as_typed(qtbot, window, actor, tmp_path):
    path = tmp_path / "roster.csv"
    text = "First Name,Last Name,DOB\rJosé,Ibáñez,3/4/1990\rÁngel,Muñoz,5/6/1991\r"
    path.write_bytes(text.encode("mac_roman"))

    def run(dialog: QDialog) -> None:
        assert isinstance(dialog, RosterImportDialog)
        choose_by_enter(qtbot, dialog)
        assert [o.name for o in dialog.outcomes_model.rows] == ["José Ibáñez", "Ángel Muñoz"]
        with qtbot.waitSignals([dialog.imported, dialog.work_done], order="strict", timeout=10_000):
            qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Import is the default once the preview is clean
        qtbot.keyClick(focused(), Qt.Key.Key_Return)  # then Close

    import_with_keys(qtbot, window, path, run)
    assert sorted((c.legal_first, c.legal_last) for c in search_clients(actor, "")) == [
        ("José", "Ibáñez"),
        ("Ángel", "Muñoz"),
    ]


def test_a_chart_number_that_lost_its_leading_zeros_is_shown_where_and_imports_nothing(
    qtbot, window, actor, tmp_path
):
    make_client(actor, "Test", "Client A", chart_number="00123", date_of_birth=dt.date(1990, 3, 4))
    path = tmp_path / "roster.csv"
    path.write_text("First Name,Last Name,DOB,MRN\r\nTest,Client A,3/4/1990,123\r\n", encoding="utf-8")

    def look(dialog: QDialog) -> None:
        assert isinstance(dialog, RosterImportDialog)
        choose_by_enter(qtbot, dialog)
        [problem] = dialog.problems_model.rows
        assert (problem.line, problem.field) == (2, "MRN") and "leading zeros" in problem.reason
        assert not dialog.import_button.isEnabled()
        qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Import is off: nothing happens
        qtbot.keyClick(focused(), Qt.Key.Key_Escape)
        assert dialog.result() == QDialog.DialogCode.Rejected

    import_with_keys(qtbot, window, path, look)
    assert [c.chart_number for c in search_clients(actor, "")] == ["00123"]
