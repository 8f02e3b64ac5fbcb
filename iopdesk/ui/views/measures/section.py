"""A client's measures, as one section for the chart screen to host: ``MeasuresSection(actor, client_id)``.

From the top: the open safety alerts (each with "Record follow-up…"), the actions (give an
instrument — the ones due first, numbered so Alt+G then 1 starts the first —, detox monitoring, a
drug screen) and what is due, then tabs: the trends (every instrument's scores with their bands,
detox ratings over hours, drug screens by week), the results, detox ratings and drug screens as
tables. Opening it is one audited read; a refresh after a change is not.
"""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain.kernel import clock, permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.measures import alerts, detox, instruments, results, schedule, screens, trends
from iopdesk.domain.measures.detox import DetoxView
from iopdesk.ui.kit.or_empty import OrEmpty
from iopdesk.ui.kit.sections import button_row, label
from iopdesk.ui.kit.tables import fit_columns, make_table
from iopdesk.ui.views.measures import models
from iopdesk.ui.views.measures.alert_dialogs import AlertBanner, record_follow_up
from iopdesk.ui.views.measures.detox_dialogs import end_detox, record_rating, start_detox
from iopdesk.ui.views.measures.give_dialog import correct_result, give_instrument
from iopdesk.ui.views.measures.screen_dialog import record_screen
from iopdesk.ui.views.measures.trend_widget import ScreenGridChart, TrendChart

TABS = ("Trends", "Results", "Detox", "Drug screens")


class MeasuresSection(QWidget):
    changed = Signal(object)
    """Something was recorded for the client (a result, a follow-up, a rating, a screen); carries
    the client's UUID."""

    def __init__(
        self, actor: Actor, client_id: UUID, parent: QWidget | None = None, *, client_name: str = ""
    ) -> None:
        super().__init__(parent)
        self.actor, self.client_id, self.client_name = actor, client_id, client_name
        self.zone = clock.site_zone(actor.site_id)
        self.can_record = permissions.can(actor, permissions.MEASURE_RECORD, client_id=client_id)
        self.can_follow_up = permissions.can(actor, permissions.MEASURE_FOLLOW_UP, client_id=client_id)
        self.detox_open: DetoxView | None = None
        self.due: tuple[schedule.DueItem, ...] = ()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.message = label("", "alertBadge")
        self.message.hide()
        layout.addWidget(self.message)
        self.banner = AlertBanner()
        self.banner.follow_up_requested.connect(self.follow_up)
        layout.addWidget(self.banner)

        self.give_button = QPushButton(self.tr("&Give instrument…"))
        self.give_menu = QMenu(self.give_button)
        self.give_button.setMenu(self.give_menu)
        self.detox_button = QPushButton(self.tr("&Detox…"))
        self.detox_menu = QMenu(self.detox_button)
        self.detox_button.setMenu(self.detox_menu)
        self.screen_button = QPushButton(self.tr("Log drug &screen…"))
        self.screen_button.clicked.connect(self.log_screen)
        self.correct_button = QPushButton(self.tr("Co&rrect result…"))
        self.correct_button.clicked.connect(self.correct)
        for button in (self.give_button, self.detox_button, self.screen_button, self.correct_button):
            button.setEnabled(self.can_record)
        top = button_row(self.give_button, self.detox_button, self.screen_button, self.correct_button)
        layout.addLayout(top)
        self.due_label = label("", "viewSubtitle")
        layout.addWidget(self.due_label)

        self.tabs = QTabWidget()
        self.trend_area = QScrollArea()
        self.trend_area.setWidgetResizable(True)
        self.trend_area.setAccessibleName(self.tr("Trend charts"))
        self.trend_holder = QWidget()
        self.trend_column = QVBoxLayout(self.trend_holder)
        self.trend_area.setWidget(self.trend_holder)
        self.tabs.addTab(self.trend_area, self.tr("Trends"))
        self.results = models.results_model(self)
        self.results_table = make_table(self.results, self.tr("Results"), stretch=6)
        self.results_area = OrEmpty(self.results_table)
        self.tabs.addTab(self.results_area, self.tr("Results"))
        self.observations = models.RowsModel(models.observation_columns(self.zone), lambda o: o.id, self)
        self.observations_table = make_table(self.observations, self.tr("Detox ratings"))
        fit_columns(self.observations_table, stretch=7)
        detox_page = QWidget()
        detox_column = QVBoxLayout(detox_page)
        self.detox_summary = label("", "viewSubtitle")
        detox_column.addWidget(self.detox_summary)
        self.detox_area = OrEmpty(self.observations_table)
        detox_column.addWidget(self.detox_area, 1)
        self.tabs.addTab(detox_page, self.tr("Detox"))
        self.screens = models.screens_model(self)
        self.screens_table = make_table(self.screens, self.tr("Drug screens"), stretch=4)
        self.screens_area = OrEmpty(self.screens_table)
        self.tabs.addTab(self.screens_area, self.tr("Drug screens"))
        layout.addWidget(self.tabs, 1)

        self.reload(audited=True)

    # --- reading ---------------------------------------------------------------------------------------
    def reload(self, *, audited: bool = False) -> None:
        a = self.actor
        try:
            drawn = trends.client_trends(a, self.client_id, audited=audited)
            raised = alerts.client_alerts(a, self.client_id, audited=False)
            given = results.results_for(a, self.client_id, audited=False)
            watched = detox.detox_for_client(a, self.client_id, audited=False)
            logged = screens.screens_for(a, self.client_id, audited=False)
            self.due = schedule.due_for_client(a, self.client_id)
        except DomainError as exc:
            self.message.setText(str(exc))
            self.message.show()
            self.tabs.setEnabled(False)
            for button in (self.give_button, self.detox_button, self.screen_button, self.correct_button):
                button.setEnabled(False)
            return
        self.message.hide()
        self.banner.set_alerts(tuple(x for x in raised if x.open), self.can_follow_up)
        self.results.set_rows(tuple(reversed(given)))
        self.results_area.show_content(bool(given), self.tr("No instrument given yet."))
        self.screens.set_rows(tuple(reversed(logged)))
        self.screens_area.show_content(bool(logged), self.tr("No drug screen logged yet."))
        self.detox_open = next((d for d in watched if d.open), None)
        shown = self.detox_open or (watched[0] if watched else None)
        self.observations.set_rows(tuple(reversed(shown.observations)) if shown else ())
        self.detox_area.show_content(
            bool(shown and shown.observations), self.tr("No withdrawal rating recorded.")
        )
        self.detox_summary.setText(self._detox_text(shown))
        self._due_text()
        self._menus()
        self._charts(drawn)

    def _detox_text(self, d: DetoxView | None) -> str:
        if d is None:
            return self.tr("No detox monitoring.")
        state = (
            self.tr("in progress")
            if d.open
            else self.tr("ended: {why}").format(why=self.tr(d.end_label).lower())
        )
        flag = (
            self.tr(" · The latest rating reached a threshold for a higher level of care.")
            if d.flagged
            else ""
        )
        return self.tr(
            "{substance} withdrawal, rated on {scale}, {state}. Prescriber: {who}. Plan: {plan}{flag}"
        ).format(
            substance=self.tr(d.substance_label),
            scale=d.title,
            state=state,
            who=d.prescriber or "—",
            plan=d.plan,
            flag=flag,
        )

    def _due_text(self) -> None:
        if not self.due:
            self.due_label.setText(self.tr("Nothing due."))
            return
        parts = []
        for d in self.due:
            when = (
                self.tr("overdue {n} days").format(n=d.days_overdue)
                if d.days_overdue > 0
                else self.tr("due today")
                if d.days_overdue == 0
                else self.tr("due in {n} days").format(n=-d.days_overdue)
            )
            parts.append(f"{d.title} ({self.tr(d.occasion_label).lower()}, {when})")
        self.due_label.setText(self.tr("Due: {items}").format(items=" · ".join(parts)))

    def _menus(self) -> None:
        self.give_menu.clear()
        due = [d.instrument for d in self.due]
        order = list(dict.fromkeys(due + [i for i in instruments.NAMES if i not in ("ciwa-ar", "cows")]))
        for n, name in enumerate(order, start=1):
            instrument = instruments.get(name)
            text = f"&{n} {instrument.title}" if n < 10 else instrument.title
            if name in due:
                text += self.tr(" (due)")
            action = QAction(text, self.give_menu)
            action.triggered.connect(lambda _=False, i=name: self.give(i))
            self.give_menu.addAction(action)
        self.detox_menu.clear()
        if self.detox_open is None:
            self.detox_menu.addAction(self.tr("&Start detox monitoring…"), self.start_detox)
        else:
            self.detox_menu.addAction(
                self.tr("&Record {scale} rating…").format(scale=self.detox_open.title), self.rate
            )
            self.detox_menu.addAction(self.tr("&End detox monitoring…"), self.end_detox)

    def _charts(self, drawn: trends.ClientTrends) -> None:
        while self.trend_column.count():
            item = self.trend_column.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.charts: list[TrendChart] = []
        caption = QLabel(drawn.caption)
        caption.setObjectName("viewSubtitle")
        self.trend_column.addWidget(caption)
        for series in (*drawn.series, *drawn.detox):
            chart = TrendChart(series)
            self.charts.append(chart)
            self.trend_column.addWidget(chart)
        if not drawn.series and not drawn.detox:
            self.trend_column.addWidget(label(self.tr("No scores in this episode yet."), "viewSubtitle"))
        self.grid_chart = ScreenGridChart(drawn.screens)
        self.trend_column.addWidget(self.grid_chart)
        self.trend_column.addStretch(1)

    # --- doing --------------------------------------------------------------------------------------------
    def _done(self, *_args: object) -> None:
        self.reload()
        self.changed.emit(self.client_id)

    def give(self, instrument: str) -> None:
        dialog = give_instrument(self, self.actor, self.client_id, instrument, client_name=self.client_name)
        dialog.given.connect(self._done)

    def correct(self) -> None:
        row = self.results.row_at(self.results_table.currentIndex())
        if row is None or not row.current:
            self.tabs.setCurrentIndex(TABS.index("Results"))
            self.message.setText(self.tr("Choose a current result in the Results tab to correct it."))
            self.message.show()
            return
        dialog = correct_result(self, self.actor, row, client_name=self.client_name)
        dialog.given.connect(self._done)

    def follow_up(self, alert_id: UUID) -> None:
        dialog = record_follow_up(self, self.actor, alert_id)
        if dialog is not None:
            dialog.followed_up.connect(self._done)

    def start_detox(self) -> None:
        start_detox(self, self.actor, self.client_id).started.connect(self._done)

    def rate(self) -> None:
        if self.detox_open is not None:
            record_rating(self, self.actor, self.detox_open.id).rated.connect(self._done)

    def end_detox(self) -> None:
        if self.detox_open is not None:
            end_detox(self, self.actor, self.detox_open.id).ended.connect(self._done)

    def log_screen(self) -> None:
        record_screen(self, self.actor, self.client_id).recorded.connect(self._done)
