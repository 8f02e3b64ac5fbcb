"""Choose the one client whose audit entries to show."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from iopdesk.domain.clients.clients import ClientSummary, search_clients
from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.kit.client_picker import ClientPicker


class ClientFilterDialog(QDialog):
    def __init__(self, parent: QWidget, actor: Actor) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Show one client's entries"))
        self.setMinimumSize(560, 420)
        self.chosen: ClientSummary | None = None
        layout = QVBoxLayout(self)
        self.picker = ClientPicker(lambda text: search_clients(actor, text, limit=50))
        layout.addWidget(self.picker, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Show this client"))
        self.ok_button.setObjectName("primary")
        buttons.accepted.connect(self.choose)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.picker.client_chosen.connect(lambda _client: self.choose())
        self.picker.setFocus()

    def choose(self) -> None:
        self.chosen = self.picker.current()
        if self.chosen is not None:
            self.accept()
