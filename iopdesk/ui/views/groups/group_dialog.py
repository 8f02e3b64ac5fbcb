"""New group / Edit group: settings, facilitators, dates and the weekly schedule, saved in one step.

The start date is optional (a closed group takes no new members once it has
started); the end date is set when the group finishes. The clinic's rules
about both come back from ``save_group`` and show beside the date.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from iopdesk.domain.clinic.staff import list_sites, list_staff
from iopdesk.domain.groups.group_form import MAX_GROUP_SIZE
from iopdesk.domain.groups.groups import GroupDraft, GroupInfo
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.records import site_today
from iopdesk.domain.overviews.group_setup import current_slots, save_group
from iopdesk.ui.kit.check_list import CheckListModel
from iopdesk.ui.kit.date_field import DateField
from iopdesk.ui.kit.form_dialog import FormDialog
from iopdesk.ui.views.groups.schedule_editor import ScheduleEditor


def _select_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


class GroupDialog(FormDialog):
    def __init__(self, parent: QWidget, actor: Actor, group: GroupInfo | None = None) -> None:
        super().__init__(parent, self.tr("Edit group") if group else self.tr("New group"))
        self.actor = actor
        self.group = group
        today = site_today(actor)
        staff = list_staff(actor)

        self.name = QLineEdit()
        self.name.setMaxLength(120)
        self.add_field(self.tr("&Name:"), self.name, "name")
        self.kind = QComboBox()
        for key, label in vocab.GROUP_KINDS.items():
            self.kind.addItem(self.tr(label), key)
        self.add_field(self.tr("&Kind:"), self.kind, "kind")
        self.mode = QComboBox()
        for key, label in vocab.ENROLLMENT_MODES.items():
            self.mode.addItem(self.tr(label), key)
        self.add_field(self.tr("&Enrollment:"), self.mode, "enrollment_mode")
        self.participation = QComboBox()
        for key, label in vocab.PARTICIPATION.items():
            self.participation.addItem(self.tr(label), key)
        self.add_field(self.tr("&Participation:"), self.participation, "participation")
        self.site = QComboBox()
        for site in list_sites(actor):
            self.site.addItem(site.name, site.id)
        _select_data(self.site, actor.site_id)
        self.add_field(self.tr("&Site:"), self.site, "site_id")
        self.room = QLineEdit()
        self.room.setMaxLength(60)
        self.add_field(self.tr("&Room:"), self.room, "room")
        self.lead = QComboBox()
        for person in staff:
            self.lead.addItem(person.label, person.id)
        _select_data(self.lead, actor.staff_id)
        self.add_field(self.tr("&Lead facilitator:"), self.lead, "facilitator_ids")
        self.co_model = CheckListModel([(p.id, p.label) for p in staff], self)
        self.co_view = QListView()
        self.co_view.setModel(self.co_model)
        self.co_view.setMaximumHeight(110)
        self.co_view.setAccessibleName(self.tr("Co-facilitators"))
        self.add_field(self.tr("&Co-facilitators:"), self.co_view)
        self.max_size = QSpinBox()
        self.max_size.setRange(1, MAX_GROUP_SIZE)
        self.max_size.setValue(12)
        self.add_field(self.tr("&Maximum size:"), self.max_size, "max_size")
        self.track = QLineEdit("IOP")
        self.track.setMaxLength(40)
        self.add_field(self.tr("&Track:"), self.track, "track")
        self.active = QCheckBox(self.tr("Active (untick when the group has finished)"))
        self.active.setChecked(True)
        self.add_field("", self.active, "active")
        self.active.toggled.connect(self._active_toggled)
        right = self.second_column()
        self.schedule = ScheduleEditor(today)
        self.add_field(self.tr("Meets:"), self.schedule, "schedule", right)
        self.field_widgets["effective_from"] = self.schedule.effective
        self.field_errors["effective_from"] = self.field_errors["schedule"]
        self.schedule_note = QLabel()
        self.schedule_note.setObjectName("viewSubtitle")
        self.schedule_note.setWordWrap(True)
        right.addRow("", self.schedule_note)
        self.start = DateField(today, required=False)
        self.start.edit.setPlaceholderText(self.tr("Optional"))
        self.start.edit.setToolTip(self.tr("A closed group takes no new members once it has started."))
        self.start.edit.setAccessibleName(self.tr("Start date"))
        self.add_field(self.tr("Group st&arts:"), self.start, "start_date", right)
        self.end = DateField(today, required=False)
        self.end.edit.setPlaceholderText(self.tr("Blank while the group runs"))
        self.end.edit.setToolTip(self.tr("Unticking Active fills in today unless you write another day."))
        self.end.edit.setAccessibleName(self.tr("End date"))
        self.add_field(self.tr("&Group ends:"), self.end, "end_date", right)
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText(self.tr("What the group works on, who it suits (optional)"))
        self.description.setAccessibleName(self.tr("Description"))
        self.description.setFixedHeight(self.description.fontMetrics().lineSpacing() * 4 + 16)
        self.add_field(self.tr("&Description:"), self.description, "description", right)
        if group is not None:
            self._fill(group)
        self.schedule_note.setText(
            self.tr("A changed schedule applies from the date above; sessions already held keep theirs.")
            if group is not None
            else self.tr("Sessions are created from this schedule for the weeks ahead.")
        )
        self.finish_layout(self.tr("Save group") if group else self.tr("Create group"))
        self.submit = self.save
        self.name.setFocus()

    def _fill(self, group: GroupInfo) -> None:
        self.name.setText(group.name)
        _select_data(self.kind, group.kind)
        _select_data(self.mode, group.enrollment_mode)
        _select_data(self.participation, group.participation)
        _select_data(self.site, group.site_id)
        self.room.setText(group.room)
        lead = next((f for f in group.facilitators if f.is_lead), None)
        if lead is not None:
            _select_data(self.lead, lead.staff_id)
        self.co_model.set_checked(f.staff_id for f in group.facilitators if not f.is_lead)
        self.max_size.setValue(group.max_size)
        self.track.setText(group.track)
        self.active.setChecked(group.active)
        self.start.set_date(group.start_date)
        self.end.set_date(group.end_date)
        self.description.setPlainText(group.description)
        self.schedule.set_slots(current_slots(group))

    def _active_toggled(self, on: bool) -> None:
        # Finishing a group ends it today unless another day is written; the domain does the same.
        if not on and not self.end.edit.text().strip():
            self.end.set_date(site_today(self.actor))

    def draft(self) -> GroupDraft:
        lead = self.lead.currentData()
        others = tuple(i for i in self.co_model.checked_ids() if i != lead)
        return GroupDraft(
            name=self.name.text(),
            kind=str(self.kind.currentData()),
            facilitator_ids=((lead,) if lead is not None else ()) + others,
            enrollment_mode=str(self.mode.currentData()),
            participation=str(self.participation.currentData()),
            site_id=self.site.currentData(),
            room=self.room.text(),
            max_size=self.max_size.value(),
            track=self.track.text(),
            active=self.active.isChecked(),
            start_date=self.start.value("start_date", self.tr("Start date")),
            end_date=self.end.value("end_date", self.tr("End date")),
            description=self.description.toPlainText(),
        )

    def save(self) -> GroupInfo:
        return save_group(
            self.actor,
            self.draft(),
            self.schedule.slots(),
            group_id=self.group.id if self.group else None,
            effective_from=self.schedule.effective_from(),
            expected_version=self.group.version if self.group else None,
        )
