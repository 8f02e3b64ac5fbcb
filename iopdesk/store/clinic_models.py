"""The clinic and who is in it, as peewee models: settings, sites, staff, clients, therapy groups
with their facilitators and weekly schedules, enrollments, keep-apart pairs and holidays; and the
base classes every table of IOPdesk stands on (``BaseModel``, ``ClinicalModel``, the database proxy).

Apart from models.py, which adds what happens at sessions (attendance, notes) and the audit trail
and lists every table in ALL_MODELS: callers import these from models.py as before.

Shape rules (ARCHITECTURE.md): every primary key is a UUID so rows made on a
satellite laptop can merge with the main site's; every clinical row records
where it was made, when (UTC) and a version counter; nothing clinical is
hard-deleted, rows are retired with ``retired_at`` or a status instead.

Each foreign key ``x`` is also read as ``x_id`` (the related row's id, without
loading it): peewee makes those accessors when the class is built, and the
``x_id: UUID`` annotations beside the fields say so to the type checker (an
annotation without a value is not a field, so the schema is unchanged).

Enumerated values are stored as short strings; the vocabularies live in
``iopdesk.domain.kernel.vocab`` so that the store stays free of clinical rules.
"""

from __future__ import annotations

import uuid

from peewee import (
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
    TimeField,
    UUIDField,
)

from iopdesk.store.clock import utcnow  # the one clock: models stamp *_at with it

database = DatabaseProxy()


class BaseModel(Model):
    id = UUIDField(primary_key=True, default=uuid.uuid4)

    class Meta:
        database = database
        legacy_table_names = False


class Setting(Model):
    """This database's own metadata (key → JSON text): its device id, sync marks, the audit head,
    the recovery key, the demo flag… Never sent to another place. The clinic's settings, which
    travel, have their own table since migration 0014 (``ClinicSetting``)."""

    key = CharField(primary_key=True, max_length=100)
    value = TextField()

    class Meta:
        database = database
        table_name = "setting"


class ClinicSetting(BaseModel):
    """One clinic setting (``declared_settings.DECLARED``) as every place holds it (migration 0014).

    Apart from ``Setting``, which keeps what belongs to this database alone (its device id, sync
    marks, the audit head, …): these travel between places like other synced rows, so each has an
    id derived from its key (``ids.setting_id``: one row per setting at every place) and the stamps
    the merge of two places' edits orders by. ``value`` is JSON text, as ``Setting``'s.
    """

    key = CharField(max_length=100, unique=True)
    value = TextField()
    updated_at = DateTimeField(default=utcnow)
    version = IntegerField(default=1)

    class Meta:
        table_name = "clinic_setting"


class Site(BaseModel):
    name = CharField(max_length=120, unique=True)
    timezone = CharField(max_length=64, default="America/New_York")
    address = TextField(default="")
    active = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)


class Staff(BaseModel):
    username = CharField(max_length=64, unique=True)
    display_name = CharField(max_length=120)
    role = CharField(max_length=20)  # vocab.ROLES
    credentials = CharField(max_length=40, default="")  # e.g. LCSW, CADC-I
    needs_cosign = BooleanField(default=False)
    supervisor = ForeignKeyField("self", null=True, backref="supervisees")
    supervisor_id: uuid.UUID | None
    home_site = ForeignKeyField(Site, backref="staff")
    home_site_id: uuid.UUID
    active = BooleanField(default=True)
    password_hash = TextField(null=True)  # argon2id, parameters inside the hash
    failed_attempts = IntegerField(default=0)
    locked_until = DateTimeField(null=True)  # UTC; sign-in refused until then
    created_at = DateTimeField(default=utcnow)
    # Migration 0003: an administrator who also does clinical work; a password set by an
    # administrator that its owner must replace; when the password last changed (UTC).
    also_clinical = BooleanField(default=False)
    must_change_password = BooleanField(default=False)
    password_changed_at = DateTimeField(null=True)


class ClinicalModel(BaseModel):
    """Fields every clinical row carries so it can travel and be merged."""

    origin_site = ForeignKeyField(Site)
    origin_site_id: uuid.UUID
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    version = IntegerField(default=1)
    retired_at = DateTimeField(null=True)


class Client(ClinicalModel):
    legal_first = CharField(max_length=80)
    legal_last = CharField(max_length=80)
    preferred_name = CharField(max_length=80, default="")
    date_of_birth = DateField()
    chart_number = CharField(max_length=40, unique=True)
    phone = CharField(max_length=40, default="")
    emergency_contact_name = CharField(max_length=120, default="")
    emergency_contact_phone = CharField(max_length=40, default="")
    home_site = ForeignKeyField(Site, backref="clients")
    home_site_id: uuid.UUID
    primary_counselor = ForeignKeyField(Staff, null=True, backref="caseload")
    primary_counselor_id: uuid.UUID | None
    status = CharField(max_length=20, default="active")  # vocab.CLIENT_STATUSES
    admission_date = DateField(null=True)
    discharge_date = DateField(null=True)
    level_of_care = CharField(max_length=10, default="2.1")  # ASAM level, kept as data
    population = CharField(max_length=12, default="adult")  # adult / adolescent
    weekly_target_minutes = IntegerField(null=True)  # None: default for level/population
    # Lower-cased "legal first, legal last, preferred, chart" for search-as-you-type.
    search_text = CharField(max_length=400, default="", index=True)


class TherapyGroup(ClinicalModel):
    name = CharField(max_length=120)
    kind = CharField(max_length=30)  # vocab.GROUP_KINDS
    enrollment_mode = CharField(max_length=10, default="open")  # open / closed
    participation = CharField(max_length=10, default="mandatory")
    site = ForeignKeyField(Site, backref="groups")
    site_id: uuid.UUID
    room = CharField(max_length=60, default="")
    max_size = IntegerField(default=12)
    track = CharField(max_length=40, default="IOP")
    active = BooleanField(default=True)
    start_date = DateField(null=True)
    end_date = DateField(null=True)
    description = TextField(default="")
    population = CharField(max_length=12, null=True)  # migration 0006: adult / adolescent; None: anyone


class GroupFacilitator(BaseModel):
    group = ForeignKeyField(TherapyGroup, backref="facilitators")
    group_id: uuid.UUID
    staff = ForeignKeyField(Staff, backref="facilitating")
    staff_id: uuid.UUID
    is_lead = BooleanField(default=False)
    created_at = DateTimeField(default=utcnow)
    # Migration 0012: links travel between places, so a removal is kept (``removed_at``), never a
    # delete, and re-adding revives the row; ``updated_at`` orders two places' edits (sync merge).
    updated_at = DateTimeField(default=utcnow)
    removed_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("group", "staff"), True),)


class GroupSchedule(ClinicalModel):
    """One weekly slot of a group, valid between two dates.

    A schedule change closes the old row (effective_to) and opens a new one,
    so sessions already generated from the past keep their source.
    """

    group = ForeignKeyField(TherapyGroup, backref="schedules")
    group_id: uuid.UUID
    weekday = IntegerField()  # 0 = Monday … 6 = Sunday
    start_time = TimeField()
    duration_minutes = IntegerField()
    effective_from = DateField()
    effective_to = DateField(null=True)


class Enrollment(ClinicalModel):
    client = ForeignKeyField(Client, backref="enrollments")
    client_id: uuid.UUID
    group = ForeignKeyField(TherapyGroup, backref="enrollments")
    group_id: uuid.UUID
    status = CharField(max_length=20)  # vocab.ENROLLMENT_STATUSES
    start_date = DateField(null=True)
    end_date = DateField(null=True)
    end_reason = CharField(max_length=20, null=True)  # vocab.END_REASONS
    end_comment = TextField(default="")
    waitlist_position = FloatField(null=True)
    waitlisted_at = DateTimeField(null=True)
    override_reason = TextField(default="")
    created_by = ForeignKeyField(Staff, null=True)
    created_by_id: uuid.UUID | None

    class Meta:
        indexes = ((("group", "status"), False),)


class KeepApart(ClinicalModel):
    client_a = ForeignKeyField(Client, backref="+")
    client_a_id: uuid.UUID
    client_b = ForeignKeyField(Client, backref="+")
    client_b_id: uuid.UUID
    reason = CharField(max_length=20)  # vocab.KEEP_APART_REASONS
    comment = TextField(default="")
    created_by = ForeignKeyField(Staff, null=True)
    created_by_id: uuid.UUID | None


class Holiday(ClinicalModel):
    site = ForeignKeyField(Site, backref="holidays")
    site_id: uuid.UUID
    date = DateField()
    reason = CharField(max_length=120)

    class Meta:
        indexes = ((("site", "date"), False),)
