"""The Today screen's layout: a day's sessions at the site, and the alerts of their clients.

Layout only: no domain calls, and it does not know its controller
(``TodayController`` reads the day and fills both tables).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from iopdesk.ui.kit.day_picker import DayPicker
from iopdesk.ui.kit.or_empty import OrEmpty
from iopdesk.ui.kit.screen import View
from iopdesk.ui.kit.tables import fit_columns, make_table
from iopdesk.ui.views.today.models import alerts_model, sessions_model
from iopdesk.ui.views.today.reviews import reviews_model


class TodayView(View):
    icon_name = "today"

    def __init__(self, today: Callable[[], dt.date]) -> None:
        super().__init__()
        self.title = self.tr("Today")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        top = QHBoxLayout()
        self.heading = QLabel(self.title)
        self.heading.setObjectName("viewTitle")
        top.addWidget(self.heading, 1)
        self.picker = DayPicker(today)
        self.picker.install_shortcuts(self)
        top.addWidget(self.picker)
        layout.addLayout(top)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("viewSubtitle")
        self.subtitle.setWordWrap(True)
        layout.addWidget(self.subtitle)

        self.message = QLabel()
        self.message.setObjectName("alertBadge")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)

        self.sessions_title = QLabel(self.tr("Sessions"))
        self.sessions_title.setObjectName("sectionTitle")
        layout.addWidget(self.sessions_title)
        self.sessions = sessions_model(self)
        self.session_table = make_table(
            self.sessions, self.tr("Sessions of the day"), row_height=32, fixed_rows=True
        )
        fit_columns(self.session_table, stretch=1)
        self.sessions_area = OrEmpty(self.session_table)
        self.sessions_empty = self.sessions_area.empty
        layout.addWidget(self.sessions_area, 1)

        self.alerts_title = QLabel()
        self.alerts_title.setObjectName("sectionTitle")
        layout.addWidget(self.alerts_title)
        self.alerts = alerts_model(self)
        self.alert_table = make_table(self.alerts, self.tr("Alerts"), row_height=32, fixed_rows=True)
        fit_columns(self.alert_table, stretch=2)
        self.alerts_area = OrEmpty(self.alert_table)
        self.alerts_empty = self.alerts_area.empty
        layout.addWidget(self.alerts_area, 1)

        # Plan reviews due: shown only when one is (a calm page otherwise).
        self.reviews_title = QLabel()
        self.reviews_title.setObjectName("sectionTitle")
        layout.addWidget(self.reviews_title)
        self.reviews = reviews_model(self)
        self.review_table = make_table(
            self.reviews, self.tr("Plan reviews due"), row_height=32, fixed_rows=True
        )
        fit_columns(self.review_table, stretch=6)
        layout.addWidget(self.review_table)
        self.show_reviews(0)

        hint = QLabel(
            self.tr(
                "Enter opens a session to take attendance · Enter on an alert shows weekly hours · "
                "Enter on a due plan review opens it · "
                "Tab moves between the lists · Alt+Left / Alt+Right another day · Ctrl+T today"
            )
        )
        hint.setObjectName("viewSubtitle")
        hint.setWordWrap(True)
        layout.addWidget(hint)

    def show_reviews(self, count: int) -> None:
        """The due list's title and table, as tall as its lines (up to four), or nothing at all."""
        self.reviews_title.setText(self.tr("Plan reviews due ({n})").format(n=count))
        self.reviews_title.setVisible(bool(count))
        self.review_table.setVisible(bool(count))
        rows = min(max(count, 1), 4)  # the sessions and alerts keep their room; more scroll
        header = self.review_table.horizontalHeader().sizeHint().height()
        row = self.review_table.verticalHeader().defaultSectionSize()  # 32 px, more with large text
        self.review_table.setFixedHeight(header + rows * row + 2 * self.review_table.frameWidth() + 2)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
