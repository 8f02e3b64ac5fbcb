"""Add client / Edit client. Each refusal from the domain is shown under the field it concerns.

The status offers referred, active and on hold: a discharge is made in the client's chart (it
ends the episode of care, the groups and the team from its date), and so is a re-admission.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from iopdesk.domain.clients.clients import ClientDraft, ClientInfo, add_client, update_client
from iopdesk.domain.clinic.staff import list_sites, list_staff
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.records import site_today
from iopdesk.ui.kit.date_field import DateField
from iopdesk.ui.kit.form_dialog import FormDialog
from iopdesk.ui.kit.screen_fit import least_size

CLINICAL_ROLES = ("counselor", "supervisor")


def _line(max_len: int, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(max_len)
    edit.setPlaceholderText(placeholder)
    return edit


def _select(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


class ClientDialog(FormDialog):
    def __init__(self, parent: QWidget, actor: Actor, client: ClientInfo | None = None) -> None:
        super().__init__(parent, self.tr("Edit client") if client else self.tr("Add client"))
        self.actor = actor
        self.client = client
        least_size(self, 520)
        today = site_today(actor)
        self.legal_first = self.add_field(self.tr("Legal &first name:"), _line(80), "legal_first")
        self.legal_last = self.add_field(self.tr("Legal &last name:"), _line(80), "legal_last")
        self.preferred = self.add_field(
            self.tr("&Preferred name:"),
            _line(80, self.tr("What the client likes to be called")),
            "preferred_name",
        )
        self.dob = DateField(today, required=False)
        self.add_field(self.tr("Date of &birth:"), self.dob, "date_of_birth")
        self.chart = self.add_field(
            self.tr("&Chart number:"), _line(40, self.tr("Leave blank and IOPdesk makes one")), "chart_number"
        )
        self.phone = self.add_field(self.tr("P&hone:"), _line(40), "phone")
        self.emergency_name = self.add_field(
            self.tr("&Emergency contact:"), _line(120), "emergency_contact_name"
        )
        self.emergency_phone = self.add_field(
            self.tr("Emergency pho&ne:"), _line(40), "emergency_contact_phone"
        )
        self.site = QComboBox()
        for site in list_sites(actor):
            self.site.addItem(site.name, site.id)
        _select(self.site, actor.site_id)
        self.add_field(self.tr("Home &site:"), self.site, "home_site_id")
        self.counselor = QComboBox()
        self.counselor.addItem(self.tr("(none yet)"), None)
        for person in list_staff(actor):
            if person.role in CLINICAL_ROLES:
                self.counselor.addItem(person.label, person.id)
        self.add_field(self.tr("Primary c&ounselor:"), self.counselor, "primary_counselor_id")
        # Discharging is not a status edit: it goes through the discharge in the client's chart, which
        # ends the episode, the groups and the team from its date on. A discharged client is re-admitted
        # there too, so their status is shown here but not changed.
        discharged = client is not None and client.status == "discharged"
        self.status = QComboBox()
        for key, label in vocab.CLIENT_STATUSES.items():
            if (key == "discharged") == discharged:
                self.status.addItem(self.tr(label), key)
        _select(self.status, "discharged" if discharged else "active")
        self.status.setEnabled(not discharged)
        self.add_field(self.tr("S&tatus:"), self.status, "status")
        self.status_hint = QLabel(
            self.tr("Re-admit the client from their chart (Ctrl+Shift+C on their page).")
            if discharged
            else self.tr("To discharge the client, use Discharge in their chart (Ctrl+Shift+C on the page).")
        )
        self.status_hint.setObjectName("viewSubtitle")
        self.status_hint.setWordWrap(True)
        self.form.addRow("", self.status_hint)
        self.admission = DateField(today, required=False)
        self.add_field(self.tr("&Admission date:"), self.admission, "admission_date")
        self.discharge = DateField(today, required=False)
        self.discharge.setEnabled(False)  # set by the discharge in the chart
        self.add_field(self.tr("&Discharge date:"), self.discharge, "discharge_date")
        if client is not None:
            self._fill(client)
        else:
            self.admission.set_date(today)
        self.set_field_visible("discharge_date", discharged)
        self.finish_layout(self.tr("Save client") if client else self.tr("Add client"))
        self.submit = self.save
        self.legal_first.setFocus()

    def _fill(self, c: ClientInfo) -> None:
        self.legal_first.setText(c.legal_first)
        self.legal_last.setText(c.legal_last)
        self.preferred.setText(c.preferred_name)
        self.dob.set_date(c.date_of_birth)
        self.chart.setText(c.chart_number)
        self.phone.setText(c.phone)
        self.emergency_name.setText(c.emergency_contact_name)
        self.emergency_phone.setText(c.emergency_contact_phone)
        _select(self.site, c.home_site_id)
        if c.primary_counselor_id is not None and self.counselor.findData(c.primary_counselor_id) < 0:
            self.counselor.addItem(c.primary_counselor_name, c.primary_counselor_id)
        _select(self.counselor, c.primary_counselor_id)
        _select(self.status, c.status)
        self.admission.set_date(c.admission_date)
        self.discharge.set_date(c.discharge_date)

    def draft(self) -> ClientDraft:
        # A date that cannot be read is refused here; a blank one goes to the domain, which
        # names the first missing field in the form's own order.
        dob = self.dob.value("date_of_birth", self.tr("Date of birth"))
        return ClientDraft(
            legal_first=self.legal_first.text(),
            legal_last=self.legal_last.text(),
            date_of_birth=dob,  # type: ignore[arg-type]
            preferred_name=self.preferred.text(),
            chart_number=self.chart.text(),
            phone=self.phone.text(),
            emergency_contact_name=self.emergency_name.text(),
            emergency_contact_phone=self.emergency_phone.text(),
            home_site_id=self.site.currentData(),
            primary_counselor_id=self.counselor.currentData(),
            status=str(self.status.currentData()),
            admission_date=self.admission.value("admission_date", self.tr("Admission date")),
            discharge_date=self.discharge.value("discharge_date", self.tr("Discharge date")),
        )

    def save(self) -> ClientInfo:
        draft = self.draft()
        if self.client is None:
            return add_client(self.actor, draft)
        changes = {name: getattr(draft, name) for name in draft.__dataclass_fields__}
        return update_client(self.actor, self.client.id, expected_version=self.client.version, **changes)
