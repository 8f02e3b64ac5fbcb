"""A group's attendance over time: members down, session dates across, one letter per cell.

Each cell shows the status letter (colour only helps); a blank cell means the
member was not on the roster that date, "–" that nothing was recorded. The
last column counts sessions attended out of those the member was expected at.

The panel is layout only (``HistoryController`` reads the grid); Enter on a
cell asks for that session, W on a member asks for their weekly hours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from uuid import UUID

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain.attendance.history import GridRow, HistoryGrid
from iopdesk.domain.groups.groups import GroupInfo
from iopdesk.domain.kernel import vocab
from iopdesk.render.text import clock_text, long_date_text
from iopdesk.ui.kit.day_picker import date_format, to_qdate
from iopdesk.ui.kit.flow import FlowLayout
from iopdesk.ui.kit.formatting import month_day_text, short_day_text, weekday_text
from iopdesk.ui.kit.or_empty import OrEmpty
from iopdesk.ui.kit.rows import ID_ROLE, Column, RowsModel
from iopdesk.ui.views.attendance.marks import status_colour, status_letter, status_word, tr

SESSION_ROLE = Qt.ItemDataRole.UserRole + 10
DEFAULT_WEEKS = 12
Index = QModelIndex | QPersistentModelIndex


class HistoryGridModel(QAbstractTableModel):
    """Rows are members, columns the group's sessions in the period, plus a total column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid: HistoryGrid | None = None

    def set_grid(self, grid: HistoryGrid | None) -> None:
        self.beginResetModel()
        self.grid = grid
        self.endResetModel()

    @property
    def rows(self) -> tuple[GridRow, ...]:
        return self.grid.rows if self.grid is not None else ()

    def total_column(self) -> int:
        return len(self.grid.columns) if self.grid is not None else 0

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid() or self.grid is None:
            return 0
        return len(self.grid.columns) + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.grid is None or not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == ID_ROLE:
            return row.client_id
        if index.column() == self.total_column():
            return self._total(row, role)
        if not 0 <= index.column() < len(self.grid.columns):
            return None
        column = self.grid.columns[index.column()]
        status = row.cells[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if status is None:
                return "×" if column.cancelled else ""
            return "–" if status == "not_recorded" else status_letter(status)
        if role == Qt.ItemDataRole.ToolTipRole:
            when = f"{short_day_text(column.date)}, {column.date.year} {clock_text(column.start_time)}"
            if status is None:
                what = tr("Session cancelled") if column.cancelled else tr("Not on the roster that date")
            else:
                what = status_word(status)
            return f"{row.display_name} — {when}: {what}"
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = status_colour(status)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == SESSION_ROLE:
            return column.session_id
        return None

    def _total(self, row: GridRow, role: int) -> Any:
        expected = [s for s, col in zip(row.cells, self.grid.columns, strict=True) if s and not col.cancelled]  # type: ignore[union-attr]
        attended = sum(1 for s in expected if s in vocab.ATTENDED_STATUSES)
        if role == Qt.ItemDataRole.DisplayRole:
            return tr("{n} of {m}").format(n=attended, m=len(expected))
        if role == Qt.ItemDataRole.ToolTipRole:
            return tr("Attended {n} of the {m} sessions {name} was expected at").format(
                n=attended, m=len(expected), name=row.display_name
            )
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if self.grid is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            if 0 <= section < len(self.rows) and role in (
                Qt.ItemDataRole.DisplayRole,
                Qt.ItemDataRole.ToolTipRole,
            ):
                row = self.rows[section]
                return f"{row.display_name}  ({row.chart_number})"
            return None
        if section == self.total_column():
            return tr("Attended") if role == Qt.ItemDataRole.DisplayRole else None
        if not 0 <= section < len(self.grid.columns):
            return None
        column = self.grid.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            # "Tue / Nov 3"; a cancelled session shows × (as its cells do) instead of the weekday.
            top = "×" if column.cancelled else weekday_text(column.date)
            return f"{top}\n{month_day_text(column.date)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            text = f"{long_date_text(column.date)} {clock_text(column.start_time)}"
            return text + (f" — {tr('cancelled')}" if column.cancelled else "")
        return None

    def session_at(self, index: Index) -> UUID | None:
        value = self.data(index, SESSION_ROLE)
        return value if isinstance(value, UUID) else None


class HistoryPanel(QWidget):
    session_requested = Signal(object)
    """A grid cell was opened: show that session for taking attendance; carries its UUID."""

    hours_requested = Signal(object, str)
    """Weekly hours were asked for a member; carries the client UUID and display name."""

    def __init__(self, today: Callable[[], dt.date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        # Each label with its field, the button at the right; at 150 % text in a 1280 px window the
        # row goes on to a second line rather than widen the page.
        controls = FlowLayout()
        self.groups: RowsModel[GroupInfo] = RowsModel(
            [Column(self.tr("Group"), lambda g: g.name)], lambda g: g.id, self
        )
        self.group_box = QComboBox()
        self.group_box.setModel(self.groups)
        self.group_box.setMinimumWidth(260)
        last = today()
        self.from_edit = self._date(last - dt.timedelta(weeks=DEFAULT_WEEKS) + dt.timedelta(days=1))
        self.to_edit = self._date(last)
        self.hours_button = QPushButton(self.tr("Weekly hours…  (W)"))
        self.hours_button.clicked.connect(self._hours)
        for text, widget in (
            (self.tr("&Group:"), self.group_box),
            (self.tr("Fro&m:"), self.from_edit),
            (self.tr("T&o:"), self.to_edit),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            if controls.count():
                controls.addSpacing(12)
            controls.addWidget(label)
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.hours_button)
        layout.addLayout(controls)
        self.message = QLabel()
        self.message.setObjectName("alertBadge")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)

        self.model = HistoryGridModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setHighlightSections(False)
        self.fit_columns()
        self.table.setAccessibleName(self.tr("Attendance history"))
        self.table.activated.connect(self._open_cell)
        self.table.installEventFilter(self)
        self.table.horizontalHeader().installEventFilter(self)
        self.table_area = OrEmpty(self.table)
        self.empty = self.table_area.empty
        layout.addWidget(self.table_area, 1)
        key = QLabel(
            self.tr(
                "Letters: {letters} · – not recorded · × session cancelled · blank: not on the roster"
            ).format(
                letters=" · ".join(
                    f"{letter} {status_word(s)}"
                    for s, (_w, letter) in vocab.ATTENDANCE_STATUSES.items()
                    if letter != "?"
                )
            )
            + "\n"
            + self.tr("Enter on a cell opens that session for taking attendance.")
        )
        key.setObjectName("viewSubtitle")
        key.setWordWrap(True)
        layout.addWidget(key)

    def _date(self, day: dt.date) -> QDateEdit:
        edit = QDateEdit(to_qdate(day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(date_format())
        edit.setKeyboardTracking(False)
        return edit

    def show_group(self, group_id: UUID) -> None:
        index = self.groups.row_of_id(group_id)
        if index >= 0:
            self.group_box.setCurrentIndex(index)

    def chosen_group(self) -> GroupInfo | None:
        index = self.group_box.currentIndex()
        return self.groups.row_at(self.groups.index(index, 0)) if index >= 0 else None

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _open_cell(self, index: QModelIndex) -> None:
        session_id = self.model.session_at(index)
        if session_id is not None:
            self.session_requested.emit(session_id)

    def _hours(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.show_message(self.tr("Choose a member in the grid first."))
            return
        row = self.model.rows[index.row()]
        self.hours_requested.emit(row.client_id, row.display_name)

    def fit_columns(self) -> None:
        """Session columns as wide as their header ("Tue" over "Nov 30") in the header's own font, the
        attended column as wide as its title, rows as tall as a line: at the text size in use, and
        again when it changes (they were measured once, at the start-up size: "lov 2" at 150 %)."""
        header = self.table.horizontalHeader()
        bold = QFont(header.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        header.setDefaultSectionSize(max(metrics.horizontalAdvance(t) for t in ("Nov 30", "Wed")) + 18)
        total = self.model.total_column() if self.model.grid is not None else -1
        if total >= 0:
            header.resizeSection(total, max(80, metrics.horizontalAdvance(tr("Attended")) + 22))
        self.table.verticalHeader().setDefaultSectionSize(max(28, self.table.fontMetrics().height() + 10))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and watched in (
            self.table,
            self.table.horizontalHeader(),
        ):
            self.fit_columns()
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_W and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:  # type: ignore[attr-defined]
                self._hours()
                return True
        return super().eventFilter(watched, event)
