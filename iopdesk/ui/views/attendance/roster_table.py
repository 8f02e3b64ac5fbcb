"""The members of one session, taken with the keyboard: one key per status, then the next row."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from iopdesk.domain.attendance.marking import AttendanceRow
from iopdesk.render.text import clock_text
from iopdesk.ui.kit.rows import Column, RowsModel
from iopdesk.ui.views.attendance.marks import (
    STATUS_KEYS,
    status_colour,
    status_letter,
    status_text,
    status_word,
)

# Keys for the other things a row can do (status keys are in marks.STATUS_KEYS).
# Keyed by int: QKeyEvent.key() returns a plain int (it equals and hashes like the Qt.Key member).
ACTION_KEYS: dict[int, str] = {
    Qt.Key.Key_T: "times",
    Qt.Key.Key_Return: "times",
    Qt.Key.Key_Enter: "times",
    Qt.Key.Key_M: "comment",
    Qt.Key.Key_H: "history",
    Qt.Key.Key_W: "hours",
    Qt.Key.Key_Delete: "clear",
    Qt.Key.Key_Backspace: "clear",
}
COL_NAME, COL_CHART, COL_STATUS, COL_MINUTES, COL_ARRIVED, COL_DEPARTED, COL_WALK_IN, COL_COMMENT = range(8)


def tr(text: str) -> str:
    return QCoreApplication.translate("attendance", text)


def _recorded(row: AttendanceRow) -> str:
    if row.attendance_id is None or row.recorded_at is None:
        return tr("Nothing recorded yet")
    return tr("Recorded by {who}").format(who=row.recorded_by or tr("unknown"))


Waiting = Callable[[UUID], "str | None"]
"""The status a member's roll-call mark waits to be written with (late, left early), or None."""


def waiting_text(status: str) -> str:
    """'L  Late · time?': marked in the roll call and saved; its time is still to be typed."""
    return tr("{letter}  {word} · time?").format(letter=status_letter(status), word=status_word(status))


def _waiting_tip(status: str) -> str:
    what = tr("arrival") if status == "late" else tr("departure")
    return tr("Saved without its time: press Enter on this row to type the {what} time.").format(what=what)


def _time_or_wanted(row: AttendanceRow, status: str, value: object, waiting: Waiting) -> str:
    wanted = waiting(row.client_id)
    if wanted is None:
        return clock_text(value)  # type: ignore[arg-type]
    return tr("? (Enter)") if wanted == status else ""


def roster_columns(waiting: Waiting = lambda _client: None) -> list[Column[AttendanceRow]]:
    def status_of(r: AttendanceRow) -> str:
        return waiting(r.client_id) or r.status

    return [
        Column(tr("Name"), lambda r: r.display_name, sort=lambda r: r.display_name.casefold()),
        Column(tr("Chart"), lambda r: r.chart_number),
        Column(
            tr("Status"),
            lambda r: waiting_text(w) if (w := waiting(r.client_id)) else status_text(r.status),
            tooltip=lambda r: _waiting_tip(w) if (w := waiting(r.client_id)) else _recorded(r),
            colour=lambda r: status_colour(status_of(r)),
        ),
        Column(
            tr("Minutes"),
            lambda r: "" if r.minutes_attended is None or waiting(r.client_id) else str(r.minutes_attended),
            align_right=True,
        ),
        # A mark waiting for its time shows where the time goes, not what was stored before it.
        Column(tr("Arrived"), lambda r: _time_or_wanted(r, "late", r.arrived_at, waiting)),
        Column(tr("Departed"), lambda r: _time_or_wanted(r, "left_early", r.departed_at, waiting)),
        Column(
            tr("Walk-in"),
            lambda r: tr("Walk-in") if r.walk_in else "",
            tooltip=lambda r: r.walk_in_reason,
        ),
        Column(tr("Comment"), lambda r: r.comment, tooltip=lambda r: r.comment),
    ]


def roster_model(
    parent: QWidget | None = None, waiting: Waiting = lambda _client: None
) -> RowsModel[AttendanceRow]:
    return RowsModel(roster_columns(waiting), lambda r: r.client_id, parent)


class RosterTable(QTableView):
    status_typed = Signal(str)
    """A status key was pressed on a member's row; carries the status (vocab key)."""

    action_typed = Signal(str)
    """An action key was pressed on a member's row: times, comment, history, hours or clear."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(32)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setHighlightSections(False)
        self.setAccessibleName(tr("Members of the session"))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        chords = (
            Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.MetaModifier
        )
        plain = not (event.modifiers() & chords)
        if plain and self.currentIndex().isValid():
            letter = event.text().upper()
            if letter in STATUS_KEYS:
                self.status_typed.emit(STATUS_KEYS[letter])
                event.accept()
                return
            action = ACTION_KEYS.get(Qt.Key(event.key()))
            if action is not None:
                self.action_typed.emit(action)
                event.accept()
                return
        super().keyPressEvent(event)

    def move_to_row(self, row: int) -> None:
        model = self.model()
        if model is None or model.rowCount() == 0:
            return
        row = max(0, min(row, model.rowCount() - 1))
        column = max(self.currentIndex().column(), 0)
        self.setCurrentIndex(model.index(row, column))

    def next_row(self) -> None:
        self.move_to_row(self.currentIndex().row() + 1)
