"""One client's weekly hours against their target, newest week first."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain.attendance import hours
from iopdesk.domain.attendance.hours import WeekHours, format_minutes
from iopdesk.domain.clients import clients
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.ui.kit.rows import Column, RowsModel

WEEKS_SHOWN = 12


def tr(text: str) -> str:
    return QCoreApplication.translate("ClientHoursDialog", text)


BELOW_FLOOR_COLOUR = "#55c62828"
PHP_COLOUR = "#66f9a825"


def _week(w: WeekHours) -> str:
    start, end = w.week_start, w.week_end
    if start.month == end.month:
        text = f"{start:%b} {start.day}–{end.day}, {end.year}"
    else:
        text = f"{start:%b} {start.day} – {end:%b} {end.day}, {end.year}"
    return text if w.complete else tr("{week} (so far)").format(week=text)


def _floor(w: WeekHours, admitted: dt.date | None) -> str:
    if admitted is not None and w.week_end < admitted:
        return tr("Before admission")
    if admitted is not None and w.week_start < admitted:
        return tr("Admitted this week")
    if w.target_minutes is None:
        return tr("No floor")
    if w.below_floor:
        return tr("Below floor") if w.complete else tr("Below floor so far")
    return tr("Meets floor")


def _program(w: WeekHours) -> str:
    return tr("Met") if w.meets_program_rule else tr("Not met")


def hours_columns(admitted: dt.date | None = None) -> list[Column[WeekHours]]:
    """The week table; a week the client was not in care from its Monday is not judged against the
    floor (as the alerts do)."""

    def below(w: WeekHours) -> bool:
        return w.below_floor and w.complete and not (admitted is not None and w.week_start < admitted)

    return [
        Column(tr("Week"), _week, sort=lambda w: w.week_start),
        Column(
            tr("Hours"),
            lambda w: format_minutes(w.minutes) or "0 min",
            sort=lambda w: w.minutes,
            align_right=True,
        ),
        Column(tr("Days attended"), lambda w: str(w.days_attended), align_right=True),
        Column(tr("Program days"), lambda w: str(w.program_days), align_right=True),
        Column(tr("Target"), lambda w: format_minutes(w.target_minutes) or tr("none"), align_right=True),
        Column(
            tr("Floor"),
            lambda w: _floor(w, admitted),
            colour=lambda w: BELOW_FLOOR_COLOUR if below(w) else None,
        ),
        Column(tr("Program rule"), _program),
        Column(
            tr("PHP intensity"),
            lambda w: tr("PHP intensity") if w.at_php_intensity else "",
            colour=lambda w: PHP_COLOUR if w.at_php_intensity else None,
        ),
    ]


class ClientHoursDialog(QDialog):
    def __init__(
        self, parent: QWidget, actor: Actor, client_id: UUID, name: str, until: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Weekly hours — {name}").format(name=name))
        self.resize(980, 480)
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Weekly hours — {name}").format(name=name))
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
        rules = hours.HoursRules.load()
        explain = QLabel(
            self.tr(
                "Minutes actually attended, Monday to Sunday. The IOP floor is {adult} a week for adults "
                "({teen} for adolescents); {php} is partial-hospitalization intensity. The program rule "
                "asks for {days} days of at least {day} each week."
            ).format(
                adult=format_minutes(rules.adult_floor),
                teen=format_minutes(rules.adolescent_floor),
                php=format_minutes(rules.php_minutes),
                days=rules.program_days_per_week,
                day=format_minutes(rules.program_minutes_per_day),
            )
        )
        explain.setObjectName("viewSubtitle")
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.message = QLabel()
        self.message.setObjectName("alertBadge")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        try:
            weeks = hours.weekly_hours(actor, client_id, WEEKS_SHOWN, until)
            admitted = clients.get_client(actor, client_id).admission_date
        except DomainError as exc:
            weeks, admitted = [], None
            self.message.setText(str(exc))
            self.message.show()
        self.model: RowsModel[WeekHours] = RowsModel(hours_columns(admitted), lambda w: w.week_start, self)
        self.model.set_rows(list(reversed(weeks)))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.setFocus()
