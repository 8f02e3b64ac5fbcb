"""Today's measures: the open safety alerts and the instruments due, for the signed-in person's
caseload (iopdesk.domain.overviews.measures_today). Enter on an alert opens its follow-up form;
Enter on a due instrument opens the form to give it.

Self-contained: ``attach(view, actor)`` puts the two lists into the Today view (before its key hint),
or binds the ones the view was made with before anyone signed in, and keeps them fresh when the day
changes or the screen is shown again. A role that does not see measures gets none.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QModelIndex, QObject
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from iopdesk.domain.kernel import clock, permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.overviews.measures_today import measures_today
from iopdesk.ui.kit.or_empty import OrEmpty
from iopdesk.ui.kit.tables import fit_columns, make_table
from iopdesk.ui.views.measures import models

# The dialogs a row opens (ui/views/measures/alert_dialogs.py, give_dialog.py) load on the first
# activation, not with Today: the window loads them in the background once it is up (build_ahead).


class MeasuresLists(QWidget):
    """The two lists. Made without anyone signed in (the Today page made while the person types
    their password holds one: ui/first_uses.py), they read nothing until ``bind`` gives them who acts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor: Actor | None = None
        self.hidden_since_read = False  # the Today view was hidden after the lists were read
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.alerts_title = QLabel()
        self.alerts_title.setObjectName("sectionTitle")
        layout.addWidget(self.alerts_title)
        self.alerts = models.alerts_model(self._today, self)
        self.alert_table = make_table(
            self.alerts, self.tr("Safety alerts open"), row_height=32, fixed_rows=True
        )
        fit_columns(self.alert_table, stretch=2)
        self.alert_table.activated.connect(self._alert_activated)
        self.alerts_area = OrEmpty(self.alert_table)
        layout.addWidget(self.alerts_area)
        self.due_title = QLabel()
        self.due_title.setObjectName("sectionTitle")
        layout.addWidget(self.due_title)
        self.due = models.due_model(self)
        self.due_table = make_table(self.due, self.tr("Instruments due"), row_height=32, fixed_rows=True)
        fit_columns(self.due_table, stretch=1)
        self.due_table.activated.connect(self._due_activated)
        self.due_area = OrEmpty(self.due_table)
        layout.addWidget(self.due_area)

    def bind(self, actor: Actor) -> None:
        self.actor = actor

    def _today(self) -> dt.date:
        return clock.site_today(self.actor.site_id if self.actor is not None else None)

    def reload(self, day: object = None) -> None:
        if self.actor is None:
            return
        self.hidden_since_read = False
        today = self._today()
        try:
            found = measures_today(self.actor, today)
        except DomainError as exc:
            self.alerts_title.setText(str(exc))
            return
        self.alerts.set_rows(found.alerts)
        self.due.set_rows(found.due)
        self.alerts_title.setText(self.tr("Safety alerts open ({n})").format(n=len(found.alerts)))
        self.alerts_area.show_content(
            bool(found.alerts), self.tr("No safety alert is open for your clients.")
        )
        overdue = sum(1 for d in found.due if d.overdue)
        self.due_title.setText(
            self.tr("Instruments due ({n}, {late} overdue)").format(n=len(found.due), late=overdue)
        )
        self.due_area.show_content(bool(found.due), self.tr("No instrument is due for your clients."))
        # As tall as their rows (a few at most, then they scroll): no empty band between the lists.
        self.alerts_area.setMaximumHeight(38 + 32 * max(1, min(len(found.alerts), 4)))
        self.due_area.setMaximumHeight(38 + 32 * max(1, min(len(found.due), 5)))

    def _alert_activated(self, index: QModelIndex) -> None:
        alert = self.alerts.row_at(index)
        if alert is not None and self.actor is not None:
            from iopdesk.ui.views.measures.alert_dialogs import record_follow_up

            dialog = record_follow_up(self, self.actor, alert.id)
            if dialog is not None:
                dialog.followed_up.connect(lambda _a: self.reload())

    def _due_activated(self, index: QModelIndex) -> None:
        item = self.due.row_at(index)
        if (
            item is not None
            and self.actor is not None
            and permissions.can(self.actor, permissions.MEASURE_RECORD, client_id=item.client_id)
        ):
            from iopdesk.ui.views.measures.give_dialog import give_instrument

            dialog = give_instrument(
                self, self.actor, item.client_id, item.instrument, client_name=item.client_name
            )
            dialog.given.connect(lambda _g: self.reload())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # Shown again after being hidden: fresh lists. Not on the first showing: they were just read
        # (reading them twice cost Today's first appearance 40 ms).
        if event.type() == QEvent.Type.Hide:
            self.hidden_since_read = True
        elif event.type() == QEvent.Type.Show and self.hidden_since_read:
            self.reload()
        return False


def attach(view: QWidget, actor: Actor) -> MeasuresLists | None:
    """Add the lists to the Today view (before its last widget, the key hint), or bind the ones it
    was made with; None, and no lists, for a role that does not see measures."""
    made = view.findChild(MeasuresLists)
    if not permissions.can(actor, permissions.MEASURE_READ):
        if made is not None:
            made.setParent(None)  # out of the view at once (findChild), then gone
            made.deleteLater()
        return None
    lists = made
    if lists is None:
        lists = MeasuresLists(view)
        add_to(view, lists)
    lists.bind(actor)
    picker = getattr(view, "picker", None)
    if picker is not None:
        picker.day_changed.connect(lists.reload)
    view.installEventFilter(lists)  # shown again: fresh lists
    lists.reload()
    return lists


def add_to(view: QWidget, lists: MeasuresLists) -> None:
    """Put ``lists`` in the Today view, before its last widget (the key hint)."""
    layout = view.layout()
    assert isinstance(layout, QVBoxLayout)
    layout.insertWidget(max(layout.count() - 1, 0), lists)
