"""A group's attendance over time: the controller of the history grid (HistoryPanel).

It lists the groups (the actor's site first), and reads the chosen group's
grid for the chosen period whenever one of them changes.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from iopdesk.domain.attendance import history as attendance_history
from iopdesk.domain.groups import groups
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.ui.kit.day_picker import from_qdate
from iopdesk.ui.views.attendance.history import HistoryPanel


class HistoryController(QObject):
    def __init__(
        self, view: HistoryPanel, actor: Actor, parent: QObject | None = None, *, load: bool = True
    ) -> None:
        """``load=False``: read nothing yet (the Attendance screen reads the grid when its tab is
        first shown: most visits only take attendance)."""
        super().__init__(parent)
        self.view = view
        self.actor = actor
        self.loaded = False
        view.group_box.currentIndexChanged.connect(lambda _i: self.reload())
        view.from_edit.dateChanged.connect(lambda _d: self.reload())
        view.to_edit.dateChanged.connect(lambda _d: self.reload())
        if load:
            self.load_groups()

    def load_groups(self) -> None:
        v = self.view
        self.loaded = True
        keep = v.chosen_group()
        try:
            found = groups.list_groups(self.actor, include_finished=True)
        except DomainError as exc:
            found = []
            v.show_message(str(exc))
        found = [g for g in found if g.site_id == self.actor.site_id] or found
        v.group_box.blockSignals(True)
        v.groups.set_rows(found)
        index = v.groups.row_of_id(keep.id) if keep is not None else -1
        v.group_box.setCurrentIndex(index if index >= 0 else (0 if found else -1))
        v.group_box.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        v, tr = self.view, self.view.tr
        group = v.chosen_group()
        grid = None
        v.show_message("")
        if group is not None:
            try:
                grid = attendance_history.history_grid(
                    self.actor, group.id, from_qdate(v.from_edit.date()), from_qdate(v.to_edit.date())
                )
            except DomainError as exc:
                v.show_message(str(exc))
        v.model.set_grid(grid)
        v.fit_columns()
        has = grid is not None and bool(grid.rows) and bool(grid.columns)
        if group is None:
            empty = tr("There are no groups yet.")
        elif grid is not None and not grid.columns:
            empty = tr("{group} has no sessions in this period.").format(group=group.name)
        else:
            empty = tr("No one was on {group}'s roster in this period.").format(group=group.name)
        v.table_area.show_content(has, empty)
        if has and not v.table.currentIndex().isValid():
            # The latest session, with the totals in sight.
            v.table.setCurrentIndex(v.model.index(0, max(0, v.model.total_column() - 1)))
            v.table.scrollTo(v.model.index(0, v.model.total_column()))
