"""Choosing which session to print a sign-in sheet for, then where to save the PDF.

The sheet names the session's members, so it is a disclosure: the PDF is drawn
in memory, its printing is recorded in the audit trail, and only then is the
file written (whole or not at all). If it cannot be recorded, no file is.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtWidgets import QComboBox, QLabel, QSpinBox, QWidget

from iopdesk.domain.calendar.sessions import SessionInfo, refresh_group_sessions, sessions_between
from iopdesk.domain.kernel import audit, disclosures, settings
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError, StoreError, os_reason
from iopdesk.domain.kernel.records import site_today
from iopdesk.domain.overviews.rosters import SignInSheet, sign_in_sheet
from iopdesk.render.pages import pdf_bytes
from iopdesk.render.sign_in_pdf import write_sign_in_pdf
from iopdesk.ui.kit.files import PrivateFile
from iopdesk.ui.kit.form_dialog import FormDialog
from iopdesk.ui.kit.formatting import short_day_text, span_text
from iopdesk.ui.kit.prompts import Prompts

LOOK_BACK_DAYS = 7
LOOK_AHEAD_DAYS = 28


def upcoming_sessions(actor: Actor, group_id: object, today: dt.date) -> list[SessionInfo]:
    def held() -> list[SessionInfo]:
        found = sessions_between(
            actor,
            today - dt.timedelta(days=LOOK_BACK_DAYS),
            today + dt.timedelta(days=LOOK_AHEAD_DAYS),
            group_id=group_id,  # type: ignore[arg-type]
        )
        return [s for s in found if not s.cancelled]

    sessions = held()
    if not any(s.date >= today for s in sessions):
        refresh_group_sessions(actor, group_id)  # type: ignore[arg-type]
        sessions = held()
    return sessions


def safe_file_name(text: str) -> str:
    return re.sub(r"[^\w\- ]+", "", text).strip() or "group"


class SignInDialog(FormDialog):
    def __init__(
        self, parent: QWidget, actor: Actor, prompts: Prompts, group_id: object, group_name: str
    ) -> None:
        super().__init__(parent, self.tr("Print sign-in sheet"))
        self.actor = actor
        self.prompts = prompts
        self.group_name = group_name
        self.saved_path = ""
        today = site_today(actor)
        self.session = QComboBox()
        sessions = upcoming_sessions(actor, group_id, today)
        next_index = -1
        for session in sessions:
            label = (
                f"{short_day_text(session.date)}  {span_text(session.start_time, session.duration_minutes)}"
            )
            if session.date == today:
                label += "  " + self.tr("(today)")
            self.session.addItem(label, session.id)
            if next_index < 0 and session.date >= today:
                next_index = self.session.count() - 1
        self.session.setCurrentIndex(max(next_index, 0))
        self.add_field(self.tr("&Session:"), self.session, "session")
        self.walk_ins = QSpinBox()
        self.walk_ins.setRange(0, 10)
        self.walk_ins.setValue(2)
        self.add_field(self.tr("Blank lines for &walk-ins:"), self.walk_ins)
        note = QLabel(self.tr("Names print as first name and last initial only."))
        note.setObjectName("viewSubtitle")
        self.form.addRow("", note)
        if not sessions:
            self.show_error(
                DomainError(
                    self.tr("{group} has no sessions in the next four weeks.").format(group=group_name)
                )
            )
            self.ok_button.setEnabled(False)
        self.finish_layout(self.tr("Save PDF…"))
        self.submit = self.save
        self.session.setFocus()

    def save(self) -> str | None:
        session_id = self.session.currentData()
        if session_id is None:
            raise DomainError(self.tr("Choose a session."))
        sheet = sign_in_sheet(self.actor, session_id)
        suggested = f"Sign-in {safe_file_name(self.group_name)} {sheet.date.isoformat()}.pdf"
        path = self.prompts.save_file(
            self, self.tr("Save sign-in sheet"), suggested, self.tr("PDF files (*.pdf)")
        )
        if not path:
            return None
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        clinic_name, walk_ins = str(settings.get("clinic_name")), self.walk_ins.value()
        data, pages = pdf_bytes(
            lambda device: write_sign_in_pdf(sheet, device, clinic_name=clinic_name, walk_ins=walk_ins)
        )
        try:
            with PrivateFile(path) as target:  # a folder that cannot take it is found before any record
                self._record(sheet, pages)
                target.write(data)
        except OSError as exc:
            raise DomainError(
                self.tr("The PDF could not be saved: {reason}.").format(reason=os_reason(exc))
            ) from None
        self.saved_path = path
        return path

    def _record(self, sheet: SignInSheet, pages: int) -> None:
        """The sheet names the members: its printing is written down before the file is."""
        try:
            disclosures.disclosed(
                self.actor,
                audit.PRINT,
                "sign_in_sheet",
                session=sheet.session_id,
                group=sheet.group_name,
                date=sheet.date,
                rows=len(sheet.lines),
                pages=pages,
            )
        except StoreError as exc:
            raise DomainError(
                self.tr("Nothing was saved: the printout could not be recorded. {reason}").format(reason=exc)
            ) from None
