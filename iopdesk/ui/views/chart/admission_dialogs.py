"""Admitting (and re-admitting) a client, and changing the admission terms with the reason why.

The population follows the birth date with the clinic's age cut-off unless the clinician chooses
the other one and says why; the weekly target left at "the default" follows the level and the
population. The hours floor follows whatever is saved. Refusals show under the field concerned.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QLabel, QLineEdit, QWidget

from iopdesk.domain.care import admission
from iopdesk.domain.care.common import levels
from iopdesk.domain.care.episodes import EpisodeView
from iopdesk.domain.care.screening import ScreeningView
from iopdesk.domain.clients.population import population_for
from iopdesk.domain.clinic.staff import list_staff
from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.kernel.records import site_today
from iopdesk.ui.kit.date_field import DateField
from iopdesk.ui.kit.form_dialog import FormDialog
from iopdesk.ui.kit.formatting import date_text
from iopdesk.ui.kit.screen_fit import least_size
from iopdesk.ui.views.chart.models import data_index, tr

CLINICAL_ROLES = ("counselor", "supervisor")
MOST_HOURS = 60.0


def select(combo: QComboBox, value: object) -> None:
    index = data_index(combo, value)
    if index >= 0:
        combo.setCurrentIndex(index)


def hours_box(minutes: int | None) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0.0, MOST_HOURS)
    box.setDecimals(1)
    box.setSingleStep(0.5)
    box.setSuffix(tr(" h a week"))
    box.setSpecialValueText(tr("The default for the level"))
    box.setValue((minutes or 0) / 60)
    box.setAccessibleName(tr("Weekly target in hours"))
    return box


def box_minutes(box: QDoubleSpinBox) -> int | None:
    minutes = round(box.value() * 60)
    return minutes or None


class _TermsDialog(FormDialog):
    """The fields an admission and a change share."""

    def __init__(
        self, parent: QWidget, title: str, actor: Actor, date_of_birth: dt.date, *, about: str = ""
    ) -> None:
        super().__init__(parent, title, about=about)
        self.actor = actor
        self.today = site_today(actor)
        self.date_of_birth = date_of_birth
        least_size(self, 560)

    def add_terms_fields(self, terms: Any = None) -> None:
        self.level = QComboBox()
        for code, label in levels().items():
            self.level.addItem(label, code)
        select(self.level, terms.level_of_care if terms else "2.1")
        self.add_field(tr("&Level of care:"), self.level, "level_of_care")
        self.population = QComboBox()
        self.population.addItem("", None)  # "as the birth date gives": its words follow the date
        for key, label in vocab.POPULATIONS.items():
            self.population.addItem(tr(label), key)
        self.add_field(tr("P&opulation:"), self.population, "population")
        self.population_reason = QLineEdit()
        self.population_reason.setMaxLength(500)
        self.population_reason.setPlaceholderText(tr("Why the client is treated as the other population"))
        self.add_field(tr("&Why:"), self.population_reason, "population_reason")
        if terms is not None:
            # The population in force stays chosen: the birth date may give the other one on the
            # day a change takes effect (a client who came of age), and changing only the level
            # must not move them to it unasked.
            select(self.population, terms.population)
            self.population_reason.setText(terms.population_reason)
        self.target = hours_box(terms.weekly_target_minutes if terms else None)
        self.add_field(tr("Weekly &target:"), self.target, "weekly_target_minutes")
        self.referral = QLineEdit(terms.referral_source if terms else "")
        self.referral.setMaxLength(120)
        self.referral.setPlaceholderText(tr("e.g. Drug court, Dr. Reyes, self"))
        self.add_field(tr("&Referred by:"), self.referral, "referral_source")
        self.counselor = QComboBox()
        self.counselor.addItem(tr("(none yet)"), None)
        for person in list_staff(self.actor):
            if person.role in CLINICAL_ROLES:
                self.counselor.addItem(person.label, person.id)
        current = terms.primary_counselor_id if terms else self.actor.staff_id
        if current is not None and data_index(self.counselor, current) < 0 and terms is not None:
            self.counselor.addItem(terms.primary_counselor_name, current)
        select(self.counselor, current)
        self.add_field(tr("Primary &counselor:"), self.counselor, "primary_counselor_id")
        self.population.currentIndexChanged.connect(lambda _i: self.population_changed())

    def population_day(self) -> dt.date:
        return self.today

    def derived(self) -> str:
        return population_for(self.date_of_birth, self.population_day())

    def population_changed(self) -> None:
        derived = self.derived()
        self.population.setItemText(
            0, tr("As the birth date gives: {pop}").format(pop=tr(vocab.POPULATIONS[derived]))
        )
        chosen = self.population.currentData()
        self.set_field_visible("population_reason", chosen is not None and chosen != derived)

    def chosen_population(self) -> tuple[str | None, str]:
        chosen = self.population.currentData()
        if chosen is None or chosen == self.derived():
            return None, ""
        return chosen, self.population_reason.text()


class AdmitDialog(_TermsDialog):
    """Admit, or re-admit after a discharge (a new episode; the earlier ones stay readable)."""

    def __init__(
        self,
        parent: QWidget,
        actor: Actor,
        client_id: UUID,
        client_name: str,
        date_of_birth: dt.date,
        screenings: list[ScreeningView],
        *,
        again: bool,
    ) -> None:
        title = tr("Re-admit") if again else tr("Admit")
        super().__init__(parent, title, actor, date_of_birth, about=client_name)
        self.client_id = client_id
        if again:
            note = QLabel(
                tr("A new episode of care starts; the earlier ones stay in the chart as they were.")
            )
            note.setWordWrap(True)
            note.setObjectName("viewSubtitle")
            self.form.addRow(note)
        self.admitted = DateField(self.today, required=True)
        self.admitted.set_date(self.today)
        self.add_field(tr("&Admitted on:"), self.admitted, "admitted_on")
        self.screening = QComboBox()
        self.screening.addItem(tr("(no screening)"), None)
        for s in screenings:
            if s.status in ("signed", "pending_cosign"):
                self.screening.addItem(
                    tr("{day}: {what}").format(day=date_text(s.screened_on), what=tr(s.recommendation_label)),
                    s.id,
                )
        if self.screening.count() > 1:
            self.screening.setCurrentIndex(1)  # the latest signed one
        self.add_field(tr("On the &screening:"), self.screening, "screening_id")
        self.add_terms_fields()
        self.admitted.date_edited.connect(self.population_changed)
        self.population_changed()
        self.finish_layout(tr("Re-admit") if again else tr("Admit"))
        self.submit = self.save
        self.admitted.setFocus()

    def population_day(self) -> dt.date:
        try:
            return self.admitted.date_or_none() or self.today
        except ValueError:
            return self.today

    def save(self) -> EpisodeView:
        day = self.admitted.value("admitted_on", tr("The admission date"))
        population, reason = self.chosen_population()
        return admission.admit(
            self.actor,
            self.client_id,
            day,
            level_of_care=str(self.level.currentData()),
            population=population,
            population_reason=reason,
            weekly_target_minutes=box_minutes(self.target),
            referral_source=self.referral.text(),
            primary_counselor_id=self.counselor.currentData(),
            screening_id=self.screening.currentData(),
        )


class ChangeTermsDialog(_TermsDialog):
    """A change from a date on, with the reason; only what was changed is sent."""

    def __init__(self, parent: QWidget, actor: Actor, episode: EpisodeView, date_of_birth: dt.date) -> None:
        super().__init__(parent, tr("Change the admission terms"), actor, date_of_birth)
        self.episode = episode
        self.terms = episode.terms
        self.since = DateField(self.today, required=True)
        self.since.set_date(self.today)
        self.add_field(tr("&From:"), self.since, "effective_on")
        self.add_terms_fields(self.terms)
        self.reason = QLineEdit()
        self.reason.setMaxLength(500)
        self.reason.setPlaceholderText(tr("e.g. Stepped down after the review of Mar 3"))
        self.add_field(tr("Reason for the c&hange:"), self.reason, "reason")
        self.since.date_edited.connect(self.population_changed)
        self.population_changed()
        self.finish_layout(tr("Save change"))
        self.submit = self.save
        self.level.setFocus()

    def population_day(self) -> dt.date:
        """The day the change takes effect: the birth date gives the population on that day."""
        try:
            return self.since.date_or_none() or self.today
        except ValueError:
            return self.today

    def changes(self) -> dict[str, Any]:
        t = self.terms
        out: dict[str, Any] = {}
        if self.level.currentData() != t.level_of_care:
            out["level_of_care"] = self.level.currentData()
        population, reason = self.chosen_population()
        now = population or self.derived()
        if now != t.population or reason.strip() != t.population_reason:
            out["population"], out["population_reason"] = now, reason
        if box_minutes(self.target) != t.weekly_target_minutes:
            out["weekly_target_minutes"] = box_minutes(self.target)
        if self.referral.text().strip() != t.referral_source:
            out["referral_source"] = self.referral.text()
        if self.counselor.currentData() != t.primary_counselor_id:
            out["primary_counselor_id"] = self.counselor.currentData()
        return out

    def save(self) -> EpisodeView:
        changes = self.changes()
        if not changes:
            raise ValidationError(tr("Nothing was changed."), field="level_of_care")
        return admission.change_terms(
            self.actor,
            self.episode.id,
            self.reason.text(),
            self.since.value("effective_on", tr("The date it takes effect")),
            expected_version=self.episode.version,
            **changes,
        )
