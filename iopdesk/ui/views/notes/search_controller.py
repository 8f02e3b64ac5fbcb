"""What the notes search does: fill its filters, find notes by their words, report what it found.

The controller owns the SearchPanel (layout only). Enter in the words or the
client box searches; the client box takes a name or a chart number.
"""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import QObject, Signal

from iopdesk.domain import notes
from iopdesk.domain.clients import chart_numbers, clients
from iopdesk.domain.clinic import staff
from iopdesk.domain.groups import groups
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.ui.views.notes.models import plural, tr
from iopdesk.ui.views.notes.search_panel import SearchPanel

LIMIT = 100
CLINICAL = ("supervisor", "counselor", "administrator")


class SearchController(QObject):
    searched = Signal(int)
    """A search finished; carries how many notes were found."""

    def __init__(self, view: SearchPanel, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.actor = actor
        self._filters_loaded = False
        view.search_button.clicked.connect(self.search)
        for widget in (view.text, view.client):
            widget.returnPressed.connect(self.search)

    def load_filters(self) -> None:
        v = self.view
        if self._filters_loaded:
            return
        self._filters_loaded = True
        v.group.addItem(tr("any group"), None)
        try:
            for g in groups.list_groups(self.actor, include_finished=True):
                v.group.addItem(g.name, g.id)
            v.author.addItem(tr("anyone"), None)
            for s in staff.list_staff(self.actor, include_inactive=True):
                if s.role in CLINICAL:
                    v.author.addItem(s.display_name, s.id)
        except DomainError as exc:
            v.show_message(str(exc))

    def _client_id(self) -> tuple[UUID | None, str | None]:
        typed = self.view.client.text().strip()
        if not typed:
            return None, None
        found = clients.search_clients(self.actor, typed, limit=20)
        chart = chart_numbers.normalize_chart(typed)
        exact = [c for c in found if c.chart_number == chart]
        if exact:
            return exact[0].id, None
        if len(found) == 1:
            return found[0].id, None
        if not found:
            return None, tr("No client matches “{text}”.").format(text=typed)
        return None, tr("{n} clients match “{text}”: type more of the name, or the chart number.").format(
            n=len(found), text=typed
        )

    def search(self) -> None:
        v = self.view
        client_id, problem = self._client_id()
        if problem:
            v.show_message(problem)
            v.client.setFocus()
            return
        try:
            hits = notes.search_notes(
                self.actor,
                v.text.text(),
                client_id=client_id,
                group_id=v.group.currentData(),
                author_id=v.author.currentData(),
                start=v.day(v.start),
                end=v.day(v.end),
                limit=LIMIT,
            )
        except DomainError as exc:
            v.show_message(str(exc))
            v.text.setFocus()
            return
        v.show_message("")
        v.model.set_rows(hits)
        v.area.show_content(
            bool(hits),
            tr("No note holds all of these words. Check the spelling, or use fewer words or filters."),
        )
        if len(hits) >= LIMIT:
            v.summary.setText(
                tr(
                    "The {n} best matches, newest first · add words or a filter to narrow · "
                    "Enter opens one read-only"
                ).format(n=len(hits))
            )
        else:
            v.summary.setText(
                plural(
                    len(hits),
                    tr("1 note found · Enter opens it read-only"),
                    tr("{n} notes found · newest first · Enter opens one read-only"),
                )
            )
        if hits:
            v.table.setCurrentIndex(v.model.index(0, 0))
        self.searched.emit(len(hits))
