"""The next pages' widgets are made while the window waits for its first click (ui/build_ahead.py):
views only, in steps of one page, reading nothing a first visit would then show stale."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QMessageBox

from iopdesk.ui import build_ahead
from iopdesk.ui.main_window import MainWindow
from tests.support import factories as f
from tests.support.signin_support import add_staff

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform


@pytest.fixture
def window(qtbot, actor, tmp_path):  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    shown = MainWindow(actor, "/tmp/clinic.sqlite3", settings)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def test_the_next_pages_are_laid_out_ahead_without_a_controller_or_a_query(qtbot, window, db):
    ahead = build_ahead.BuildAhead(window)
    with f.count_queries(db) as executed, qtbot.waitSignal(ahead.finished, timeout=30_000):
        ahead.start()
    made = [key for key in build_ahead.PAGES if key in window.views and key != window.current_key()]
    assert ahead.made == made and made
    assert not any(window.views.is_built(key) for key in made)  # no controller yet
    assert all(not sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) for sql in executed)
    assert window.current_key() == "today" and window.views.page("today").isVisible()


def test_a_page_made_ahead_reads_its_data_when_first_shown(qtbot, window, actor):
    ahead = build_ahead.BuildAhead(window)
    with qtbot.waitSignal(ahead.finished, timeout=30_000):
        ahead.start()
    f.group(actor, "Added After The Widgets Were Made")
    window.show_view("groups")
    groups = window.views["groups"]
    names = [row.group.name for row in groups.view.groups_model.rows]
    assert "Added After The Widgets Were Made" in names
    assert window.current_key() == "groups" and groups.view.isVisible()


def test_it_waits_while_a_dialog_is_open(qtbot, window):
    dialog = QMessageBox(QMessageBox.Icon.Information, "Reminder", "Call back", parent=window)
    dialog.open()  # window-modal, as the app's dialogs are
    qtbot.waitExposed(dialog)
    ahead = build_ahead.BuildAhead(window)
    made_while_open: list[list[str]] = []
    dialog.finished.connect(lambda _result: made_while_open.append(list(ahead.made)))
    with qtbot.waitSignal(ahead.finished, timeout=30_000):
        ahead.start()
        # Several of its looks at the dialog go by before the person answers it.
        QTimer.singleShot(build_ahead.WAIT_MS * 4, dialog.accept)
    assert made_while_open == [[]] and ahead.made


def test_a_page_visited_before_its_turn_is_built_the_usual_way(qtbot, window):
    ahead = build_ahead.BuildAhead(window)
    window.show_view("notes")
    with qtbot.waitSignal(ahead.finished, timeout=30_000):
        ahead.start()
    assert "notes" not in ahead.made and window.views.is_built("notes")


@pytest.mark.parametrize("role", ["counselor", "frontdesk"])
def test_a_page_made_ahead_is_laid_out_as_one_built_on_the_click(qtbot, admin, tmp_path, role):
    # Controllers hide what a role may not use; the page must not keep room for it (wider than
    # the window, with a scroll bar), as it would if laid out before its controller was made.
    person = add_staff(admin, f"{role}1", role)
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    ahead_window, usual_window = MainWindow(person, "a", settings), MainWindow(person, "b", settings)
    for shown in (ahead_window, usual_window):
        qtbot.addWidget(shown)
        shown.show()
        qtbot.waitExposed(shown)
    ahead = build_ahead.BuildAhead(ahead_window)
    with qtbot.waitSignal(ahead.finished, timeout=30_000):
        ahead.start()
    assert ahead.made
    for key in ahead.made:
        ahead_window.show_view(key)
        usual_window.show_view(key)
        made_ahead, usual = ahead_window.views[key].view, usual_window.views[key].view
        assert made_ahead.minimumSizeHint() == usual.minimumSizeHint(), key
        assert made_ahead.size() == usual.size(), key
