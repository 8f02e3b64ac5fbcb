"""The clinic's tables as peewee models.

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
    """Clinic-wide settings and store metadata (key → JSON text)."""

    key = CharField(primary_key=True, max_length=100)
    value = TextField()

    class Meta:
        database = database
        table_name = "setting"


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


class Session(ClinicalModel):
    """A group, individual or family session on one date of service."""

    kind = CharField(max_length=12)  # group / individual / family
    group = ForeignKeyField(TherapyGroup, null=True, backref="sessions")
    group_id: uuid.UUID | None
    client = ForeignKeyField(Client, null=True, backref="own_sessions")
    client_id: uuid.UUID | None
    site = ForeignKeyField(Site, backref="sessions")
    site_id: uuid.UUID
    date = DateField()
    start_time = TimeField()
    duration_minutes = IntegerField()
    facilitator = ForeignKeyField(Staff, null=True, backref="sessions")
    facilitator_id: uuid.UUID | None
    status = CharField(max_length=12, default="scheduled")  # scheduled / cancelled
    cancel_reason = TextField(default="")
    # Where a generated session came from, so generation never repeats a slot
    # even after the session was moved to another date.
    schedule = ForeignKeyField(GroupSchedule, null=True, backref="sessions")
    schedule_id: uuid.UUID | None
    origin_date = DateField(null=True)
    topic = CharField(max_length=200, default="")
    modality = CharField(max_length=12, default="in_person")
    room = CharField(max_length=60, default="")

    class Meta:
        indexes = (
            (("schedule", "origin_date"), True),
            (("group", "date"), False),
            (("site", "date"), False),
            (("client", "date"), False),
            (("site", "origin_date"), False),  # migration 0004
            (("id", "facilitator"), False),  # migration 0004: covers the caseload check
        )


class FamilyMember(ClinicalModel):
    """Someone present at a family session, by name and relationship."""

    session = ForeignKeyField(Session, backref="family_members")
    session_id: uuid.UUID
    name = CharField(max_length=120)
    relationship = CharField(max_length=60)


class Attendance(ClinicalModel):
    session = ForeignKeyField(Session, backref="attendance")
    session_id: uuid.UUID
    client = ForeignKeyField(Client, backref="attendance")
    client_id: uuid.UUID
    status = CharField(max_length=20, default="not_recorded")  # vocab.ATTENDANCE_STATUSES
    minutes_attended = IntegerField(null=True)
    # Migration 0005: the minutes were typed in by hand (kept as given); otherwise they are
    # derived from the times or the whole session as it finally ran (domain/calendar/session_time.py).
    minutes_typed = BooleanField(default=False)
    arrived_at = TimeField(null=True)
    departed_at = TimeField(null=True)
    comment = TextField(default="")
    walk_in_reason = TextField(null=True)  # set when not on the roster
    recorded_by = ForeignKeyField(Staff, null=True)
    recorded_by_id: uuid.UUID | None
    recorded_at = DateTimeField(null=True)
    # Denormalised date of service so per-client week sums need no join.
    date = DateField(index=True)

    class Meta:
        indexes = (
            (("session", "client"), True),
            (("client", "date"), False),
            (("client", "session"), False),  # migration 0004: covers the caseload check
        )


class AttendanceChange(BaseModel):
    """Append-only history of every change to an attendance row."""

    attendance = ForeignKeyField(Attendance, backref="changes")
    attendance_id: uuid.UUID
    changed_by = ForeignKeyField(Staff)
    changed_by_id: uuid.UUID
    changed_at = DateTimeField(default=utcnow)
    before = TextField(default="{}")  # JSON
    after = TextField(default="{}")  # JSON
    reason = TextField(default="")


class Note(ClinicalModel):
    """One note: a group session's shared part (client is NULL) or one client's part.

    ``body`` is JSON: {field name: text}. Once the status is "signed" no column
    changes again, and while "pending_cosign" it is locked too (enforced in the
    domain and by the triggers of migration 0005, which replaced 0002's).
    """

    session = ForeignKeyField(Session, backref="notes")
    session_id: uuid.UUID
    client = ForeignKeyField(Client, null=True, backref="notes")
    client_id: uuid.UUID | None
    author = ForeignKeyField(Staff, backref="notes")
    author_id: uuid.UUID
    note_format = CharField(max_length=12, default="DAP")
    body = TextField(default="{}")
    status = CharField(max_length=16, default="draft")  # vocab.NOTE_STATUSES
    signed_by = ForeignKeyField(Staff, null=True, backref="+")
    signed_by_id: uuid.UUID | None
    signed_at = DateTimeField(null=True)
    content_hash = CharField(max_length=64, null=True)
    cosigned_by = ForeignKeyField(Staff, null=True, backref="+")
    cosigned_by_id: uuid.UUID | None
    cosigned_at = DateTimeField(null=True)
    return_comment = TextField(default="")
    copied_from = ForeignKeyField("self", null=True, backref="+")
    copied_from_id: uuid.UUID | None
    date = DateField(index=True)  # date of service, denormalised for lists
    # JSON {"by", "at", "flags"} when the signer overrode the confidentiality guard
    # (migration 0002); kept outside the body so it is not part of the sealed text.
    guard_override = TextField(null=True)
    # JSON: what the note documented when it was sealed (session time, length, topic,
    # facilitators; a member's attendance and minutes), frozen with it (migration 0005).
    documented = TextField(null=True)
    # Migration 0006: JSON list of the client's treatment-plan goal ids this part addressed
    # (iopdesk.domain.notes.goals); NULL: none chosen. Locked with the note (0006's trigger).
    goals_addressed = TextField(null=True)

    class Meta:
        indexes = (
            (("session", "client"), False),
            (("client", "date"), False),
            (("author", "status"), False),
            (("client", "author"), False),  # migration 0004
            (("status",), False),  # migration 0004
        )


class NoteAddendum(ClinicalModel):
    note = ForeignKeyField(Note, backref="addenda")
    note_id: uuid.UUID
    author = ForeignKeyField(Staff)
    author_id: uuid.UUID
    text = TextField()
    signed_at = DateTimeField(default=utcnow)
    content_hash = CharField(max_length=64)


class NoteConflict(ClinicalModel):
    """A draft text that lost a concurrent save: kept, never dropped."""

    note = ForeignKeyField(Note, backref="conflicts")
    note_id: uuid.UUID
    author = ForeignKeyField(Staff)
    author_id: uuid.UUID
    body = TextField()
    based_on_version = IntegerField()
    resolved_at = DateTimeField(null=True)


class NoteTemplate(BaseModel):
    """The clinic's copy of a note format (defaults ship under resources/)."""

    note_format = CharField(max_length=12, unique=True)
    definition = TextField()  # JSON: shared and member fields
    updated_at = DateTimeField(default=utcnow)


class Snippet(BaseModel):
    owner = ForeignKeyField(Staff, null=True, backref="snippets")  # NULL: clinic-wide
    owner_id: uuid.UUID | None
    title = CharField(max_length=80)
    text = TextField()
    created_at = DateTimeField(default=utcnow)


class AuditEvent(BaseModel):
    """One entry of the append-only audit trail (migration 0003; triggers refuse UPDATE and DELETE).

    ``seq`` numbers the entries 1, 2, 3… with no gaps; ``hash`` is the SHA-256 of
    the entry's canonical form together with ``prev_hash``, the previous entry's
    hash, so an edited, removed or reordered entry breaks the chain
    (``iopdesk.domain.kernel.audit.verify_chain``). Ids are plain UUID columns, not
    foreign keys: an entry must always be writable and never block anything.
    """

    seq = IntegerField(unique=True)
    at = DateTimeField(default=utcnow, index=True)  # UTC
    staff_id = UUIDField(null=True, index=True)  # NULL: a sign-in attempt by an unknown name
    workstation = CharField(max_length=120, default="")
    site_id = UUIDField(null=True)
    action = CharField(max_length=40, index=True)
    client_id = UUIDField(null=True, index=True)
    record_type = CharField(max_length=40, default="")
    record_id = CharField(max_length=64, default="")
    changes = TextField(default="{}")  # JSON; never a note's text (a digest stands in for it)
    prev_hash = CharField(max_length=64)
    hash = CharField(max_length=64)
    # Migration 0010: one chain per device. ``seq`` numbers the entries as they arrived in this
    # database; ``device_seq`` numbers them 1, 2, 3… within the chain of the device that wrote them,
    # and the hash covers the device and that number (not ``seq``), so an entry keeps its hash
    # wherever it is copied. Entries written before 0010 are the first device's, hashed as before.
    device_id = UUIDField(null=True)
    device_seq = IntegerField(null=True)

    class Meta:
        indexes = ((("device_id", "device_seq"), True),)


ALL_MODELS: list[type[Model]] = [
    Setting,
    Site,
    Staff,
    Client,
    TherapyGroup,
    GroupFacilitator,
    GroupSchedule,
    Enrollment,
    KeepApart,
    Holiday,
    Session,
    FamilyMember,
    Attendance,
    AttendanceChange,
    Note,
    NoteAddendum,
    NoteConflict,
    NoteTemplate,
    Snippet,
    AuditEvent,
]
