"""Logging a drug screen: the collection date, specimen, point of care or lab, observed or not, and a
result per substance, set by keys in the panel: N negative, P positive, E expected positive (then
the prescribed medication is typed in its cell), I invalid, Backspace not tested; each key moves to
the next substance. Enter (or Ctrl+Enter) saves.

Entry point: ``record_screen(parent, actor, client_id)`` opens it window-modal and returns it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QTableView, QWidget

from iopdesk.domain.kernel import clock
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.measures import screens
from iopdesk.domain.measures.screens import SubstanceResult
from iopdesk.domain.measures.vocab import SCREEN_METHODS, SCREEN_RESULTS, SPECIMENS, SUBSTANCES
from iopdesk.ui.kit.submit_dialog import SubmitDialog

Index = QModelIndex | QPersistentModelIndex
RESULT_KEYS = {
    Qt.Key.Key_N: "negative",
    Qt.Key.Key_P: "positive",
    Qt.Key.Key_E: "expected_positive",
    Qt.Key.Key_I: "invalid",
}
MEDICATION = 2


class PanelModel(QAbstractTableModel):
    """Every substance of the panel with its result ("" not tested) and, for an expected positive,
    the prescribed medication (the only cell typed in)."""

    COLUMNS = ("Substance", "Result", "Prescribed medication")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.keys = list(SUBSTANCES)
        self.results: dict[str, str] = {}
        self.medications: dict[str, str] = {}

    def set_result(self, row: int, result: str | None) -> None:
        key = self.keys[row]
        if result is None:
            self.results.pop(key, None)
        else:
            self.results[key] = result
        self.dataChanged.emit(self.index(row, 0), self.index(row, MEDICATION))

    def entries(self) -> list[SubstanceResult]:
        return [
            SubstanceResult(k, self.results[k], self.medications.get(k, ""))
            for k in self.keys
            if k in self.results
        ]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.keys)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == MEDICATION:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        key = self.keys[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if index.column() == 0:
                return self.tr(SUBSTANCES[key])
            if index.column() == 1:
                result = self.results.get(key)
                return self.tr(SCREEN_RESULTS[result]) if result else self.tr("not tested")
            return self.medications.get(key, "")
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or index.column() != MEDICATION:
            return False
        self.medications[self.keys[index.row()]] = str(value or "").strip()
        self.dataChanged.emit(index, index)
        return True

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(self.COLUMNS[section])
        return None


class PanelTable(QTableView):
    """Letter keys set the current substance's result and move on; E opens the medication cell."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        model = self.model()
        assert isinstance(model, PanelModel)
        row = self.currentIndex().row() if self.currentIndex().isValid() else 0
        key = Qt.Key(event.key())
        if event.modifiers() == Qt.KeyboardModifier.NoModifier and (
            key in RESULT_KEYS or key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete)
        ):
            result = RESULT_KEYS.get(key)
            model.set_result(row, result)
            if result == "expected_positive":
                cell = model.index(row, MEDICATION)
                self.setCurrentIndex(cell)
                self.edit(cell)
            elif result is not None and row + 1 < model.rowCount():
                self.setCurrentIndex(model.index(row + 1, 1))
            return
        super().keyPressEvent(event)


class DrugScreenDialog(SubmitDialog):
    recorded = Signal(object)
    """Carries the screen as logged (ScreenView)."""

    def __init__(self, parent: QWidget, actor: Actor, client_id: UUID) -> None:
        super().__init__(parent, self.tr("Log a drug screen"), self.tr("Save screen"), min_width=620)
        self.actor, self.client_id = actor, client_id
        today = clock.site_today(actor.site_id)
        self.collected = QDateEdit(QDate(today.year, today.month, today.day))
        self.collected.setCalendarPopup(True)
        self.collected.setDisplayFormat("MMM d, yyyy")
        self.specimen = QComboBox()
        for key, label in SPECIMENS.items():
            self.specimen.addItem(self.tr(label), key)
        self.method = QComboBox()
        for key, label in SCREEN_METHODS.items():
            self.method.addItem(self.tr(label), key)
        self.observed = QCheckBox(self.tr("Collection &observed by staff"))
        self.observed.setChecked(True)
        self.model = PanelModel(self)
        table = PanelTable()  # like the kit's tables, with the result keys and one editable column
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.setAccessibleName(self.tr("Results by substance"))
        table.setMinimumHeight(300)
        self.panel = table
        self.form.addRow(self.tr("&Collected on:"), self.collected)
        self.form.addRow(self.tr("&Specimen:"), self.specimen)
        self.form.addRow(self.tr("&Where tested:"), self.method)
        self.form.addRow("", self.observed)
        self.form.addRow(self.tr("&Results:"), table)
        self.form.addRow(
            "",
            self._hint(
                self.tr("N negative · P positive · E expected (prescribed: type the medication) · I invalid")
            ),
        )
        table.setCurrentIndex(self.model.index(0, 1))

    def _hint(self, text: str) -> QWidget:
        from iopdesk.ui.kit.sections import label

        return label(text, "viewSubtitle")

    def attempt(self) -> str | None:
        qdate = self.collected.date()
        try:
            view = screens.record(
                self.actor,
                self.client_id,
                collected_on=dt.date(qdate.year(), qdate.month(), qdate.day()),
                specimen=str(self.specimen.currentData()),
                method=str(self.method.currentData()),
                observed=self.observed.isChecked(),
                results=self.model.entries(),
            )
        except DomainError as exc:
            return str(exc)
        self.recorded.emit(view)
        return None


def record_screen(parent: QWidget, actor: Actor, client_id: UUID) -> DrugScreenDialog:
    dialog = DrugScreenDialog(parent, actor, client_id)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
