"""Scheduling an individual or family session for one client.

Find the client (name or chart number, Enter chooses), then the kind, date,
time, length, who leads it (you, by default), in person or telehealth, the
room and topic; for a family session, who came. Save hands it all to the
domain in one call; a refusal stays in the dialog with its message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QLineEdit, QSpinBox, QWidget

from iopdesk.domain.clients.clients import ClientSummary, search_clients
from iopdesk.domain.clinic import staff
from iopdesk.domain.clinic.staff import StaffRow
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.ui.kit.client_picker import ClientPicker
from iopdesk.ui.kit.day_picker import date_format, from_qdate, to_qdate
from iopdesk.ui.kit.rows import Column, RowsModel
from iopdesk.ui.kit.screen_fit import least_size
from iopdesk.ui.kit.submit_dialog import SubmitDialog
from iopdesk.ui.views.attendance.family_members import FamilyMembersEditor
from iopdesk.ui.views.attendance.time_input import InputError, parse_time

NOON = dt.time(12, 0)
KINDS = (("individual", "Individual session"), ("family", "Family session"))


def tr(text: str) -> str:
    return QCoreApplication.translate("client_session", text)


@dataclass(frozen=True)
class ClientSessionRequest:
    client_id: UUID
    kind: str  # "individual" or "family"
    date: dt.date
    start_time: dt.time
    duration_minutes: int
    facilitator_id: UUID | None
    modality: str  # vocab.MODALITIES
    room: str
    topic: str
    family_members: tuple[tuple[str, str], ...]


class ClientSessionDialog(SubmitDialog):
    def __init__(
        self,
        parent: QWidget,
        actor: Actor,
        day: dt.date,
        submit: Callable[[ClientSessionRequest], str | None],
    ) -> None:
        super().__init__(parent, tr("New individual or family session"))
        least_size(self, 600, 640)
        self.actor = actor
        self.submit = submit
        self.picker = ClientPicker(self._search, self)
        self.picker.setMinimumHeight(150)
        self.picker.client_chosen.connect(self._client_chosen)
        self.kind = QComboBox()
        for key, label in KINDS:
            self.kind.addItem(tr(label), key)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.date = QDateEdit(to_qdate(day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(date_format())
        self.start = QLineEdit()
        self.start.setPlaceholderText(tr("e.g. 10:00 or 3:30 pm"))
        self.minutes = QSpinBox()
        self.minutes.setRange(15, 240)
        self.minutes.setSingleStep(5)
        self.minutes.setValue(60)
        self.minutes.setSuffix(tr(" min"))
        self.staff: RowsModel[StaffRow] = RowsModel(
            [Column(tr("Facilitator"), lambda s: s.label)], lambda s: s.id, self
        )
        try:
            self.staff.set_rows(staff.list_staff(actor))
        except DomainError:
            self.staff.set_rows([])
        self.facilitator = QComboBox()
        self.facilitator.setModel(self.staff)
        self.facilitator.setCurrentIndex(max(self.staff.row_of_id(actor.staff_id), 0))
        self.modality = QComboBox()
        for key, label in vocab.MODALITIES.items():
            self.modality.addItem(tr(label), key)
        self.room = QLineEdit()
        self.room.setMaxLength(60)
        self.topic = QLineEdit()
        self.topic.setMaxLength(200)
        self.family = FamilyMembersEditor(parent=self)
        self.family_label = QLabel(tr("Family members present:"))

        self.form.addRow(tr("&Client:"), self.picker)
        self.form.addRow(tr("&Kind:"), self.kind)
        self.form.addRow(tr("&Date:"), self.date)
        self.form.addRow(tr("&Starts at:"), self.start)
        self.form.addRow(tr("&Length:"), self.minutes)
        self.form.addRow(tr("&Facilitator:"), self.facilitator)
        self.form.addRow(tr("&Modality:"), self.modality)
        self.form.addRow(tr("&Room (optional):"), self.room)
        self.form.addRow(tr("&Topic (optional):"), self.topic)
        self.form.addRow(self.family_label, self.family)
        self._kind_changed(self.kind.currentIndex())
        self.picker.setFocus()
        self.keep_typing_in(self.start, self.room, self.topic, self.family.table)

    def _search(self, text: str) -> list[ClientSummary]:
        if not text.strip():
            return []
        try:
            return search_clients(self.actor, text, include_discharged=False)
        except DomainError as exc:
            self.show_message(str(exc))
            return []

    def _client_chosen(self, _client: ClientSummary) -> None:
        self.kind.setFocus()

    def _kind_changed(self, _index: int) -> None:
        family = self.kind.currentData() == "family"
        self.family.setVisible(family)
        self.family_label.setVisible(family)

    def attempt(self) -> str | None:
        client = self.picker.current()
        if client is None:
            self.picker.setFocus()
            return tr("Find and choose the client first.")
        try:
            start = parse_time(self.start.text(), NOON, NOON)
        except InputError:
            start = None
        if start is None:
            self.start.setFocus()
            return tr("Type the start time, like 10:00 or 3:30 pm.")
        facilitator = self.staff.row_at(self.staff.index(self.facilitator.currentIndex(), 0))
        kind = str(self.kind.currentData())
        request = ClientSessionRequest(
            client_id=client.id,
            kind=kind,
            date=from_qdate(self.date.date()),
            start_time=start,
            duration_minutes=self.minutes.value(),
            facilitator_id=facilitator.id if facilitator is not None else None,
            modality=str(self.modality.currentData()),
            room=self.room.text(),
            topic=self.topic.text(),
            family_members=tuple(self.family.pairs()) if kind == "family" else (),
        )
        return self.submit(request)
