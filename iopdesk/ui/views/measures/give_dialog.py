"""Giving a client an instrument from the keyboard: number keys answer the current item and move on,
the total, band and alerts show as the answers come, Enter saves once every item is answered.

A PHQ-9 is nine key presses and Enter. The safety alert shows in the form the moment item 9 gets an
answer above 0 (before anything is saved), and once saved the alert prompt follows at once.

Entry point: ``give_instrument(parent, actor, client_id, instrument)`` opens the dialog window-modal
and returns it; its ``given`` signal carries what was saved (results.Given). ``correct_result`` opens
it on a recorded result, to record a correction with its reason.
"""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError, ValidationError
from iopdesk.domain.measures import instruments, live, results
from iopdesk.domain.measures.common import clinic_cutoffs
from iopdesk.domain.measures.results import Given, ResultView
from iopdesk.ui.kit.about import about_heading
from iopdesk.ui.kit.feedback import FeedbackLine
from iopdesk.ui.kit.keep_typing import Remembered, fields_in, may_close
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.kit.screen_fit import least_size
from iopdesk.ui.views.measures.alert_dialogs import show_safety_alert
from iopdesk.ui.views.measures.answer_pad import AnswerPad


class GiveInstrumentDialog(QDialog):
    given = Signal(object)
    """The result was saved; carries results.Given (the result, and the alert it raised)."""

    def __init__(
        self,
        parent: QWidget,
        actor: Actor,
        client_id: UUID,
        instrument_id: str,
        *,
        client_name: str = "",
        correcting: ResultView | None = None,
    ) -> None:
        super().__init__(parent)
        self.actor = actor
        self.client_id = client_id
        self.instrument = instruments.get(instrument_id)
        self.correcting = correcting
        self.cutoffs = clinic_cutoffs()
        self.saved: Given | None = None
        self.prompts = Prompts()
        self.kept = Remembered()  # the answers as the dialog opened: Escape asks before they go
        title = self.tr("Correct {title}") if correcting else self.tr("Give {title}")
        self.setWindowTitle(title.format(title=self.instrument.title))  # no name (kit/about.py)
        least_size(self, 680, 660)

        layout = QVBoxLayout(self)
        if client_name:
            layout.addWidget(about_heading(client_name))
        name = QLabel(f"{self.instrument.title}: {self.instrument.name}")
        name.setObjectName("sectionTitle")
        layout.addWidget(name)
        about = QLabel(
            self.instrument.instructions
            if self.instrument.wording_shipped and self.instrument.instructions
            else self.tr(
                "Short labels stand in for the published wording ({licence}). Source: {source}."
            ).format(licence=self.instrument.licence, source=self.instrument.source)
        )
        about.setObjectName("viewSubtitle")
        about.setWordWrap(True)
        layout.addWidget(about)

        form = QFormLayout()
        self.sex = QComboBox()
        self.sex.addItem(self.tr("Not given (the lower cut-off is used)"), "")
        self.sex.addItem(self.tr("Female"), "female")
        self.sex.addItem(self.tr("Male"), "male")
        self.sex.currentIndexChanged.connect(self._rescore)
        if self.instrument.id == "auditc":
            form.addRow(self.tr("&Sex (for the cut-off):"), self.sex)
        else:
            self.sex.hide()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("What was wrong in the recorded answers"))
        if correcting is not None:
            form.addRow(self.tr("&Reason for the correction:"), self.reason)
        else:
            self.reason.hide()
        layout.addLayout(form)

        self.pad = AnswerPad(self.instrument)
        self.pad.answers_changed.connect(self._rescore)
        layout.addWidget(self.pad, 1)

        self.safety = QLabel()
        self.safety.setObjectName("safetyAlert")
        self.safety.setWordWrap(True)
        self.safety.hide()
        layout.addWidget(self.safety)
        self.score = QLabel()
        self.score.setObjectName("liveScore")
        layout.addWidget(self.score)
        self.feedback = FeedbackLine()
        layout.addWidget(self.feedback)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("primary")
        self.save_button.setToolTip(self.tr("Enter, once every item is answered"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.save_button.setDefault(True)

        if correcting is not None:
            self.sex.setCurrentIndex(max(self.sex.findData(correcting.sex), 0))
            self.pad.set_answers(dict(correcting.answers))
        self._rescore()
        self.pad.setFocus()
        self.kept.remember(fields_in(self))

    def reject(self) -> None:
        # Nine answers (a PHQ-9's item 9 among them) are a person's work, as typing is.
        if not may_close(self, self.prompts, self.kept):
            return  # the default answer: the answers stay, the dialog stays
        super().reject()

    # --- live scoring ---------------------------------------------------------------------------------
    def live_score(self) -> live.LiveScore:
        return live.live(
            self.instrument.id, self.pad.answers(), sex=self.sex.currentData() or None, cutoffs=self.cutoffs
        )

    def _rescore(self) -> None:
        now = self.live_score()
        if now.alerts:
            self.safety.setText(self.tr("Safety alert: ") + " ".join(a.message for a in now.alerts))
        self.safety.setVisible(bool(now.alerts))
        if now.result is not None:
            r = now.result
            if r.total is None:
                parts = ", ".join(f"{k.capitalize()} {v}" for k, v in r.subscales.items())
                self.score.setText(self.tr("Complete: {parts}").format(parts=parts))
            else:
                self.score.setText(
                    self.tr("Total {total} of {max}: {band}").format(
                        total=r.total, max=now.max_total, band=r.band.label if r.band else ""
                    )
                )
        else:
            running = (
                ""
                if now.running_total is None
                else self.tr("{total} so far · ").format(total=now.running_total)
            )
            self.score.setText(
                running
                + self.tr("{answered} of {required} answered").format(
                    answered=now.answered, required=now.required
                )
            )
        self.save_button.setEnabled(now.complete)

    # --- saving ---------------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.save_button.isEnabled():
            missing = self.live_score().missing
            if missing:
                row = next(n for n, i in enumerate(self.instrument.items) if i.number == missing[0])
                self.pad.go_to(row)
                self.pad.setFocus()
                self.feedback.problem(
                    self.tr("Not answered yet: item {items}.").format(items=", ".join(missing))
                )
            return
        super().keyPressEvent(event)

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.feedback.clear()
        sex = str(self.sex.currentData())  # "" is "not given", and a correction must say so too
        try:
            if self.correcting is None:
                saved = results.give(
                    self.actor, self.client_id, self.instrument.id, self.pad.answers(), sex=sex
                )
            else:
                saved = results.correct(
                    self.actor, self.correcting.id, self.pad.answers(), self.reason.text(), sex=sex
                )
        except ValidationError as exc:
            if exc.field == "reason":
                self.reason.setFocus()
            self.feedback.problem(str(exc))
            return
        except DomainError as exc:
            self.feedback.problem(str(exc))
            return
        self.saved = saved
        self.given.emit(saved)
        self.accept()
        if saved.alert_id is not None:
            show_safety_alert(self.parentWidget() or self, self.actor, saved.alert_id)


def give_instrument(
    parent: QWidget, actor: Actor, client_id: UUID, instrument: str, *, client_name: str = ""
) -> GiveInstrumentDialog:
    """Open the dialog to give ``instrument`` ("phq9", …) to a client, window-modal; returns it."""
    dialog = GiveInstrumentDialog(parent, actor, client_id, instrument, client_name=client_name)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def correct_result(
    parent: QWidget, actor: Actor, result: ResultView, *, client_name: str = ""
) -> GiveInstrumentDialog:
    """Open the dialog on a recorded result, to record a correction (the reason is required)."""
    dialog = GiveInstrumentDialog(
        parent, actor, result.client_id, result.instrument, client_name=client_name, correcting=result
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
