"""A window title leaves the program (task switchers, taskbars, screen-sharing pickers, activity
trackers): the dialogs about a client name them in a heading inside, never in their title."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from iopdesk.ui.dialogs.client_hours import ClientHoursDialog
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.views.attendance.changes import ChangeHistoryDialog
from iopdesk.ui.views.chart.print_dialog import PrintChartDialog
from iopdesk.ui.views.chart.team_dialogs import AddMemberDialog
from iopdesk.ui.views.measures.give_dialog import GiveInstrumentDialog
from tests.support import factories as f
from tests.support.windows import host_window

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform

NAME = "Zebedee Quixotefield"


def _names_inside_not_in_title(dialog: QWidget) -> None:
    assert "Quixotefield" not in dialog.windowTitle()
    assert any(NAME in label.text() for label in dialog.findChildren(QLabel))  # said inside


def test_dialogs_about_a_client_keep_the_name_out_of_their_title(qtbot, actor):  # type: ignore[no-untyped-def]
    host = host_window(qtbot)
    client = f.client(actor, "Zebedee", "Quixotefield")
    dialogs = [
        ClientHoursDialog(host, actor, client.id, NAME, dt.date(2025, 3, 14)),
        ChangeHistoryDialog(host, NAME, (), ZoneInfo("America/New_York")),
        AddMemberDialog(host, actor, client.id, NAME),
        PrintChartDialog(host, actor, Prompts(), client.id, NAME, client.chart_number),
        GiveInstrumentDialog(host, actor, client.id, "phq9", client_name=NAME),
    ]
    for dialog in dialogs:  # children of the host window, closed with it
        _names_inside_not_in_title(dialog)
    assert [d.windowTitle() for d in dialogs] == [
        "Weekly hours",
        "Attendance history",
        "Add to the treatment team",
        "Print the chart",
        "Give PHQ-9",
    ]
