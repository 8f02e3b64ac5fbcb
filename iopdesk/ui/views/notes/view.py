"""The Notes screen's layout: my unsigned notes, the note editor, the co-sign queue and search, as tabs.

Layout only: no domain calls, and it does not know its controller
(``NotesController``). Someone who may not read notes gets a calm sentence
in place of the tabs (``readable`` False).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout

from iopdesk.ui.kit.screen import View
from iopdesk.ui.views.notes.editor import NoteEditor
from iopdesk.ui.views.notes.lists import CosignPanel, UnsignedPanel
from iopdesk.ui.views.notes.search_panel import SearchPanel

PRINT_KEYS = "Ctrl+P"
FIND_KEYS = "Ctrl+F"


class NotesView(View):
    icon_name = "notes"

    def __init__(self, today: Callable[[], dt.date], *, readable: bool) -> None:
        super().__init__()
        self.title = self.tr("Notes")
        self.readable = readable
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        top = QHBoxLayout()
        heading = QLabel(self.title)
        heading.setObjectName("viewTitle")
        top.addWidget(heading, 1)
        self.snippets_button = QPushButton(self.tr("Sni&ppets…"))
        top.addWidget(self.snippets_button)
        self.formats_button = QPushButton(self.tr("Note for&mats…"))
        top.addWidget(self.formats_button)
        self.print_button = QPushButton(self.tr("Print client notes…  ({keys})").format(keys=PRINT_KEYS))
        top.addWidget(self.print_button)
        layout.addLayout(top)
        if not readable:
            self.refusal = QLabel()
            self.refusal.setObjectName("emptyState")
            self.refusal.setWordWrap(True)
            layout.addWidget(self.refusal)
            layout.addStretch(1)
            self.print_button.hide()
            return
        self.tabs = QTabWidget()
        self.unsigned = UnsignedPanel()
        self.editor = NoteEditor(today)
        self.cosign = CosignPanel()
        self.search = SearchPanel()
        self.tabs.addTab(self.unsigned, self.tr("My &unsigned notes"))
        self.tabs.addTab(self.editor, self.tr("&Note"))
        self.tabs.addTab(self.cosign, self.tr("C&o-sign queue"))
        self.tabs.addTab(self.search, self.tr("&Search"))
        layout.addWidget(self.tabs, 1)
        self.print_shortcut = self._shortcut(PRINT_KEYS)
        self.find_shortcut = self._shortcut(FIND_KEYS)

    def _shortcut(self, keys: str) -> QShortcut:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # only while this view is on screen
        return shortcut
