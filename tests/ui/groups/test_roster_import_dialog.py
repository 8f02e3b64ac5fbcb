"""File → Import roster: the dry-run preview lists every bad row and imports nothing; a clean file imports."""

import pytest
from PySide6.QtCore import Qt

from iopdesk.domain.clients.clients import search_clients
from iopdesk.domain.overviews.rosters import group_roster
from iopdesk.ui.views.groups.export_dialog import RosterExportDialog
from iopdesk.ui.views.groups.import_dialog import RosterImportDialog
from tests.support.roster_helpers import make_group
from tests.support.roster_support import ScriptedPrompts, click, pinned, roster_window  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

BAD = (
    "First name,Last name,DOB,MRN\r\n"
    "Maria,Lopez,3/14/1985,MRN-1\r\n"
    ",Smith,1990-07-02,MRN-2\r\n"
    "Ann,Lee,31/31/1980,MRN-3\r\n"
)
GOOD = (
    "First name,Last name,DOB,MRN,Group\r\n"
    "Maria,Lopez,3/14/1985,MRN-1,\r\n"
    "John,Smith,1990-07-02,MRN-2,Morning\r\n"
)


@pytest.fixture
def window(qtbot, actor, pinned, tmp_path):  # noqa: F811
    return roster_window(qtbot, actor, tmp_path)


def test_preview_lists_every_bad_row_and_imports_nothing(qtbot, qtmodeltester, window, actor, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(BAD, encoding="utf-8")
    prompts = window.roster_menu.prompts
    prompts.paths.append(str(path))
    seen = {}

    def look(dialog: RosterImportDialog):
        assert not dialog.import_button.isEnabled()
        with qtbot.waitSignals([dialog.previewed, dialog.work_done], order="strict"):
            click(qtbot, dialog.choose_button)  # the dry run runs in a worker thread
        problems = [(p.line, p.field) for p in dialog.problems_model.rows]
        seen["problems"] = problems
        assert dialog.table.model() is dialog.problems_model
        assert not dialog.import_button.isEnabled()
        assert "Nothing will be imported" in dialog.summary.text()
        qtmodeltester.check(dialog.problems_model)
        click(qtbot, dialog.close_button)

    prompts.steps.append(look)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert seen["problems"] == [(3, "First name"), (4, "DOB")]
    assert search_clients(actor, "") == []


def test_clean_file_previews_then_imports(qtbot, qtmodeltester, window, actor, tmp_path):
    group = make_group(actor, "Morning")
    path = tmp_path / "good.csv"
    path.write_text(GOOD, encoding="utf-8")
    prompts = window.roster_menu.prompts
    prompts.paths.append(str(path))

    def run(dialog: RosterImportDialog):
        with qtbot.waitSignal(dialog.work_done):
            click(qtbot, dialog.choose_button)
        assert dialog.table.model() is dialog.outcomes_model
        assert [(o.name, o.client, o.enrollment) for o in dialog.outcomes_model.rows] == [
            ("Maria Lopez", "created", ""),
            ("John Smith", "created", "enrolled"),
        ]
        qtmodeltester.check(dialog.outcomes_model)
        assert search_clients(actor, "") == []  # the preview changed nothing
        with qtbot.waitSignals([dialog.imported, dialog.work_done], order="strict"):
            click(qtbot, dialog.import_button)
        assert "Done:" in dialog.summary.text() and not dialog.import_button.isEnabled()
        click(qtbot, dialog.close_button)

    prompts.steps.append(run)
    window.roster_menu.import_action.trigger()
    assert sorted(c.chart_number for c in search_clients(actor, "")) == ["MRN-1", "MRN-2"]
    assert [m.display_name for m in group_roster(actor, group.id).members] == ["John Smith"]


def test_export_writes_the_groups_roster(qtbot, window, actor, tmp_path):
    make_group(actor, "Morning")
    target = tmp_path / "out.csv"
    prompts = window.roster_menu.prompts
    prompts.paths.append(str(target))

    def run(dialog: RosterExportDialog):
        dialog.group.setCurrentIndex(dialog.group.findData("Morning"))
        click(qtbot, dialog.ok_button)

    prompts.steps.append(run)
    window.roster_menu.export_action.trigger()
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfChart number,") and b"Wait list position" in data
    assert str(target) in window.statusBar().currentMessage()


def test_member_opens_the_client_page(qtbot, window, actor):
    from iopdesk.domain.enrollment.enrollment import enroll
    from tests.support.roster_helpers import TODAY, make_client

    group = make_group(actor, "Morning")
    client = make_client(actor, "Sam", "Reyes")
    enroll(actor, client.id, group.id, TODAY, today=TODAY)
    window.show_view("groups")
    groups = window.views["groups"].view
    groups.members_table.setFocus()
    groups.members_table.selectRow(0)
    with qtbot.waitSignal(window.view_changed):
        qtbot.keyClick(groups.members_table, Qt.Key.Key_Return)
    assert window.current_key() == "clients"
    assert window.views["clients"].client.id == client.id
