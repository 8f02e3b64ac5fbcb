"""Measurement-based care as tables (migration 0008): instrument results, safety alerts with their
follow-up, detox monitoring (episodes and serial observations), and drug screens with a result per
substance.

Shape rules as in clinic_models.py: UUID keys, origin site, UTC stamps, a version counter, ``retired_at``.
The rules live in ``iopdesk.domain.measures``.

What is recorded stays as it was recorded (migration 0008's triggers refuse it too): a result, a
detox observation and a drug screen are never changed or removed. A mistake is corrected by a new
row that ``supersedes`` the old one, with the reason; the old one stays readable. A safety alert
changes once, when its follow-up is recorded; a detox episode only while it is open (its plan, and
its end).

Answers, subscales, alerts and flags are JSON text in one canonical form (sorted keys).
"""

from __future__ import annotations

import uuid

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from iopdesk.store import models
from iopdesk.store.care_models import CareEpisode
from iopdesk.store.models import Client, ClinicalModel, Staff


class MeasureResult(ClinicalModel):
    """One instrument given to a client: the answers, and what scoring made of them then."""

    client = ForeignKeyField(Client, backref="+")
    client_id: uuid.UUID
    episode = ForeignKeyField(CareEpisode, null=True, backref="+")  # None: not in care when given
    episode_id: uuid.UUID | None
    instrument = CharField(max_length=16)  # iopdesk.domain.measures.instruments.NAMES
    loinc = CharField(max_length=16, default="")  # the total's LOINC code ("" where none is verified)
    answers = TextField()  # JSON {item key: score, or true/false for a yes/no item}
    total = IntegerField(null=True)  # None: no total (BAM)
    band = CharField(max_length=24, default="")
    band_label = CharField(max_length=80, default="")
    subscales = TextField(default="{}")
    reported = TextField(default="{}")  # unscored items (the "how difficult" question)
    alerts = TextField(default="[]")  # JSON [{key, item, message}]
    sex = CharField(max_length=8, default="")  # AUDIT-C's cut-off only
    given_on = DateField()  # the site's date
    given_at = DateTimeField()  # UTC
    given_by = ForeignKeyField(Staff, backref="+")
    given_by_id: uuid.UUID
    supersedes = ForeignKeyField("self", null=True, unique=True, backref="+")  # corrects that result
    supersedes_id: uuid.UUID | None
    reason = TextField(default="")  # why it corrects the earlier one

    class Meta:
        table_name = "measure_result"
        indexes = ((("client", "instrument", "given_on"), False),)


class SafetyAlert(ClinicalModel):
    """A same-day safety alert (PHQ-9 item 9 above 0), open until a clinician records the follow-up."""

    client = ForeignKeyField(Client, backref="+")
    client_id: uuid.UUID
    result = ForeignKeyField(MeasureResult, unique=True, backref="+")
    result_id: uuid.UUID
    episode = ForeignKeyField(CareEpisode, null=True, backref="+")
    episode_id: uuid.UUID | None
    item = CharField(max_length=8)  # the item number that raised it
    answer = IntegerField()
    message = TextField()
    raised_on = DateField()  # the site's date: the safety check is due that day
    raised_at = DateTimeField()  # UTC
    # The follow-up: set once, never changed after.
    checked_by = ForeignKeyField(Staff, null=True, backref="+")  # who did the safety check
    checked_by_id: uuid.UUID | None
    checked_at = DateTimeField(null=True)  # when the check was done (UTC)
    outcome = CharField(max_length=20, default="")  # measures.vocab.SAFETY_OUTCOMES
    follow_up = TextField(default="")  # what was done
    recorded_by = ForeignKeyField(Staff, null=True, backref="+")
    recorded_by_id: uuid.UUID | None
    recorded_at = DateTimeField(null=True)  # UTC; None while the alert is open

    class Meta:
        table_name = "measure_safety_alert"
        indexes = ((("client", "recorded_at"), False),)


class DetoxEpisode(ClinicalModel):
    """Mild outpatient withdrawal monitored by the program: the substance, the scale, the prescriber's
    plan (as text: IOPdesk does not prescribe), and its end."""

    client = ForeignKeyField(Client, backref="+")
    client_id: uuid.UUID
    episode = ForeignKeyField(CareEpisode, null=True, backref="+")
    episode_id: uuid.UUID | None
    substance = CharField(max_length=16)  # measures.vocab.DETOX_SUBSTANCES
    instrument = CharField(max_length=16)  # "ciwa-ar" or "cows"
    started_at = DateTimeField()  # UTC
    prescriber = CharField(max_length=120, default="")
    plan = TextField()  # the prescriber's plan, as written
    opened_by = ForeignKeyField(Staff, backref="+")
    opened_by_id: uuid.UUID
    ended_at = DateTimeField(null=True)
    ended_by = ForeignKeyField(Staff, null=True, backref="+")
    ended_by_id: uuid.UUID | None
    end_reason = CharField(max_length=20, default="")  # measures.vocab.DETOX_END_REASONS
    end_note = TextField(default="")

    class Meta:
        table_name = "measure_detox"
        indexes = ((("client", "started_at"), False),)


class DetoxObservation(ClinicalModel):
    """One serial rating of a detox episode: the scale's items and total, the vital signs, and the
    thresholds for a higher level of care it crossed (as the clinic's settings were then)."""

    detox = ForeignKeyField(DetoxEpisode, backref="+")
    detox_id: uuid.UUID
    client = ForeignKeyField(Client, backref="+")
    client_id: uuid.UUID
    observed_at = DateTimeField()  # UTC
    instrument = CharField(max_length=16)
    answers = TextField()  # JSON {item key: rating}
    score = IntegerField()
    band = CharField(max_length=24, default="")
    band_label = CharField(max_length=80, default="")
    pulse = IntegerField(null=True)  # beats per minute
    systolic = IntegerField(null=True)  # mm Hg
    diastolic = IntegerField(null=True)
    temperature_f = FloatField(null=True)  # degrees Fahrenheit
    flags = TextField(default="[]")  # JSON [{key, message}]
    note = TextField(default="")
    recorded_by = ForeignKeyField(Staff, backref="+")
    recorded_by_id: uuid.UUID
    supersedes = ForeignKeyField("self", null=True, unique=True, backref="+")
    supersedes_id: uuid.UUID | None
    reason = TextField(default="")

    class Meta:
        table_name = "measure_detox_observation"
        indexes = ((("detox", "observed_at"), False),)


class DrugScreen(ClinicalModel):
    """A drug screen: when and how the specimen was collected, and who recorded the results."""

    client = ForeignKeyField(Client, backref="+")
    client_id: uuid.UUID
    episode = ForeignKeyField(CareEpisode, null=True, backref="+")
    episode_id: uuid.UUID | None
    collected_on = DateField()
    specimen = CharField(max_length=12)  # measures.vocab.SPECIMENS
    method = CharField(max_length=16)  # point_of_care / lab
    observed = BooleanField()  # collection observed by staff
    note = TextField(default="")
    recorded_by = ForeignKeyField(Staff, backref="+")
    recorded_by_id: uuid.UUID
    supersedes = ForeignKeyField("self", null=True, unique=True, backref="+")
    supersedes_id: uuid.UUID | None
    reason = TextField(default="")

    class Meta:
        table_name = "measure_drug_screen"
        indexes = ((("client", "collected_on"), False),)


class DrugScreenResult(ClinicalModel):
    """One substance's result on a screen."""

    screen = ForeignKeyField(DrugScreen, backref="+")
    screen_id: uuid.UUID
    client = ForeignKeyField(Client, backref="+")
    client_id: uuid.UUID
    substance = CharField(max_length=24)  # measures.vocab.SUBSTANCES
    result = CharField(max_length=20)  # negative / positive / expected_positive / invalid
    medication = CharField(max_length=120, default="")  # the prescribed medication that explains it

    class Meta:
        table_name = "measure_drug_screen_result"
        indexes = ((("screen", "substance"), True),)


MEASURES_MODELS = [MeasureResult, SafetyAlert, DetoxEpisode, DetoxObservation, DrugScreen, DrugScreenResult]
# Part of the schema like the care tables: the store package imports this module right after
# care_models, so ALL_MODELS lists them wherever it is read.
models.ALL_MODELS.extend(m for m in MEASURES_MODELS if m not in models.ALL_MODELS)
