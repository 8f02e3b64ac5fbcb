"""The client page: who the client is, their groups past and present, keep-apart notes, hours and alerts.

Layout and filling only; the page reads everything through domain calls and
writes nothing (the controller runs the actions).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain.attendance.alerts import ClientAlert
from iopdesk.domain.attendance.history import ClientSessionEntry
from iopdesk.domain.attendance.hours import WeekHours, format_minutes, offered_text, unknown_text
from iopdesk.domain.clients.clients import ClientInfo
from iopdesk.domain.enrollment.keep_apart import KeepApartInfo
from iopdesk.domain.kernel import vocab
from iopdesk.domain.overviews.rosters import ClientGroup
from iopdesk.ui.kit.formatting import date_text, short_day_text
from iopdesk.ui.kit.rows import RowsModel
from iopdesk.ui.kit.sections import section
from iopdesk.ui.kit.tables import make_table
from iopdesk.ui.views.clients.models import client_group_columns, client_session_columns, keep_apart_columns

RECENT_SHOWN = 6  # rows of recent sessions before the table scrolls


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class ClientPanel(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setAccessibleName(self.tr("Client page"))
        body = QWidget()
        self.setWidget(body)
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 0, 4, 8)
        column.setSpacing(6)

        self.empty = QLabel(self.tr("Type a name or chart number on the left to open a client."))
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        column.addWidget(self.empty)

        self.page = QWidget()
        page = QVBoxLayout(self.page)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(6)
        self.name = QLabel()
        self.name.setObjectName("sectionTitle")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel()
        self.summary.setObjectName("viewSubtitle")
        page.addWidget(self.name)
        page.addWidget(self.summary)
        self.details = QFormLayout()
        self.details.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.detail_labels: dict[str, QLabel] = {}
        for key, title in (
            ("legal", self.tr("Legal name:")),
            ("phone", self.tr("Phone:")),
            ("emergency", self.tr("Emergency contact:")),
            ("site", self.tr("Home site:")),
            ("counselor", self.tr("Primary counselor:")),
            ("care", self.tr("In care:")),
        ):
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.details.addRow(title, value)
            self.detail_labels[key] = value
        page.addLayout(self.details)

        page.addWidget(section(self.tr("Weekly hours and alerts")))
        self.alerts = QLabel()
        self.alerts.setObjectName("alertBadge")
        self.alerts.setWordWrap(True)
        self.hours = QLabel()
        self.hours.setWordWrap(True)
        self.hours.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        page.addWidget(self.alerts)
        page.addWidget(self.hours)

        sessions_head = QHBoxLayout()
        sessions_head.addWidget(section(self.tr("Recent sessions")))
        sessions_head.addStretch(1)
        self.session_buttons = QHBoxLayout()  # to the session's attendance, and to its note
        sessions_head.addLayout(self.session_buttons)
        page.addLayout(sessions_head)
        self.sessions_model: RowsModel[ClientSessionEntry] = RowsModel(
            client_session_columns(), lambda e: e.session_id, self
        )
        self.sessions_table = make_table(self.sessions_model, self.tr("Client's recent sessions"))
        self.no_sessions = QLabel(self.tr("No sessions in the last weeks."))
        self.no_sessions.setObjectName("viewSubtitle")
        self.sessions_hint = QLabel(
            self.tr("Enter opens the session in Attendance · Ctrl+Shift+N opens this client's note for it")
        )
        self.sessions_hint.setObjectName("viewSubtitle")
        self.sessions_hint.setWordWrap(True)
        page.addWidget(self.sessions_table)
        page.addWidget(self.no_sessions)
        page.addWidget(self.sessions_hint)

        page.addWidget(section(self.tr("Groups")))
        self.groups_model: RowsModel[ClientGroup] = RowsModel(
            client_group_columns(), lambda g: g.enrollment_id, self
        )
        self.groups_table = make_table(self.groups_model, self.tr("Client's groups"))
        self.no_groups = QLabel(self.tr("Not in any group yet. Enroll from the Groups view (Ctrl+2)."))
        self.no_groups.setObjectName("viewSubtitle")
        page.addWidget(self.groups_table)
        page.addWidget(self.no_groups)

        keep_head = QHBoxLayout()
        keep_head.addWidget(section(self.tr("Keep apart")))
        keep_head.addStretch(1)
        self.keep_buttons = QHBoxLayout()
        keep_head.addLayout(self.keep_buttons)
        page.addLayout(keep_head)
        self.keep_model: RowsModel[KeepApartInfo] = RowsModel(keep_apart_columns(), lambda k: k.id, self)
        self.keep_table = make_table(self.keep_model, self.tr("Keep-apart notes"))
        self.no_keep = QLabel(self.tr("No keep-apart notes."))
        self.no_keep.setObjectName("viewSubtitle")
        page.addWidget(self.keep_table)
        page.addWidget(self.no_keep)
        page.addStretch(1)
        column.addWidget(self.page, 1)
        self.show_client(None)

    def show_client(self, client: ClientInfo | None, today: dt.date | None = None) -> None:
        self.page.setVisible(client is not None)
        self.empty.setVisible(client is None)
        if client is None or today is None:
            return
        self.name.setText(client.display_name)
        status = self.tr(vocab.CLIENT_STATUSES.get(client.status, client.status))
        self.summary.setText(
            self.tr("Chart {chart}  ·  {status}  ·  born {born} (age {age})").format(
                chart=client.chart_number,
                status=status,
                born=date_text(client.date_of_birth),
                age=age_on(client.date_of_birth, today),
            )
        )
        legal = f"{client.legal_first} {client.legal_last}"
        if client.preferred_name:
            legal += "  " + self.tr("(goes by {name})").format(name=client.preferred_name)
        emergency = " ".join(p for p in (client.emergency_contact_name, client.emergency_contact_phone) if p)
        care = (
            self.tr("admitted {day}").format(day=date_text(client.admission_date))
            if client.admission_date
            else ""
        )
        if client.discharge_date:
            care += ("; " if care else "") + self.tr("discharged {day}").format(
                day=date_text(client.discharge_date)
            )
        values = {
            "legal": legal,
            "phone": client.phone,
            "emergency": emergency,
            "site": client.home_site_name,
            "counselor": client.primary_counselor_name,
            "care": care,
        }
        for key, text in values.items():
            self.detail_labels[key].setText(text or "—")

    def show_groups(self, groups: list[ClientGroup]) -> None:
        self.groups_model.set_rows(groups)
        self.groups_table.setVisible(bool(groups))
        self.no_groups.setVisible(not groups)
        self._fit_height(self.groups_table, len(groups), 8)

    def show_sessions(self, entries: list[ClientSessionEntry]) -> None:
        """Newest first: where the client was expected or came, and whether they did."""
        newest = sorted(entries, key=lambda e: (e.date, e.start_time), reverse=True)
        self.sessions_model.set_rows(newest)
        self.sessions_table.setVisible(bool(newest))
        self.sessions_hint.setVisible(bool(newest))
        self.no_sessions.setVisible(not newest)
        self._fit_height(self.sessions_table, len(newest), RECENT_SHOWN)
        if newest:
            self.sessions_table.setCurrentIndex(self.sessions_model.index(0, 0))

    def current_session(self) -> ClientSessionEntry | None:
        return self.sessions_model.row_at(self.sessions_table.currentIndex())

    def show_keep_apart(self, notes: list[KeepApartInfo]) -> None:
        self.keep_model.set_rows(notes)
        self._fit_height(self.keep_table, len(notes), 4)
        self.keep_table.setVisible(bool(notes))
        self.no_keep.setVisible(not notes)

    @staticmethod
    def _fit_height(table: QTableView, rows: int, most: int) -> None:
        """As tall as its rows (up to ``most``), so the page reads top to bottom without gaps."""
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        shown = min(max(rows, 1), most)
        header = table.horizontalHeader().sizeHint().height()
        table.setFixedHeight(header + shown * table.verticalHeader().defaultSectionSize() + 4)

    def show_hours(self, weeks: list[WeekHours], alerts: tuple[ClientAlert, ...]) -> None:
        self.alerts.setText("\n".join(a.message for a in alerts))
        self.alerts.setVisible(bool(alerts))
        lines = []
        for week in reversed(weeks):
            line = self.tr("Week of {day}: {attended}").format(
                day=short_day_text(week.week_start), attended=format_minutes(week.minutes) or "0 min"
            )
            if week.target_minutes:
                line += " " + self.tr("of {target}").format(target=format_minutes(week.target_minutes))
            if not week.complete:
                line += " " + self.tr("(so far)")
            if week.short_offer:
                # The program's shortfall (a holiday, too few groups), never the client's (issue 17).
                line += " — " + self.tr(offered_text(week.offered_minutes))
            elif week.complete and week.below_floor:
                line += " — " + self.tr("below the weekly floor")
            if week.unknown_minutes:
                line += " — " + self.tr(unknown_text(week.unknown_minutes))
            if week.at_php_intensity:
                line += " — " + self.tr("at partial-hospitalization intensity")
            lines.append(line)
        self.hours.setText("\n".join(lines) if lines else self.tr("No attendance recorded yet."))
