"""A plan review: the progress on each objective of the plan in force, a summary, what happens next.

One line per objective, under its goal: the progress (carried over from the last review) and a
comment; Tab goes down the lines, a letter picks the progress ("a" achieved). Enter or Ctrl+S
saves the draft, Ctrl+Enter signs it (the password then); Escape closes, saving first what was
changed, so nothing typed is lost. The date the next review falls due is shown as the date is typed.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain.care import reviews
from iopdesk.domain.care.plans import IN_FORCE, PlanVersionView
from iopdesk.domain.care.reviews import ObjectiveProgress, ReviewView
from iopdesk.domain.care.sealing import EDITABLE
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.ui.kit.actions import EnterPresses
from iopdesk.ui.kit.date_field import DateField
from iopdesk.ui.kit.feedback import FeedbackLine
from iopdesk.ui.kit.formatting import date_text
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.kit.screen_fit import first_size
from iopdesk.ui.views.chart.plan_sign import SignDialog
from iopdesk.ui.views.chart.plan_tree import plural, tr
from iopdesk.ui.views.chart.plan_work import PlanWork, attempt


class ObjectiveLine:
    """The widgets of one objective's progress."""

    def __init__(self, item: ObjectiveProgress, before: str) -> None:
        self.objective_id = item.objective_id
        self.progress = QComboBox()
        for key, label in vocab.OBJECTIVE_PROGRESS.items():
            self.progress.addItem(tr(label), key)
        found = self.progress.findData(item.progress or "not_started")
        self.progress.setCurrentIndex(max(found, 0))
        self.progress.setAccessibleName(tr("Progress on: {objective}").format(objective=item.objective_text))
        self.comment = QLineEdit(item.note)
        self.comment.setMaxLength(500)
        self.comment.setPlaceholderText(tr("What shows it (optional)"))
        self.comment.setAccessibleName(tr("Comment on: {objective}").format(objective=item.objective_text))
        target = tr("target {day}").format(day=date_text(item.target_date)) if item.target_date else ""
        state = tr(vocab.OBJECTIVE_PROGRESS.get(before, before))
        last = tr("last review: {state}").format(state=state) if before else ""
        self.label = QLabel(item.objective_text)
        self.label.setWordWrap(True)
        self.label.setBuddy(self.progress)
        self.hint = QLabel(" · ".join(p for p in (target, last) if p))
        self.hint.setObjectName("viewSubtitle")

    def value(self) -> tuple[str, str]:
        return str(self.progress.currentData()), self.comment.text()


class PlanReviewDialog(QDialog):
    def __init__(
        self, parent: QWidget, actor: Actor, client_id: UUID, prompts: Prompts | None = None
    ) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.work = PlanWork(actor, client_id)
        self.prompts = prompts or Prompts()
        self.lines: list[ObjectiveLine] = []
        self.dirty = False
        self.leaving_unsaved = False
        problem = self.work.load()
        section = self.work.section
        self.plan: PlanVersionView | None = section.in_force if section is not None else None
        self.review: ReviewView | None = next(
            (r for r in reversed(self.work.plan_reviews()) if r.status in EDITABLE), None
        )
        previous = next((r for r in reversed(self.work.plan_reviews()) if r.status in IN_FORCE), None)
        self.before = {p.objective_id: p.progress for p in previous.progress} if previous else {}
        self.setWindowTitle(tr("Plan review"))  # the heading names the client (kit/about.py)
        self._build()
        if problem:
            self.feedback.problem(problem)
        elif self.plan is None:
            self.feedback.problem(
                tr("The client has no signed treatment plan in force, so there is nothing to review.")
            )
        elif self.review is not None and self.review.author_id != actor.staff_id:
            self.feedback.problem(
                tr("{name} is writing this review; only they can change or sign it.").format(
                    name=self.review.author_name
                )
            )
        self._set_read_only(not self.writable())
        self.dirty = False

    def writable(self) -> bool:
        review = self.review
        return (
            self.plan is not None
            and self.work.may_write()
            and (
                review is None or (review.author_id == self.work.actor.staff_id and review.status in EDITABLE)
            )
        )

    # --- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        first_size(self, 980, 740)
        layout = QVBoxLayout(self)
        heading = QLabel(tr("Plan review — {name}").format(name=self.work.client_name or tr("client")))
        heading.setObjectName("viewTitle")
        layout.addWidget(heading)
        self.subtitle = QLabel(self._plan_text())
        self.subtitle.setObjectName("viewSubtitle")
        self.subtitle.setWordWrap(True)
        layout.addWidget(self.subtitle)
        self.feedback = FeedbackLine()
        layout.addWidget(self.feedback)

        body = QWidget()
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        today = self.work.today()
        self.date = DateField(today, required=True)
        self.date.set_date(self.review.reviewed_on if self.review else today)
        self.date.setMaximumWidth(320)
        form.addRow(tr("Review &date:"), self.date)
        self.next_due = QLabel()
        self.next_due.setObjectName("viewSubtitle")
        form.addRow("", self.next_due)
        self._objective_rows(form)
        self.summary = QPlainTextEdit(self.review.summary if self.review else "")
        self.summary.setTabChangesFocus(True)
        self.summary.setPlaceholderText(
            tr("How the client is doing overall, in a few sentences (needed to sign)")
        )
        self.summary.setFixedHeight(96)  # the outcome stays in sight under it
        self.outcome = QComboBox()
        for key, label in vocab.REVIEW_OUTCOMES.items():
            self.outcome.addItem(tr(label), key)
        self.outcome.setCurrentIndex(
            max(0, self.outcome.findData(self.review.outcome if self.review else "continue"))
        )
        self.took_part = QCheckBox(tr("The client took &part in the review"))
        self.took_part.setChecked(self.review.client_participated if self.review else True)
        form.addRow(tr("&Summary:"), self.summary)
        form.addRow(tr("&Outcome:"), self.outcome)
        form.addRow("", self.took_part)
        scroll = QScrollArea()
        scroll.setAccessibleName(tr("Progress on each objective"))
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(scroll, 1)

        row = QHBoxLayout()
        self.keys = QLabel(
            tr("Tab next · a letter picks the progress · Enter or Ctrl+S save · Ctrl+Enter sign · Esc close")
        )
        self.keys.setObjectName("viewSubtitle")
        row.addWidget(self.keys, 1)
        self.sign_button = QPushButton(tr("Sign review…"))
        self.sign_button.setToolTip(tr("Sign review (Ctrl+Enter)"))
        self.save_button = QPushButton(tr("Save"))
        self.save_button.setObjectName("primary")
        self.save_button.setToolTip(tr("Save the draft (Enter, Ctrl+S)"))
        self.close_button = QPushButton(tr("Close"))
        self.close_button.setToolTip(tr("Close (Esc): what was changed is saved first"))
        for button in (self.sign_button, self.save_button, self.close_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        EnterPresses(self.sign_button, self.save_button, self.close_button)  # the one Tab reached
        layout.addLayout(row)
        self.save_button.setDefault(True)
        self.sign_button.clicked.connect(self.sign)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        for keys, slot in (("Ctrl+S", self.save), ("Ctrl+Return", self.sign), ("Ctrl+Enter", self.sign)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.date.date_edited.connect(self._date_edited)
        for signal in [self.summary.textChanged, self.outcome.currentIndexChanged, self.took_part.toggled] + [
            s for x in self.lines for s in (x.progress.currentIndexChanged, x.comment.textChanged)
        ]:
            signal.connect(self._changed)
        self._show_next_due()
        first = self.lines[0].progress if self.lines else self.summary
        first.setFocus()

    def _objective_rows(self, form: QFormLayout) -> None:
        progress = self.review.progress if self.review is not None else self._fresh_progress()
        goal = None
        for item in progress:
            if item.goal_id != goal:
                goal = item.goal_id
                title = QLabel(tr("Goal: {text}").format(text=item.goal_text))
                title.setObjectName("sectionTitle")
                title.setWordWrap(True)
                form.addRow(title)
            line = ObjectiveLine(item, self.before.get(item.objective_id, ""))
            holder = QWidget()
            block = QVBoxLayout(holder)
            block.setContentsMargins(12, 0, 0, 6)
            block.setSpacing(2)
            block.addWidget(line.label)
            block.addWidget(line.hint)
            fields = QHBoxLayout()
            fields.addWidget(line.progress)
            fields.addWidget(line.comment, 1)
            block.addLayout(fields)
            form.addRow(holder)
            self.lines.append(line)

    def _fresh_progress(self) -> list[ObjectiveProgress]:
        if self.plan is None:
            return []
        return [
            ObjectiveProgress(
                o.id, g.id, g.text, o.text, o.target_date, self.before.get(o.id, "not_started"), ""
            )
            for g, o in self.plan.content.objectives()
        ]

    def _plan_text(self) -> str:
        plan, section = self.plan, self.work.section
        if plan is None or section is None:
            return ""
        text = tr("Version {n} of the plan, signed {day}.").format(
            n=plan.number, day=date_text(plan.signed_on)
        )
        if section.last_reviewed_on is not None:
            text += " " + tr("Last reviewed {day}.").format(day=date_text(section.last_reviewed_on))
        else:
            text += " " + tr("Not reviewed yet.")
        if section.next_review_due is not None:
            text += " " + tr("This review is due {day}").format(day=date_text(section.next_review_due))
            overdue = section.days_overdue or 0
            text += (
                (" " + plural(overdue, tr("(1 day overdue)."), tr("({n} days overdue).")))
                if overdue > 0
                else "."
            )
        return text

    def _set_read_only(self, read_only: bool) -> None:
        self.date.edit.setReadOnly(read_only)
        self.summary.setReadOnly(read_only)
        for line in self.lines:
            line.comment.setReadOnly(read_only)
        for widget in [self.outcome, self.took_part] + [x.progress for x in self.lines]:
            widget.setEnabled(not read_only)
        self.sign_button.setVisible(not read_only)
        self.save_button.setVisible(not read_only)
        self.close_button.setDefault(read_only)
        if read_only:
            self.close_button.setFocus()

    # --- changes -----------------------------------------------------------------------------
    def _changed(self) -> None:
        self.dirty = True
        self.leaving_unsaved = False

    def _date_edited(self) -> None:
        self._changed()
        self._show_next_due()

    def _show_next_due(self) -> None:
        plan = self.plan
        try:
            day = self.date.date_or_none()
        except ValueError:
            day = None
        if plan is None or day is None or plan.signed_on is None:
            self.next_due.setText("")
            return
        due = max(day, plan.signed_on) + dt.timedelta(days=plan.review_days)
        self.next_due.setText(tr("Once signed, the next review is due {day}.").format(day=date_text(due)))

    def save(self) -> bool:
        """Store the draft (starting it if need be); False when it could not be stored (said why)."""
        if not self.writable():
            return True
        plan = self.plan
        assert plan is not None
        try:
            day = self.date.value("reviewed_on", tr("The review date"))
        except DomainError as exc:
            self.feedback.problem(str(exc))
            self.date.setFocus()
            return False
        if self.review is None:
            started, problem = self.work.start_review(plan.id, day)
            if started is None:
                self.feedback.problem(problem or "")
                return False
            self.review = started
        review = self.review
        saved, problem = attempt(
            lambda: reviews.save_review(
                self.work.actor,
                review.id,
                progress={x.objective_id: x.value() for x in self.lines},
                summary=self.summary.toPlainText(),
                outcome=str(self.outcome.currentData()),
                client_participated=self.took_part.isChecked(),
                reviewed_on=day if day != review.reviewed_on else None,
                expected_version=review.version,
            )
        )
        if saved is None:
            self.feedback.problem(problem or "")
            return False
        self.review = saved
        self.dirty = False
        self.feedback.done(tr("Saved as a draft. Sign it when it is complete."))
        return True

    def sign(self) -> None:
        if not self.writable() or not self.save():
            return
        if not self.summary.toPlainText().strip():
            self.summary.setFocus()
            self.feedback.problem(tr("Not signed yet: write the review's summary first."))
            return
        review = self.review
        assert review is not None and self.plan is not None

        def submit(password: str | None, _agreed: bool, _how: str) -> str | None:
            refused = self.work.confirm_identity(password)
            if refused:
                return refused
            current = self.review
            assert current is not None
            signed, refused = attempt(
                lambda: reviews.sign_review(
                    self.work.actor, current.id, True, expected_version=current.version
                )
            )
            if signed is None:
                return refused or ""
            self.review = signed
            return None

        dialog = SignDialog(
            self,
            title=tr("Sign the plan review"),
            statement=tr("I, {name}, sign the review of {client}'s treatment plan dated {day}.").format(
                name=self.work.signer, client=self.work.client_name, day=date_text(review.reviewed_on)
            ),
            meaning=tr("Once signed, the review can never change."),
            ask_password=self.work.needs_password(),
            submit=submit,
        )
        if not self.prompts.run(dialog):
            self.feedback.problem(tr("Not signed: the signing was cancelled. The review is still a draft."))
            return
        self._after_signing()

    def _after_signing(self) -> None:
        review, plan = self.review, self.plan
        assert review is not None and plan is not None
        due = max(review.reviewed_on, plan.signed_on or review.reviewed_on) + dt.timedelta(
            days=plan.review_days
        )
        waiting = review.status == "pending_cosign"
        text = tr("Signed; it waits for your supervisor's co-signature.") if waiting else tr("Signed.")
        self.feedback.done(text + " " + tr("The next review is due {day}.").format(day=date_text(due)))
        self._set_read_only(True)

    # --- closing -----------------------------------------------------------------------------
    def reject(self) -> None:
        """Escape and Close: what was changed is saved first; a refusal keeps the dialog open once."""
        if self.dirty and self.writable() and not self.leaving_unsaved and not self.save():
            self.leaving_unsaved = True
            self.feedback.problem(
                self.feedback.message() + " " + tr("Press Esc again to close without these changes.")
            )
            return
        super().reject()
