"""0001: the first tables (generated from iopdesk.store.models, then frozen).

Column defaults are applied by the application models, not by the schema,
so the frozen copies below leave Python-side defaults out on purpose.
"""
import uuid

from peewee import *


def up(migrator, db):
    class Site(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        name = CharField(unique=True, max_length=120)
        timezone = CharField(max_length=64, default='America/New_York')
        address = TextField(default='')
        active = BooleanField(default=True)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'site'
    db.create_tables([Site])

    class TherapyGroup(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        origin_site = ForeignKeyField(Site, field=Site.id)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        version = IntegerField(default=1)
        retired_at = DateTimeField(null=True)
        name = CharField(max_length=120)
        kind = CharField(max_length=30)
        enrollment_mode = CharField(max_length=10, default='open')
        participation = CharField(max_length=10, default='mandatory')
        site = ForeignKeyField(Site)
        room = CharField(max_length=60, default='')
        max_size = IntegerField(default=12)
        track = CharField(max_length=40, default='IOP')
        active = BooleanField(default=True)
        start_date = DateField(null=True)
        end_date = DateField(null=True)
        description = TextField(default='')
        class Meta:
            database = db
            table_name = 'therapy_group'
    db.create_tables([TherapyGroup])

    class Staff(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        username = CharField(unique=True, max_length=64)
        display_name = CharField(max_length=120)
        role = CharField(max_length=20)
        credentials = CharField(max_length=40, default='')
        needs_cosign = BooleanField(default=False)
        supervisor = ForeignKeyField('self', null=True)
        home_site = ForeignKeyField(Site)
        active = BooleanField(default=True)
        password_hash = TextField(null=True)
        failed_attempts = IntegerField(default=0)
        locked_until = DateTimeField(null=True)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'staff'
    db.create_tables([Staff])

    class Client(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        origin_site = ForeignKeyField(Site, field=Site.id)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        version = IntegerField(default=1)
        retired_at = DateTimeField(null=True)
        legal_first = CharField(max_length=80)
        legal_last = CharField(max_length=80)
        preferred_name = CharField(max_length=80, default='')
        date_of_birth = DateField()
        chart_number = CharField(unique=True, max_length=40)
        phone = CharField(max_length=40, default='')
        emergency_contact_name = CharField(max_length=120, default='')
        emergency_contact_phone = CharField(max_length=40, default='')
        home_site = ForeignKeyField(Site)
        primary_counselor = ForeignKeyField(Staff, null=True)
        status = CharField(max_length=20, default='active')
        admission_date = DateField(null=True)
        discharge_date = DateField(null=True)
        level_of_care = CharField(max_length=10, default='2.1')
        population = CharField(max_length=12, default='adult')
        weekly_target_minutes = IntegerField(null=True)
        search_text = CharField(index=True, max_length=400, default='')
        class Meta:
            database = db
            table_name = 'client'
    db.create_tables([Client])

    class GroupSchedule(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        origin_site = ForeignKeyField(Site, field=Site.id)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        version = IntegerField(default=1)
        retired_at = DateTimeField(null=True)
        group = ForeignKeyField(TherapyGroup)
        weekday = IntegerField()
        start_time = TimeField()
        duration_minutes = IntegerField()
        effective_from = DateField()
        effective_to = DateField(null=True)
        class Meta:
            database = db
            table_name = 'group_schedule'
    db.create_tables([GroupSchedule])

    class Session(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        origin_site = ForeignKeyField(Site, field=Site.id)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        version = IntegerField(default=1)
        retired_at = DateTimeField(null=True)
        kind = CharField(max_length=12)
        group = ForeignKeyField(TherapyGroup, null=True)
        client = ForeignKeyField(Client, null=True)
        site = ForeignKeyField(Site)
        date = DateField()
        start_time = TimeField()
        duration_minutes = IntegerField()
        facilitator = ForeignKeyField(Staff, null=True)
        status = CharField(max_length=12, default='scheduled')
        cancel_reason = TextField(default='')
        schedule = ForeignKeyField(GroupSchedule, null=True)
        origin_date = DateField(null=True)
        topic = CharField(max_length=200, default='')
        modality = CharField(max_length=12, default='in_person')
        room = CharField(max_length=60, default='')
        class Meta:
            database = db
            table_name = 'session'
            indexes = ((('schedule', 'origin_date'), True), (('group', 'date'), False), (('site', 'date'), False), (('client', 'date'), False))
    db.create_tables([Session])

    class Attendance(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        origin_site = ForeignKeyField(Site, field=Site.id)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        version = IntegerField(default=1)
        retired_at = DateTimeField(null=True)
        session = ForeignKeyField(Session)
        client = ForeignKeyField(Client)
        status = CharField(max_length=20, default='not_recorded')
        minutes_attended = IntegerField(null=True)
        arrived_at = TimeField(null=True)
        departed_at = TimeField(null=True)
        comment = TextField(default='')
        walk_in_reason = TextField(null=True)
        recorded_by = ForeignKeyField(Staff, null=True)
        recorded_at = DateTimeField(null=True)
        date = DateField(index=True)
        class Meta:
            database = db
            table_name = 'attendance'
            indexes = ((('session', 'client'), True), (('client', 'date'), False))
    db.create_tables([Attendance])

    class AttendanceChange(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        attendance = ForeignKeyField(Attendance)
        changed_by = ForeignKeyField(Staff)
        changed_at = DateTimeField()
        before = TextField(default='{}')
        after = TextField(default='{}')
        reason = TextField(default='')
        class Meta:
            database = db
            table_name = 'attendance_change'
    db.create_tables([AttendanceChange])

    class Enrollment(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        origin_site = ForeignKeyField(Site, field=Site.id)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        version = IntegerField(default=1)
        retired_at = DateTimeField(null=True)
        client = ForeignKeyField(Client)
        group = ForeignKeyField(TherapyGroup)
        status = CharField(max_length=20)
        start_date = DateField(null=True)
        end_date = DateField(null=True)
        end_reason = CharField(null=True, max_length=20)
        end_comment = TextField(default='')
        waitlist_position = FloatField(null=True)
        waitlisted_at = DateTimeField(null=True)
        override_reason = TextField(default='')
        created_by = ForeignKeyField(Staff, null=True)
        class Meta:
            database = db
            table_name = 'enrollment'
            indexes = ((('group', 'status'), False),)
    db.create_tables([Enrollment])

    class FamilyMember(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        origin_site = ForeignKeyField(Site, field=Site.id)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        version = IntegerField(default=1)
        retired_at = DateTimeField(null=True)
        session = ForeignKeyField(Session)
        name = CharField(max_length=120)
        relationship = CharField(max_length=60)
        class Meta:
            database = db
            table_name = 'family_member'
    db.create_tables([FamilyMember])

    class GroupFacilitator(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        group = ForeignKeyField(TherapyGroup)
        staff = ForeignKeyField(Staff)
        is_lead = BooleanField(default=False)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'group_facilitator'
            indexes = ((('group', 'staff'), True),)
    db.create_tables([GroupFacilitator])

    class Holiday(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        origin_site = ForeignKeyField(Site, field=Site.id)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        version = IntegerField(default=1)
        retired_at = DateTimeField(null=True)
        site = ForeignKeyField(Site)
        date = DateField()
        reason = CharField(max_length=120)
        class Meta:
            database = db
            table_name = 'holiday'
            indexes = ((('site', 'date'), False),)
    db.create_tables([Holiday])

    class KeepApart(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        origin_site = ForeignKeyField(Site, field=Site.id)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        version = IntegerField(default=1)
        retired_at = DateTimeField(null=True)
        client_a = ForeignKeyField(Client)
        client_b = ForeignKeyField(Client)
        reason = CharField(max_length=20)
        comment = TextField(default='')
        created_by = ForeignKeyField(Staff, null=True)
        class Meta:
            database = db
            table_name = 'keep_apart'
    db.create_tables([KeepApart])

    class Note(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        origin_site = ForeignKeyField(Site, field=Site.id)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        version = IntegerField(default=1)
        retired_at = DateTimeField(null=True)
        session = ForeignKeyField(Session)
        client = ForeignKeyField(Client, null=True)
        author = ForeignKeyField(Staff)
        note_format = CharField(max_length=12, default='DAP')
        body = TextField(default='{}')
        status = CharField(max_length=16, default='draft')
        signed_by = ForeignKeyField(Staff, null=True)
        signed_at = DateTimeField(null=True)
        content_hash = CharField(null=True, max_length=64)
        cosigned_by = ForeignKeyField(Staff, null=True)
        cosigned_at = DateTimeField(null=True)
        return_comment = TextField(default='')
        copied_from = ForeignKeyField('self', null=True)
        date = DateField(index=True)
        class Meta:
            database = db
            table_name = 'note'
            indexes = ((('session', 'client'), False), (('client', 'date'), False), (('author', 'status'), False))
    db.create_tables([Note])

    class NoteAddendum(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        origin_site = ForeignKeyField(Site, field=Site.id)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        version = IntegerField(default=1)
        retired_at = DateTimeField(null=True)
        note = ForeignKeyField(Note)
        author = ForeignKeyField(Staff)
        text = TextField()
        signed_at = DateTimeField()
        content_hash = CharField(max_length=64)
        class Meta:
            database = db
            table_name = 'note_addendum'
    db.create_tables([NoteAddendum])

    class NoteConflict(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        origin_site = ForeignKeyField(Site, field=Site.id)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        version = IntegerField(default=1)
        retired_at = DateTimeField(null=True)
        note = ForeignKeyField(Note)
        author = ForeignKeyField(Staff)
        body = TextField()
        based_on_version = IntegerField()
        resolved_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'note_conflict'
    db.create_tables([NoteConflict])

    class NoteTemplate(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        note_format = CharField(unique=True, max_length=12)
        definition = TextField()
        updated_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'note_template'
    db.create_tables([NoteTemplate])

    class Setting(Model):
        key = CharField(primary_key=True, max_length=100)
        value = TextField()
        class Meta:
            database = db
            table_name = 'setting'
    db.create_tables([Setting])

    class Snippet(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        owner = ForeignKeyField(Staff, null=True)
        title = CharField(max_length=80)
        text = TextField()
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'snippet'
    db.create_tables([Snippet])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('snippet'))
    migrator.migrate(migrator.drop_table('setting'))
    migrator.migrate(migrator.drop_table('note_template'))
    migrator.migrate(migrator.drop_table('note_conflict'))
    migrator.migrate(migrator.drop_table('note_addendum'))
    migrator.migrate(migrator.drop_table('note'))
    migrator.migrate(migrator.drop_table('keep_apart'))
    migrator.migrate(migrator.drop_table('holiday'))
    migrator.migrate(migrator.drop_table('group_facilitator'))
    migrator.migrate(migrator.drop_table('family_member'))
    migrator.migrate(migrator.drop_table('enrollment'))
    migrator.migrate(migrator.drop_table('attendance_change'))
    migrator.migrate(migrator.drop_table('attendance'))
    migrator.migrate(migrator.drop_table('session'))
    migrator.migrate(migrator.drop_table('group_schedule'))
    migrator.migrate(migrator.drop_table('client'))
    migrator.migrate(migrator.drop_table('staff'))
    migrator.migrate(migrator.drop_table('therapy_group'))
    migrator.migrate(migrator.drop_table('site'))
