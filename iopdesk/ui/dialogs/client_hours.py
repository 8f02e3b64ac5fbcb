"""One client's weekly hours against their target and what the program offered, newest week first.

The floor is judged by the domain (``attendance.hours.floor_text``), in the words the alerts and
reports use: the program's shortfall is said as such ("The program offered only 6 h this week"), a
partial week in care is not judged, and the program rule is titled with the clinic's figures.
"""

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
from iopdesk.domain.attendance.hours import WeekHours, floor_text, format_minutes
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.ui.kit.formatting import week_text
from iopdesk.ui.kit.rows import Column, RowsModel
from iopdesk.ui.kit.screen_fit import first_size

WEEKS_SHOWN = 12
MAX_COLUMN = 220  # pixels: "The program offered only 12 h 55 min this week" takes two lines


def tr(text: str) -> str:
    return QCoreApplication.translate("ClientHoursDialog", text)


BELOW_FLOOR_COLOUR = "#55c62828"
SHORT_OFFER_COLOUR = "#4490a4ae"  # the program's shortfall: marked, but not as the client's
PHP_COLOUR = "#66f9a825"


def _week(w: WeekHours) -> str:
    text = week_text(w.week_start, w.week_end)
    return text if w.complete else tr("{week} (so far)").format(week=text)


def _floor(w: WeekHours) -> str:
    """The domain's judgement, in the words the reports use ("The program offered only 6 h this
    week"); a week still running is below the floor "so far"."""
    text = tr(floor_text(w))
    if w.floor_status == hours.BELOW_FLOOR and not w.complete:
        text = tr("{floor} so far").format(floor=text)
    return text


def _floor_colour(w: WeekHours) -> str | None:
    if w.floor_status == hours.SHORT_OFFER:
        return SHORT_OFFER_COLOUR
    return BELOW_FLOOR_COLOUR if w.floor_status == hours.BELOW_FLOOR and w.complete else None


def _notes(w: WeekHours) -> str:
    # The program's shortfall is already the Floor column's words; the rest (partial-hospitalization
    # intensity, minutes not known, overlapping sessions counted once) is said here.
    notes = [tr(n) for n in (w.notes()[1:] if w.short_offer else w.notes())]
    if w.at_php_intensity:
        notes.insert(0, tr("At PHP intensity"))
    return "; ".join(notes)


def _program(w: WeekHours) -> str:
    return tr("Met") if w.meets_program_rule else tr("Not met")


def hours_columns(rules: hours.HoursRules) -> list[Column[WeekHours]]:
    """The week table. The floor is judged by the domain (attendance.hours): a week the client was
    not in care all of, or the program offered less than the floor, is not the client's shortfall."""
    return [
        Column(tr("Week"), _week, sort=lambda w: w.week_start),
        Column(
            tr("Hours"),
            lambda w: format_minutes(w.minutes) or "0 min",
            sort=lambda w: w.minutes,
            align_right=True,
        ),
        Column(
            tr("Offered"),
            lambda w: format_minutes(w.offered_minutes) or "0 min",
            sort=lambda w: w.offered_minutes,
            tooltip=lambda w: tr("The clock time of the sessions the program held for the client that week."),
            align_right=True,
        ),
        Column(tr("Days attended"), lambda w: str(w.days_attended), align_right=True),
        Column(tr("Program days"), lambda w: str(w.program_days), align_right=True),
        Column(tr("Target"), lambda w: format_minutes(w.target_minutes) or tr("none"), align_right=True),
        Column(tr("Floor"), _floor, tooltip=_floor, colour=_floor_colour),
        Column(rules.program_rule, _program),  # "H0015 (≥ 3 h on ≥ 3 days)", as the reports title it
        Column(
            tr("Notes"), _notes, tooltip=_notes, colour=lambda w: PHP_COLOUR if w.at_php_intensity else None
        ),
    ]


class ClientHoursDialog(QDialog):
    def __init__(
        self, parent: QWidget, actor: Actor, client_id: UUID, name: str, until: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Weekly hours"))  # the heading names the client (kit/about.py)
        first_size(self, 1200, 600)  # nine columns; the Floor's words wrap onto a second line when long
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Weekly hours — {name}").format(name=name))
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
        rules = hours.HoursRules.load()
        explain = QLabel(
            self.tr(
                "Minutes actually attended, Monday to Sunday, against what the program offered. The IOP "
                "floor is {adult} a week for adults ({teen} for adolescents); {php} is "
                "partial-hospitalization intensity. The program rule ({code}) asks for {days} days of at "
                "least {day} each week. A week the program offered less than the floor, or the client "
                "was not in care all of, is not called below it."
            ).format(
                code=hours.PROGRAM_RULE_CODE,
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
        except DomainError as exc:
            weeks = []
            self.message.setText(str(exc))
            self.message.show()
        self.model: RowsModel[WeekHours] = RowsModel(hours_columns(rules), lambda w: w.week_start, self)
        self.model.set_rows(list(reversed(weeks)))
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Hours week by week"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):  # a long judgement wraps, the table never wider
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), MAX_COLUMN))
        self.table.setWordWrap(True)
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.setFocus()
