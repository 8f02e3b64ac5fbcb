"""The small form for one item of a plan: a problem, a goal, an objective or an intervention.

Enter saves (from any one-line field), Escape cancels. ``submit(item)`` stores the item and returns
None, or the clinic's message: the form stays open with it, so nothing typed is lost. An item's
main text is asked for here; what a signed plan needs besides (a target date, someone responsible)
is said when the plan is signed, so a draft can be written in any order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from uuid import UUID

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from iopdesk.domain.care.plan_content import TEXT_MAX, Goal, Intervention, Objective, Problem
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.ui.kit.date_field import DateField
from iopdesk.ui.kit.submit_dialog import SubmitDialog
from iopdesk.ui.views.chart.plan_edits import Item
from iopdesk.ui.views.chart.plan_tree import kind_name, tr

Member = tuple[UUID, str]  # a team member: staff id, "Casey Counselor (primary counselor)"


def line(placeholder: str, text: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setMaxLength(TEXT_MAX)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumWidth(460)
    edit.setCursorPosition(0)
    return edit


class PlanItemForm(SubmitDialog):
    def __init__(
        self,
        parent: QWidget,
        kind: type,
        item: Item | None,
        *,
        team: Sequence[Member],
        today: dt.date,
        submit: Callable[[Item], str | None],
        where: str = "",
    ) -> None:
        new = item is None
        title = (tr("New {kind}") if new else tr("Edit {kind}")).format(kind=kind_name(kind))
        super().__init__(
            parent, title[:1].upper() + title[1:], tr("Add") if new else tr("Save"), min_width=620
        )
        self.kind = kind
        self.item = item
        self.submit = submit
        if where:
            place = QLabel(where)
            place.setObjectName("viewSubtitle")
            place.setWordWrap(True)
            self.form.addRow(place)
        self.text = QLineEdit()
        builders = {
            Problem: self._problem,
            Goal: self._goal,
            Objective: self._objective,
            Intervention: self._intervention,
        }
        builders[kind](item, team, today)
        self.first.setFocus()
        self.keep_all_typing()

    # --- the fields of each kind -------------------------------------------------------------
    def _problem(self, item: Item | None, _team: Sequence[Member], _today: dt.date) -> None:
        assert item is None or isinstance(item, Problem)
        self.text = line(
            tr("e.g. Alcohol use disorder, moderate: drinking daily after work"), item.text if item else ""
        )
        self.form.addRow(tr("&Problem:"), self.text)
        self.first: QWidget = self.text

    def _goal(self, item: Item | None, _team: Sequence[Member], _today: dt.date) -> None:
        assert item is None or isinstance(item, Goal)
        self.text = line(tr("e.g. Stay abstinent from alcohol"), item.text if item else "")
        self.words = line(
            tr("The goal as the client says it, e.g. “I want my weekends back”"),
            item.client_words if item else "",
        )
        self.form.addRow(tr("&Goal:"), self.text)
        self.form.addRow(tr("In the &client's words:"), self.words)
        self.first = self.text

    def _objective(self, item: Item | None, _team: Sequence[Member], today: dt.date) -> None:
        assert item is None or isinstance(item, Objective)
        self.text = line(tr("Measurable: what, how much, by when"), item.text if item else "")
        self.target = DateField(today, required=False)
        self.target.set_date(item.target_date if item else None)
        self.form.addRow(tr("&Objective:"), self.text)
        self.form.addRow(tr("&Target date:"), self.target)
        self.first = self.text

    def _intervention(self, item: Item | None, team: Sequence[Member], _today: dt.date) -> None:
        assert item is None or isinstance(item, Intervention)
        self.service = QComboBox()
        for key, label in vocab.PLAN_SERVICES.items():
            self.service.addItem(tr(label), key)
        self.group_kind = QComboBox()
        self.group_kind.addItem(tr("— choose the kind of group —"), "")
        for key, label in vocab.GROUP_KINDS.items():
            self.group_kind.addItem(tr(label), key)
        self.frequency = line(tr("e.g. 3 times a week"), item.frequency if item else "")
        self.responsible = QComboBox()
        self.responsible.addItem(tr("— choose someone on the team —"), None)
        for staff_id, name in team:
            self.responsible.addItem(name, str(staff_id))  # a Python object as data is never found again
        self.detail = line(tr("Anything else (optional)"), item.detail if item else "")
        if (
            item is not None
            and item.responsible_id
            and self.responsible.findData(str(item.responsible_id)) < 0
        ):
            # Kept as it was (signing asks for someone on the team), never dropped by opening the form.
            name = tr("{name} (no longer on the team)").format(name=item.responsible_name or tr("someone"))
            self.responsible.addItem(name, str(item.responsible_id))
        if item is not None:
            self._choose(self.service, item.service)
            self._choose(self.group_kind, item.group_kind)
            self._choose(self.responsible, str(item.responsible_id) if item.responsible_id else None)
        self.form.addRow(tr("&Service:"), self.service)
        self.form.addRow(tr("&Kind of group:"), self.group_kind)
        self.form.addRow(tr("&How often:"), self.frequency)
        self.form.addRow(tr("&Responsible:"), self.responsible)
        if not team:
            self.form.addRow(
                QLabel(
                    tr("The client has no treatment team yet: add its members in the chart's Team section.")
                )
            )
        self.form.addRow(tr("&Detail:"), self.detail)
        self.service.currentIndexChanged.connect(self._service_changed)
        self._service_changed()
        self.first = self.service

    @staticmethod
    def _choose(combo: QComboBox, value: object) -> None:
        found = combo.findData(value)
        if found >= 0:
            combo.setCurrentIndex(found)

    def _service_changed(self) -> None:
        self.form.setRowVisible(self.group_kind, self.service.currentData() == "group")

    # --- the item the form describes -----------------------------------------------------------
    def value(self) -> Item | str:
        """The item as filled in, or what is wrong (and the focus goes there)."""
        text = " ".join(self.text.text().split())
        if self.kind is Intervention:
            service = str(self.service.currentData())
            chosen = self.responsible.currentData()
            responsible = UUID(chosen) if chosen else None
            filled = Intervention(
                service=service,
                frequency=" ".join(self.frequency.text().split()),
                responsible_id=responsible,
                group_kind=str(self.group_kind.currentData()) if service == "group" else "",
                detail=" ".join(self.detail.text().split()),
                responsible_name=self.responsible.currentText() if responsible else "",
            )
            return replace(filled, id=self.item.id) if isinstance(self.item, Intervention) else filled
        if not text:
            self.text.setFocus()
            return tr("Write the {kind} first.").format(kind=kind_name(self.kind))
        if self.kind is Problem:
            return replace(self.item, text=text) if isinstance(self.item, Problem) else Problem(text)
        if self.kind is Goal:
            words = " ".join(self.words.text().split())
            if isinstance(self.item, Goal):
                return replace(self.item, text=text, client_words=words)
            return Goal(text, words)
        try:
            target = self.target.value("target_date", tr("The target date"))
        except DomainError as exc:  # the date could not be read: said plainly
            self.target.setFocus()
            return str(exc)
        if isinstance(self.item, Objective):
            return replace(self.item, text=text, target_date=target)
        return Objective(text, target)

    def attempt(self) -> str | None:
        value = self.value()
        if isinstance(value, str):
            return value
        return self.submit(value)
