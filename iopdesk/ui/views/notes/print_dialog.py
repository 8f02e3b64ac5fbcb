"""Print client notes…: choose the client and the dates, and write the PDF (a disclosure).

The printout's audit entry is committed first (``notes_for_print``); the PDF is
drawn in memory and only then written, whole or not at all: if the entry
cannot be written (the database busy, the disk full…) no file is.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from uuid import UUID

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QLineEdit, QPushButton, QWidget

from iopdesk.domain import notes
from iopdesk.domain.clients import clients
from iopdesk.domain.clients.clients import ClientSummary
from iopdesk.domain.kernel import clock
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError, StoreError, os_reason
from iopdesk.render.notes_pdf import write_notes_pdf
from iopdesk.render.pages import pdf_bytes
from iopdesk.ui.kit.client_picker import ClientPicker
from iopdesk.ui.kit.day_picker import date_format, from_qdate, to_qdate
from iopdesk.ui.kit.files import PrivateFile
from iopdesk.ui.kit.prompts import choose_file
from iopdesk.ui.kit.screen_fit import least_size
from iopdesk.ui.kit.sections import buddy_label
from iopdesk.ui.kit.submit_dialog import SubmitDialog
from iopdesk.ui.views.notes.dialogs import intro
from iopdesk.ui.views.notes.models import tr


def _date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(to_qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(date_format(weekday=False))
    return edit


class PrintNotesDialog(SubmitDialog):
    def __init__(self, parent: QWidget, actor: Actor, client_id: UUID | None = None) -> None:
        super().__init__(parent, tr("Print client notes"), tr("Write PDF"))
        self.actor = actor
        least_size(self, 640, 560)
        self.written = ""  # what was written, for the screen's message
        self.form.addRow(
            intro(
                tr(
                    "A printout is a disclosure: every page carries the 42 CFR Part 2 notice, "
                    "and the audit trail "
                    "records who printed which notes."
                )
            )
        )
        self.picker = ClientPicker(lambda text: clients.search_clients(actor, text, limit=50))
        self.picker.setMinimumHeight(200)
        self.picker.current_changed.connect(self._client_changed)
        self.form.addRow(tr("&Client:"), self.picker)
        today = clock.site_today(actor.site_id)
        self.start = _date_edit(today - dt.timedelta(days=90))
        self.end = _date_edit(today)
        self.start.setAccessibleName(tr("From"))
        self.end.setAccessibleName(tr("To"))
        dates = QHBoxLayout()
        dates.addWidget(self.start)
        dates.addWidget(intro(tr("to")))
        dates.addWidget(self.end)
        dates.addStretch(1)
        self.form.addRow(buddy_label(tr("&Dates:"), self.start), dates)
        self.signed_only = QCheckBox(
            tr("Signed notes only (leave out drafts and notes awaiting co-signature)")
        )
        self.form.addRow(self.signed_only)
        self.path = QLineEdit()
        self.path.setAccessibleName(tr("Save as"))
        self.path.textEdited.connect(self._path_edited)
        self._path_typed = False
        browse = QPushButton(tr("Choose…"))
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        self.form.addRow(buddy_label(tr("&Save as:"), self.path), where)  # a layout gets no buddy by itself
        if client_id is not None:
            self._preselect(client_id)
        self.picker.setFocus()

    def _preselect(self, client_id: UUID) -> None:
        try:
            info = clients.get_client(self.actor, client_id)
        except DomainError:
            return
        self.picker.search_edit.setText(info.chart_number)
        self.picker.search_now()
        self.picker.select_id(client_id)

    def _client_changed(self, _client: object) -> None:
        self._suggest_path()

    def _path_edited(self, _text: str) -> None:
        self._path_typed = True

    def _suggest_path(self) -> None:
        chosen: ClientSummary | None = self.picker.current()
        if self._path_typed or chosen is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(
            Path.home()
        )
        name = (
            f"notes-{chosen.chart_number}-{from_qdate(self.start.date())}-{from_qdate(self.end.date())}.pdf"
        )
        self.path.setText(str(Path(folder) / name))

    def _browse(self) -> None:
        path = choose_file(self, tr("Save the notes as"), self.path.text(), tr("PDF (*.pdf)"), save=True)
        if path:
            self.path.setText(path)
            self._path_typed = True

    def attempt(self) -> str | None:
        chosen = self.picker.current()
        if chosen is None:
            self.picker.setFocus()
            return tr("Choose the client whose notes to print.")
        path = self.path.text().strip()
        if not path:
            self.path.setFocus()
            return tr("Say where to save the PDF.")
        try:
            target = PrivateFile(path)  # a folder that cannot take it is found before any record
        except OSError as exc:
            return tr("The PDF could not be written to {path}: {why}.").format(path=path, why=os_reason(exc))
        with target:
            try:
                packet = notes.notes_for_print(
                    self.actor,
                    chosen.id,
                    from_qdate(self.start.date()),
                    from_qdate(self.end.date()),
                    signed_only=self.signed_only.isChecked(),
                )
            except DomainError as exc:
                return str(exc)
            except StoreError as exc:  # the printout could not be written down: nothing leaves
                return tr("Nothing was written: the printout could not be recorded. {reason}").format(
                    reason=exc
                )
            data, pages = pdf_bytes(lambda device: write_notes_pdf(packet, device))
            try:
                target.write(data)
            except OSError as exc:
                return tr("The PDF could not be written to {path}: {why}.").format(
                    path=path, why=os_reason(exc)
                )
        self.written = tr("Written: {path} ({n} note(s), {pages} page(s)).").format(
            path=path, n=len(packet.entries), pages=pages
        )
        return None
