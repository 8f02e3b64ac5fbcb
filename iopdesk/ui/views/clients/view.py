"""The Clients screen's layout: search and list on the left, the client's page on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from iopdesk.domain.clients.clients import search_clients
from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.kit.client_picker import ClientPicker
from iopdesk.ui.kit.screen import View
from iopdesk.ui.views.clients.panel import ClientPanel


class ClientsView(View):
    title = "Clients"
    icon_name = "clients"

    client_changed = Signal(object)
    """A client was added or edited here (or a keep-apart note changed); carries the client id."""

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
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
        self.picker = ClientPicker(
            lambda text: search_clients(actor, text, include_discharged=not self.hide_discharged.isChecked())
        )
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
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
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

        from iopdesk.ui.views.clients.controller import ClientsController

        self.controller = ClientsController(self, actor)

    def activated(self) -> None:
        self.controller.refresh()
        self.picker.search_edit.setFocus()
        self.picker.search_edit.selectAll()
