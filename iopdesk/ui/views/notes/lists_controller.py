"""What the notes screen's two work lists do: read my unsigned notes, and the co-sign queue.

Each controller owns its panel (lists.py, layout only) and reads its list
afresh when the tab is shown (``reload``).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject

from iopdesk.domain import notes
from iopdesk.domain.kernel import clock, permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.ui.views.notes.lists import CosignPanel, UnsignedPanel
from iopdesk.ui.views.notes.models import group_queue, group_unsigned, plural, tr


def _now() -> dt.datetime:
    return clock.utcnow()  # the program's one clock (tests stop it)


class UnsignedList(QObject):
    def __init__(self, view: UnsignedPanel, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.actor = actor

    def reload(self) -> None:
        v = self.view
        v.now = _now()
        try:
            items = notes.my_unsigned_notes(self.actor, v.now)
            v.show_message("")
        except DomainError as exc:
            v.set_rows([], str(exc))
            v.summary.setText("")
            return
        rows = group_unsigned(items)
        overdue = sum(1 for r in rows if r.overdue)
        v.summary.setText(
            plural(len(rows), tr("1 session with unsigned work"), tr("{n} sessions with unsigned work"))
            + (" · " + plural(overdue, tr("1 overdue"), tr("{n} overdue")) if overdue else "")
            + " · "
            + tr("oldest first · Enter opens")
        )
        v.set_rows(rows, tr("Nothing waiting: every note of yours is signed. Well done."))


class CosignList(QObject):
    def __init__(self, view: CosignPanel, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.actor = actor
        self.supervisor = permissions.can(actor, permissions.NOTE_COSIGN)
        view.everyone.toggled.connect(lambda _on: self.reload())
        view.everyone.setVisible(self.supervisor)

    def reload(self) -> None:
        v = self.view
        v.now = _now()
        if not self.supervisor:
            v.summary.setText("")
            v.set_rows(
                [],
                tr(
                    "Co-signing is for supervisors. When your own notes need a co-signature, "
                    "they wait here for "
                    "your supervisor; a note returned with a comment comes back to “My unsigned notes”."
                ),
            )
            return
        try:
            items = notes.cosign_queue(self.actor, everyone=v.everyone.isChecked())
            v.show_message("")
        except DomainError as exc:
            v.set_rows([], str(exc))
            return
        rows = group_queue(items)
        v.summary.setText(
            plural(len(items), tr("1 part waiting"), tr("{n} parts waiting"))
            + " · "
            + plural(len(rows), tr("1 session"), tr("{n} sessions"))
            + " · "
            + tr("oldest first · Enter opens to read, then co-sign or return")
        )
        v.set_rows(rows, tr("Nothing waits for your co-signature."))
