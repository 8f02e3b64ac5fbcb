"""What a locked window shows: whose session it is, a password field, and "Switch user".

Nothing about any client: the views underneath are hidden, not just covered.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from iopdesk.ui.icons import icon
from iopdesk.ui.kit.actions import EnterPresses
from iopdesk.ui.kit.fields import heading, password_edit, tr


class LockScreen(QFrame):
    unlock_requested = Signal(str)
    """The person typed a password and asked to unlock; carries the password."""
    switch_requested = Signal()
    """Someone else wants to sign in (this session ends; its drafts are saved)."""

    def __init__(self, who: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        row = QHBoxLayout()
        row.addStretch(1)
        card = QFrame()
        card.setObjectName("lockCard")
        card.setMaximumWidth(480)
        column = QVBoxLayout(card)
        column.setContentsMargins(28, 24, 28, 22)
        column.setSpacing(10)
        picture = QLabel()
        picture.setPixmap(icon("app").pixmap(QSize(48, 48)))
        picture.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(picture)
        title = heading(tr("IOPdesk is locked"))
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(title)
        self.who_label = heading(who, "sectionTitle")
        self.who_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.who_label)
        self.when_label = heading("", "viewSubtitle")
        self.when_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.when_label)
        self.password = password_edit(tr("Password"))
        self.password.setPlaceholderText(tr("Your password"))
        self.password.returnPressed.connect(self._unlock)
        column.addWidget(self.password)
        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        column.addWidget(self.error_label)
        self.info_label = QLabel()  # "Unlocking…" while the password is checked
        self.info_label.setObjectName("notice")
        self.info_label.hide()
        column.addWidget(self.info_label)
        buttons = QHBoxLayout()
        self.switch_button = QPushButton(tr("Switch user…"))
        self.switch_button.setToolTip(tr("Sign in as someone else; this session's drafts stay saved."))
        self.switch_button.clicked.connect(self.switch_requested)
        self.unlock_button = QPushButton(tr("Unlock"))
        self.unlock_button.setObjectName("primary")
        self.unlock_button.clicked.connect(self._unlock)
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        column.addLayout(buttons)
        # The password, then Unlock, then Switch user: Tab and Enter after the password unlock, as
        # Enter in it does (not Switch user, first in the row). Not in a dialog, a button takes
        # only Space by itself: Enter on the one Tab reached presses it too.
        QWidget.setTabOrder(self.password, self.unlock_button)
        QWidget.setTabOrder(self.unlock_button, self.switch_button)
        EnterPresses(self.unlock_button, self.switch_button)
        row.addWidget(card, 1)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(3)
        self.setFocusProxy(self.password)

    def reset(self, when: str) -> None:
        self.when_label.setText(when)
        self.password.clear()
        self.error_label.hide()
        self.waiting(False)

    def waiting(self, waiting: bool) -> None:
        """While the password is checked (off the GUI thread): the field keeps what was typed and
        takes no more, the buttons wait, and the screen says why."""
        self.password.setReadOnly(waiting)
        self.unlock_button.setEnabled(not waiting)
        self.switch_button.setEnabled(not waiting)
        if waiting:
            self.error_label.hide()
            self.info_label.setText(tr("Unlocking…"))
            self.info_label.show()
        else:
            self.info_label.hide()

    def refuse(self, message: str) -> None:
        self.password.clear()
        self.error_label.setText(message)
        self.error_label.show()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def shown_error(self) -> str:
        return "" if self.error_label.isHidden() else self.error_label.text()

    def _unlock(self) -> None:
        self.unlock_requested.emit(self.password.text())
