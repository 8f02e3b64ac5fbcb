"""The treatment team: adding someone in a role from a date, their last day on it, and taking back a
place entered by mistake. The primary counselor's place follows the admission terms."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from iopdesk.domain.care import team
from iopdesk.domain.care.team import TeamMemberView
from iopdesk.domain.clinic.staff import list_staff
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.kernel.records import site_today
from iopdesk.ui.kit.date_field import DateField
from iopdesk.ui.kit.form_dialog import FormDialog
from iopdesk.ui.kit.formatting import date_text
from iopdesk.ui.kit.screen_fit import least_size
from iopdesk.ui.views.chart.models import tr

TEAM_ROLES = [key for key in vocab.TEAM_ROLES if key != "primary_counselor"]


def _reason_line(placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(500)
    edit.setPlaceholderText(placeholder)
    return edit


class AddMemberDialog(FormDialog):
    def __init__(self, parent: QWidget, actor: Actor, client_id: UUID, client_name: str) -> None:
        super().__init__(parent, tr("Add to the treatment team"), about=client_name)
        self.actor = actor
        self.client_id = client_id
        least_size(self, 480)
        self.staff = QComboBox()
        self.staff.addItem(tr("(choose)"), None)
        for person in list_staff(actor):
            if person.role != "auditor":
                self.staff.addItem(person.label, person.id)
        self.add_field(tr("&Who:"), self.staff, "staff_id")
        self.role = QComboBox()
        for key in TEAM_ROLES:
            self.role.addItem(tr(vocab.TEAM_ROLES[key]), key)
        self.add_field(tr("&Role:"), self.role, "role")
        today = site_today(actor)
        self.start = DateField(today, required=True)
        self.start.set_date(today)
        self.add_field(tr("&From:"), self.start, "start_on")
        hint = QLabel(tr("The primary counselor is set with the admission terms (F2)."))
        hint.setObjectName("viewSubtitle")
        hint.setWordWrap(True)
        self.form.addRow(hint)
        self.finish_layout(tr("Add to team"))
        self.submit = self.save
        self.staff.setFocus()

    def save(self) -> TeamMemberView:
        staff_id = self.staff.currentData()
        if staff_id is None:
            raise ValidationError(tr("Choose who joins the team."), field="staff_id")
        start = self.start.value("start_on", tr("The start date"))
        return team.add_team_member(self.actor, self.client_id, staff_id, str(self.role.currentData()), start)


class EndMemberDialog(FormDialog):
    def __init__(self, parent: QWidget, actor: Actor, member: TeamMemberView) -> None:
        super().__init__(parent, tr("{name} leaves the team").format(name=member.name))
        self.actor = actor
        self.member = member
        least_size(self, 460)
        about = QLabel(
            tr("{name}, {role}, on the team since {day}. The past stays as it was.").format(
                name=member.name, role=tr(member.role_label).lower(), day=date_text(member.start_on)
            )
        )
        about.setWordWrap(True)
        self.form.addRow(about)
        today = site_today(actor)
        self.last = DateField(today, required=True)
        self.last.set_date(today)
        self.add_field(tr("&Last day:"), self.last, "end_on")
        self.reason = _reason_line(tr("e.g. Moved to the evening program"))
        self.add_field(tr("&Why:"), self.reason, "reason")
        self.finish_layout(tr("End team place"))
        self.submit = self.save
        self.last.setFocus()

    def save(self) -> TeamMemberView:
        last = self.last.value("end_on", tr("The last day"))
        return team.end_team_member(self.actor, self.member.id, last, self.reason.text())


class RetireMemberDialog(FormDialog):
    """A place entered by mistake: kept, marked removed, with the reason."""

    def __init__(self, parent: QWidget, actor: Actor, member: TeamMemberView) -> None:
        super().__init__(parent, tr("Remove a team place entered by mistake"))
        self.actor = actor
        self.member = member
        least_size(self, 460)
        about = QLabel(
            tr("{name} as {role} from {day}: the place stays in the record, marked removed.").format(
                name=member.name, role=tr(member.role_label).lower(), day=date_text(member.start_on)
            )
        )
        about.setWordWrap(True)
        self.form.addRow(about)
        self.reason = _reason_line(tr("e.g. Wrong staff member chosen"))
        self.add_field(tr("&Why:"), self.reason, "reason")
        self.finish_layout(tr("Remove"))
        self.submit = self.save
        self.reason.setFocus()

    def save(self) -> bool:
        team.retire_team_member(self.actor, self.member.id, self.reason.text())
        return True
