"""0008: measurement-based care — instrument results, safety alerts, detox monitoring, drug screens.

Hand-written (frozen: it must not import application code, which changes later). Numbered 0008:
0007 belongs to another step; the runner applies steps in their numeric order.

- New tables (iopdesk.store.measures_models): ``measure_result``, ``measure_safety_alert``,
  ``measure_detox``, ``measure_detox_observation``, ``measure_drug_screen`` and
  ``measure_drug_screen_result``.

Immutability (SQLite triggers, like the care records' of 0006):
- A result, a detox observation, a drug screen and its per-substance results refuse any UPDATE and
  any DELETE: a mistake is corrected by a new row that supersedes the old one, with its reason.
- A safety alert refuses DELETE; an UPDATE may only record its follow-up, once (the follow-up
  columns, from empty), and nothing else about it ever changes.
- A detox episode refuses DELETE; while open its plan may change and it may be ended (once); what it
  monitors (client, substance, scale, start, who opened it) never changes, and an ended one is fixed.

PostgreSQL gets the tables; its triggers are future work, as for the notes and the care records.
"""

import uuid

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    SqliteDatabase,
    TextField,
    UUIDField,
)

RECORDED = "recorded measures cannot be changed or removed; record a correction instead"
ALERT = "the follow-up of a safety alert is recorded once and then never changes; alerts are never removed"
DETOX = "a detox episode keeps what it monitors; once ended it cannot change; it is never removed"

APPEND_ONLY = (
    "measure_result",
    "measure_detox_observation",
    "measure_drug_screen",
    "measure_drug_screen_result",
)
ALERT_FIXED = (
    "id",
    "origin_site_id",
    "created_at",
    "retired_at",
    "client_id",
    "result_id",
    "episode_id",
    "item",
    "answer",
    "message",
    "raised_on",
    "raised_at",
)
DETOX_FIXED = (
    "id",
    "origin_site_id",
    "created_at",
    "client_id",
    "episode_id",
    "substance",
    "instrument",
    "started_at",
    "opened_by_id",
)


def _changed(columns):
    return " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)


SQLITE_TRIGGERS = [
    *(
        statement
        for table in APPEND_ONLY
        for statement in (
            f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
            BEGIN
                SELECT RAISE(ABORT, '{RECORDED}');
            END""",
            f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
            BEGIN
                SELECT RAISE(ABORT, '{RECORDED}');
            END""",
        )
    ),
    f"""CREATE TRIGGER measure_safety_alert_follow_up_once BEFORE UPDATE ON measure_safety_alert
    WHEN OLD.recorded_at IS NOT NULL OR ({_changed(ALERT_FIXED)})
    BEGIN
        SELECT RAISE(ABORT, '{ALERT}');
    END""",
    f"""CREATE TRIGGER measure_safety_alert_no_delete BEFORE DELETE ON measure_safety_alert
    BEGIN
        SELECT RAISE(ABORT, '{ALERT}');
    END""",
    f"""CREATE TRIGGER measure_detox_fixed BEFORE UPDATE ON measure_detox
    WHEN OLD.ended_at IS NOT NULL OR ({_changed(DETOX_FIXED)})
    BEGIN
        SELECT RAISE(ABORT, '{DETOX}');
    END""",
    f"""CREATE TRIGGER measure_detox_no_delete BEFORE DELETE ON measure_detox
    BEGIN
        SELECT RAISE(ABORT, '{DETOX}');
    END""",
]

TRIGGER_NAMES = [
    *(f"{table}_{kind}" for table in APPEND_ONLY for kind in ("no_update", "no_delete")),
    "measure_safety_alert_follow_up_once",
    "measure_safety_alert_no_delete",
    "measure_detox_fixed",
    "measure_detox_no_delete",
]


def _tables(db):
    """Frozen copies of the measures models as they are at this step (and stubs of what they point at)."""

    class Base(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)

        class Meta:
            database = db

    class Site(Base):
        class Meta:
            table_name = "site"

    class Staff(Base):
        class Meta:
            table_name = "staff"

    class Client(Base):
        class Meta:
            table_name = "client"

    class CareEpisode(Base):
        class Meta:
            table_name = "care_episode"

    class Clinical(Base):
        origin_site = ForeignKeyField(Site, field=Site.id)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        version = IntegerField(default=1)
        retired_at = DateTimeField(null=True)

    class MeasureResult(Clinical):
        client = ForeignKeyField(Client, backref="+")
        episode = ForeignKeyField(CareEpisode, null=True, backref="+")
        instrument = CharField(max_length=16)
        loinc = CharField(max_length=16, default="")
        answers = TextField()
        total = IntegerField(null=True)
        band = CharField(max_length=24, default="")
        band_label = CharField(max_length=80, default="")
        subscales = TextField(default="{}")
        reported = TextField(default="{}")
        alerts = TextField(default="[]")
        sex = CharField(max_length=8, default="")
        given_on = DateField()
        given_at = DateTimeField()
        given_by = ForeignKeyField(Staff, backref="+")
        supersedes = ForeignKeyField("self", null=True, unique=True, backref="+")
        reason = TextField(default="")

        class Meta:
            table_name = "measure_result"
            indexes = ((("client", "instrument", "given_on"), False),)

    class SafetyAlert(Clinical):
        client = ForeignKeyField(Client, backref="+")
        result = ForeignKeyField(MeasureResult, unique=True, backref="+")
        episode = ForeignKeyField(CareEpisode, null=True, backref="+")
        item = CharField(max_length=8)
        answer = IntegerField()
        message = TextField()
        raised_on = DateField()
        raised_at = DateTimeField()
        checked_by = ForeignKeyField(Staff, null=True, backref="+")
        checked_at = DateTimeField(null=True)
        outcome = CharField(max_length=20, default="")
        follow_up = TextField(default="")
        recorded_by = ForeignKeyField(Staff, null=True, backref="+")
        recorded_at = DateTimeField(null=True)

        class Meta:
            table_name = "measure_safety_alert"
            indexes = ((("client", "recorded_at"), False),)

    class DetoxEpisode(Clinical):
        client = ForeignKeyField(Client, backref="+")
        episode = ForeignKeyField(CareEpisode, null=True, backref="+")
        substance = CharField(max_length=16)
        instrument = CharField(max_length=16)
        started_at = DateTimeField()
        prescriber = CharField(max_length=120, default="")
        plan = TextField()
        opened_by = ForeignKeyField(Staff, backref="+")
        ended_at = DateTimeField(null=True)
        ended_by = ForeignKeyField(Staff, null=True, backref="+")
        end_reason = CharField(max_length=20, default="")
        end_note = TextField(default="")

        class Meta:
            table_name = "measure_detox"
            indexes = ((("client", "started_at"), False),)

    class DetoxObservation(Clinical):
        detox = ForeignKeyField(DetoxEpisode, backref="+")
        client = ForeignKeyField(Client, backref="+")
        observed_at = DateTimeField()
        instrument = CharField(max_length=16)
        answers = TextField()
        score = IntegerField()
        band = CharField(max_length=24, default="")
        band_label = CharField(max_length=80, default="")
        pulse = IntegerField(null=True)
        systolic = IntegerField(null=True)
        diastolic = IntegerField(null=True)
        temperature_f = FloatField(null=True)
        flags = TextField(default="[]")
        note = TextField(default="")
        recorded_by = ForeignKeyField(Staff, backref="+")
        supersedes = ForeignKeyField("self", null=True, unique=True, backref="+")
        reason = TextField(default="")

        class Meta:
            table_name = "measure_detox_observation"
            indexes = ((("detox", "observed_at"), False),)

    class DrugScreen(Clinical):
        client = ForeignKeyField(Client, backref="+")
        episode = ForeignKeyField(CareEpisode, null=True, backref="+")
        collected_on = DateField()
        specimen = CharField(max_length=12)
        method = CharField(max_length=16)
        observed = BooleanField()
        note = TextField(default="")
        recorded_by = ForeignKeyField(Staff, backref="+")
        supersedes = ForeignKeyField("self", null=True, unique=True, backref="+")
        reason = TextField(default="")

        class Meta:
            table_name = "measure_drug_screen"
            indexes = ((("client", "collected_on"), False),)

    class DrugScreenResult(Clinical):
        screen = ForeignKeyField(DrugScreen, backref="+")
        client = ForeignKeyField(Client, backref="+")
        substance = CharField(max_length=24)
        result = CharField(max_length=20)
        medication = CharField(max_length=120, default="")

        class Meta:
            table_name = "measure_drug_screen_result"
            indexes = ((("screen", "substance"), True),)

    return [MeasureResult, SafetyAlert, DetoxEpisode, DetoxObservation, DrugScreen, DrugScreenResult]


def up(migrator, db):
    db.create_tables(_tables(db))
    if isinstance(db, SqliteDatabase):
        for statement in SQLITE_TRIGGERS:
            db.execute_sql(statement)


def down(migrator, db):
    if isinstance(db, SqliteDatabase):
        for name in reversed(TRIGGER_NAMES):
            db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
    db.drop_tables(list(reversed(_tables(db))))
