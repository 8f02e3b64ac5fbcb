"""Export roster (CSV): one group's members and wait list, or every client with their current groups."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from iopdesk.domain.groups.groups import list_groups
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.kernel.records import site_today
from iopdesk.domain.roster_files.export import export_roster
from iopdesk.ui.kit.files import write_private
from iopdesk.ui.kit.form_dialog import FormDialog
from iopdesk.ui.kit.prompts import Prompts

# UTF-8 with a byte-order mark: Excel then reads accented names correctly.
ENCODING = "utf-8-sig"


def suggested_name(group_name: str | None, today: dt.date) -> str:
    stem = re.sub(r"[^\w\- ]+", "", group_name or "").strip() or "All clients"
    return f"Roster {stem} {today.isoformat()}.csv"


def write_export(actor: Actor, group_name: str | None, path: str) -> None:
    text = export_roster(actor, group_name)  # its disclosure is committed as it is made
    write_private(path, text.encode(ENCODING))  # whole or not at all, readable by its owner only


class RosterExportDialog(FormDialog):
    def __init__(self, parent: QWidget, actor: Actor, prompts: Prompts) -> None:
        super().__init__(parent, self.tr("Export roster (CSV)"))
        self.actor = actor
        self.prompts = prompts
        self.saved_path = ""
        self.group = QComboBox()
        self.group.addItem(self.tr("Every client, with their current groups"), "")
        for group in list_groups(actor, include_finished=True):
            self.group.addItem(
                group.name if group.active else self.tr("{name} (finished)").format(name=group.name),
                group.name,
            )
        self.add_field(self.tr("&Export:"), self.group, "group")
        note = QLabel(
            self.tr(
                "This file names clients in substance-use treatment. Keep it inside the program; "
                "sharing it outside needs the client's consent and the 42 CFR Part 2 notice."
            )
        )
        note.setWordWrap(True)
        note.setObjectName("viewSubtitle")
        self.form.addRow(note)
        self.finish_layout(self.tr("Save CSV…"))
        self.submit = self.save
        self.group.setFocus()

    def save(self) -> str | None:
        group_name = str(self.group.currentData() or "") or None
        path = self.prompts.save_file(
            self,
            self.tr("Save roster"),
            suggested_name(group_name, site_today(self.actor)),
            self.tr("CSV files (*.csv)"),
        )
        if not path:
            return None
        if not path.lower().endswith(".csv"):
            path += ".csv"
        try:
            write_export(self.actor, group_name, path)
        except OSError as exc:
            raise DomainError(
                self.tr("The file could not be saved: {reason}").format(reason=exc.strerror or exc)
            ) from None
        self.saved_path = path
        return path
