"""Running a roster import off the GUI thread: a large file takes seconds, the window stays alive.

The worker thread uses its own database connection (peewee keeps one per
thread) and closes it when done. Only the frozen ImportReport crosses back.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QThread, Signal
from PySide6.QtWidgets import QWidget

from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.roster_files.importing import import_roster
from iopdesk.store import current

log = logging.getLogger(__name__)


class ImportWorker(QThread):
    reported = Signal(object)
    """The import (or dry run) finished; carries the ImportReport."""
    failed = Signal(str)
    """The import could not run at all; carries the message for the user."""

    def __init__(
        self,
        actor: Actor,
        data: bytes,
        *,
        dry_run: bool,
        group_name: str | None,
        date_order: str,
        acknowledge_warnings: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.actor = actor
        self.data = data
        self.dry_run = dry_run
        self.group_name = group_name
        self.date_order = date_order
        self.acknowledge_warnings = acknowledge_warnings

    def run(self) -> None:
        try:
            report = import_roster(
                self.actor,
                self.data,
                self.group_name,
                self.dry_run,
                self.date_order,
                acknowledge_warnings=self.acknowledge_warnings,
            )
        except DomainError as exc:
            self.failed.emit(str(exc))
        except Exception:  # never let an import take the program down
            log.exception("roster import failed")
            self.failed.emit(
                QCoreApplication.translate("roster", "The import could not run; the details are in the log.")
            )
        else:
            self.reported.emit(report)
        finally:
            current().close()  # this thread's own connection
