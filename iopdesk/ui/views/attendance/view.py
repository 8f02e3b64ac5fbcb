"""The Attendance screen's layout: take a session's attendance, or look at a group's history.

Layout only: no domain calls, and it does not know its controller.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout

from iopdesk.ui.kit.screen import View
from iopdesk.ui.views.attendance.history import HistoryPanel
from iopdesk.ui.views.attendance.take import TakePanel


class AttendanceView(View):
    icon_name = "attendance"

    def __init__(self, today: Callable[[], dt.date]) -> None:
        super().__init__()
        self.title = self.tr("Attendance")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        heading = QLabel(self.title)
        heading.setObjectName("viewTitle")
        layout.addWidget(heading)
        self.tabs = QTabWidget()
        self.take = TakePanel(today)
        self.history = HistoryPanel(today)
        self.tabs.addTab(self.take, self.tr("&Take attendance"))
        self.tabs.addTab(self.history, self.tr("Histor&y"))
        layout.addWidget(self.tabs, 1)
