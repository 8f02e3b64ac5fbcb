"""Logging a drug screen: the collection date, specimen, point of care or lab, observed or not, and a
result per substance, set by keys in the panel: N negative, P positive, E expected positive (then
the prescribed medication is typed in the field below, Enter goes back to the panel), I invalid,
Backspace not tested; each key moves to the next substance. Ctrl+Enter (or Enter outside the
medication field) saves.

Entry point: ``record_screen(parent, actor, client_id)`` opens it window-modal and returns it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QLineEdit,
    QTableView,
    QWidget,
)

from iopdesk.domain.kernel import clock
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.measures import screens
from iopdesk.domain.measures.screens import SubstanceResult
from iopdesk.domain.measures.vocab import SCREEN_METHODS, SCREEN_RESULTS, SPECIMENS, SUBSTANCES
from iopdesk.ui.kit import sections
from iopdesk.ui.kit.day_picker import date_format
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
    the prescribed medication."""

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
        if result != "expected_positive":
            self.medications.pop(key, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, MEDICATION))

    def set_medication(self, row: int, text: str) -> None:
        self.medications[self.keys[row]] = text.strip()
        self.dataChanged.emit(self.index(row, MEDICATION), self.index(row, MEDICATION))

    def kept_value(self) -> tuple[SubstanceResult, ...]:
        """What closing the dialog would lose (kit/keep_typing.py)."""
        return tuple(self.entries())

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

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        key = self.keys[index.row()]
        if index.column() == 0:
            return self.tr(SUBSTANCES[key])
        if index.column() == 1:
            result = self.results.get(key)
            return self.tr(SCREEN_RESULTS[result]) if result else self.tr("not tested")
        return self.medications.get(key, "")

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(self.COLUMNS[section])
        return None


class PanelTable(QTableView):
    """Letter keys set the current substance's result and move on; E asks for the medication."""

    expected = Signal(int)
    """An expected positive was set on this row: its medication is asked for."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        model = self.model()
        assert isinstance(model, PanelModel)
        row = self.currentIndex().row() if self.currentIndex().isValid() else 0
        key = Qt.Key(event.key())
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
        if plain and (key in RESULT_KEYS or key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete)):
            result = RESULT_KEYS.get(key)
            model.set_result(row, result)
            if result == "expected_positive":
                self.expected.emit(row)
            elif result is not None and row + 1 < model.rowCount():
                self.setCurrentIndex(model.index(row + 1, 1))
            return
        super().keyPressEvent(event)


class MedicationEdit(QLineEdit):
    """The prescribed medication of an expected positive; Enter goes back to the panel (it does not
    save the screen)."""

    finished = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            self.finished.emit()
            return
        super().keyPressEvent(event)


class DrugScreenDialog(SubmitDialog):
    recorded = Signal(object)
    """Carries the screen as logged (ScreenView)."""

    def __init__(self, parent: QWidget, actor: Actor, client_id: UUID) -> None:
        super().__init__(parent, self.tr("Log a drug screen"), self.tr("Save screen"), min_width=780)
        self.actor, self.client_id = actor, client_id
        today = clock.site_today(actor.site_id)
        self.collected = QDateEdit(QDate(today.year, today.month, today.day))
        self.collected.setCalendarPopup(True)
        self.collected.setDisplayFormat(date_format(weekday=False))
        self.specimen = QComboBox()
        for key, text in SPECIMENS.items():
            self.specimen.addItem(self.tr(text), key)
        self.method = QComboBox()
        for key, text in SCREEN_METHODS.items():
            self.method.addItem(self.tr(text), key)
        self.observed = QCheckBox(self.tr("Collection &observed by staff"))
        self.observed.setChecked(True)
        self.model = PanelModel(self)
        table = PanelTable()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(MEDICATION, QHeaderView.ResizeMode.Stretch)
        table.setAccessibleName(self.tr("Results by substance"))
        table.setMinimumHeight(300)
        table.expected.connect(self._ask_medication)
        self.panel = table
        self.medication = MedicationEdit()
        self.medication.setMaxLength(120)
        self.medication.setEnabled(False)
        self.medication.textEdited.connect(self._medication_typed)
        self.medication.finished.connect(self._medication_done)
        self.medication_row = -1
        self.form.addRow(self.tr("&Collected on:"), self.collected)
        self.form.addRow(self.tr("&Specimen:"), self.specimen)
        self.form.addRow(self.tr("&Where tested:"), self.method)
        self.form.addRow("", self.observed)
        self.form.addRow(self.tr("&Results:"), table)
        self.form.addRow(self.tr("Prescribed &medication:"), self.medication)
        self.form.addRow(
            "",
            sections.label(
                self.tr(
                    "N negative · P positive · E expected (prescribed) · I invalid · Backspace not tested"
                ),
                "viewSubtitle",
            ),
        )
        table.setCurrentIndex(self.model.index(0, 1))
        self.keep_typing_in(self.panel, self.medication)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.panel.setFocus()  # the results are what is typed; the date is today's unless changed

    def _ask_medication(self, row: int) -> None:
        self.medication_row = row
        self.medication.setEnabled(True)
        self.medication.setText(self.model.medications.get(self.model.keys[row], ""))
        self.medication.setPlaceholderText(
            self.tr("What prescription explains the {substance} result").format(
                substance=self.tr(SUBSTANCES[self.model.keys[row]])
            )
        )
        self.medication.setFocus()

    def _medication_typed(self, text: str) -> None:
        if self.medication_row >= 0:
            self.model.set_medication(self.medication_row, text)

    def _medication_done(self) -> None:
        row = self.medication_row
        self.medication_row = -1
        self.medication.setEnabled(False)
        self.panel.setFocus()
        if 0 <= row < self.model.rowCount() - 1:
            self.panel.setCurrentIndex(self.model.index(row + 1, 1))

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
