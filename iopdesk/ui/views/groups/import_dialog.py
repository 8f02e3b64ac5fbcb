"""Import roster from CSV: choose a file, see a dry run, and import only a clean file.

The preview is a real dry run of the import (every row is tried and rolled
back), so what it lists is exactly what the Import button will do. Any bad
row is listed with its line and column, and the Import button stays off.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain.groups.groups import list_groups
from iopdesk.domain.kernel import settings
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.roster_files.importing import ImportProblem, ImportReport, RowOutcome, import_roster
from iopdesk.domain.roster_files.reading import MAX_BYTES
from iopdesk.ui.kit.formatting import tr
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.kit.rows import Column, RowsModel
from iopdesk.ui.kit.runner import Background
from iopdesk.ui.kit.screen_fit import first_size
from iopdesk.ui.kit.tables import make_table

ENROLLMENT_WORDS = {"enrolled": "member", "wait_listed": "wait list", "already": "already there", "": ""}


def problem_columns() -> list[Column[ImportProblem]]:
    return [
        Column(tr("Line"), lambda p: str(p.line), sort=lambda p: p.line, align_right=True),
        Column(tr("Column"), lambda p: p.field),
        Column(tr("Problem"), lambda p: p.reason, tooltip=lambda p: p.reason),
    ]


def outcome_columns() -> list[Column[RowOutcome]]:
    return [
        Column(tr("Line"), lambda o: str(o.line), sort=lambda o: o.line, align_right=True),
        Column(tr("Name"), lambda o: o.name),
        Column(tr("Chart"), lambda o: o.chart_number),
        Column(tr("Client"), lambda o: tr("new") if o.client == "created" else tr("already in IOPdesk")),
        Column(tr("Group"), lambda o: o.group),
        Column(tr("Joins as"), lambda o: tr(ENROLLMENT_WORDS.get(o.enrollment, o.enrollment))),
    ]


def summary_text(report: ImportReport) -> str:
    if report.errors:
        return tr(
            "{n} problem(s) found in {rows} row(s). Nothing will be imported until the file is fixed; "
            "the list below says where."
        ).format(n=len(report.errors), rows=report.rows)
    verb = tr("Would") if report.dry_run else tr("Done:")
    text = tr(
        "{verb} create {created} client(s), match {matched} already in IOPdesk, enroll {enrolled}, "
        "wait-list {waiting} — from {rows} row(s)."
    ).format(
        verb=verb,
        created=report.created,
        matched=report.matched,
        enrolled=report.enrolled,
        waiting=report.wait_listed,
        rows=report.rows,
    )
    if report.ignored_columns:
        text += " " + tr("Columns not used: {names}.").format(names=", ".join(report.ignored_columns))
    return text


class RosterImportDialog(QDialog):
    previewed = Signal(object)
    """A dry run finished; carries the ImportReport."""
    imported = Signal(object)
    """The rows were written; carries the ImportReport."""
    work_done = Signal()
    """A dry run or import finished (or failed) and the dialog is ready again."""

    def __init__(self, parent: QWidget, actor: Actor, prompts: Prompts) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import roster from CSV"))
        self.actor = actor
        self.prompts = prompts
        self.data: bytes | None = None
        self.report: ImportReport | None = None
        self.worker: Background | None = None
        first_size(self, 900, 600)
        outer = QVBoxLayout(self)
        form = QFormLayout()
        file_row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(self.tr("No file chosen"))
        self.path_edit.setAccessibleName(self.tr("File"))
        self.choose_button = QPushButton(self.tr("&Choose file…"))
        self.choose_button.clicked.connect(lambda _checked=False: self.choose_file())
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)
        form.addRow(self.tr("File:"), file_row)
        self.group = QComboBox()
        self.group.addItem(self.tr("(the group named on each row, if any)"), "")
        for group in list_groups(actor):
            self.group.addItem(group.name, group.name)
        form.addRow(self.tr("Enroll in &group:"), self.group)
        self.order = QComboBox()
        self.order.addItem(self.tr("month/day/year (e.g. 3/14/1985)"), "MDY")
        self.order.addItem(self.tr("day/month/year (e.g. 14/3/1985)"), "DMY")
        self.order.setCurrentIndex(max(self.order.findData(str(settings.get("date_order")).upper()), 0))
        form.addRow(self.tr("&Dates are written:"), self.order)
        self.acknowledge = QCheckBox(
            self.tr("Enroll even where a keep-apart note applies (the team has agreed)")
        )
        form.addRow("", self.acknowledge)
        outer.addLayout(form)

        self.summary = QLabel(
            self.tr("Choose a CSV file saved from a spreadsheet. Nothing changes until you press Import.")
        )
        self.summary.setWordWrap(True)
        self.summary.setObjectName("notice")
        outer.addWidget(self.summary)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # no percentage to give: the file is checked in one go
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.busy.hide()
        outer.addWidget(self.busy)
        self.problems_model: RowsModel[ImportProblem] = RowsModel(
            problem_columns(), lambda p: (p.line, p.field, p.reason), self
        )
        self.outcomes_model: RowsModel[RowOutcome] = RowsModel(outcome_columns(), lambda o: o.line, self)
        self.table = make_table(self.problems_model, self.tr("Import preview"))
        self.table.setWordWrap(True)
        outer.addWidget(self.table, 1)

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            self.tr("&Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("primary")
        self.import_button.setEnabled(False)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.import_button.clicked.connect(lambda _checked=False: self.run_import())
        self.close_button.clicked.connect(lambda _checked=False: self.reject())
        outer.addWidget(self.buttons)

        self.group.currentIndexChanged.connect(lambda _i: self.preview())
        self.order.currentIndexChanged.connect(lambda _i: self.preview())
        self.acknowledge.toggled.connect(lambda _on: self.preview())
        self.choose_button.setFocus()

    # --- steps ---------------------------------------------------------------------
    def choose_file(self) -> None:
        path = self.prompts.open_file(
            self, self.tr("Choose a roster file"), self.tr("CSV files (*.csv *.txt);;All files (*)")
        )
        if path:
            self.load(path)

    def load(self, path: str) -> None:
        self.path_edit.setText(path)
        self.data = None
        try:
            if Path(path).stat().st_size > MAX_BYTES:
                raise OSError(self.tr("the file is larger than {n} MB").format(n=MAX_BYTES // 1_000_000))
            self.data = Path(path).read_bytes()
        except OSError as exc:
            self.show_failure(
                self.tr("The file could not be read: {reason}").format(
                    reason=getattr(exc, "strerror", None) or exc
                )
            )
            return
        self.preview()

    def _start(self, dry_run: bool) -> None:
        """Run the import (or its dry run) off the GUI thread; the result arrives in ``_reported``.

        A large file takes seconds and the window stays alive; the import uses its thread's own
        database connection, and only the frozen ImportReport crosses back.
        """
        if self.data is None or self.worker is not None:
            return
        actor, data = self.actor, self.data
        group_name = str(self.group.currentData() or "") or None
        date_order = str(self.order.currentData())
        acknowledge = self.acknowledge.isChecked()
        self.worker = Background(
            lambda: import_roster(
                actor, data, group_name, dry_run, date_order, acknowledge_warnings=acknowledge
            ),
            failure=tr("The import could not run; the details are in the log."),
            what="roster import",
            parent=self,
        )
        self.worker.succeeded.connect(self._reported)
        self.worker.failed.connect(self.show_failure)
        self.worker.finished.connect(self._worker_done)
        self._set_busy(
            self.tr("Checking every row of the file…")
            if dry_run
            else self.tr("Importing (all rows or none)…")
        )
        self.worker.start()

    def _set_busy(self, text: str) -> None:
        busy = bool(text)
        self.busy.setVisible(busy)
        if busy:
            self.summary.setText(text)
            self.import_button.setEnabled(False)
        for widget in (self.group, self.order, self.acknowledge, self.choose_button, self.close_button):
            widget.setEnabled(not busy)

    def _worker_done(self) -> None:
        self.worker = None
        self.busy.hide()
        self.close_button.setEnabled(True)
        if self.report is None or not self.report.imported:
            for widget in (self.group, self.order, self.acknowledge, self.choose_button):
                widget.setEnabled(True)
        elif self.focusWidget() is not self.close_button:
            self.close_button.setFocus()  # only now enabled: done, the next key is Close
        self.work_done.emit()

    def _reported(self, report: ImportReport) -> None:
        self.show_report(report)
        if report.dry_run:
            self.previewed.emit(report)
        elif report.imported:
            self.imported.emit(report)

    def preview(self) -> None:
        self._start(dry_run=True)

    def run_import(self) -> None:
        if self.report is None or not self.report.ok or not self.report.dry_run:
            return
        self._start(dry_run=False)

    def reject(self) -> None:
        if self.worker is None:  # a running import finishes first: it is all or nothing anyway
            super().reject()

    def show_failure(self, message: str) -> None:
        self.report = None
        self.summary.setText(message)
        self.problems_model.set_rows([])
        self.table.setModel(self.problems_model)
        self.import_button.setEnabled(False)

    def show_report(self, report: ImportReport) -> None:
        self.report = report
        self.summary.setText(summary_text(report))
        if report.errors:
            self.problems_model.set_rows(report.errors)
            self.table.setModel(self.problems_model)
        else:
            self.outcomes_model.set_rows(report.outcomes)
            self.table.setModel(self.outcomes_model)
        clean = report.ok and report.dry_run and report.rows > 0
        self.import_button.setEnabled(clean)
        if report.imported:
            self.close_button.setDefault(True)
            self.close_button.setFocus()
        elif clean:
            self.import_button.setDefault(True)
