"""What the Today screen does: read a day's sessions and alerts, open a session, show weekly hours.

Enter or a double-click on a session opens it in the Attendance view (the main
window listens to ``session_opened``); Enter on an alert shows that client's
weekly hours; Enter on a plan review due opens the review (then the list is read again).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import QModelIndex, Qt, Signal

from iopdesk.domain.clinic.setup import identity
from iopdesk.domain.kernel import clock
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.overviews import today as day_overview
from iopdesk.domain.overviews.today import DayOverview
from iopdesk.render.text import long_date_text
from iopdesk.ui.kit.actions import EnterOpens
from iopdesk.ui.kit.formatting import plural
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.kit.screen import Screen
from iopdesk.ui.views.today import measures_lists
from iopdesk.ui.views.today.reviews import due_reviews
from iopdesk.ui.views.today.view import TodayView

if TYPE_CHECKING:
    from iopdesk.ui.dialogs.client_hours import ClientHoursDialog


class TodayController(Screen):
    session_opened = Signal(object)
    """The user opened a session to take its attendance; carries the session's UUID."""

    view: TodayView

    def __init__(self, view: TodayView, actor: Actor) -> None:
        super().__init__(view)
        self.actor = actor
        self.overview: DayOverview | None = None
        self.site_name = identity(actor).site_name
        self._fresh = True
        self.dialog: ClientHoursDialog | None = None
        view.picker.day_changed.connect(lambda _day: self.reload())
        view.session_table.activated.connect(self._session_activated)
        view.alert_table.activated.connect(self._alert_activated)
        EnterOpens(view.review_table, self._review_activated)
        self.prompts = Prompts()  # a test scripts the review dialog here
        self.measures = measures_lists.attach(view, actor)  # safety alerts open, instruments due
        self.reload()

    # --- Screen ------------------------------------------------------------------
    def activated(self) -> None:
        if not self._fresh:
            self.reload()
        self._fresh = False
        v = self.view
        target = v.session_table if v.sessions.rowCount() else v.picker.date_edit
        target.setFocus()

    # --- behaviour ---------------------------------------------------------------
    def day(self) -> dt.date:
        return self.view.picker.day()

    def reload(self) -> None:
        v = self.view
        day = v.picker.day()
        keep = self.current_session_id()
        try:
            self.overview = day_overview.today_overview(self.actor, day)
            v.show_message("")
        except DomainError as exc:
            self.overview = None
            v.show_message(str(exc))
        overview = self.overview
        v.sessions.set_rows(overview.sessions if overview else ())
        v.alerts.set_rows(overview.alerts if overview else ())
        self._headings(day)
        if v.sessions.rowCount():
            row = v.sessions.row_of_id(keep) if keep is not None else -1
            v.session_table.setCurrentIndex(v.sessions.index(max(row, 0), 0))
        if v.alerts.rowCount():
            v.alert_table.setCurrentIndex(v.alerts.index(0, 0))
        self.reload_reviews()

    def reload_reviews(self) -> None:
        v = self.view
        keep = v.reviews.row_at(v.review_table.currentIndex())
        v.reviews.set_rows(due_reviews(self.actor, v.picker.day(), clock.site_today(self.actor.site_id)))
        v.show_reviews(v.reviews.rowCount())
        if v.reviews.rowCount():
            row = v.reviews.row_of_id(keep.plan_id) if keep is not None else -1
            v.review_table.setCurrentIndex(v.reviews.index(max(row, 0), 0))

    def _headings(self, day: dt.date) -> None:
        v, tr = self.view, self.view.tr
        overview = self.overview
        today = clock.site_today(self.actor.site_id)
        if day == today:
            v.heading.setText(tr("Today"))
        else:
            v.heading.setText(f"{day:%A}")
        count = len(overview.sessions) if overview else 0
        mine = sum(1 for o in overview.sessions if o.mine) if overview else 0
        v.subtitle.setText(
            tr("{day} · {site} · {sessions}, {mine} yours").format(
                day=long_date_text(day),
                site=self.site_name,
                sessions=plural(count, tr("{n} session"), tr("{n} sessions")),
                mine=mine,
            )
        )
        has_sessions = bool(count)
        v.sessions_area.show_content(
            has_sessions, tr("No sessions at {site} on this day.").format(site=self.site_name)
        )
        alerts = len(overview.alerts) if overview else 0
        v.alerts_title.setText(tr("Alerts for clients of these sessions ({n})").format(n=alerts))
        v.alerts_area.show_content(
            bool(alerts),
            tr("No alerts: everyone is within their hours and absence limits.")
            if has_sessions
            else tr("No alerts for this day."),
        )

    def current_session_id(self) -> UUID | None:
        row = self.view.sessions.row_at(self.view.session_table.currentIndex())
        return row.session.id if row is not None else None

    def _session_activated(self, index: QModelIndex) -> None:
        row = self.view.sessions.row_at(index)
        if row is not None:
            self.session_opened.emit(row.session.id)

    def _alert_activated(self, index: QModelIndex) -> None:
        alert = self.view.alerts.row_at(index)
        if alert is None:
            return
        from iopdesk.ui.dialogs.client_hours import ClientHoursDialog  # the first view opens without it

        dialog = ClientHoursDialog(self.view, self.actor, alert.client_id, alert.client_name, self.day())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._dialog_finished)
        self.dialog = dialog
        dialog.open()

    def _review_activated(self) -> None:
        due = self.view.reviews.row_at(self.view.review_table.currentIndex())
        if due is None:
            return
        from iopdesk.ui.views.chart.plan_dialogs import open_plan_review  # the first view opens without it

        open_plan_review(self.view, self.actor, due.client_id, self.prompts)
        self.reload_reviews()
        self.view.review_table.setFocus()

    def _dialog_finished(self, _result: int) -> None:
        self.dialog = None
