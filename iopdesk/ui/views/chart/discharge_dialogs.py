"""Discharging: the reason and the date, then the summary the program assembled for the counselor to
edit, the aftercare plan, and signing, which discharges the client from that date forward only.

Keys: Tab walks the summary's parts, then the aftercare list (Enter edits an item); Enter in a
one-line field (Ctrl+Enter in a text box) saves the draft; Alt+S signs after saying what is still
missing, before any password is asked for.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain.care import discharge
from iopdesk.domain.care.discharge import NEEDS_AFTERCARE, AftercareItem, DischargeView
from iopdesk.domain.care.discharge_summary import SUMMARY_SECTIONS, WRITTEN
from iopdesk.domain.care.episodes import EpisodeView
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.kernel.records import site_today
from iopdesk.ui.kit.actions import EnterOpens
from iopdesk.ui.kit.date_field import DateField
from iopdesk.ui.kit.form_dialog import FormDialog
from iopdesk.ui.kit.formatting import date_text
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.kit.rows import RowsModel
from iopdesk.ui.kit.screen_fit import first_size, least_size
from iopdesk.ui.kit.sections import section
from iopdesk.ui.kit.submit_dialog import SubmitDialog
from iopdesk.ui.kit.tables import make_table
from iopdesk.ui.views.chart.models import aftercare_columns, tr
from iopdesk.ui.views.chart.sign_dialog import sign_with_password

LINE_BOX_ROOM = 36  # a text box's padding, frame and document margins, above and below its lines


def reason_box(current: str = "") -> QComboBox:
    combo = QComboBox()
    for key, label in vocab.DISCHARGE_REASONS.items():
        combo.addItem(tr(label), key)
    if current:
        combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


class StartDischargeDialog(FormDialog):
    """Why and when: the program then assembles the summary (nothing changes until it is signed)."""

    def __init__(self, parent: QWidget, actor: Actor, episode: EpisodeView, client_name: str) -> None:
        super().__init__(parent, tr("Discharge"), about=client_name)
        self.actor = actor
        self.episode = episode
        least_size(self, 500)
        about = QLabel(
            tr("In care since {day}. Nothing changes until the summary is signed.").format(
                day=date_text(episode.admitted_on)
            )
        )
        about.setWordWrap(True)
        self.form.addRow(about)
        self.reason = reason_box()
        self.add_field(tr("&Reason:"), self.reason, "reason")
        today = site_today(actor)
        self.date = DateField(today, required=True)
        self.date.set_date(today)
        self.add_field(tr("&Discharged on:"), self.date, "discharged_on")
        self.finish_layout(tr("Write the summary…"))
        self.submit = self.save
        self.reason.setFocus()

    def save(self) -> DischargeView:
        day = self.date.value("discharged_on", tr("The discharge date"))
        return discharge.start_discharge(self.actor, self.episode.id, str(self.reason.currentData()), day)


class AftercareDialog(SubmitDialog):
    """One aftercare item: a referral, a mutual-help meeting or a follow-up appointment."""

    def __init__(self, parent: QWidget, actor: Actor, item: AftercareItem | None = None) -> None:
        super().__init__(parent, tr("Aftercare"), tr("OK"), min_width=480)
        self.item = item
        self.kind = QComboBox()
        for key, label in vocab.AFTERCARE_KINDS.items():
            self.kind.addItem(tr(label), key)
        self.what = QLineEdit(item.what if item else "")
        self.what.setMaxLength(500)
        self.what.setPlaceholderText(tr("e.g. Alumni group, Tuesdays 6 pm"))
        self.when = DateField(site_today(actor), required=False)
        self.when.set_date(item.when if item else None)
        self.contact = QLineEdit(item.contact if item else "")
        self.contact.setMaxLength(200)
        if item is not None:
            self.kind.setCurrentIndex(max(self.kind.findData(item.kind), 0))
        self.form.addRow(tr("&Kind:"), self.kind)
        self.form.addRow(tr("&What:"), self.what)
        self.form.addRow(tr("W&hen (optional):"), self.when)
        self.form.addRow(tr("&Contact (optional):"), self.contact)
        self.kind.setFocus()
        self.keep_typing_in(self.what, self.contact)

    def attempt(self) -> str | None:
        if not self.what.text().strip():
            self.what.setFocus()
            return tr("Say what it is (a program, a meeting, an appointment with whom).")
        try:
            when = self.when.value("when", tr("The date"))
        except DomainError as exc:
            return str(exc)
        self.item = AftercareItem(
            str(self.kind.currentData()), self.what.text().strip(), when, self.contact.text().strip()
        )
        return None


class DischargeDialog(SubmitDialog):
    def __init__(
        self,
        parent: QWidget,
        actor: Actor,
        prompts: Prompts,
        view: DischargeView,
        client_name: str,
        *,
        in_effect: bool,
    ) -> None:
        super().__init__(
            parent,
            tr("Discharge summary"),
            tr("Save draft"),
            min_width=1000,
            about=client_name,
        )
        self.actor = actor
        self.prompts = prompts
        self.view = view
        self.client_name = client_name
        self.in_effect = in_effect  # signed once, returned: the client stays discharged on that date
        self.signed: DischargeView | None = None
        first_size(self, 1080, 720)
        top = QFormLayout()
        if view.status == "returned" and view.return_comment:
            returned = QLabel(tr("Returned for changes: {why}").format(why=view.return_comment))
            returned.setObjectName("alertBadge")
            returned.setWordWrap(True)
            top.addRow(returned)
        self.reason = reason_box(view.reason)
        self.date = DateField(site_today(actor), required=True)
        self.date.set_date(view.discharged_on)
        self.date.setEnabled(not in_effect)
        top.addRow(tr("&Reason:"), self.reason)
        top.addRow(tr("&Discharged on:"), self.date)

        texts = QWidget()
        texts_column = QFormLayout(texts)
        texts_column.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.texts: dict[str, QPlainTextEdit] = {}
        for key, title, text in view.summary:
            edit = QPlainTextEdit(text)
            edit.setTabChangesFocus(True)
            edit.setAccessibleName(tr(title))
            # In lines, not pixels: 70 px held three lines at 100 % but two, the second cut, at 150 %.
            lines = 5 if key in WRITTEN or key == "goals" else 3
            edit.setMinimumHeight(lines * edit.fontMetrics().lineSpacing() + LINE_BOX_ROOM)
            if key in WRITTEN:
                edit.setPlaceholderText(tr("Written by the counselor; signing needs it"))
            caption = QLabel(tr(title) + ":")
            caption.setBuddy(edit)
            texts_column.addRow(caption, edit)
            self.texts[key] = edit
        scroll = QScrollArea()
        scroll.setAccessibleName(tr("The summary's sections"))
        scroll.setWidget(texts)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.reassemble_button = QPushButton(tr("Assemble a&gain"))
        self.reassemble_button.setToolTip(
            tr(
                "The program writes the stay, attendance, goals and instruments again; "
                "your own two parts stay."
            )
        )
        self.reassemble_button.clicked.connect(self.reassemble)

        right = QVBoxLayout()
        right.addWidget(section(tr("Aftercare plan")))
        self.model: RowsModel[AftercareItem] = RowsModel(aftercare_columns(), id, self)
        self.model.set_rows(list(view.aftercare))
        self.table = make_table(self.model, tr("Aftercare plan"), stretch=1, word_wrap=True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        EnterOpens(self.table, self.edit_item)
        right.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(tr("Add &item…"))
        self.edit_button = QPushButton(tr("&Edit item…"))
        self.remove_button = QPushButton(tr("Re&move item"))
        self.add_button.clicked.connect(self.add_item)
        self.edit_button.clicked.connect(self.edit_item)
        self.remove_button.clicked.connect(self.remove_item)
        for button in (self.add_button, self.edit_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        right.addLayout(row)
        right.addWidget(self.reassemble_button, 0, Qt.AlignmentFlag.AlignLeft)

        body = QHBoxLayout()
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(scroll, 1)
        body.addLayout(left, 1)
        body.addLayout(right, 1)
        self.layout_.insertLayout(0, body, 1)
        self.sign_button = self.buttons.addButton(tr("&Sign…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.sign_button.setToolTip(tr("Save, then sign with your password (Alt+S)"))
        self.sign_button.clicked.connect(self.sign)
        self.reason.setFocus()
        self.keep_all_typing()

    # --- aftercare ----------------------------------------------------------------------------
    def items(self) -> list[AftercareItem]:
        return list(self.model.rows)

    def add_item(self) -> None:
        dialog = AftercareDialog(self, self.actor)
        if self.prompts.run(dialog) and dialog.item is not None:
            self.model.set_rows(self.items() + [dialog.item])
            self.table.selectRow(self.model.rowCount() - 1)
            self.table.setFocus()

    def edit_item(self) -> None:
        index = self.table.currentIndex()
        item = self.model.row_at(index)
        if item is None:
            return
        dialog = AftercareDialog(self, self.actor, item)
        if self.prompts.run(dialog) and dialog.item is not None:
            rows = self.items()
            rows[index.row()] = dialog.item
            self.model.set_rows(rows)
            self.table.selectRow(index.row())

    def remove_item(self) -> None:
        index = self.table.currentIndex()
        if self.model.row_at(index) is None:
            return
        rows = self.items()
        del rows[index.row()]
        self.model.set_rows(rows)
        if rows:
            self.table.selectRow(min(index.row(), len(rows) - 1))

    # --- saving and signing ---------------------------------------------------------------------
    def save(self, *, reassemble: bool = False) -> str | None:
        try:
            day: dt.date | None = None if self.in_effect else self.date.value("discharged_on", tr("The date"))
            self.view = discharge.save_discharge(
                self.actor,
                self.view.id,
                reason=str(self.reason.currentData()),
                discharged_on=day,
                summary={key: edit.toPlainText() for key, edit in self.texts.items()},
                aftercare=self.items(),
                reassemble=reassemble,
                expected_version=self.view.version,
            )
        except DomainError as exc:
            return str(exc)
        return None

    def attempt(self) -> str | None:
        return self.save()

    def reassemble(self) -> None:
        problem = self.save(reassemble=True)
        self.show_message(problem or "")
        if problem is None:
            for key, _title, text in self.view.summary:
                self.texts[key].setPlainText(text)

    def missing(self) -> list[str]:
        out = [
            tr("Write the “{part}” part.").format(part=tr(SUMMARY_SECTIONS[key]))
            for key in WRITTEN
            if not self.texts[key].toPlainText().strip()
        ]
        if str(self.reason.currentData()) in NEEDS_AFTERCARE and not self.items():
            out.append(tr("Add the aftercare plan: a referral, a meeting or an appointment."))
        return out

    def sign(self) -> None:
        missing = self.missing()
        if missing:
            self.show_message(tr("Not signed yet. Still to do:") + "\n• " + "\n• ".join(missing))
            return
        problem = self.save()
        if problem is not None:
            self.show_message(problem)
            return
        self.show_message("")
        discharge_id, version, day = self.view.id, self.view.version, self.view.discharged_on

        def sign() -> None:
            self.signed = discharge.sign_discharge(self.actor, discharge_id, True, expected_version=version)

        explanation = (
            tr("{name} stays discharged from {day}; the summary is sealed again and cannot change.")
            if self.in_effect
            else tr(
                "Signing discharges {name} from {day}: group enrollments, wait-list places and team places "
                "end from that day on; everything recorded before stays as it was. The summary is sealed "
                "and cannot change."
            )
        ).format(name=self.client_name, day=date_text(day))
        if sign_with_password(
            self.prompts,
            self,
            self.actor,
            what=tr("this discharge summary"),
            explanation=explanation,
            sign=sign,
        ):
            self.done(SubmitDialog.DialogCode.Accepted)
