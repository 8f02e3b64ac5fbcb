"""The Audit view's layout: filters on top, the entries below, and the chain check and export.

Layout only: no domain calls, and it does not know its controller. ``AuditController``
asks the domain and fills the table.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from iopdesk.domain.overviews.audit_trail import AuditEntry
from iopdesk.ui.kit.day_picker import date_format
from iopdesk.ui.kit.feedback import FeedbackLine
from iopdesk.ui.kit.flow import FlowLayout
from iopdesk.ui.kit.or_empty import OrEmpty
from iopdesk.ui.kit.rows import RowsModel
from iopdesk.ui.kit.screen import View
from iopdesk.ui.kit.tables import make_table, sorting_proxy


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(date_format())
    edit.setAccessibleName(name)
    edit.setMinimumWidth(150)
    return edit


def _note(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


class AuditView(View):
    title = "Audit trail"
    icon_name = "audit"

    def __init__(self) -> None:
        super().__init__()
        self.title = self.tr("Audit trail")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 14, 18, 10)
        outer.setSpacing(6)
        heading = QLabel(self.title)
        heading.setObjectName("viewTitle")
        subtitle = QLabel(
            self.tr(
                "Who viewed, changed, signed, printed or exported what, and when. "
                "Looking here is recorded too."
            )
        )
        subtitle.setObjectName("viewSubtitle")
        subtitle.setWordWrap(True)
        outer.addWidget(heading)
        outer.addWidget(subtitle)

        # The filters in two rows that go on to another line (large text, a narrow window) rather
        # than widen the page; each label stays with its field.
        first = FlowLayout()
        first.setSpacing(6)
        self.client_label = QLabel()
        self.client_label.setMinimumWidth(120)
        self.client_button = QPushButton(self.tr("Choose &client…"))
        self.clear_client_button = QPushButton(self.tr("All clients"))
        self.clear_client_button.setToolTip(self.tr("Show every client's entries again"))
        self.staff_combo = QComboBox()
        self.staff_combo.setAccessibleName(self.tr("Staff member"))
        self.staff_combo.setMinimumWidth(200)
        self.action_combo = QComboBox()
        self.action_combo.setAccessibleName(self.tr("Action"))
        first.addWidget(QLabel(self.tr("Client:")))
        first.addWidget(self.client_label)
        first.addWidget(self.client_button)
        first.addWidget(self.clear_client_button)
        first.addSpacing(16)
        staff_label = QLabel(self.tr("&Staff:"))
        staff_label.setBuddy(self.staff_combo)
        action_label = QLabel(self.tr("Ac&tion:"))
        action_label.setBuddy(self.action_combo)
        first.addWidget(staff_label)
        first.addWidget(self.staff_combo)
        first.addSpacing(16)
        first.addWidget(action_label)
        first.addWidget(self.action_combo)
        first.addStretch(1)
        outer.addLayout(first)

        second = FlowLayout()
        second.setSpacing(6)
        self.start_edit = _date_edit(self.tr("From"))
        self.end_edit = _date_edit(self.tr("To"))
        from_label = QLabel(self.tr("Fro&m:"))
        from_label.setBuddy(self.start_edit)
        to_label = QLabel(self.tr("T&o:"))
        to_label.setBuddy(self.end_edit)
        self.refresh_button = QPushButton(self.tr("Refresh (F5)"))
        self.refresh_button.setShortcut(QKeySequence("F5"))  # each letter of "Refresh" is another's Alt key
        self.verify_button = QPushButton(self.tr("Verif&y chain"))
        self.verify_button.setToolTip(
            self.tr(
                "Re-check every entry's fingerprint: shows whether any entry was "
                "changed, removed or reordered."
            )
        )
        self.export_button = QPushButton(self.tr("&Export CSV…"))
        for widget in (from_label, self.start_edit, to_label, self.end_edit, self.refresh_button):
            second.addWidget(widget)
        second.addStretch(1)
        second.addWidget(self.verify_button)
        second.addWidget(self.export_button)
        outer.addLayout(second)

        self.verify_label = FeedbackLine()  # the chain check's verdict; an export's file
        self.error_label = _note("formError")
        self.count_label = QLabel()
        self.count_label.setObjectName("viewSubtitle")
        outer.addWidget(self.verify_label)
        outer.addWidget(self.error_label)
        outer.addWidget(self.count_label)

        self.model: RowsModel[AuditEntry] = RowsModel([], lambda e: e.seq, self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = make_table(self.proxy, self.tr("Audit entries"))
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.list = OrEmpty(self.table)
        outer.addWidget(self.list, 1)

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
