"""Intake screening: the clinic's suitability criteria answered with a note, the six ASAM dimensions
rated with a reason, the program's recommendation as the answers come in, and the clinician's own
choice, which needs a written reason when it differs. Saved as a draft, or signed like a note.

Keys: Tab walks answer → note → next answer; a letter or a digit picks in a list ("m" Met, "2"
moderate); Enter (Ctrl+Enter in the summary) saves the draft; Alt+S signs, after saying what is
still missing, before any password is asked for.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain.care import screening
from iopdesk.domain.care.screening import ScreeningView
from iopdesk.domain.care.suitability import CriterionAnswer, DimensionRating, recommend
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.kernel.records import site_today
from iopdesk.ui.kit.date_field import DateField
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.kit.screen_fit import first_size
from iopdesk.ui.kit.sections import section
from iopdesk.ui.kit.submit_dialog import SubmitDialog
from iopdesk.ui.views.chart.models import tr
from iopdesk.ui.views.chart.sign_dialog import sign_with_password

NOTE_MAX = 500


def _line(text: str, placeholder: str, name: str) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setMaxLength(NOTE_MAX)
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(name)
    return edit


def _wrapped(text: str) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(True)
    widget.setMinimumWidth(300)
    return widget


class ScreeningDialog(SubmitDialog):
    def __init__(
        self, parent: QWidget, actor: Actor, prompts: Prompts, view: ScreeningView, client_name: str
    ) -> None:
        super().__init__(parent, tr("Intake screening"), tr("Save draft"), min_width=960, about=client_name)
        self.actor = actor
        self.prompts = prompts
        self.view = view
        self.signed: ScreeningView | None = None
        first_size(self, 1000, 760)
        # The notice and the date stay on top, the recommendation below: only the answers scroll.
        top = QVBoxLayout()
        self.notice = QLabel(tr(view.notice))  # a screening is the clinic's policy, not a diagnosis
        self.notice.setObjectName("viewSubtitle")
        self.notice.setWordWrap(True)
        top.addWidget(self.notice)
        if view.status == "returned" and view.return_comment:
            returned = QLabel(tr("Returned for changes: {why}").format(why=view.return_comment))
            returned.setObjectName("alertBadge")
            returned.setWordWrap(True)
            top.addWidget(returned)
        self.date = DateField(site_today(actor), required=True)
        self.date.set_date(view.screened_on)
        dates = QGridLayout()
        caption = QLabel(tr("Screened o&n:"))
        caption.setBuddy(self.date.edit)
        dates.addWidget(caption, 0, 0, Qt.AlignmentFlag.AlignTop)
        dates.addWidget(self.date, 0, 1)
        dates.setColumnStretch(2, 1)
        top.addLayout(dates)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 8, 0)

        column.addWidget(section(tr("Suitability criteria (the clinic's policy)")))
        grid = QGridLayout()
        grid.setColumnStretch(2, 1)
        self.answers: dict[str, tuple[QComboBox, QLineEdit]] = {}
        order: list[QWidget] = [self.date.edit]
        for row, answer in enumerate(view.answers):
            combo = QComboBox()
            combo.addItem(tr("— not answered —"), "")
            for key, label in vocab.CRITERION_ANSWERS.items():
                combo.addItem(tr(label), key)
            combo.setCurrentIndex(max(combo.findData(answer.answer), 0))
            combo.setAccessibleName(answer.label)
            note = _line(
                answer.note, tr("A note: what it rests on"), tr("Note on: {c}").format(c=answer.label)
            )
            grid.addWidget(_wrapped(answer.label), row, 0)
            grid.addWidget(combo, row, 1)
            grid.addWidget(note, row, 2)
            self.answers[answer.key] = (combo, note)
            order += [combo, note]
            combo.currentIndexChanged.connect(lambda _i: self._recompute())
        column.addLayout(grid)

        column.addWidget(section(tr("ASAM dimensions (0 none … 4 severe)")))
        grid = QGridLayout()
        grid.setColumnStretch(2, 1)
        self.ratings: dict[str, tuple[QComboBox, QLineEdit]] = {}
        for row, rating in enumerate(view.ratings):
            combo = QComboBox()
            combo.addItem(tr("— not rated —"), None)
            for value, label in vocab.ASAM_RATINGS.items():
                combo.addItem(tr(label), value)
            if rating.rating is not None:
                combo.setCurrentIndex(combo.findData(rating.rating))
            combo.setAccessibleName(rating.label)
            reason = _line(rating.reason, tr("A short reason"), tr("Reason for: {d}").format(d=rating.label))
            grid.addWidget(_wrapped(tr(rating.label)), row, 0)
            grid.addWidget(combo, row, 1)
            grid.addWidget(reason, row, 2)
            self.ratings[rating.dimension] = (combo, reason)
            order += [combo, reason]
            combo.currentIndexChanged.connect(lambda _i: self._recompute())
        column.addLayout(grid)

        below = QVBoxLayout()
        self.computed = QLabel()
        self.computed.setWordWrap(True)
        self.computed.setObjectName("sectionTitle")
        below.addWidget(self.computed)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        self.choice = QComboBox()
        self.choice.setAccessibleName(tr("Recommendation settled on"))
        self.choice.addItem(tr("The program's recommendation"), "")
        for key, label in vocab.SCREENING_RECOMMENDATIONS.items():
            self.choice.addItem(tr(label), key)
        self.choice.setCurrentIndex(max(self.choice.findData(view.recommendation), 0))
        self.reason = _line(view.override_reason, tr("Required when it differs from the program's"), "")
        self.reason.setAccessibleName(tr("Why the recommendation differs"))
        self.summary = QPlainTextEdit(view.summary)
        self.summary.setTabChangesFocus(True)
        self.summary.setMaximumHeight(64)
        self.summary.setAccessibleName(tr("Summary"))
        self.summary.setPlaceholderText(tr("What the clinician concluded, in a few lines (optional)"))
        for row, (text, widget) in enumerate(
            (
                (tr("Settled &on:"), self.choice),
                (tr("&Why it differs:"), self.reason),
                (tr("S&ummary:"), self.summary),
            )
        ):
            caption = QLabel(text)
            caption.setBuddy(widget)
            grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(widget, row, 1)
        below.addLayout(grid)
        order += [self.choice, self.reason, self.summary]
        self.choice.currentIndexChanged.connect(lambda _i: self._recompute())

        scroll = QScrollArea()
        scroll.setAccessibleName(tr("Screening questions and ratings"))
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.layout_.insertLayout(0, top)
        self.layout_.insertWidget(1, scroll, 1)
        self.layout_.insertLayout(2, below)
        self.sign_button = self.buttons.addButton(tr("&Sign…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.sign_button.setToolTip(tr("Save, then sign with your password (Alt+S)"))
        self.sign_button.clicked.connect(self.sign)
        for before, after in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(before, after)
        self._recompute()
        first = next(iter(self.answers.values()), None)
        (first[0] if first else self.date.edit).setFocus()
        self.keep_all_typing()

    # --- what the program recommends, as the answers come in --------------------------------------
    def _current(self) -> tuple[list[CriterionAnswer], list[DimensionRating]]:
        answers = [
            CriterionAnswer(a.key, a.label, str(self.answers[a.key][0].currentData() or ""), "")
            for a in self.view.answers
        ]
        ratings = [
            DimensionRating(key, combo.currentData(), "") for key, (combo, _reason) in self.ratings.items()
        ]
        return answers, ratings

    def computed_key(self) -> str:
        return recommend(*self._current())

    def _recompute(self) -> None:
        computed = self.computed_key()
        if computed:
            text = tr("The program recommends: {what}").format(
                what=tr(vocab.SCREENING_RECOMMENDATIONS[computed])
            )
        else:
            text = tr("The program recommends once every criterion is answered and every dimension rated.")
        self.computed.setText(text)
        chosen = str(self.choice.currentData() or "")
        differs = bool(chosen) and chosen != computed
        self.reason.setEnabled(differs)

    # --- saving and signing ----------------------------------------------------------------------
    def save(self) -> str | None:
        """Store what is on screen; None when saved, else the message to show."""
        try:
            day = self.date.value("screened_on", tr("The screening date"))
            self.view = screening.save_screening(
                self.actor,
                self.view.id,
                answers={key: (str(c.currentData() or ""), n.text()) for key, (c, n) in self.answers.items()},
                ratings={key: (c.currentData(), r.text()) for key, (c, r) in self.ratings.items()},
                recommendation=str(self.choice.currentData() or ""),
                override_reason=self.reason.text() if self.reason.isEnabled() else "",
                summary=self.summary.toPlainText(),
                screened_on=day,
                expected_version=self.view.version,
            )
        except DomainError as exc:
            return str(exc)
        return None

    def attempt(self) -> str | None:
        return self.save()

    def sign(self) -> None:
        problem = self.save()
        if problem is not None:
            self.show_message(problem)
            return
        if self.view.missing:
            self.show_message(tr("Not signed yet. Still to do:") + "\n• " + "\n• ".join(self.view.missing))
            return
        self.show_message("")
        screening_id, version = self.view.id, self.view.version

        def sign() -> None:
            self.signed = screening.sign_screening(self.actor, screening_id, True, expected_version=version)

        if sign_with_password(
            self.prompts,
            self,
            self.actor,
            what=tr("this screening"),
            explanation=tr(
                "Once signed, the screening is sealed and cannot change. It applies the clinic's own "
                "admission policy; it is not a diagnosis."
            ),
            sign=sign,
        ):
            self.done(SubmitDialog.DialogCode.Accepted)
