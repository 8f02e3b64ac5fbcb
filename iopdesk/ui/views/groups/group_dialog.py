"""New group / Edit group: settings, facilitators and the weekly schedule, saved in one step."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QListView, QSpinBox, QWidget

from iopdesk.domain import vocab
from iopdesk.domain.actor import Actor
from iopdesk.domain.group_setup import current_slots, save_group
from iopdesk.domain.groups import MAX_GROUP_SIZE, GroupDraft, GroupInfo
from iopdesk.domain.records import site_today
from iopdesk.domain.staff import list_sites, list_staff
from iopdesk.ui.roster.check_list import CheckListModel
from iopdesk.ui.roster.form_dialog import FormDialog
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
        right = self.second_column()
        self.schedule = ScheduleEditor(today)
        self.add_field(self.tr("Meets:"), self.schedule, "schedule", right)
        self.field_widgets["effective_from"] = self.schedule.effective
        self.field_errors["effective_from"] = self.field_errors["schedule"]
        self.schedule_note = QLabel()
        self.schedule_note.setObjectName("viewSubtitle")
        self.schedule_note.setWordWrap(True)
        right.addRow("", self.schedule_note)
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
        self.schedule.set_slots(current_slots(group))

    def draft(self) -> GroupDraft:
        lead = self.lead.currentData()
        others = tuple(i for i in self.co_model.checked_ids() if i != lead)
        base = self.group
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
            start_date=base.start_date if base else None,
            end_date=base.end_date if base and not self.active.isChecked() else None,
            description=base.description if base else "",
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
