"""Today: the sessions of a day at the actor's site (their own first) and their clients' alerts.

Enter or a double-click on a session opens it in the Attendance view; Enter on
an alert shows that client's weekly hours.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
)

from iopdesk.domain.clinic.setup import identity
from iopdesk.domain.kernel import clock
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.overviews import today as day_overview
from iopdesk.domain.overviews.today import DayOverview
from iopdesk.ui.kit.day_picker import DayPicker
from iopdesk.ui.kit.or_empty import OrEmpty
from iopdesk.ui.kit.screen import View
from iopdesk.ui.kit.tables import fit_columns, make_table
from iopdesk.ui.views.today.models import alerts_model, sessions_model

if TYPE_CHECKING:
    from iopdesk.ui.dialogs.client_hours import ClientHoursDialog


class TodayView(View):
    icon_name = "today"

    session_opened = Signal(object)
    """The user opened a session to take its attendance; carries the session's UUID."""

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.title = self.tr("Today")
        self.actor = actor
        self.overview: DayOverview | None = None
        self.site_name = identity(actor).site_name
        self._fresh = True

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        top = QHBoxLayout()
        self.heading = QLabel(self.title)
        self.heading.setObjectName("viewTitle")
        top.addWidget(self.heading, 1)
        self.picker = DayPicker(lambda: clock.site_today(actor.site_id))
        self.picker.install_shortcuts(self)
        self.picker.day_changed.connect(lambda _day: self.reload())
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
        self.session_table.activated.connect(self._session_activated)
        fit_columns(self.session_table, stretch=1)
        self.sessions_area = OrEmpty(self.session_table)
        self.sessions_empty = self.sessions_area.empty
        layout.addWidget(self.sessions_area, 1)

        self.alerts_title = QLabel()
        self.alerts_title.setObjectName("sectionTitle")
        layout.addWidget(self.alerts_title)
        self.alerts = alerts_model(self)
        self.alert_table = make_table(self.alerts, self.tr("Alerts"), row_height=32, fixed_rows=True)
        self.alert_table.activated.connect(self._alert_activated)
        fit_columns(self.alert_table, stretch=2)
        self.alerts_area = OrEmpty(self.alert_table)
        self.alerts_empty = self.alerts_area.empty
        layout.addWidget(self.alerts_area, 1)

        hint = QLabel(
            self.tr(
                "Enter opens a session to take attendance · Enter on an alert shows weekly hours · "
                "Tab moves between the lists · Alt+Left / Alt+Right another day · Ctrl+T today"
            )
        )
        hint.setObjectName("viewSubtitle")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.dialog: ClientHoursDialog | None = None
        self.reload()

    # --- View --------------------------------------------------------------------
    def activated(self) -> None:
        if not self._fresh:
            self.reload()
        self._fresh = False
        target = self.session_table if self.sessions.rowCount() else self.picker.date_edit
        target.setFocus()

    # --- behaviour ---------------------------------------------------------------
    def day(self) -> dt.date:
        return self.picker.day()

    def reload(self) -> None:
        day = self.picker.day()
        keep = self.current_session_id()
        try:
            self.overview = day_overview.today_overview(self.actor, day)
            self.show_message("")
        except DomainError as exc:
            self.overview = None
            self.show_message(str(exc))
        overview = self.overview
        self.sessions.set_rows(overview.sessions if overview else ())
        self.alerts.set_rows(overview.alerts if overview else ())
        self._headings(day)
        if self.sessions.rowCount():
            row = self.sessions.row_of_id(keep) if keep is not None else -1
            self.session_table.setCurrentIndex(self.sessions.index(max(row, 0), 0))
        if self.alerts.rowCount():
            self.alert_table.setCurrentIndex(self.alerts.index(0, 0))

    def _headings(self, day: dt.date) -> None:
        overview = self.overview
        today = clock.site_today(self.actor.site_id)
        if day == today:
            self.heading.setText(self.tr("Today"))
        else:
            self.heading.setText(f"{day:%A}")
        count = len(overview.sessions) if overview else 0
        mine = sum(1 for o in overview.sessions if o.mine) if overview else 0
        self.subtitle.setText(
            self.tr("{day} · {site} · {count} sessions, {mine} yours").format(
                day=f"{day:%A, %B %d, %Y}", site=self.site_name, count=count, mine=mine
            )
        )
        has_sessions = bool(count)
        self.sessions_area.show_content(
            has_sessions, self.tr("No sessions at {site} on this day.").format(site=self.site_name)
        )
        alerts = len(overview.alerts) if overview else 0
        self.alerts_title.setText(self.tr("Alerts for clients of these sessions ({n})").format(n=alerts))
        self.alerts_area.show_content(
            bool(alerts),
            self.tr("No alerts: everyone is within their hours and absence limits.")
            if has_sessions
            else self.tr("No alerts for this day."),
        )

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def current_session_id(self) -> UUID | None:
        row = self.sessions.row_at(self.session_table.currentIndex())
        return row.session.id if row is not None else None

    def _session_activated(self, index) -> None:  # type: ignore[no-untyped-def]
        row = self.sessions.row_at(index)
        if row is not None:
            self.session_opened.emit(row.session.id)

    def _alert_activated(self, index) -> None:  # type: ignore[no-untyped-def]
        alert = self.alerts.row_at(index)
        if alert is None:
            return
        from iopdesk.ui.dialogs.client_hours import ClientHoursDialog  # the first view opens without it

        dialog = ClientHoursDialog(self, self.actor, alert.client_id, alert.client_name, self.picker.day())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
