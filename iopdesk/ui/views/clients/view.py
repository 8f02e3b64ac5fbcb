"""The Clients screen's layout: search and list on the left, the client's page on the right.

Layout only: no domain calls, and it does not know its controller (``ClientsController``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from iopdesk.ui.kit.client_picker import ClientPicker
from iopdesk.ui.kit.feedback import FeedbackLine
from iopdesk.ui.kit.screen import View
from iopdesk.ui.views.clients.panel import ClientPanel


class ClientsView(View):
    title = "Clients"
    icon_name = "clients"

    def __init__(self) -> None:
        super().__init__()
        self.title = self.tr("Clients")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 14, 18, 10)
        outer.setSpacing(6)
        heading = QLabel(self.title)
        heading.setObjectName("viewTitle")
        subtitle = QLabel(self.tr("Find a client by name, preferred name or chart number."))
        subtitle.setObjectName("viewSubtitle")
        outer.addWidget(heading)
        outer.addWidget(subtitle)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.hide_discharged = QCheckBox(self.tr("Hide discharged clients"))
        self.picker = ClientPicker()  # the controller gives it the clinic's search
        self.picker.table.setAccessibleName(self.tr("Clients found"))
        self.count_label = QLabel()
        self.count_label.setObjectName("viewSubtitle")
        left_layout.addWidget(self.picker, 1)
        left_layout.addWidget(self.count_label)
        left_layout.addWidget(self.hide_discharged)
        self.list_buttons = QHBoxLayout()
        left_layout.addLayout(self.list_buttons)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(12, 0, 0, 0)
        self.notice = FeedbackLine()  # what an action did, or why it did not
        self.panel = ClientPanel()
        self.page_buttons = QHBoxLayout()
        right_layout.addWidget(self.notice)
        right_layout.addWidget(self.panel, 1)
        right_layout.addLayout(self.page_buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([470, 600])
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter, 1)
