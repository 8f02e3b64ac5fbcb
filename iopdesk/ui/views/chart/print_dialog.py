"""Print chart…: a client's treatment chart as a PDF (a disclosure).

Signed records only, for the dates asked (blank: from the first record, up to today). The audit
entry is committed by the domain (``chart_for_print``) before anything is written, so a file never
exists without its trace; a file that cannot be written says so and where.
"""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from iopdesk.domain.care.chart import chart_for_print
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.kernel.records import site_today
from iopdesk.domain.measures.trends import for_chart
from iopdesk.render.chart_pdf import write_chart_pdf
from iopdesk.ui.kit.date_field import DateField
from iopdesk.ui.kit.prompts import Prompts, in_documents
from iopdesk.ui.kit.screen_fit import least_size
from iopdesk.ui.kit.submit_dialog import SubmitDialog
from iopdesk.ui.views.chart.models import tr


class PrintChartDialog(SubmitDialog):
    def __init__(
        self, parent: QWidget, actor: Actor, prompts: Prompts, client_id: UUID, client_name: str, chart: str
    ) -> None:
        super().__init__(parent, tr("Print the chart"), tr("Write PDF"), about=client_name)
        self.actor = actor
        self.prompts = prompts
        self.client_id = client_id
        least_size(self, 600)
        self.written = ""  # what was written, for the screen's message
        intro = QLabel(
            tr(
                "A printout is a disclosure: every page carries the 42 CFR Part 2 notice, and the audit "
                "trail records who printed whose chart. Only signed records are printed."
            )
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        today = site_today(actor)
        self.start = DateField(today, required=False)
        self.end = DateField(today, required=False)
        self.start.edit.setPlaceholderText(tr("blank: from the first record"))
        self.end.edit.setPlaceholderText(tr("blank: up to today"))
        self.form.addRow(tr("&From:"), self.start)
        self.form.addRow(tr("&To:"), self.end)
        self.path = QLineEdit(in_documents(f"chart-{chart}.pdf"))
        self.path.setAccessibleName(tr("Save as"))
        browse = QPushButton(tr("C&hoose…"))
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        caption = QLabel(tr("&Save as:"))
        caption.setBuddy(self.path)
        self.form.addRow(caption, where)
        self.start.setFocus()

    def _browse(self) -> None:
        path = self.prompts.save_file(self, tr("Save the chart as"), self.path.text(), tr("PDF (*.pdf)"))
        if path:
            self.path.setText(path)

    def attempt(self) -> str | None:
        try:
            start = self.start.value("start", tr("The first date"))
            end = self.end.value("end", tr("The last date"))
        except DomainError as exc:
            return str(exc)
        path = self.path.text().strip()
        if not path:
            self.path.setFocus()
            return tr("Say where to save the PDF.")
        if Path(path).is_dir():
            self.path.setFocus()
            return tr("{path} is a folder; add a file name such as chart.pdf.").format(path=path)
        try:
            packet = chart_for_print(self.actor, self.client_id, start, end)  # the audit entry, committed
            measures = for_chart(self.actor, self.client_id, start, end)  # scores, alerts, detox, screens
        except DomainError as exc:
            return str(exc)
        try:
            pages = write_chart_pdf(packet, path, measures)
        except OSError as exc:
            return tr("The PDF could not be written to {path}: {why}").format(
                path=path, why=exc.strerror or exc
            )
        self.written = tr("Written: {path} ({n} episode(s), {pages} page(s)).").format(
            path=path, n=len(packet.episodes), pages=pages
        )
        return None
