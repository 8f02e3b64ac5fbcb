"""The client's treatment as tables (migration 0006): screenings, episodes of care with the history of
their admission terms, treatment teams, treatment plans with their reviews, and discharges.

Shape rules as in clinic_models.py: UUID keys, origin site, UTC stamps, a version counter, ``retired_at``
instead of deletion. The rules themselves live in ``iopdesk.domain.care``.

Records that are signed like notes (a screening, a plan version, a plan review, a discharge) share
``SealedModel``'s columns: who wrote it, its status (vocab.CARE_RECORD_STATUSES), the signer, the
time, the SHA-256 of its content, and the co-signer where the author needs one. Once signed their
content never changes: the database refuses it too (migration 0006's triggers). A plan changes by a
new version; an admission term changes by a new ``AdmissionChange`` row (append-only).

Structured content (criteria answers, ASAM ratings, a plan's problems → goals → objectives →
interventions, a review's progress, a discharge summary and aftercare) is JSON text, stored in one
canonical form so that the seal taken at signing can be re-checked.
"""

from __future__ import annotations

import uuid

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from iopdesk.store import models
from iopdesk.store.models import Client, ClinicalModel, Staff


class SealedModel(ClinicalModel):
    """Columns every signed care record has (a base class: no table of its own)."""

    author = ForeignKeyField(Staff, backref="+")
    author_id: uuid.UUID
    status = CharField(max_length=16, default="draft")  # draft / pending_cosign / returned / signed
    signed_by = ForeignKeyField(Staff, null=True, backref="+")
    signed_by_id: uuid.UUID | None
    signed_at = DateTimeField(null=True)  # UTC
    content_hash = CharField(max_length=64, null=True)
    cosigned_by = ForeignKeyField(Staff, null=True, backref="+")
    cosigned_by_id: uuid.UUID | None
    cosigned_at = DateTimeField(null=True)
    return_comment = TextField(default="")


class Screening(SealedModel):
    """An intake screening: does IOP suit this person? (The clinic's policy, not a diagnosis.)"""

    client = ForeignKeyField(Client, backref="screenings")
    client_id: uuid.UUID
    screened_on = DateField()
    answers = TextField(default="[]")  # JSON [{key, label, answer, note}]: the suitability criteria
    ratings = TextField(default="[]")  # JSON [{dimension, rating 0-4, reason}]: the six ASAM dimensions
    computed = CharField(max_length=12, default="")  # the program's recommendation ("" until complete)
    recommendation = CharField(max_length=12, default="")  # what the clinician settled on
    override_reason = TextField(default="")  # required when it differs from ``computed``
    summary = TextField(default="")

    class Meta:
        table_name = "care_screening"
        indexes = ((("client", "screened_on"), False),)


class CareEpisode(ClinicalModel):
    """One stay in the program, admission to discharge; a re-admission opens the next one.

    The admission terms in force now are kept here (and on the client row, which the hours rules
    read) in step with the newest ``AdmissionChange``.
    """

    client = ForeignKeyField(Client, backref="episodes")
    client_id: uuid.UUID
    number = IntegerField()  # 1, 2, … for this client
    admitted_on = DateField()
    discharged_on = DateField(null=True)
    screening = ForeignKeyField(Screening, null=True, backref="+")
    screening_id: uuid.UUID | None
    level_of_care = CharField(max_length=10)
    population = CharField(max_length=12)
    population_reason = TextField(default="")  # "" when derived from the birth date
    weekly_target_minutes = IntegerField(null=True)
    referral_source = CharField(max_length=120, default="")
    primary_counselor = ForeignKeyField(Staff, null=True, backref="+")
    primary_counselor_id: uuid.UUID | None

    class Meta:
        table_name = "care_episode"
        indexes = ((("client", "number"), True),)


class AdmissionChange(ClinicalModel):
    """The admission terms in force from ``effective_on`` (append-only: triggers refuse changes).

    Each row holds every term, so the terms in force on a date are one row: the newest whose
    ``effective_on`` is on or before it.
    """

    episode = ForeignKeyField(CareEpisode, backref="changes")
    episode_id: uuid.UUID
    client = ForeignKeyField(Client, backref="+")
    client_id: uuid.UUID
    effective_on = DateField()
    admitted_on = DateField()
    level_of_care = CharField(max_length=10)
    population = CharField(max_length=12)
    population_reason = TextField(default="")
    weekly_target_minutes = IntegerField(null=True)
    referral_source = CharField(max_length=120, default="")
    primary_counselor = ForeignKeyField(Staff, null=True, backref="+")
    primary_counselor_id: uuid.UUID | None
    reason = TextField(default="")  # why it changed ("" for the admission itself)
    changed_by = ForeignKeyField(Staff, null=True, backref="+")  # None: carried over by the upgrade
    changed_by_id: uuid.UUID | None

    class Meta:
        table_name = "care_admission_change"
        indexes = ((("client", "effective_on"), False),)


class TeamMember(ClinicalModel):
    """A staff member on a client's treatment team in one episode, in a role, between two dates."""

    client = ForeignKeyField(Client, backref="+")
    client_id: uuid.UUID
    episode = ForeignKeyField(CareEpisode, backref="team")
    episode_id: uuid.UUID
    staff = ForeignKeyField(Staff, backref="+")
    staff_id: uuid.UUID
    role = CharField(max_length=20)  # vocab.TEAM_ROLES
    start_on = DateField()
    end_on = DateField(null=True)  # the last day on the team (inclusive)
    end_reason = TextField(default="")

    class Meta:
        table_name = "care_team_member"
        # "is this staff member on this client's team?": the caseload check asks it per client.
        indexes = ((("client", "staff"), False),)


class PlanVersion(SealedModel):
    """One version of a client's treatment plan; a change after signing is the next version."""

    client = ForeignKeyField(Client, backref="+")
    client_id: uuid.UUID
    episode = ForeignKeyField(CareEpisode, backref="plans")
    episode_id: uuid.UUID
    number = IntegerField()  # 1, 2, … within the episode
    based_on = ForeignKeyField("self", null=True, backref="+")
    based_on_id: uuid.UUID | None
    content = TextField(default="{}")  # JSON {"problems": [...]} (see care.plan_content)
    review_days = IntegerField()  # reviewed every this many days (the clinic's setting when drafted)
    client_agreed = BooleanField(default=False)
    client_agreement = TextField(default="")  # how the client's agreement was obtained
    signed_on = DateField(null=True)  # the site's date of signing: the review clock starts there

    class Meta:
        table_name = "care_plan"
        indexes = ((("episode", "number"), True), (("client", "status"), False))


class PlanReview(SealedModel):
    """A review of a signed plan version: progress per objective, and what happens next."""

    plan = ForeignKeyField(PlanVersion, backref="reviews")
    plan_id: uuid.UUID
    client = ForeignKeyField(Client, backref="+")
    client_id: uuid.UUID
    reviewed_on = DateField()
    progress = TextField(default="[]")  # JSON [{objective, progress, note}]
    summary = TextField(default="")
    outcome = CharField(max_length=12, default="continue")  # vocab.REVIEW_OUTCOMES
    client_participated = BooleanField(default=True)

    class Meta:
        table_name = "care_plan_review"
        indexes = ((("plan", "reviewed_on"), False),)


class Discharge(SealedModel):
    """How an episode ended: reason, date, the summary the program assembled and the counselor
    edited, and the aftercare plan. Signing it discharges the client."""

    episode = ForeignKeyField(CareEpisode, backref="discharges")
    episode_id: uuid.UUID
    client = ForeignKeyField(Client, backref="+")
    client_id: uuid.UUID
    reason = CharField(max_length=24)  # vocab.DISCHARGE_REASONS
    discharged_on = DateField()
    summary = TextField(default="{}")  # JSON {section: text}
    aftercare = TextField(default="[]")  # JSON [{kind, what, when, contact}]

    class Meta:
        table_name = "care_discharge"


CARE_MODELS = [Screening, CareEpisode, AdmissionChange, TeamMember, PlanVersion, PlanReview, Discharge]
# These tables are part of the schema like the others: the store package imports this module right
# after models.py, so ALL_MODELS lists them wherever it is read (models.py cannot import this module:
# it would be an import loop, since these models point at Client and Staff).
models.ALL_MODELS.extend(m for m in CARE_MODELS if m not in models.ALL_MODELS)
