"""Choose the one client whose audit entries to show.

Enter in the search (or on the list) picks the client found; a search that
finds no one, or the button pressed with no one chosen, says so in a line
above the buttons, and the dialog stays open with the search as typed.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from iopdesk.domain.clients.clients import ClientSummary, search_clients
from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.kit.client_picker import ClientPicker
from iopdesk.ui.kit.screen_fit import least_size


class ClientFilterDialog(QDialog):
    def __init__(self, parent: QWidget, actor: Actor) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Show one client's entries"))
        least_size(self, 560, 420)
        self.chosen: ClientSummary | None = None
        layout = QVBoxLayout(self)
        self.picker = ClientPicker(lambda text: search_clients(actor, text, limit=50))
        layout.addWidget(self.picker, 1)
        self.message = QLabel()
        self.message.setObjectName("notice")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
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
        self.picker.results_shown.connect(self._results_shown)
        self.picker.setFocus()

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _results_shown(self, count: int) -> None:
        text = self.picker.search_edit.text().strip()
        if count == 0 and text:
            self.say(
                self.tr("No client matches “{text}”. Try part of the name or the chart number.").format(
                    text=text
                )
            )
        else:
            self.say("")

    def choose(self) -> None:
        self.chosen = self.picker.current()
        if self.chosen is None:
            if not self.message.isVisible():
                self.say(self.tr("Choose a client first: type part of a name or the chart number."))
            self.picker.setFocus()
            return
        self.accept()
