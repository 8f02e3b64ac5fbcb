"""The client's weekly hours say what the reports say (issue 17): the domain's floor in words, the
program's shortfall as the program's, what was offered, and the program rule titled with the
clinic's figures. Opened from the roll call with W, closed with Escape.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from iopdesk.domain.kernel import settings
from iopdesk.ui.dialogs.client_hours import BELOW_FLOOR_COLOUR, SHORT_OFFER_COLOUR, ClientHoursDialog
from tests.support import attendance_data
from tests.support import factories as f
from tests.support.attendance_view import shown_screen

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

D = dt.date
BACKGROUND = Qt.ItemDataRole.BackgroundRole


@pytest.fixture
def clinic(actor, monkeypatch):
    clinic = attendance_data.build(actor, monkeypatch, size=1)  # today: Wednesday, March 12, 2025
    member, group = clinic.members[0], clinic.group

    def week(monday: D, attended: tuple[int, ...], cancelled: tuple[int, ...] = ()) -> None:
        for day in range(3):  # Monday to Wednesday, 9:00 for 3 h
            if monday + dt.timedelta(days=day) == attendance_data.TODAY:
                continue  # today's session is the clinic's own
            status = "cancelled" if day in cancelled else "scheduled"
            session = f.session(actor, group, monday + dt.timedelta(days=day), status=status)
            if day in attended:
                f.attend(actor, session, member, "present")

    week(D(2025, 2, 17), (0, 1, 2))  # 9 h: meets the floor and H0015
    individual = f.session(
        actor, None, D(2025, 2, 17), start=dt.time(10, 0), minutes=60, kind="individual", who=member
    )
    f.attend(actor, individual, member, "present")  # during the group: counted once
    week(D(2025, 2, 24), (0, 1), cancelled=(2,))  # a holiday: the program offered 6 h
    week(D(2025, 3, 3), (0, 1))  # 9 h offered, 6 h attended: below the floor
    week(D(2025, 3, 10), (0,))  # this week so far: Monday attended
    return clinic


@pytest.fixture
def screen(qtbot, actor, clinic):
    return shown_screen(qtbot, actor, clinic.session.id)


def open_hours(qtbot, screen) -> ClientHoursDialog:
    table = screen.take.view.table
    table.setFocus()
    table.move_to_row(0)
    qtbot.keyClick(table, "w")
    qtbot.waitUntil(
        lambda: isinstance(screen.take.dialog, ClientHoursDialog) and screen.take.dialog.isVisible()
    )
    return screen.take.dialog


def column(dialog: ClientHoursDialog, title: str) -> int:
    titles = [
        dialog.model.headerData(c, Qt.Orientation.Horizontal) for c in range(dialog.model.columnCount())
    ]
    return titles.index(title)


def colour(brush) -> str | None:
    return None if brush is None else brush.color().name(QColor.NameFormat.HexArgb)


def cells(dialog: ClientHoursDialog, title: str, role=Qt.ItemDataRole.DisplayRole) -> list:
    col = column(dialog, title)
    return [dialog.model.data(dialog.model.index(row, col), role) for row in range(4)]  # newest first


def test_the_floor_in_the_reports_words_and_the_programs_shortfall_as_its_own(qtbot, screen, qtmodeltester):
    dialog = open_hours(qtbot, screen)
    qtmodeltester.check(dialog.model)
    assert cells(dialog, "Floor") == [
        "Below the weekly floor so far",
        "Below the weekly floor",
        "The program offered only 6 h this week",
        "Meets the weekly floor",
    ]
    assert [colour(b) for b in cells(dialog, "Floor", BACKGROUND)] == [
        None,  # below so far: the week is still running
        QColor(BELOW_FLOOR_COLOUR).name(QColor.NameFormat.HexArgb),
        QColor(SHORT_OFFER_COLOUR).name(QColor.NameFormat.HexArgb),
        None,
    ]
    assert cells(dialog, "Hours") == ["3 h", "6 h", "6 h", "9 h"]
    assert cells(dialog, "Offered") == ["9 h", "9 h", "6 h", "9 h"]
    assert cells(dialog, "H0015 (≥ 3 h on ≥ 3 days)") == ["Not met", "Not met", "Not met", "Met"]
    assert cells(dialog, "Notes")[3] == "1 h at overlapping sessions counted once"
    assert cells(dialog, "Notes")[:3] == ["", "", ""]
    assert any("program rule (H0015)" in label.text() for label in dialog.findChildren(QLabel))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: screen.take.dialog is None)


def test_the_program_rule_is_titled_with_the_clinics_figures(qtbot, actor, screen):
    settings.set_value(actor, "program_min_days_per_week", 2)
    dialog = open_hours(qtbot, screen)
    assert cells(dialog, "H0015 (≥ 3 h on ≥ 2 days)")[:3] == ["Not met", "Met", "Met"]
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: screen.take.dialog is None)
