"""End an enrollment (last day, reason, comment) or take someone off the wait list."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from iopdesk.domain.enrollment.enrollment import end_enrollment
from iopdesk.domain.enrollment.placement import EnrollmentInfo
from iopdesk.domain.enrollment.waitlist import WaitlistEntry, leave_waitlist
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.records import site_today
from iopdesk.domain.overviews.rosters import RosterMember
from iopdesk.ui.kit.form_dialog import FormDialog
from iopdesk.ui.kit.formatting import date_text, from_qdate
from iopdesk.ui.views.groups.enroll_dialogs import date_edit


def reason_combo(parent: QWidget, default: str) -> QComboBox:
    combo = QComboBox(parent)
    for key, label in vocab.END_REASONS.items():
        combo.addItem(parent.tr(label), key)
    combo.setCurrentIndex(max(combo.findData(default), 0))
    return combo


class EndEnrollmentDialog(FormDialog):
    def __init__(self, parent: QWidget, actor: Actor, member: RosterMember, group_name: str) -> None:
        super().__init__(parent, self.tr("End enrollment"))
        self.actor = actor
        self.member = member
        who = QLabel(
            self.tr("{name} in {group}, since {start}.").format(
                name=member.display_name, group=group_name, start=date_text(member.start_date)
            )
        )
        who.setWordWrap(True)
        self.form.addRow(who)
        today = site_today(actor)
        self.end_date = date_edit(max(today, member.start_date), member.start_date)
        self.add_field(self.tr("&Last day in group:"), self.end_date, "end_date")
        self.reason = reason_combo(self, "completed")
        self.add_field(self.tr("&Reason:"), self.reason, "reason")
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(self.tr("Optional"))
        self.add_field(self.tr("C&omment:"), self.comment, "comment")
        note = QLabel(self.tr("Attendance and notes already recorded stay as they are."))
        note.setObjectName("viewSubtitle")
        self.form.addRow("", note)
        self.finish_layout(self.tr("End enrollment"))
        self.submit = self.save
        self.end_date.setFocus()

    def save(self) -> EnrollmentInfo:
        return end_enrollment(
            self.actor,
            self.member.enrollment_id,
            from_qdate(self.end_date.date()),
            str(self.reason.currentData()),
            self.comment.text(),
        )


class LeaveWaitlistDialog(FormDialog):
    def __init__(self, parent: QWidget, actor: Actor, entry: WaitlistEntry, group_name: str) -> None:
        super().__init__(parent, self.tr("Take off the wait list"))
        self.actor = actor
        self.entry = entry
        who = QLabel(
            self.tr("{name}, #{rank} on the wait list for {group}.").format(
                name=entry.client_name, rank=entry.rank, group=group_name
            )
        )
        who.setWordWrap(True)
        self.form.addRow(who)
        self.reason = reason_combo(self, "withdrawn")
        self.add_field(self.tr("&Reason:"), self.reason, "reason")
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(self.tr("Optional"))
        self.add_field(self.tr("C&omment:"), self.comment, "comment")
        self.finish_layout(self.tr("Take off the list"))
        self.submit = self.save
        self.reason.setFocus()

    def save(self) -> EnrollmentInfo:
        return leave_waitlist(
            self.actor, self.entry.enrollment_id, str(self.reason.currentData()), self.comment.text()
        )
