"""Recording that two clients should not share a group: whom, why, and a comment."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from iopdesk.domain.clients.clients import search_clients
from iopdesk.domain.enrollment.keep_apart import KeepApartInfo, add_keep_apart
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.ui.kit.client_picker import ClientPicker
from iopdesk.ui.kit.form_dialog import FormDialog
from iopdesk.ui.kit.screen_fit import first_size


class KeepApartDialog(FormDialog):
    def __init__(self, parent: QWidget, actor: Actor, client_id: UUID, client_name: str) -> None:
        super().__init__(parent, self.tr("Keep apart"))
        self.actor = actor
        self.client_id = client_id
        first_size(self, 560, 520)
        intro = QLabel(
            self.tr(
                "{name} should not share a group with the client chosen below. IOPdesk warns "
                "before enrolling them together; it does not forbid it."
            ).format(name=client_name)
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.picker = ClientPicker(lambda text: [c for c in search_clients(actor, text) if c.id != client_id])
        self.picker.setMinimumHeight(220)
        self.add_field(self.tr("&Other client:"), self.picker, "other_client_id")
        self.reason = QComboBox()
        for key, label in vocab.KEEP_APART_REASONS.items():
            self.reason.addItem(self.tr(label), key)
        self.add_field(self.tr("&Reason:"), self.reason, "reason")
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(self.tr("Optional: what the team should know"))
        self.add_field(self.tr("&Comment:"), self.comment, "comment")
        self.finish_layout(self.tr("Keep apart"))
        self.submit = self.save
        self.picker.client_chosen.connect(lambda _client: self.reason.setFocus())
        self.picker.search_now()

    def save(self) -> KeepApartInfo:
        other = self.picker.current()
        if other is None:
            raise ValidationError(self.tr("Choose the other client."), field="other_client_id")
        return add_keep_apart(
            self.actor, self.client_id, other.id, str(self.reason.currentData()), self.comment.text()
        )
