"""The change history of one member's attendance at one session, oldest first."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain.attendance.marking import AttendanceChangeInfo
from iopdesk.domain.kernel.clock import local_time_text
from iopdesk.render.text import clock_text
from iopdesk.ui.kit.about import about_heading
from iopdesk.ui.kit.rows import Column, RowsModel
from iopdesk.ui.kit.screen_fit import first_size
from iopdesk.ui.views.attendance.marks import status_word, tr

FIELDS = {
    "status": "Status",
    "minutes_attended": "Minutes",
    "arrived_at": "Arrived",
    "departed_at": "Departed",
    "comment": "Comment",
    "walk_in_reason": "Walk-in reason",
}


def _value(key: str, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if key == "status":
        return status_word(str(value))
    if key in ("arrived_at", "departed_at"):
        try:
            return clock_text(dt.time.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    return str(value)


def describe_change(change: AttendanceChangeInfo) -> str:
    """'Status: Not recorded → Late; Arrived: – → 9:20 am'."""
    parts = []
    for key, label in FIELDS.items():
        after = change.after.get(key)
        if change.before:
            before = change.before.get(key)
        else:  # the first entry: the member had nothing recorded
            before = "not_recorded" if key == "status" else None
        if before == after or (before in (None, "") and after in (None, "")):
            continue
        parts.append(f"{tr(label)}: {_value(key, before)} → {_value(key, after)}")
    return "; ".join(parts) or tr("No visible change")


class ChangeHistoryDialog(QDialog):
    def __init__(
        self, parent: QWidget, name: str, changes: tuple[AttendanceChangeInfo, ...], zone: dt.tzinfo
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Attendance history"))  # the name is said inside (kit/about.py)
        first_size(self, 760, 340)
        layout = QVBoxLayout(self)
        layout.addWidget(about_heading(name))
        if not changes:
            empty = QLabel(
                self.tr("Nothing has been recorded for {name} at this session yet.").format(name=name)
            )
            empty.setObjectName("emptyState")
            layout.addWidget(empty)
        self.model: RowsModel[AttendanceChangeInfo] = RowsModel(
            [
                Column(self.tr("When"), lambda c: local_time_text(c.changed_at, zone)),
                Column(self.tr("By"), lambda c: c.changed_by),
                Column(self.tr("What changed"), describe_change, tooltip=describe_change),
                Column(self.tr("Reason"), lambda c: c.reason, tooltip=lambda c: c.reason),
            ],
            lambda c: (c.changed_at, c.changed_by, describe_change(c)),
            self,
        )
        self.model.set_rows(changes)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list for Close; arrows move in it
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        self.table.setVisible(bool(changes))
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.setFocus()
