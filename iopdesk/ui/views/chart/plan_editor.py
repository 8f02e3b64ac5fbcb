"""The treatment-plan editor: one client's plan as a tree, written and signed from the keyboard.

The versions of the plan are in a list at the top (the one being written first, else the one in
force); a draft of one's own is edited in place, every change stored at once (nothing typed is
ever waiting to be saved), a signed version is shown read-only with "New version" to change it.
Under the tree: the chosen item in full and, for a goal, the notes that addressed it.

The layout and what is shown are here; the keys' work is ``plan_actions.PlanActions``.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain.care.note_goals import GoalNoteRef
from iopdesk.domain.care.plan_content import Goal, Intervention, Objective, PlanContent, Problem
from iopdesk.domain.care.plans import PlanVersionView
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.ui.kit.actions import EnterPresses
from iopdesk.ui.kit.feedback import FeedbackLine
from iopdesk.ui.kit.formatting import date_text
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.kit.rows import Column, RowsModel
from iopdesk.ui.kit.screen_fit import first_size
from iopdesk.ui.kit.tables import make_table
from iopdesk.ui.views.chart.plan_actions import PlanActions
from iopdesk.ui.views.chart.plan_tree import (
    DETAIL_COLUMN,
    ITEM_COLUMN,
    NOTES_COLUMN,
    PlanTreeModel,
    plural,
    tr,
)
from iopdesk.ui.views.chart.plan_work import PlanWork


def note_columns() -> list[Column[GoalNoteRef]]:
    return [
        Column(tr("Date"), lambda n: date_text(n.date), sort=lambda n: n.date),
        Column(tr("Session"), lambda n: n.session_title),
        Column(tr("Written by"), lambda n: n.author_name),
        Column(tr("Status"), lambda n: tr(n.status_label)),
    ]


def version_label(view: PlanVersionView) -> str:
    text = tr("Version {n} · {status}").format(n=view.number, status=tr(view.status_label))
    if view.in_force:
        text += " · " + tr("in force")
    return text


class PlanEditorDialog(QDialog):
    def __init__(
        self, parent: QWidget, actor: Actor, client_id: UUID, prompts: Prompts | None = None
    ) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.work = PlanWork(actor, client_id)
        self.prompts = prompts or Prompts()
        self.shown: PlanVersionView | None = None
        self._build()
        self.ops = PlanActions(self)
        self._buttons()
        problem = self.work.load()
        self.setWindowTitle(tr("Treatment plan"))  # the heading names the client (kit/about.py)
        self.heading.setText(tr("Treatment plan — {name}").format(name=self.work.client_name or tr("client")))
        self.refresh(self._default_version())
        if problem:
            self.say(problem)
        self.tree.setFocus()

    # --- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        first_size(self, 1140, 740)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("viewTitle")
        layout.addWidget(self.heading)
        top = QHBoxLayout()
        self.version_box = QComboBox()
        self.version_box.setAccessibleName(tr("Version of the plan"))
        self.version_box.setMinimumWidth(260)
        label = QLabel(tr("&Version:"))
        label.setBuddy(self.version_box)
        top.addWidget(label)
        top.addWidget(self.version_box)
        self.status = QLabel()
        self.status.setObjectName("viewSubtitle")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(self.status, 1)
        layout.addLayout(top)
        self.feedback = FeedbackLine()
        layout.addWidget(self.feedback)

        self.model = PlanTreeModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName(tr("The plan: problems, goals, objectives and interventions"))
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setExpandsOnDoubleClick(False)  # a double-click edits, as Enter does
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(ITEM_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(DETAIL_COLUMN, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NOTES_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(DETAIL_COLUMN, 320)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)

        lower = QWidget()
        column = QVBoxLayout(lower)
        column.setContentsMargins(0, 4, 0, 0)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.detail)
        self.notes_title = QLabel()
        self.notes_title.setObjectName("sectionTitle")
        column.addWidget(self.notes_title)
        self.notes = RowsModel(note_columns(), lambda n: n.note_id, self)
        self.notes_table = make_table(
            self.notes, tr("Notes that addressed the goal"), stretch=1, row_height=28
        )
        column.addWidget(self.notes_table, 1)
        column.addStretch(0)  # the lines stay together at the top while there is no table
        for label in (self.detail, self.notes_title):
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([self.height() * 11 // 20, self.height() * 9 // 20])  # a goal's notes in sight
        layout.addWidget(splitter, 1)
        self.button_row = QHBoxLayout()
        layout.addLayout(self.button_row)
        self.keys = QLabel()
        self.keys.setObjectName("viewSubtitle")
        self.keys.setWordWrap(True)
        layout.addWidget(self.keys)
        self.version_box.activated.connect(self._version_chosen)

    def _buttons(self) -> None:
        a = self.ops
        row = self.button_row
        for button in (
            a.add_button,
            a.add_beside_button,
            a.edit_button,
            a.delete_button,
            a.up_button,
            a.down_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        for button in (a.return_button, a.cosign_button, a.review_button, a.new_button, a.sign_button):
            row.addWidget(button)
        self.close_button = QPushButton(tr("Close"))
        self.close_button.setToolTip(tr("Close (Esc): every change is already saved"))
        self.close_button.clicked.connect(self.reject)
        self.close_button.setAutoDefault(False)
        EnterPresses(self.close_button)  # Enter on Close, once Tab reached it, closes
        row.addWidget(self.close_button)

    # --- what is shown ---------------------------------------------------------------------
    def as_parent(self) -> QWidget:
        return self

    def say(self, text: str, *, done: bool = False) -> None:
        if done:
            self.feedback.done(text)
        else:
            self.feedback.problem(text)

    def _default_version(self) -> UUID | None:
        section = self.work.section
        if section is None:
            return None
        chosen = section.working or section.in_force or (section.versions[-1] if section.versions else None)
        return chosen.id if chosen is not None else None

    def refresh(self, plan_id: UUID | None, select: UUID | None = None) -> None:
        """Show version ``plan_id`` as last read (None: none), the item ``select`` chosen."""
        versions = self.work.versions()
        self.version_box.blockSignals(True)
        self.version_box.clear()
        for view in reversed(versions):
            self.version_box.addItem(version_label(view), view.id)
        self.version_box.setEnabled(len(versions) > 1)
        self.version_box.blockSignals(False)
        self.show_version(self.work.version(plan_id), select)

    def show_version(self, view: PlanVersionView | None, select: UUID | None = None) -> None:
        self.shown = view
        if view is not None:
            self.version_box.setCurrentIndex(max(0, self.version_box.findData(view.id)))
        section = self.work.section
        keep = select or self._current_id()
        self.model.set_content(
            view.content if view else PlanContent(), section.notes_by_goal if section else {}
        )
        self.tree.expandAll()
        self.status.setText(self._status_text(view))
        index = self.model.index_of(keep) if keep is not None else QModelIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        self.tree.setCurrentIndex(index)
        self._current_changed(index)
        self.ops.update()

    def show_content(self, view: PlanVersionView, select: UUID | None) -> None:
        """A draft just saved: the same version, its new content, the item ``select`` chosen."""
        self.shown = view
        self.model.set_content(view.content)
        self.tree.expandAll()
        index = self.model.index_of(select) if select is not None else QModelIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        self.tree.setCurrentIndex(index)
        self._current_changed(index)
        self.ops.update()

    def _current_id(self) -> UUID | None:
        item = self.model.item_at(self.tree.currentIndex())
        return item.id if item is not None else None

    def _version_chosen(self, row: int) -> None:
        self.feedback.clear()
        self.show_version(self.work.version(self.version_box.itemData(row)))

    def _status_text(self, view: PlanVersionView | None) -> str:
        w = self.work
        if view is None:
            if w.header is not None and (
                w.header.episode_number is None or w.header.discharged_on is not None
            ):
                return tr("The client is not admitted: a treatment plan belongs to an admission.")
            return tr("No treatment plan yet.")
        parts = []
        if view.editable:
            parts.append(tr("Draft by {name}; not signed yet.").format(name=view.author_name))
            if view.status == "returned" and view.return_comment:
                parts.append(tr("Returned for changes: {comment}").format(comment=view.return_comment))
            if not w.editable(view):
                parts.append(tr("Only its author can change it."))
        else:
            parts.append(
                tr("Signed by {name} on {day}.").format(
                    name=view.signed_by_name or view.author_name, day=date_text(view.signed_on)
                )
            )
            if view.cosigned_by_name:
                parts.append(tr("Co-signed by {name}.").format(name=view.cosigned_by_name))
            if view.status == "pending_cosign":
                parts.append(tr("Waiting for a supervisor's co-signature."))
            agreed = tr("The client agreed") if view.client_agreed else tr("The client did not agree")
            parts.append(f"{agreed}: {view.client_agreement}")
        section = w.section
        if view.in_force and section is not None and section.next_review_due is not None:
            text = tr("Next review due {day}").format(day=date_text(section.next_review_due))
            if section.days_overdue is not None and section.days_overdue > 0:
                text += " " + plural(section.days_overdue, tr("(1 day overdue)"), tr("({n} days overdue)"))
            parts.append(text + ".")
        if view.status == "superseded":
            parts.append(tr("A newer version has been signed; this one is kept as it was."))
        return " ".join(parts)

    def _current_changed(self, index: QModelIndex, _previous: QModelIndex | None = None) -> None:
        item = self.model.item_at(index)
        self.detail.setText(
            self._detail_text(item, index.row() + 1) if item is not None else self._empty_text()
        )
        goal = self.model.goal_of(index)
        notes: Sequence[GoalNoteRef] = self.model.notes_of(goal)
        self.notes.set_rows(list(reversed(notes)))  # the latest first
        self.notes_table.setVisible(goal is not None)
        if goal is None:
            self.notes_title.setText(tr("Choose a goal to see the notes that addressed it."))
        else:
            self.notes_title.setText(
                plural(
                    len(notes),
                    tr("Notes that addressed this goal (1)"),
                    tr("Notes that addressed this goal ({n}), the latest first"),
                )
                if notes
                else tr("No note has addressed this goal yet.")
            )
        self.ops.update()

    def _empty_text(self) -> str:
        if self.ops.may_add():
            return tr("The plan is empty. Press Insert to add its first problem.")
        if self.shown is None and self.work.may_start():
            return tr("Press Ctrl+Shift+V (New version) to start writing the plan.")
        return ""

    def _detail_text(self, item: object, number: int) -> str:
        if isinstance(item, Problem):
            return tr("Problem {n}: {text}").format(n=number, text=item.text)
        if isinstance(item, Goal):
            text = tr("Goal {n}: {text}").format(n=number, text=item.text)
            if item.client_words:
                text += "\n" + tr("In the client's words: “{words}”").format(words=item.client_words)
            return text
        if isinstance(item, Objective):
            target = date_text(item.target_date) if item.target_date else tr("none yet")
            return tr("Objective {n}: {text}\nTarget date: {day}").format(
                n=number, text=item.text, day=target
            )
        if isinstance(item, Intervention):
            kind = vocab.PLAN_SERVICES.get(item.service, item.service)
            text = " · ".join(
                p for p in (item.service_label or kind, item.frequency, item.responsible_name) if p
            )
            return text + (f"\n{item.detail}" if item.detail else "")
        return ""
