"""The Reports menu of the main window: its actions, and the exports it started.

Kept apart from the export dialogs (reports.py): the menu is built with the
window at start-up, the dialogs and the report code are loaded when an export
is first chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from iopdesk.domain.kernel import permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.kit.permitted import offer

if TYPE_CHECKING:
    from iopdesk.ui.kit.submit_dialog import SubmitDialog
    from iopdesk.ui.views.attendance.reports import ExportDialog, ReportRun, Save, Starter

    # A dialog class for one export (its title is its own, so it takes no title argument).
    MakeExportDialog = Callable[[QMainWindow, Actor, Starter], ExportDialog]


def tr(text: str) -> str:
    return QCoreApplication.translate("reports", text)


class ReportsMenu(QObject):
    """The Reports menu of one window, and the exports it started."""

    def __init__(self, window: QMainWindow, actor: Actor) -> None:
        super().__init__(window)
        self.window = window
        self.actor = actor
        self.runs: list[ReportRun] = []
        self.dialog: SubmitDialog | None = None
        self.menu = window.menuBar().addMenu(tr("&Reports"))
        self.attendance_action = QAction(tr("Export &attendance (CSV or PDF)…"), window)
        self.attendance_action.triggered.connect(lambda _checked=False: self.open_export("attendance"))
        self.hours_action = QAction(tr("Export weekly &hours (CSV or PDF)…"), window)
        self.hours_action.triggered.connect(lambda _checked=False: self.open_export("hours"))
        self.menu.addAction(self.attendance_action)
        self.menu.addAction(self.hours_action)
        for action in (self.attendance_action, self.hours_action):
            offer(action, actor, permissions.REPORT_EXPORT)  # greyed out, saying why, for an auditor
        self.menu.setToolTipsVisible(True)
        window.installEventFilter(self)

    def open_export(self, kind: str) -> None:
        from iopdesk.ui.views.attendance import reports

        self.open(reports.AttendanceExportDialog if kind == "attendance" else reports.HoursExportDialog)

    def open(self, dialog_class: MakeExportDialog) -> None:
        self.dialog = dialog_class(self.window, self.actor, self.start)
        self.dialog.open()

    def start(self, title: str, make: Callable[[], object], path: str, save: Save | None = None) -> ReportRun:
        from iopdesk.ui.views.attendance.reports import ReportRun, write_report

        self.runs = [r for r in self.runs if not r.done]
        run = ReportRun(self.window, title, make, path, save or write_report)
        self.runs.append(run)
        return run

    def wait(self) -> None:
        """Let running exports finish (closing the window must not kill a thread mid-query)."""
        for run in self.runs:
            run.worker.wait()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.wait()
        return False


def build_reports_menu(window: QMainWindow, actor: Actor) -> ReportsMenu:
    """Add the Reports menu to the window's menu bar (the window owns what this returns)."""
    return ReportsMenu(window, actor)
