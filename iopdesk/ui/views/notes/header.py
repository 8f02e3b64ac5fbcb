"""The head of the note editor: which session (day and list), its facts, who came, and the save state.

Layout only: the editor's controller lists a day's sessions (``show_sessions``) and the open note.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from uuid import UUID

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from iopdesk.domain.calendar.sessions import SessionInfo
from iopdesk.domain.kernel import vocab
from iopdesk.domain.notes import GroupNoteView
from iopdesk.render.text import clock_text, time_range
from iopdesk.ui.kit.day_picker import DayPicker
from iopdesk.ui.kit.flow import WrapLabel
from iopdesk.ui.kit.formatting import long_date_text
from iopdesk.ui.kit.rows import Column, RowsModel
from iopdesk.ui.views.notes.models import tr


def session_line(s: SessionInfo) -> str:
    text = f"{clock_text(s.start_time)}   {s.title}"
    if s.cancelled:
        text += "   " + tr("(cancelled)")
    return text


def facts(view: GroupNoteView, read_only: bool) -> str:
    h = view.header
    bits = [time_range(h.start_time, h.end_time)]
    if h.facilitators:
        label = tr("Facilitators: {names}") if len(h.facilitators) > 1 else tr("Facilitator: {names}")
        bits.append(label.format(names=", ".join(h.facilitators)))
    if h.topic:
        bits.append(tr("Topic: {topic}").format(topic=h.topic))
    bits.append(tr(vocab.MODALITIES.get(h.modality, h.modality)))
    if h.room:
        bits.append(h.room)
    bits.append(view.note_format)
    if h.kind == "group" and not read_only:
        bits.append(tr("{n} attended").format(n=view.attending_count))
    if h.status == "cancelled":
        bits.append(tr("cancelled"))
    return " · ".join(bits)


class NoteHeader(QWidget):
    session_chosen = Signal(object)
    """Another session was picked in the list; carries its UUID."""

    def __init__(self, today: Callable[[], dt.date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        picker_row = QHBoxLayout()
        self.picker = DayPicker(today)
        self.sessions: RowsModel[SessionInfo] = RowsModel(
            [Column(tr("Session"), session_line)], lambda s: s.id, self
        )
        self.session_box = QComboBox()
        self.session_box.setModel(self.sessions)
        # It takes the row's spare width; at 150 % text it may shrink (eliding the session's name)
        # so that the whole date beside it shows and the page does not scroll sideways.
        self.session_box.setMinimumWidth(240)
        self.session_box.setPlaceholderText(tr("Choose a session to write its note"))
        self.session_box.setAccessibleName(tr("Session"))
        self.session_box.activated.connect(self._chosen)
        session_label = QLabel(tr("S&ession:"))
        session_label.setBuddy(self.session_box)
        # On one line with room; wrapped, not wider than the page, at 150 % text in a 1280 px window.
        self.save_label = WrapLabel(tr("Drafts save themselves as you type"))
        self.save_label.setObjectName("viewSubtitle")
        self.save_label.setAccessibleName(tr("Save state"))
        picker_row.addWidget(self.picker)
        picker_row.addSpacing(12)
        picker_row.addWidget(session_label)
        picker_row.addWidget(self.session_box, 1)
        picker_row.addSpacing(12)
        picker_row.addWidget(self.save_label)
        layout.addLayout(picker_row)

        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)  # a group's name may be 120 characters: never wider than the page
        self.details = QLabel()
        self.details.setObjectName("viewSubtitle")
        self.details.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.details)
        family_row = QHBoxLayout()
        self.family = QLabel()
        self.family.setWordWrap(True)
        self.family_button = QPushButton(tr("Who came…"))
        family_row.addWidget(self.family, 1)
        family_row.addWidget(self.family_button)
        layout.addLayout(family_row)
        self.read_only_box = QWidget()
        read_only_row = QHBoxLayout(self.read_only_box)
        read_only_row.setContentsMargins(0, 0, 0, 0)
        self.read_only_label = QLabel(tr("Read-only: opened from the search. Nothing here can change."))
        self.read_only_label.setObjectName("notice")
        self.write_button = QPushButton(tr("Open this session for &writing"))
        read_only_row.addWidget(self.read_only_label, 1)
        read_only_row.addWidget(self.write_button)
        layout.addWidget(self.read_only_box)

    # --- which session --------------------------------------------------------------------
    def show_sessions(self, found: list[SessionInfo], prefer: UUID | None) -> None:
        """List a day's sessions, ``prefer`` chosen (none when it is not among them)."""
        self.session_box.blockSignals(True)
        self.sessions.set_rows(found)
        self.session_box.setCurrentIndex(self.sessions.row_of_id(prefer) if prefer is not None else -1)
        self.session_box.blockSignals(False)

    def _chosen(self, index: int) -> None:
        session = self.sessions.row_at(self.sessions.index(index, 0))
        if session is not None:
            self.session_chosen.emit(session.id)

    def show_day(self, day: dt.date) -> None:
        """Show a day without reporting it as chosen (a note was opened some other way)."""
        self.picker.blockSignals(True)
        self.picker.set_day(day)
        self.picker.blockSignals(False)

    # --- what is open ---------------------------------------------------------------------
    def show_none(self) -> None:
        self.heading.setText(tr("No note open"))
        self.details.setText("")
        self.family.hide()
        self.family_button.hide()
        self.read_only_box.hide()

    def show_note(self, view: GroupNoteView, read_only: bool) -> None:
        h = view.header
        self.heading.setText(tr("{title} — {day}").format(title=h.title, day=long_date_text(h.date)))
        self.details.setText(facts(view, read_only))
        family = h.kind == "family"
        people = ", ".join(f"{p.name} ({p.relationship})" for p in view.family_present)
        self.family.setText(tr("Family present: {people}").format(people=people or tr("nobody listed yet")))
        self.family.setVisible(family)
        self.family_button.setVisible(family and not read_only)
        self.read_only_box.setVisible(read_only)
