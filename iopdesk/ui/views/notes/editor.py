"""The note editor's layout: one session's note, its shared part written once and one part per member.

The list on the left holds the shared part, then each member with their
attendance (members without a part read greyed: "absent — no note"; parts of
members no longer attending stay, marked so); the chosen part's fields are on
the right, in a stack of PartFields the controller builds as parts are shown.

Layout only: no domain calls, and it does not know its controller
(``EditorController`` opens notes, builds the parts and runs the buttons).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QMenu,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain.notes import NoteView
from iopdesk.ui.kit.feedback import FeedbackLine
from iopdesk.ui.kit.flow import FlowLayout
from iopdesk.ui.kit.or_empty import OrEmpty
from iopdesk.ui.kit.tables import make_table
from iopdesk.ui.kit.unsaved import UnsavedBanner
from iopdesk.ui.views.notes.editor_keys import KEYS, button
from iopdesk.ui.views.notes.header import NoteHeader
from iopdesk.ui.views.notes.models import tr
from iopdesk.ui.views.notes.part_fields import PartFields
from iopdesk.ui.views.notes.parts_model import NAME_COLUMN, STATE_COLUMN, PartRow, parts_model

SHORTCUTS = ("save", "next", "previous", "snippet", "copy", "check", "sign", "sign_all", "addendum")


class NoteEditor(QWidget):
    def __init__(self, today: Callable[[], dt.date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parts: dict[str, PartFields] = {}  # the parts shown so far, by row key
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)

        self.header = NoteHeader(today)
        self.header.picker.install_shortcuts(self)  # Alt+Left / Alt+Right / Ctrl+T while the editor shows
        self.save_label = self.header.save_label
        self.read_only_box = self.header.read_only_box
        layout.addWidget(self.header)
        self.banner = UnsavedBanner()  # typed text the database has not taken yet, and why
        layout.addWidget(self.banner)
        self.message = FeedbackLine()  # what just happened, or what stopped it
        layout.addWidget(self.message)

        self.model = parts_model(self)
        # Names and attendance always show in full (two "Sam R."s must not read "Sa…"); only the
        # state column gives way, and its tooltip says it all.
        self.table = make_table(self.model, tr("Parts of the note"), stretch=STATE_COLUMN)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.model.modelReset.connect(self._fit_list)
        self._fit_list()
        self.stack = QStackedWidget()
        self.no_part = QLabel()
        self.no_part.setObjectName("emptyState")
        self.no_part.setWordWrap(True)
        self.no_part.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.stack.addWidget(self.no_part)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([380, 900])
        self.splitter.setChildrenCollapsible(False)
        self.area = OrEmpty(self.splitter)
        layout.addWidget(self.area, 1)

        self.snippet_menu = QMenu(self)
        layout.addLayout(self._buttons())
        self.keys = QLabel()
        self.keys.setObjectName("viewSubtitle")
        self.keys.setWordWrap(True)
        layout.addWidget(self.keys)
        self.shortcuts = {name: self._shortcut(KEYS[name]) for name in SHORTCUTS}
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.stack)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self._back_to_list)

    def _buttons(self) -> FlowLayout:
        self.snippet_button = QToolButton()
        self.snippet_button.setText(tr("Insert snippet"))
        self.snippet_button.setToolTip(tr("Insert snippet ({keys})").format(keys=KEYS["snippet"]))
        self.snippet_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.snippet_button.setMenu(self.snippet_menu)
        self.copy_button = button(tr("Start from my last note"), KEYS["copy"])
        self.copy_button.setToolTip(
            tr(
                "Fills the empty fields from your last note for this client, marked "
                "“[Copied from …]” until you have read and edited them."
            )
        )
        self.check_button = button(tr("Check names"), KEYS["check"])
        self.sign_button = button(tr("Sign this part"), KEYS["sign"])
        self.sign_all_button = button(tr("Sign all parts"), KEYS["sign_all"], primary=True)
        self.addendum_button = button(tr("Add addendum…"), KEYS["addendum"])
        self.return_button = button(tr("Return with comment…"))
        self.cosign_button = button(tr("Co-sign this part"))
        self.cosign_all_button = button(tr("Co-sign all waiting parts"), primary=True)
        # Onto a second line rather than wider than the page (large text, a co-signer's buttons).
        row = FlowLayout()
        row.addWidget(self.snippet_button)
        row.addWidget(self.copy_button)
        row.addStretch(1)
        for widget in (
            self.addendum_button,
            self.return_button,
            self.cosign_button,
            self.cosign_all_button,
            self.check_button,
            self.sign_button,
            self.sign_all_button,
        ):
            row.addWidget(widget)
        return row

    def _fit_list(self) -> None:
        """The list is never narrower than its names, its attendance and a readable state."""
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        fixed = sum(header.sectionSize(c) for c in range(NAME_COLUMN, STATE_COLUMN))
        state_room = self.table.fontMetrics().horizontalAdvance(tr("Written · 2 required empty")) + 16
        frame = 2 * self.table.frameWidth() + self.table.verticalScrollBar().sizeHint().width()
        self.table.setMinimumWidth(max(330, fixed + state_room + frame))

    def _shortcut(self, keys: str) -> QShortcut:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # only while the editor is on screen
        return shortcut

    def _back_to_list(self) -> None:
        if self.table.isVisible():
            self.table.setFocus()

    # --- what is chosen ----------------------------------------------------------------
    def current_row(self) -> PartRow | None:
        return self.model.row_at(self.table.currentIndex())

    def current_note(self) -> NoteView | None:
        row = self.current_row()
        return row.note if row is not None else None

    def current_part(self) -> PartFields | None:
        row = self.current_row()
        return self.parts.get(row.key) if row is not None else None

    def show_message(self, text: str) -> None:
        """A problem, or a warning ("" clears the line)."""
        self.message.problem(text)

    def show_done(self, text: str) -> None:
        """Something asked for has happened ("Signed 8 parts.")."""
        self.message.done(text)
