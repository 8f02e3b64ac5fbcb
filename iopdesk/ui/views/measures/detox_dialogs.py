"""Detox monitoring on screen: starting an episode (the substance, the prescriber's plan as written),
recording a rating by keys with the vital signs (the flags for a higher level of care show as they
are reached), and ending it.

Entry points, each window-modal and returning the dialog: ``start_detox(parent, actor, client_id)``,
``record_rating(parent, actor, detox_id)``, ``end_detox(parent, actor, detox_id)``.
"""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError, ValidationError
from iopdesk.domain.measures import detox, instruments, live
from iopdesk.domain.measures.common import clinic_cutoffs
from iopdesk.domain.measures.detox import DetoxView
from iopdesk.domain.measures.detox_limits import Vitals, flags_for, thresholds
from iopdesk.domain.measures.vocab import DETOX_END_REASONS, DETOX_SCALES, DETOX_SUBSTANCES
from iopdesk.ui.kit.submit_dialog import SubmitDialog
from iopdesk.ui.views.measures.answer_pad import AnswerPad


class StartDetoxDialog(SubmitDialog):
    started = Signal(object)
    """Carries the new episode (DetoxView)."""

    def __init__(self, parent: QWidget, actor: Actor, client_id: UUID) -> None:
        super().__init__(parent, self.tr("Start detox monitoring"), self.tr("Start"), min_width=560)
        self.actor, self.client_id = actor, client_id
        self.substance = QComboBox()
        for key, label in DETOX_SUBSTANCES.items():
            scale = instruments.get(DETOX_SCALES[key]).title
            self.substance.addItem(
                self.tr("{label} (rated on {scale})").format(label=self.tr(label), scale=scale), key
            )
        self.prescriber = QLineEdit()
        self.prescriber.setMaxLength(120)
        self.plan = QPlainTextEdit()
        self.plan.setTabChangesFocus(True)
        self.plan.setPlaceholderText(
            self.tr("As the prescriber wrote it: medication, doses, when to call them")
        )
        self.form.addRow(self.tr("&Substance:"), self.substance)
        self.form.addRow(self.tr("&Prescriber:"), self.prescriber)
        self.form.addRow(self.tr("Prescriber's p&lan:"), self.plan)
        note = QLabel(self.tr("IOPdesk records the plan; it does not prescribe."))
        note.setObjectName("viewSubtitle")
        self.form.addRow("", note)
        self.keep_typing_in(self.prescriber, self.plan)
        self.substance.setFocus()  # left on Start, the first space typed started the monitoring

    def attempt(self) -> str | None:
        try:
            view = detox.start(
                self.actor,
                self.client_id,
                str(self.substance.currentData()),
                self.plan.toPlainText(),
                prescriber=self.prescriber.text(),
            )
        except DomainError as exc:
            return str(exc)
        self.started.emit(view)
        return None


class RatingDialog(SubmitDialog):
    rated = Signal(object)
    """Carries the new rating (ObservationView)."""

    def __init__(self, parent: QWidget, actor: Actor, episode: DetoxView) -> None:
        title = self.tr("{scale} rating").format(scale=episode.title)
        super().__init__(parent, title, self.tr("Save rating"), min_width=640)
        self.actor, self.episode = actor, episode
        self.instrument = instruments.get(episode.instrument)
        self.limits = thresholds()
        self.pad = AnswerPad(self.instrument)
        self.pad.setMinimumHeight(300)
        self.pad.answers_changed.connect(self._rescore)
        self.layout_.insertWidget(0, self.pad, 1)
        self.pulse = QLineEdit()
        self.pulse.setValidator(QIntValidator(0, 400, self.pulse))
        self.pressure = QLineEdit()
        self.pressure.setPlaceholderText(self.tr("systolic/diastolic, e.g. 132/84"))
        self.temperature = QLineEdit()
        self.temperature.setPlaceholderText(self.tr("°F, e.g. 98.6"))
        for edit in (self.pulse, self.pressure, self.temperature):
            edit.textChanged.connect(self._rescore)
        self.note = QLineEdit()
        self.form.addRow(self.tr("P&ulse (/min):"), self.pulse)
        self.form.addRow(self.tr("&Blood pressure:"), self.pressure)
        self.form.addRow(self.tr("&Temperature:"), self.temperature)
        self.form.addRow(self.tr("N&ote:"), self.note)
        self.score = QLabel()
        self.score.setObjectName("liveScore")
        self.flags = QLabel()
        self.flags.setObjectName("detoxFlag")
        self.flags.setWordWrap(True)
        self.flags.hide()
        self.layout_.insertWidget(2, self.score)
        self.layout_.insertWidget(3, self.flags)
        self._rescore()
        self.pad.setFocus()
        self.keep_all_typing()  # the answers and the vitals alike

    def vitals(self) -> Vitals:
        """What was typed, as numbers; a value that does not read as one is refused with a message."""
        pulse = int(self.pulse.text()) if self.pulse.text().strip() else None
        systolic = diastolic = None
        text = self.pressure.text().replace(" ", "")
        if text:
            parts = text.split("/")
            if len(parts) != 2 or not all(p.isdigit() for p in parts):
                raise ValidationError(
                    self.tr("Write the blood pressure as systolic/diastolic, e.g. 132/84."), "systolic"
                )
            systolic, diastolic = int(parts[0]), int(parts[1])
        temperature = None
        if self.temperature.text().strip():
            try:
                temperature = float(self.temperature.text().replace(",", "."))
            except ValueError:
                raise ValidationError(
                    self.tr("Write the temperature in °F, e.g. 98.6."), "temperature_f"
                ) from None
        return Vitals(pulse, systolic, diastolic, temperature)

    def _rescore(self) -> None:
        now = live.live(self.instrument.id, self.pad.answers(), cutoffs=clinic_cutoffs())
        if now.result is not None and now.result.total is not None:
            self.score.setText(
                self.tr("{scale} {total}: {band}").format(
                    scale=self.instrument.title,
                    total=now.result.total,
                    band=now.result.band.label if now.result.band else "",
                )
            )
            if self.pad.hasFocus() and self.pad.current == len(self.instrument.items) - 1:
                self.pulse.setFocus()  # the ratings are done: on to the vital signs
        else:
            self.score.setText(
                self.tr("{total} so far · {answered} of {required} rated").format(
                    total=now.running_total or 0, answered=now.answered, required=now.required
                )
            )
        try:
            vitals = self.vitals()
        except ValidationError:
            vitals = Vitals()
        found = flags_for(self.instrument.id, now.running_total or 0, vitals, self.limits)
        self.flags.setText(
            self.tr(
                "Threshold for a higher level of care reached: {flags}. Follow the prescriber's plan."
            ).format(flags="; ".join(f.message for f in found))
        )
        self.flags.setVisible(bool(found))
        self.ok_button.setEnabled(now.complete)

    def attempt(self) -> str | None:
        try:
            view = detox.observe(
                self.actor, self.episode.id, self.pad.answers(), vitals=self.vitals(), note=self.note.text()
            )
        except DomainError as exc:
            return str(exc)
        self.rated.emit(view)
        return None


class EndDetoxDialog(SubmitDialog):
    ended = Signal(object)
    """Carries the ended episode (DetoxView)."""

    def __init__(self, parent: QWidget, actor: Actor, episode: DetoxView) -> None:
        super().__init__(parent, self.tr("End detox monitoring"), self.tr("End"))
        self.actor, self.episode = actor, episode
        self.reason = QComboBox()
        for key, label in DETOX_END_REASONS.items():
            self.reason.addItem(self.tr(label), key)
        self.note = QLineEdit()
        self.form.addRow(self.tr("&Why it ended:"), self.reason)
        self.form.addRow(self.tr("&Note:"), self.note)
        self.keep_typing_in(self.note)
        self.reason.setFocus()  # left on End, the first space of a note ended the monitoring

    def attempt(self) -> str | None:
        try:
            view = detox.end(
                self.actor, self.episode.id, str(self.reason.currentData()), note=self.note.text()
            )
        except DomainError as exc:
            return str(exc)
        self.ended.emit(view)
        return None


def _open(dialog: SubmitDialog) -> SubmitDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def start_detox(parent: QWidget, actor: Actor, client_id: UUID) -> StartDetoxDialog:
    dialog = StartDetoxDialog(parent, actor, client_id)
    _open(dialog)
    return dialog


def record_rating(parent: QWidget, actor: Actor, detox_id: UUID) -> RatingDialog:
    dialog = RatingDialog(parent, actor, detox.get_detox(actor, detox_id))
    _open(dialog)
    return dialog


def end_detox(parent: QWidget, actor: Actor, detox_id: UUID) -> EndDetoxDialog:
    dialog = EndDetoxDialog(parent, actor, detox.get_detox(actor, detox_id))
    _open(dialog)
    return dialog
