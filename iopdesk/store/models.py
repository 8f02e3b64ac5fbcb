"""The clinic's tables as peewee models: every table in ALL_MODELS, and here the ones of what
happens at sessions (sessions, family members present, attendance and its history, notes with their
addenda, kept conflicts, templates and snippets) and the audit trail.

The base classes and the tables of the clinic and who is in it (settings, sites, staff, clients,
groups, enrollments, holidays) are in clinic_models.py, with the shape rules every table follows;
they are found here too. The care, measures and sync tables add themselves to ALL_MODELS.
"""

from __future__ import annotations

import uuid

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
    TimeField,
    UUIDField,
)

from iopdesk.store.clinic_models import (  # noqa: F401  (callers find them here)
    BaseModel,
    Client,
    ClinicalModel,
    ClinicSetting,
    Enrollment,
    GroupFacilitator,
    GroupSchedule,
    Holiday,
    KeepApart,
    Setting,
    Site,
    Staff,
    TherapyGroup,
    database,
)
from iopdesk.store.clock import utcnow  # the one clock: models stamp *_at with it


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
    # JSON: shared and member fields. NULL (migration 0013): the shipped default, as "reset to
    # default" leaves it: templates travel between places, so the row is kept, never deleted, and
    # its id is derived from the format (``ids.template_id``): one row per format at every place.
    definition = TextField(null=True)
    updated_at = DateTimeField(default=utcnow)


class Snippet(BaseModel):
    owner = ForeignKeyField(Staff, null=True, backref="snippets")  # NULL: clinic-wide
    owner_id: uuid.UUID | None
    title = CharField(max_length=80)
    text = TextField()
    created_at = DateTimeField(default=utcnow)
    # Migration 0013: snippets travel between places, so a deleted one is kept, marked
    # (``removed_at``); ``updated_at`` orders two places' edits (sync merge).
    updated_at = DateTimeField(default=utcnow)
    removed_at = DateTimeField(null=True)


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
    ClinicSetting,
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
