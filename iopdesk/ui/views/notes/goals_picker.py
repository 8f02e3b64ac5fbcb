"""A member's part: "Goals addressed", ticked from the client's treatment plan in force.

Under the part's fields, one line per goal of the plan (its text and, in quotes, the client's own
words; the problem in the tooltip). The arrows move, Space ticks or unticks a goal, and each tick
is stored at once through the domain (iopdesk.domain.care.note_goals), so nothing ticked waits to
be saved. The part's typed text is stored first (``OpenNote.flush``), and the version the tick
leaves the note at is handed back to the autosave (``OpenNote.versions``), so the next save of the
text is no conflict. A signed part shows its goals ticked, unchangeable.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QVBoxLayout, QWidget

from iopdesk.domain.care import note_goals
from iopdesk.domain.care.note_goals import GoalChoice, NoteGoals
from iopdesk.domain.kernel import permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError, StoreError
from iopdesk.domain.notes import NoteView
from iopdesk.ui.kit.check_list import CheckListModel
from iopdesk.ui.views.notes.models import plural, tr
from iopdesk.ui.views.notes.open_note import OpenNote
from iopdesk.ui.views.notes.part_fields import PartFields

Index = QModelIndex | QPersistentModelIndex
ROW_HEIGHT = 26


def goal_label(choice: GoalChoice) -> str:
    if choice.client_words:
        return tr("{goal} — “{words}”").format(goal=choice.text, words=choice.client_words)
    return choice.text


class GoalsModel(CheckListModel):
    """The plan's goals with check boxes; a tick by the person is reported, not just stored."""

    ticked = Signal(object, bool)
    """The person ticked (True) or unticked a goal; carries the goal's id."""

    def __init__(self, choices: tuple[GoalChoice, ...], *, locked: bool, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__([(c.goal_id, goal_label(c)) for c in choices], parent)
        self.choices = choices
        self.locked = locked
        self.checked = {c.goal_id for c in choices if c.chosen}

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.row() < len(self.choices):
            return tr("Problem: {problem}").format(problem=self.choices[index.row()].problem)
        return super().data(index, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags & ~Qt.ItemFlag.ItemIsUserCheckable if self.locked else flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if self.locked or not super().setData(index, value, role):
            return False
        key = self.items[index.row()][0]
        self.ticked.emit(key, key in self.checked)
        return True


class GoalsPicker(QWidget):
    goals_saved = Signal(object)
    """The goals this part addressed were stored; carries the NoteGoals read back."""

    def __init__(self, actor: Actor, open_note: OpenNote, goals: NoteGoals, *, editable: bool) -> None:
        super().__init__()
        self.actor = actor
        self.open_note = open_note
        self.goals = goals
        locked = goals.locked or not editable
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(2)
        self.title = QLabel(tr("Goals addressed (treatment plan, version {n})").format(n=goals.plan_number)
                            if goals.plan_number else tr("Goals addressed"))  # fmt: skip
        self.title.setObjectName("fieldLabel")
        self.title.setWordWrap(True)  # never wider than the part beside the list (large text)
        layout.addWidget(self.title)
        self.model = GoalsModel(goals.choices, locked=locked, parent=self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName(tr("Goals addressed"))
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setUniformItemSizes(True)
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setFixedHeight(ROW_HEIGHT * len(goals.choices) + 2 * self.list.frameWidth() + 4)
        self.title.setBuddy(self.list)
        layout.addWidget(self.list)
        self.list.setVisible(bool(goals.choices))
        self.hint = QLabel()
        self.hint.setObjectName("viewSubtitle")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.message = QLabel()
        self.message.setObjectName("alertBadge")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self._show_hint(locked)
        if goals.choices:
            self.list.setCurrentIndex(self.model.index(0))
        self.model.ticked.connect(self._ticked)

    def _show_hint(self, locked: bool) -> None:
        goals = self.goals
        lines = [goals.message] if goals.message else []
        if goals.choices and not locked:
            lines.append(tr("Space ticks the goals this session addressed; each tick is saved at once."))
        if goals.chosen_elsewhere:
            lines.append(
                plural(
                    len(goals.chosen_elsewhere),
                    tr("Also addressed: 1 goal no longer in the plan in force (kept)."),
                    tr("Also addressed: {n} goals no longer in the plan in force (kept)."),
                )
            )
        self.hint.setText("\n".join(lines))
        self.hint.setVisible(bool(lines))

    def chosen(self) -> list[UUID]:
        return list(self.model.checked_ids())

    def _ticked(self, _goal_id: UUID, _checked: bool) -> None:
        """Store the ticks now: the part's text first (so the versions follow), then the goals."""
        note_id = self.goals.note_id
        wanted = self.chosen() + list(self.goals.chosen_elsewhere)
        problem = None
        if not self.open_note.flush():
            problem = tr(
                "The part's text could not be saved (see above), so the goals were not saved either."
            )
        else:
            try:
                saved = note_goals.set_goals_addressed(
                    self.actor, note_id, wanted, expected_version=self.open_note.versions.get(note_id)
                )
            except DomainError as exc:
                problem = str(exc)
            else:
                self.open_note.versions[note_id] = saved.version
                self.goals = saved
                self.message.hide()
                self.goals_saved.emit(saved)
                return
        # Refused: the ticks go back to what is stored, and the person is told why.
        self.model.set_checked(c.goal_id for c in self.goals.choices if c.chosen)
        self.message.setText(problem)
        self.message.show()


def attach(
    actor: Actor, open_note: OpenNote, note: NoteView, part: PartFields, *, editable: bool
) -> GoalsPicker | None:
    """A picker for a client's part, placed under its fields (None: the shared part, or the chart
    is out of the actor's reach)."""
    if note.is_shared or note.client_id is None:
        return None
    try:
        if not permissions.can(actor, permissions.CARE_READ, client_id=note.client_id):
            return None
        goals = note_goals.goals_for_note(actor, note.id)
    except (DomainError, StoreError):
        # No picker this time (the database busy or failing): the part's text stays editable, and
        # the picker comes back the next time the part is shown.
        return None
    picker = GoalsPicker(actor, open_note, goals, editable=editable)
    part.add_below_fields(picker)
    return picker
