"""Note formats…: the clinic's own DAP, SOAP, BIRP, GIRP and narrative, field by field.

A supervisor or administrator picks a format, renames, adds, removes and
reorders the fields of its shared part and of each member's part, marks the
ones a part may not be signed without ("Required"), and saves
the clinic's copy (``save_template``) or goes back to the shipped one
(``reset_template``). Removing a field never touches a note: text already
written in it stays in that note, on screen and in print.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain import notes
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.kernel.vocab import NOTE_FORMATS
from iopdesk.domain.notes.body import TemplateDef
from iopdesk.domain.notes.templates import clinic_format
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.kit.screen_fit import first_size, least_size
from iopdesk.ui.kit.unsaved import REFUSED
from iopdesk.ui.views.notes.fields_model import COL_HINT, COL_KEY, COL_LABEL, COL_REQUIRED, FieldsModel
from iopdesk.ui.views.notes.models import tr


class FieldsEditor(QGroupBox):
    """One part's fields: the table, its buttons, and the message the clinic's rules give about it."""

    def __init__(self, title: str, add_text: str, required_text: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.model = FieldsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().lineSpacing() + 12)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list, as in every form; arrows move in it
        self.table.setAccessibleName(title)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_LABEL, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_HINT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_KEY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_REQUIRED, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(COL_LABEL, 220)
        self.table.setMinimumHeight(150)
        self.add_button = QPushButton(add_text)
        self.remove_button = QPushButton(tr("Remove"))
        self.up_button = QPushButton(tr("Move up"))
        self.down_button = QPushButton(tr("Move down"))
        self.add_button.clicked.connect(self.add_field)
        self.remove_button.clicked.connect(self.remove_field)
        self.up_button.clicked.connect(self.move_up)
        self.down_button.clicked.connect(self.move_down)
        # The chosen field's tick, for the keyboard (the column's box is for the mouse).
        self.required_box = QCheckBox(required_text)
        self.required_box.setToolTip(tr("A part is not signed while a required field is blank."))
        self.required_box.toggled.connect(self._required_toggled)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.required_box)
        column = QVBoxLayout(self)
        column.addWidget(self.table, 1)
        column.addWidget(self.error)
        column.addLayout(buttons)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.modelReset.connect(self._update_buttons)
        self.model.rowsInserted.connect(self._update_buttons)
        self.model.rowsRemoved.connect(self._update_buttons)
        self.model.dataChanged.connect(self._update_buttons)
        self._update_buttons()

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(row, COL_LABEL))

    def add_field(self) -> None:
        row = self.model.add(tr("New field"))
        self.select_row(row)
        self.table.setFocus()
        self.table.edit(self.model.index(row, COL_LABEL))

    def remove_field(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        self.model.remove(row)
        self.select_row(min(row, self.model.rowCount() - 1))
        self.table.setFocus()

    def move_up(self) -> None:
        self._move(-1)

    def move_down(self) -> None:
        self._move(+1)

    def _move(self, step: int) -> None:
        row = self.current_row()
        if row >= 0:
            self.select_row(self.model.move(row, step))
            self.table.setFocus()
            self._update_buttons()

    def _row_changed(self, _now: object, _before: object) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.current_row()
        count = self.model.rowCount()
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)
        self.required_box.setEnabled(row >= 0)
        self.required_box.blockSignals(True)
        self.required_box.setChecked(row >= 0 and self.model.rows[row].required)
        self.required_box.blockSignals(False)

    def _required_toggled(self, checked: bool) -> None:
        self.model.set_required(self.current_row(), checked)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))


class NoteFormatsDialog(QDialog):
    def __init__(self, parent: QWidget, actor: Actor, note_format: str | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.prompts = Prompts()
        self.template: TemplateDef | None = None
        self.dirty = False
        self.setWindowTitle(tr("Note formats"))
        least_size(self, 900)
        first_size(self, 960, 780)
        layout = QVBoxLayout(self)
        top = QFormLayout()
        self.format_combo = QComboBox()
        for fmt, name in NOTE_FORMATS.items():
            self.format_combo.addItem(tr(name), fmt)
        self.state = QLabel()
        self.state.setObjectName("viewSubtitle")
        choose = QHBoxLayout()
        choose.addWidget(self.format_combo)
        choose.addWidget(self.state, 1)
        label = QLabel(tr("&Format:"))
        label.setBuddy(self.format_combo)
        top.addRow(label, choose)
        layout.addLayout(top)
        intro = QLabel(
            tr(
                "Choose the fields each note of this format offers, in the order they are written: "
                "put what must never be missed first. Double-click a label or hint to change it; "
                "a required field must be filled before a part is signed. Taking a field out only "
                "affects notes from now on: text already written in it stays in those notes, on "
                "screen and in print."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.shared = FieldsEditor(
            tr("Shared part — written once for the group, names no one"),
            tr("&Add field"),
            tr("Re&quired before signing"),
        )
        self.member = FieldsEditor(tr("Each member's part"), tr("Add fi&eld"), tr("Req&uired before signing"))
        layout.addWidget(self.shared, 2)
        layout.addWidget(self.member, 3)
        hint_row = QFormLayout()
        self.member_hint = QLineEdit()
        self.member_hint.setMaxLength(300)
        hint_row.addRow(tr("&Reminder above each member's part:"), self.member_hint)
        layout.addLayout(hint_row)
        self.message = QLabel()
        self.message.setObjectName("notice")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.reset_button = self.buttons.addButton(
            tr("Reset to &default"), QDialogButtonBox.ButtonRole.ResetRole
        )
        self.save_button = self.buttons.addButton(tr("&Save format"), QDialogButtonBox.ButtonRole.ApplyRole)
        self.save_button.setObjectName("primary")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self.reset)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        # The box hands its focus on to its default button (Save), so Tab from the reminder
        # jumped over Close: each button is reached by Tab, in the order they stand.
        self.buttons.setFocusProxy(None)  # type: ignore[arg-type]  # Qt takes nullptr; the stubs say no
        for editor in (self.shared, self.member):
            editor.model.edited.connect(self._edited)
        self.member_hint.textEdited.connect(self._hint_edited)
        self.shown_format = ""
        start = note_format if note_format in NOTE_FORMATS else clinic_format()
        self.format_combo.setCurrentIndex(self.format_combo.findData(start))
        self.load(str(start))
        self.format_combo.currentIndexChanged.connect(self._format_chosen)
        self.shared.table.setFocus()

    # --- reading --------------------------------------------------------------------------
    def load(self, note_format: str, message: str = "") -> None:
        info = next((t for t in notes.list_templates(self.actor) if t.note_format == note_format), None)
        template = info.template if info is not None else notes.template_for(note_format)
        self.template = template
        self.shown_format = note_format
        self.shared.model.set_fields(template.shared_fields)
        self.member.model.set_fields(template.member_fields)
        self.member_hint.setText(template.member_hint)
        customized = info is not None and info.customized
        self.state.setText(
            tr("{title} — the clinic's own version").format(title=template.title)
            if customized
            else tr("{title} — as shipped with IOPdesk").format(title=template.title)
        )
        self.reset_button.setEnabled(customized)
        self.dirty = False
        self._clear_errors()
        self.say(message)
        self.shared.select_row(0)
        self.member.select_row(0)

    def definition(self) -> dict[str, object]:
        assert self.template is not None
        return {
            "format": self.shown_format,
            "title": self.template.title,
            "member_hint": self.member_hint.text().strip(),
            "shared_fields": self.shared.model.definition(),
            "member_fields": self.member.model.definition(),
        }

    # --- telling --------------------------------------------------------------------------
    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _clear_errors(self) -> None:
        self.shared.show_error("")
        self.member.show_error("")

    def _edited(self) -> None:
        self.dirty = True
        self.say("")

    def _hint_edited(self, _text: str) -> None:
        self._edited()

    def _may_leave(self) -> bool:
        if not self.dirty:
            return True
        return self.prompts.confirm(
            self,
            tr("Unsaved changes"),
            tr("Your changes to the {fmt} format are not saved. Leave them?").format(fmt=self.shown_format),
            tr("Leave them"),
        )

    # --- acting ---------------------------------------------------------------------------
    def _format_chosen(self, _index: int) -> None:
        wanted = str(self.format_combo.currentData())
        if wanted == self.shown_format:
            return
        if not self._may_leave():
            self.format_combo.blockSignals(True)
            self.format_combo.setCurrentIndex(self.format_combo.findData(self.shown_format))
            self.format_combo.blockSignals(False)
            return
        self.load(wanted)

    def save(self) -> None:
        self._clear_errors()
        fmt = self.shown_format
        try:
            notes.save_template(self.actor, fmt, self.definition(), based_on=self.template)
        except ValidationError as exc:
            target = {"shared_fields": self.shared, "member_fields": self.member}.get(exc.field or "")
            if target is not None:
                target.show_error(str(exc))
                target.table.setFocus()
                self.say("")
            else:
                self.say(str(exc))
            return
        except REFUSED as exc:
            self.say(str(exc))
            return
        rows = (self.shared.current_row(), self.member.current_row())
        self.load(
            fmt,
            tr("Saved. New {fmt} notes offer these fields; notes already written keep their text.").format(
                fmt=fmt
            ),
        )
        self.shared.select_row(rows[0])
        self.member.select_row(rows[1])

    def reset(self) -> None:
        fmt = self.shown_format
        if not self.prompts.confirm(
            self,
            tr("Reset to default"),
            tr(
                "Go back to the {fmt} format as shipped? The clinic's changes to it are lost; "
                "notes already written keep their text."
            ).format(fmt=fmt),
            tr("Reset"),
        ):
            return
        try:
            notes.reset_template(self.actor, fmt)
        except REFUSED as exc:
            self.say(str(exc))
            return
        self.load(fmt, tr("The {fmt} format is back as shipped.").format(fmt=fmt))

    def reject(self) -> None:
        if self._may_leave():
            super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        # Enter finishes editing a cell; it must not save the whole format by surprise.
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.focusWidget() is not self.save_button:
            event.accept()
            return
        super().keyPressEvent(event)
