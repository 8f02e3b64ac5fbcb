"""The Reports menu's exports: attendance and weekly hours, as CSV or PDF (the menu: reports_menu.py).

The report is built off the GUI thread (kit.runner: its own database connection) while a
progress dialog shows if it takes more than a moment; the file is written on
the GUI thread once the text (CSV, UTF-8) or the frozen packet (PDF, drawn
there by iopdesk.render) is ready. Every file's disclosure is committed before
it is written (a CSV's by the domain as it is made; a PDF's once it is drawn
in memory): if it cannot be, no file is. Files are written whole or not at
all (no half-written file on a full disk). Refusals, a failing database and
write errors are shown with their message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from iopdesk.domain.attendance.hours import week_start
from iopdesk.domain.groups import groups
from iopdesk.domain.kernel import clock
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError, StoreError, os_reason
from iopdesk.domain.overviews import attendance_print
from iopdesk.domain.overviews import attendance_reports as attendance_export
from iopdesk.ui.kit.day_picker import date_format, from_qdate, to_qdate
from iopdesk.ui.kit.files import PrivateFile, write_private
from iopdesk.ui.kit.parking import run_modal
from iopdesk.ui.kit.prompts import choose_file
from iopdesk.ui.kit.rows import Column, RowsModel
from iopdesk.ui.kit.runner import Background
from iopdesk.ui.kit.submit_dialog import SubmitDialog

PROGRESS_AFTER_MS = 400
# UTF-8 with a byte-order mark, so Excel reads accented names right (as the roster export does).
CSV_ENCODING = "utf-8-sig"


def tr(text: str) -> str:
    return QCoreApplication.translate("reports", text)


def show_error(parent: QWidget, title: str, text: str) -> None:
    """Why a report was not written. Run by ``run_modal``: a report that fails while the window is
    locked says so after unlocking (a static message box ended at the lock, unread)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    run_modal(box)


def choose_path(parent: QWidget, title: str, name: str) -> str | None:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    kinds = tr("PDF files (*.pdf)") if name.endswith(".pdf") else tr("CSV files (*.csv)")
    path = choose_file(parent, title, str(Path(folder) / name), kinds + ";;" + tr("All files (*)"), save=True)
    return path or None


def write_report(path: str, text: object) -> None:
    """A CSV whose disclosure the domain committed as it made the text."""
    write_private(path, str(text).encode(CSV_ENCODING))


class PdfSaver:
    """Draws a report packet in memory, commits its disclosure, then writes the file (GUI thread)."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.pages = 0

    def __call__(self, path: str, packet: object) -> None:
        from iopdesk.render.pages import pdf_bytes

        with PrivateFile(path) as target:  # a folder that cannot take it is found before any record
            if isinstance(packet, attendance_print.AttendancePrint):
                from iopdesk.render.attendance_pdf import write_attendance_pdf

                data, self.pages = pdf_bytes(lambda device: write_attendance_pdf(packet, device))
            else:
                assert isinstance(packet, attendance_print.HoursPrint)
                from iopdesk.render.hours_pdf import write_hours_pdf

                data, self.pages = pdf_bytes(lambda device: write_hours_pdf(packet, device))
            attendance_print.record_pdf(self.actor, packet, self.pages)  # if it cannot be, no file is
            target.write(data)


Save = Callable[[str, object], None]


class ReportRun:
    """One export in flight: the worker, the progress dialog and how to save what it makes."""

    def __init__(
        self,
        window: QMainWindow,
        title: str,
        make: Callable[[], object],
        path: str,
        save: Save = write_report,
    ) -> None:
        self.window = window
        self.save = save
        self.title = title
        self.path = path
        self.cancelled = False
        self.done = False
        self.progress = QProgressDialog(tr("Preparing the report…"), tr("Cancel"), 0, 0, window)
        self.progress.setWindowTitle(title)
        self.progress.setMinimumDuration(PROGRESS_AFTER_MS)
        self.progress.canceled.connect(self._cancel)
        self.worker = Background(
            make, failure=tr("The report could not be made; the details are in the log."), what="report"
        )
        self.worker.succeeded.connect(self._produced)
        self.worker.failed.connect(self._failed)
        self.worker.finished.connect(self._finished)
        self.worker.start()

    def _cancel(self) -> None:
        self.cancelled = True

    def _produced(self, result: object) -> None:
        if self.cancelled:
            return
        try:
            self.save(self.path, result)
        except OSError as exc:
            self._failed(tr("Could not write {path}: {why}.").format(path=self.path, why=os_reason(exc)))
            return
        except DomainError as exc:
            self._failed(str(exc))
            return
        except StoreError as exc:
            self._failed(
                tr("Nothing was written: the export could not be recorded. {reason}").format(reason=exc)
            )
            return
        self.window.statusBar().showMessage(
            "✓ " + tr("{title} saved to {path}").format(title=self.title, path=self.path), 15000
        )

    def _failed(self, message: str) -> None:
        self.progress.reset()
        if not self.cancelled:
            show_error(self.window, self.title, message)

    def _finished(self) -> None:
        self.progress.reset()
        self.done = True


Starter = Callable[[str, Callable[[], object], str, Save], ReportRun]
FORMATS = (("csv", "CSV (for a spreadsheet)"), ("pdf", "PDF (to print, with the Part 2 notice)"))


def _date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(to_qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(date_format())
    return edit


class ExportDialog(SubmitDialog):
    def __init__(self, window: QMainWindow, actor: Actor, start: Starter, title: str) -> None:
        super().__init__(window, title)
        self.actor = actor
        self.start_report = start
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(tr("Export…"))
        self.format = QComboBox()
        for key, label in FORMATS:
            self.format.addItem(tr(label), key)
        self.format.setAccessibleName(tr("Format"))

    def chosen_format(self) -> str:
        return str(self.format.currentData())

    def run(self, title: str, make_csv: Callable[[], str], make_pdf: Callable[[], object], path: str) -> None:
        if self.chosen_format() == "pdf":
            self.start_report(title, make_pdf, path, PdfSaver(self.actor))
        else:
            self.start_report(title, make_csv, path, write_report)


class AttendanceExportDialog(ExportDialog):
    """Which dates and which group (or all) to export."""

    def __init__(self, window: QMainWindow, actor: Actor, start: Starter) -> None:
        super().__init__(window, actor, start, tr("Export attendance"))
        today = clock.site_today(actor.site_id)
        self.start = _date_edit(today - dt.timedelta(days=27))
        self.end = _date_edit(today)
        names = [""]  # "" is all groups
        try:
            names += [
                g.name for g in groups.list_groups(actor, include_finished=True) if g.site_id == actor.site_id
            ]
        except DomainError:
            pass
        self.groups: RowsModel[str] = RowsModel(
            [Column(tr("Group"), lambda name: name or tr("All groups"))], lambda name: name, self
        )
        self.groups.set_rows(names)
        self.group = QComboBox()
        self.group.setModel(self.groups)
        self.group.setCurrentIndex(0)
        self.form.addRow(tr("&From:"), self.start)
        self.form.addRow(tr("&To:"), self.end)
        self.form.addRow(tr("&Group:"), self.group)
        self.form.addRow(tr("F&ormat:"), self.format)
        note = QLabel(
            tr(
                "CSV: one row per client per session. PDF: each group on its own page, a status letter "
                "per session. Cancelled sessions are left out."
            )
        )
        note.setObjectName("viewSubtitle")
        note.setWordWrap(True)
        self.form.addRow(note)
        self.start.setFocus()

    def group_name(self) -> str | None:
        return self.groups.row_at(self.groups.index(self.group.currentIndex(), 0)) or None

    def attempt(self) -> str | None:
        start, end = from_qdate(self.start.date()), from_qdate(self.end.date())
        if end < start:
            return tr("The end date is before the start date.")
        group = self.group_name()
        name = f"attendance-{start.isoformat()}-to-{end.isoformat()}.{self.chosen_format()}"
        path = choose_path(self, tr("Save attendance export"), name)
        if path is None:
            return ""  # back to the choices
        actor = self.actor
        self.run(
            tr("Attendance export"),
            lambda: attendance_export.export_attendance_csv(actor, start, end, group),
            lambda: attendance_print.attendance_for_print(actor, start, end, group),
            path,
        )
        return None


class HoursExportDialog(ExportDialog):
    """Which week's hours to export (the last complete week by default)."""

    def __init__(self, window: QMainWindow, actor: Actor, start: Starter) -> None:
        super().__init__(window, actor, start, tr("Export weekly hours"))
        today = clock.site_today(actor.site_id)
        self.week = _date_edit(week_start(today) - dt.timedelta(days=7))
        self.form.addRow(tr("&Week of:"), self.week)
        self.form.addRow(tr("F&ormat:"), self.format)
        note = QLabel(
            tr("Monday to Sunday of the week holding this date; every client in care at your site.")
        )
        note.setObjectName("viewSubtitle")
        note.setWordWrap(True)
        self.form.addRow(note)
        self.week.setFocus()

    def attempt(self) -> str | None:
        monday = week_start(from_qdate(self.week.date()))
        name = f"hours-week-of-{monday.isoformat()}.{self.chosen_format()}"
        path = choose_path(self, tr("Save weekly hours export"), name)
        if path is None:
            return ""
        actor = self.actor
        self.run(
            tr("Weekly hours export"),
            lambda: attendance_export.export_hours_csv(actor, monday),
            lambda: attendance_print.hours_for_print(actor, monday),
            path,
        )
        return None
