"""The clinic's first start: name it, its first site and time zone, and the first administrator.

The dialog hands its values to ``accounts.first_run_setup``; a refused value
is shown under its field. On success it holds the signed-in administrator and
the recovery key, which the caller shows once (RecoveryKeyDialog) and drops.
"""

from __future__ import annotations

from PySide6.QtCore import QTimeZone
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit, QWidget

from iopdesk.domain.access.accounts import first_run_setup
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.ui.kit.fields import heading, password_edit, rule_label, tr
from iopdesk.ui.kit.form_dialog import FormDialog
from iopdesk.ui.kit.screen_fit import least_size

# The zones most US programs need; any other IANA name can be typed.
US_ZONES = (
    ("America/New_York", "Eastern"),
    ("America/Chicago", "Central"),
    ("America/Denver", "Mountain"),
    ("America/Phoenix", "Arizona, no daylight saving"),
    ("America/Los_Angeles", "Pacific"),
    ("America/Anchorage", "Alaska"),
    ("Pacific/Honolulu", "Hawaii"),
    ("America/Puerto_Rico", "Atlantic, Puerto Rico"),
    ("America/Indiana/Indianapolis", "Eastern, most of Indiana"),
    ("America/Detroit", "Eastern, Michigan"),
    ("America/Boise", "Mountain, southern Idaho"),
)


class TimeZoneBox(QComboBox):
    """Common US zones by their everyday names, or any IANA name typed in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for zone, label in US_ZONES:
            self.addItem(f"{zone} — {tr(label)}", zone)
        # bytes(): the stubs allow data() to be a memoryview, which has no decode()
        system = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace")
        index = self.findData(system)
        self.setCurrentIndex(max(index, 0))
        editor = self.lineEdit()
        if editor is not None:  # always, since the box is editable
            editor.setPlaceholderText(tr("for example America/New_York"))

    def zone(self) -> str:
        text = self.currentText().strip()
        index = self.currentIndex()
        if index >= 0 and text == self.itemText(index):
            return str(self.itemData(index))
        return text


class FirstRunDialog(FormDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, tr("Welcome to IOPdesk"))  # type: ignore[arg-type]
        self.actor: Actor | None = None
        self.recovery_key = ""
        least_size(self, 560)
        self.outer.insertWidget(0, heading(tr("Set up your clinic")))
        self.outer.insertWidget(
            1,
            heading(
                tr(
                    "This database is new. Name the clinic and its first site, then create the "
                    "administrator account. Other staff accounts are added afterwards "
                    "(File → Staff accounts…). The clinic's records are kept encrypted on this "
                    "computer: only a staff password, or the recovery key shown next, opens them."
                ),
                "viewSubtitle",
            ),
        )
        self.clinic = QLineEdit()
        self.clinic.setMaxLength(120)
        self.add_field(tr("&Clinic name:"), self.clinic, "clinic_name")
        self.site = QLineEdit()
        self.site.setMaxLength(120)
        self.site.setPlaceholderText(tr("for example Main Street"))
        self.add_field(tr("First &site:"), self.site, "site_name")
        self.zone = TimeZoneBox()
        self.add_field(tr("Site's &time zone:"), self.zone, "timezone")
        self.form.addRow("", heading(tr("Administrator"), "sectionTitle"))
        self.username = QLineEdit()
        self.username.setMaxLength(64)
        self.username.setPlaceholderText(tr("for example jrivera"))
        self.add_field(tr("&User name:"), self.username, "username")
        self.display_name = QLineEdit()
        self.display_name.setMaxLength(120)
        self.add_field(tr("Your &name:"), self.display_name, "display_name")
        self.password = password_edit(tr("Password"))
        self.add_field(tr("&Password:"), self.password, "password")
        self.again = password_edit(tr("Password again"))
        self.add_field(tr("Password &again:"), self.again, "password_again")
        self.form.addRow("", rule_label())
        self.finish_layout(tr("Set up the clinic"))
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(tr("Quit"))
        self.submit = self.save
        self.clinic.setFocus()

    def save(self) -> Actor:
        if self.password.text() != self.again.text():
            raise ValidationError(tr("The two passwords differ; type the same one twice."), "password_again")
        self.actor, self.recovery_key = first_run_setup(
            self.clinic.text(),
            self.site.text(),
            self.zone.zone(),
            self.username.text(),
            self.display_name.text(),
            self.password.text(),
        )
        self.password.clear()
        self.again.clear()
        return self.actor

    def take_recovery_key(self) -> str:
        """The key, handed over once: the dialog forgets it."""
        key, self.recovery_key = self.recovery_key, ""
        return key
