"""One part of a note on screen: its labelled fields, its seal and addenda, and the names flagged in it.

Each field is a plain-text box that grows with its text; Tab moves to the
next field. A field the format requires says so beside its label, and is
outlined when signing stopped because it was blank. Flags from the
confidentiality check are marked in place (an
amber background with a wavy underline, lighter for a common word) and the
bar above the fields offers to replace them with "a peer".
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain.notes import Flag, NoteView, SessionHeader
from iopdesk.domain.notes.body import FieldDef
from iopdesk.render.text import time_range
from iopdesk.ui.look import text_colour
from iopdesk.ui.views.notes.field_edit import FieldEdit, utf16
from iopdesk.ui.views.notes.models import plural, tr
from iopdesk.ui.views.notes.seal import local_text, seal_text

FLAG_BACKGROUND = QColor(249, 168, 37, 110)
FLAG_UNDERLINE = QColor("#b5651d")


def _facilitators(names: Sequence[str]) -> str:
    label = tr("Facilitators: {names}") if len(names) > 1 else tr("Facilitator: {names}")
    return label.format(names=", ".join(names)) if names else tr("no facilitator")


def documented_text(note: NoteView, header: SessionHeader) -> str:
    """The member's own time and, for a sealed part, the session as it was signed (and what the
    session says now where that differs: a facilitator changed since)."""
    lines = []
    if note.member_time is not None:
        lines.append(tr("Attendance: {time}").format(time=note.member_time.text()))
    if note.locked and note.documented is not None:
        times, names = note.times(header), note.facilitators(header)
        line = tr("As signed: {times} · {people}").format(
            times=time_range(*times), people=_facilitators(names)
        )
        now = []
        if times != (header.start_time, header.end_time):
            now.append(time_range(header.start_time, header.end_time))
        if tuple(names) != tuple(header.facilitators):
            now.append(_facilitators(header.facilitators))
        if now:
            line += " " + tr("(the session now says: {facts})").format(facts=" · ".join(now))
        lines.append(line)
    return "\n".join(lines)


class PartFields(QWidget):
    edited = Signal(object, str, str)
    """A field's text changed; carries the note id, the field key and the whole text."""
    replace_requested = Signal(object)
    """The writer asked to replace flagged names with "a peer"; carries the list of flags."""

    def __init__(
        self,
        note: NoteView,
        fields: Sequence[FieldDef],
        *,
        editable: bool,
        heading: str,
        hint: str,
        zone: dt.tzinfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.note = note
        self.editable = editable
        self.flags: list[Flag] = []
        self.last_edit: FieldEdit | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.heading = QLabel(heading)
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)  # a long name and status never widen the part past the window
        layout.addWidget(self.heading)
        # What the part documents: the member's own time, and a sealed part's session as signed
        # (show_documented fills it; kept apart from the fields and the save machinery).
        self.documented = QLabel()
        self.documented.setObjectName("viewSubtitle")
        self.documented.setWordWrap(True)
        self.documented.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.documented.setAccessibleName(tr("What this part documents"))
        layout.addWidget(self.documented)
        self.documented.hide()
        self.hint = QLabel(hint)
        self.hint.setObjectName("viewSubtitle")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)  # parented before any setVisible: a parentless shown label is a window
        self.hint.setVisible(bool(hint) and editable)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.RichText)  # callers escape what they did not write
        self.notice.hide()
        layout.addWidget(self.notice)
        self.seal = QLabel(seal_text(note, zone, editable))
        self.seal.setObjectName("sealLine" if note.status == "signed" else "notice")
        self.seal.setWordWrap(True)
        self.seal.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.seal)
        self.seal.setVisible(bool(self.seal.text()))
        layout.addWidget(self._flags_bar())

        body = QWidget()
        body.setObjectName("noteBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 8, 0)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setVerticalSpacing(4)
        self.edits: dict[str, FieldEdit] = {}
        self.labels: dict[str, QLabel] = {}
        for field in fields:
            edit = FieldEdit(field.key, field.label, field.hint, read_only=not editable)
            edit.setPlainText(note.body.get(field.key, ""))
            edit.changed.connect(self._changed)
            edit.focused.connect(self._focused)
            label = QLabel(field.label)
            if field.required and editable:
                label.setTextFormat(Qt.TextFormat.RichText)
                label.setText(
                    f"{html.escape(field.label)} <span style='font-weight:normal; "
                    f"color:{text_colour('warn_text').name()}'>"
                    f"{html.escape(tr('· required to sign'))}</span>"
                )
            label.setObjectName("fieldLabel")
            label.setWordWrap(True)  # at large text a long name goes on, not wider than the part
            label.setBuddy(edit)
            if field.hint and not editable:
                label.setToolTip(field.hint)
            form.addRow(label, edit)
            self.edits[field.key] = edit
            self.labels[field.key] = label
        column.addLayout(form)
        self.below_fields = QVBoxLayout()  # what a part shows after its fields (goals addressed)
        column.addLayout(self.below_fields)
        self.addenda = QVBoxLayout()
        self.addenda.setSpacing(6)
        column.addLayout(self.addenda)
        self.show_addenda(note, zone)
        column.addStretch(1)
        self.scroll_area = QScrollArea()  # not self.scroll: that is QWidget.scroll()
        self.scroll_area.setWidget(body)
        self.scroll_area.setAccessibleName(tr("Note fields"))
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(self.scroll_area, 1)
        first = next(iter(self.edits.values()), None)
        if first is not None:
            self.setFocusProxy(first)

    def _flags_bar(self) -> QWidget:
        self.flags_box = QFrame()
        self.flags_box.setObjectName("formError")
        column = QVBoxLayout(self.flags_box)
        column.setContentsMargins(8, 4, 8, 4)
        self.flags_label = QLabel()
        self.flags_label.setWordWrap(True)
        column.addWidget(self.flags_label)
        row = QHBoxLayout()
        self.next_flag_button = QPushButton(tr("&Go to next"))
        self.next_flag_button.clicked.connect(self.go_to_next_flag)
        self.replace_one_button = QPushButton(tr("&Replace this with “a peer”"))
        self.replace_one_button.clicked.connect(self._replace_one)
        self.replace_all_button = QPushButton(tr("Replace &all with “a peer”"))
        self.replace_all_button.clicked.connect(self._replace_all)
        for button in (self.next_flag_button, self.replace_one_button, self.replace_all_button):
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        self.flags_box.hide()
        return self.flags_box

    def show_documented(self, header: SessionHeader) -> None:
        """Under the part's heading: the member's own time at the session ("Late: arrived 10:45 ·
        attended 10:45–12:00 (75 min)"), and for a signed part the times and facilitators it was
        signed with, with what the session says now when that has changed since."""
        self.documented.setText(documented_text(self.note, header))
        self.documented.setVisible(bool(self.documented.text()))

    # --- text -------------------------------------------------------------------
    def texts(self) -> dict[str, str]:
        return {key: edit.toPlainText() for key, edit in self.edits.items()}

    def set_texts(self, body: Mapping[str, str]) -> None:
        """Show text saved elsewhere (a merge, a replacement) without reporting it as typed."""
        for key, edit in self.edits.items():
            text = body.get(key, "")
            if edit.toPlainText() != text:
                position = edit.textCursor().position()
                edit.blockSignals(True)
                edit.setPlainText(text)
                edit.blockSignals(False)
                cursor = edit.textCursor()
                cursor.setPosition(min(position, len(edit.toPlainText())))
                edit.setTextCursor(cursor)

    def _changed(self, edit: FieldEdit) -> None:
        if edit.property("missing") and edit.toPlainText().strip():
            self._set_missing(edit, False)
        if self.editable:
            self.edited.emit(self.note.id, edit.key, edit.toPlainText())

    def mark_missing(self, keys: Sequence[str]) -> None:
        """Outline the required fields signing found blank (typing in one clears its outline)."""
        for key, edit in self.edits.items():
            self._set_missing(edit, key in keys)

    def missing_keys(self) -> list[str]:
        return [key for key, edit in self.edits.items() if edit.property("missing")]

    @staticmethod
    def _set_missing(edit: FieldEdit, missing: bool) -> None:
        if bool(edit.property("missing")) == missing:
            return
        edit.setProperty("missing", missing)
        edit.style().unpolish(edit)  # the style sheet's [missing="true"] rule applies now
        edit.style().polish(edit)

    def _focused(self, edit: FieldEdit) -> None:
        self.last_edit = edit
        self.scroll_area.ensureWidgetVisible(edit, 0, 24)

    def current_edit(self) -> FieldEdit | None:
        return self.last_edit or next(iter(self.edits.values()), None)

    def insert_at_cursor(self, text: str) -> bool:
        edit = self.current_edit()
        if edit is None or not self.editable:
            return False
        edit.insertPlainText(text)
        edit.setFocus()
        return True

    def focus_field(self, key: str | None) -> None:
        edit = self.edits.get(key or "") or next(iter(self.edits.values()), None)
        if edit is not None:
            edit.setFocus()
            self.scroll_area.ensureWidgetVisible(edit, 0, 24)

    def set_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def add_below_fields(self, widget: QWidget) -> None:
        """Show ``widget`` right after the fields (before the addenda); Tab reaches it after them."""
        self.below_fields.addWidget(widget)

    # --- addenda ----------------------------------------------------------------
    def show_addenda(self, note: NoteView, zone: dt.tzinfo) -> None:
        while self.addenda.count():
            item = self.addenda.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if not note.addenda:
            return
        title = QLabel(plural(len(note.addenda), tr("Addendum"), tr("Addenda ({n})")))
        title.setObjectName("sectionTitle")
        self.addenda.addWidget(title)
        for addendum in note.addenda:
            label = QLabel(
                tr("{when} · {author}").format(
                    when=local_text(addendum.signed_at, zone), author=addendum.author_name
                )
                + "\n"
                + addendum.text
            )
            label.setObjectName("addendum")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.addenda.addWidget(label)

    # --- confidentiality flags ----------------------------------------------------
    def show_flags(self, flags: Sequence[Flag]) -> None:
        self.flags = list(flags)
        by_field: dict[str, list[Flag]] = {}
        for flag in self.flags:
            by_field.setdefault(flag.field, []).append(flag)
        for key, edit in self.edits.items():
            edit.setExtraSelections([self._selection(edit, f) for f in by_field.get(key, [])])
        if not self.flags:
            self.flags_box.hide()
            return
        blocking = [f for f in self.flags if f.blocks_signing]
        shown = ", ".join(f"“{f.found}”" for f in self.flags[:4]) + (" …" if len(self.flags) > 4 else "")
        if blocking:
            words = (
                tr("1 place may identify another member: {found}.")
                if len(blocking) == 1
                else tr("{n} places may identify another member: {found}.")
            )
            text = words.format(n=len(blocking), found=shown)
        else:
            text = tr(
                "Possibly a name, written as an everyday word: {found}. Signing is not stopped."
            ).format(found=shown)
        self.flags_label.setText(text)
        for button in (self.replace_one_button, self.replace_all_button):
            button.setVisible(self.editable)
        self.flags_box.show()

    def clear_flags(self) -> None:
        self.show_flags([])

    def _selection(self, edit: FieldEdit, flag: Flag) -> QTextEdit.ExtraSelection:
        text = edit.toPlainText()
        cursor = QTextCursor(edit.document())
        cursor.setPosition(min(utf16(text, flag.start), len(text)))
        cursor.setPosition(min(utf16(text, flag.end), len(text)), QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        if flag.blocks_signing:
            fmt.setBackground(FLAG_BACKGROUND)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(FLAG_UNDERLINE)
        fmt.setToolTip(tr("May identify {name} ({kind}).").format(name=flag.name, kind=tr(flag.kind)))
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor  # type: ignore[attr-defined]
        selection.format = fmt  # type: ignore[attr-defined]
        return selection

    def flag_at_cursor(self) -> Flag | None:
        """The flag the cursor is in or after, in the field last typed in; else the first flag."""
        edit = self.current_edit()
        if edit is not None:
            text = edit.toPlainText()
            position = edit.textCursor().position()
            for flag in self.flags:
                if flag.field == edit.key and utf16(text, flag.end) >= position:
                    return flag
        return self.flags[0] if self.flags else None

    def go_to_next_flag(self) -> None:
        if not self.flags:
            return
        edit = self.current_edit()
        order = list(self.edits)
        here = (order.index(edit.key), edit.textCursor().position()) if edit is not None else (-1, -1)

        def place(flag: Flag) -> tuple[int, int]:
            return order.index(flag.field), utf16(self.edits[flag.field].toPlainText(), flag.start)

        shown = [f for f in self.flags if f.field in self.edits]
        if not shown:
            return
        ahead = [f for f in shown if place(f) > here]
        target = ahead[0] if ahead else shown[0]
        field = self.edits[target.field]
        # The cursor goes before the word, unselected, so its amber mark stays in sight.
        cursor = field.textCursor()
        cursor.setPosition(utf16(field.toPlainText(), target.start))
        field.setTextCursor(cursor)
        field.setFocus()
        self.last_edit = field

    def _replace_one(self) -> None:
        flag = self.flag_at_cursor()
        if flag is not None:
            self.replace_requested.emit([flag])

    def _replace_all(self) -> None:
        # Everyday words in lower case ("we hope") are left for the writer to judge one by one.
        blocking = [f for f in self.flags if f.blocks_signing]
        if blocking:
            self.replace_requested.emit(blocking)
