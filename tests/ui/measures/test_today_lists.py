"""Today lists the open safety alerts and the instruments due for the signed-in counselor's
caseload; Enter on an alert opens its follow-up, Enter on a due instrument opens the form to give it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from iopdesk.domain.measures import results
from iopdesk.ui.main_window import MainWindow
from iopdesk.ui.views import today as today_screen
from iopdesk.ui.views.measures.alert_dialogs import FollowUpDialog
from iopdesk.ui.views.measures.give_dialog import GiveInstrumentDialog
from iopdesk.ui.views.today.measures_lists import MeasuresLists
from tests.support import factories as f
from tests.support.measures_factories import phq9

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def window_for(qtbot, actor, tmp_path):  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    win = MainWindow(actor, "/tmp/clinic.sqlite3", settings, [("today", today_screen.build)])
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def opened(kind):  # type: ignore[no-untyped-def]
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    return found[0] if found else None


def test_the_counselor_sees_the_open_alert_and_what_is_due(qtbot, tmp_path, load) -> None:  # type: ignore[no-untyped-def]
    given = results.give(load.counselor, load.client_id, "phq9", phq9(*[0] * 8, 1))
    win = window_for(qtbot, load.counselor, tmp_path)
    lists = win.views["today"].measures
    assert isinstance(lists, MeasuresLists) and lists.isVisible()
    assert lists.alerts.rowCount() == 1 and lists.alerts_title.text() == "Safety alerts open (1)"
    assert lists.alerts.data(lists.alerts.index(0, 2)) == "PHQ-9 item 9 answered 1"
    due = [lists.due.data(lists.due.index(r, 1)) for r in range(lists.due.rowCount())]
    assert due == ["AUDIT-C", "DAST-10", "GAD-7"]  # PHQ-9 was just given
    lists.alert_table.setCurrentIndex(lists.alerts.index(0, 0))
    qtbot.keyClick(lists.alert_table, Qt.Key.Key_Return)
    form = opened(FollowUpDialog)
    assert form is not None and form.alert.id == given.alert_id
    form.reject()
    lists.due_table.setCurrentIndex(lists.due.index(2, 0))
    qtbot.keyClick(lists.due_table, Qt.Key.Key_Return)
    dialog = opened(GiveInstrumentDialog)
    assert dialog is not None and dialog.instrument.id == "gad7"
    for _ in range(7):
        qtbot.keyClick(dialog.pad, Qt.Key.Key_1)
    with qtbot.waitSignal(dialog.given, timeout=2000):
        qtbot.keyClick(dialog.pad, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: lists.due.rowCount() == 2)


def test_front_desk_gets_no_measures_lists(qtbot, tmp_path, actor) -> None:  # type: ignore[no-untyped-def]
    desk = f.actor_as(actor, f.staff(actor, role="frontdesk", name="Desk"))
    win = window_for(qtbot, desk, tmp_path)
    assert win.views["today"].measures is None and win.views["today"].view.findChild(MeasuresLists) is None


def test_lists_made_before_sign_in_are_let_go_for_front_desk(qtbot, actor) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from iopdesk.ui.views.today import measures_lists
    from iopdesk.ui.views.today.view import TodayView

    view = TodayView(dt.date.today)  # as the sign-in screen makes it (ui/first_uses.py)
    qtbot.addWidget(view)
    measures_lists.add_to(view, MeasuresLists(view))
    desk = f.actor_as(actor, f.staff(actor, role="frontdesk", name="Desk"))
    assert measures_lists.attach(view, desk) is None and view.findChild(MeasuresLists) is None
