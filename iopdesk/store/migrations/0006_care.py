"""0006: the client's treatment — screenings, episodes of care, treatment teams, plans, discharges.

Hand-written (frozen: it must not import application code, which changes later).

- New tables (iopdesk.store.care_models): ``care_screening``, ``care_episode``,
  ``care_admission_change`` (the history of an episode's admission terms, append-only),
  ``care_team_member``, ``care_plan`` (one row per plan version), ``care_plan_review`` and
  ``care_discharge``.
- ``therapy_group.population`` (adult / adolescent; NULL: anyone) and ``note.goals_addressed``
  (the plan goals a client's part addressed, JSON; NULL: none chosen).
- Clients admitted before this step get their first episode, the admission terms it started
  with, and their primary counselor on its team, from the client row (a discharged client's
  episode and team membership end on the discharge date).

Immutability (SQLite triggers, like the notes' of 0002):
- A signed screening, plan version, plan review or discharge refuses any change to its content,
  seal, signer or status, and any DELETE; while awaiting co-signature its content is locked too,
  and the only way back to editing is the supervisor's "return" (status 'returned').
- Admission-term history rows are never changed or removed.
- A note's goals addressed are locked with the note (signed or awaiting co-signature).

PostgreSQL gets the tables and columns; its triggers are future work, as for the notes.
"""

import datetime
import uuid

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    SqliteDatabase,
    TextField,
    UUIDField,
)

SIGNED = "signed care records cannot be changed; a plan changes by a new version"
PENDING = "a care record awaiting co-signature cannot be changed; the supervisor can return it"
HISTORY = "the history of admission terms cannot be changed or removed"
NOTE_GOALS = "the goals a signed note addressed cannot be changed"

SEAL_COLUMNS = (
    "author_id",
    "status",
    "signed_by_id",
    "signed_at",
    "content_hash",
    "cosigned_by_id",
    "cosigned_at",
    "retired_at",
    "client_id",
    "origin_site_id",
    "created_at",
)
# The content a seal covers, per table.
CONTENT = {
    "care_screening": (
        "screened_on",
        "answers",
        "ratings",
        "computed",
        "recommendation",
        "override_reason",
        "summary",
    ),
    "care_plan": (
        "episode_id",
        "number",
        "based_on_id",
        "content",
        "review_days",
        "client_agreed",
        "client_agreement",
        "signed_on",
    ),
    "care_plan_review": ("plan_id", "reviewed_on", "progress", "summary", "outcome", "client_participated"),
    "care_discharge": ("episode_id", "reason", "discharged_on", "summary", "aftercare"),
}


def _changed(columns):
    return " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)


def _sealed_triggers(table):
    content = CONTENT[table]
    return [
        f"""CREATE TRIGGER {table}_signed_is_immutable BEFORE UPDATE ON {table}
        WHEN OLD.status = 'signed' AND ({_changed(content + SEAL_COLUMNS + ("return_comment",))})
        BEGIN
            SELECT RAISE(ABORT, '{SIGNED}');
        END""",
        f"""CREATE TRIGGER {table}_pending_is_locked BEFORE UPDATE ON {table}
        WHEN OLD.status = 'pending_cosign' AND (
            {_changed(content + ("author_id", "client_id", "retired_at"))}
            OR (OLD.content_hash IS NOT NULL AND NEW.content_hash IS NOT OLD.content_hash
                AND NEW.status <> 'returned'))
        BEGIN
            SELECT RAISE(ABORT, '{PENDING}');
        END""",
        f"""CREATE TRIGGER {table}_locked_not_deleted BEFORE DELETE ON {table}
        WHEN OLD.status IN ('signed', 'pending_cosign')
        BEGIN
            SELECT RAISE(ABORT, '{SIGNED}');
        END""",
    ]


SQLITE_TRIGGERS = [
    *(statement for table in CONTENT for statement in _sealed_triggers(table)),
    f"""CREATE TRIGGER care_admission_change_no_update BEFORE UPDATE ON care_admission_change
    BEGIN
        SELECT RAISE(ABORT, '{HISTORY}');
    END""",
    f"""CREATE TRIGGER care_admission_change_no_delete BEFORE DELETE ON care_admission_change
    BEGIN
        SELECT RAISE(ABORT, '{HISTORY}');
    END""",
    f"""CREATE TRIGGER note_goals_locked BEFORE UPDATE OF goals_addressed ON note
    WHEN OLD.status IN ('signed', 'pending_cosign') AND NEW.goals_addressed IS NOT OLD.goals_addressed
    BEGIN
        SELECT RAISE(ABORT, '{NOTE_GOALS}');
    END""",
]

TRIGGER_NAMES = [
    *(
        f"{table}_{kind}"
        for table in CONTENT
        for kind in ("signed_is_immutable", "pending_is_locked", "locked_not_deleted")
    ),
    "care_admission_change_no_update",
    "care_admission_change_no_delete",
    "note_goals_locked",
]


def _tables(db):
    """Frozen copies of the care models as they are at this step (and stubs of what they point at)."""

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

    class Clinical(Base):
        origin_site = ForeignKeyField(Site, field=Site.id)
        created_at = DateTimeField()
        updated_at = DateTimeField()
        version = IntegerField(default=1)
        retired_at = DateTimeField(null=True)

    class Sealed(Clinical):
        author = ForeignKeyField(Staff, backref="+")
        status = CharField(max_length=16, default="draft")
        signed_by = ForeignKeyField(Staff, null=True, backref="+")
        signed_at = DateTimeField(null=True)
        content_hash = CharField(max_length=64, null=True)
        cosigned_by = ForeignKeyField(Staff, null=True, backref="+")
        cosigned_at = DateTimeField(null=True)
        return_comment = TextField(default="")

    class Screening(Sealed):
        client = ForeignKeyField(Client, backref="+")
        screened_on = DateField()
        answers = TextField(default="[]")
        ratings = TextField(default="[]")
        computed = CharField(max_length=12, default="")
        recommendation = CharField(max_length=12, default="")
        override_reason = TextField(default="")
        summary = TextField(default="")

        class Meta:
            table_name = "care_screening"
            indexes = ((("client", "screened_on"), False),)

    class CareEpisode(Clinical):
        client = ForeignKeyField(Client, backref="+")
        number = IntegerField()
        admitted_on = DateField()
        discharged_on = DateField(null=True)
        screening = ForeignKeyField(Screening, null=True, backref="+")
        level_of_care = CharField(max_length=10)
        population = CharField(max_length=12)
        population_reason = TextField(default="")
        weekly_target_minutes = IntegerField(null=True)
        referral_source = CharField(max_length=120, default="")
        primary_counselor = ForeignKeyField(Staff, null=True, backref="+")

        class Meta:
            table_name = "care_episode"
            indexes = ((("client", "number"), True),)

    class AdmissionChange(Clinical):
        episode = ForeignKeyField(CareEpisode, backref="+")
        client = ForeignKeyField(Client, backref="+")
        effective_on = DateField()
        admitted_on = DateField()
        level_of_care = CharField(max_length=10)
        population = CharField(max_length=12)
        population_reason = TextField(default="")
        weekly_target_minutes = IntegerField(null=True)
        referral_source = CharField(max_length=120, default="")
        primary_counselor = ForeignKeyField(Staff, null=True, backref="+")
        reason = TextField(default="")
        changed_by = ForeignKeyField(Staff, null=True, backref="+")

        class Meta:
            table_name = "care_admission_change"
            indexes = ((("client", "effective_on"), False),)

    class TeamMember(Clinical):
        client = ForeignKeyField(Client, backref="+")
        episode = ForeignKeyField(CareEpisode, backref="+")
        staff = ForeignKeyField(Staff, backref="+")
        role = CharField(max_length=20)
        start_on = DateField()
        end_on = DateField(null=True)
        end_reason = TextField(default="")

        class Meta:
            table_name = "care_team_member"
            indexes = ((("client", "staff"), False),)

    class PlanVersion(Sealed):
        client = ForeignKeyField(Client, backref="+")
        episode = ForeignKeyField(CareEpisode, backref="+")
        number = IntegerField()
        based_on = ForeignKeyField("self", null=True, backref="+")
        content = TextField(default="{}")
        review_days = IntegerField()
        client_agreed = BooleanField(default=False)
        client_agreement = TextField(default="")
        signed_on = DateField(null=True)

        class Meta:
            table_name = "care_plan"
            indexes = ((("episode", "number"), True), (("client", "status"), False))

    class PlanReview(Sealed):
        plan = ForeignKeyField(PlanVersion, backref="+")
        client = ForeignKeyField(Client, backref="+")
        reviewed_on = DateField()
        progress = TextField(default="[]")
        summary = TextField(default="")
        outcome = CharField(max_length=12, default="continue")
        client_participated = BooleanField(default=True)

        class Meta:
            table_name = "care_plan_review"
            indexes = ((("plan", "reviewed_on"), False),)

    class Discharge(Sealed):
        episode = ForeignKeyField(CareEpisode, backref="+")
        client = ForeignKeyField(Client, backref="+")
        reason = CharField(max_length=24)
        discharged_on = DateField()
        summary = TextField(default="{}")
        aftercare = TextField(default="[]")

        class Meta:
            table_name = "care_discharge"

    return [Screening, CareEpisode, AdmissionChange, TeamMember, PlanVersion, PlanReview, Discharge]


def _first_episodes(db, episode_model, change_model, team_model):
    """An episode, its opening terms and the primary counselor's team place for each admitted client."""
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    rows = db.execute_sql(
        "SELECT id, origin_site_id, admission_date, discharge_date, status, level_of_care, population, "
        "weekly_target_minutes, primary_counselor_id FROM client "
        "WHERE admission_date IS NOT NULL AND retired_at IS NULL"
    ).fetchall()
    for client, site, admitted, discharged, status, level, population, target, counselor in rows:
        stamps = {"origin_site": site, "created_at": now, "updated_at": now, "version": 1}
        ended = discharged if status == "discharged" else None
        terms = {
            "client": client,
            "admitted_on": admitted,
            "level_of_care": level or "2.1",
            "population": population or "adult",
            "population_reason": "",
            "weekly_target_minutes": target,
            "referral_source": "",
            "primary_counselor": counselor,
        }
        episode = uuid.uuid4()
        episode_model.insert(id=episode, number=1, discharged_on=ended, **stamps, **terms).execute()
        change_model.insert(
            id=uuid.uuid4(),
            episode=episode,
            effective_on=admitted,
            reason="Carried over from the client record when IOPdesk was upgraded.",
            changed_by=None,
            **stamps,
            **terms,
        ).execute()
        if counselor is not None:
            team_model.insert(
                id=uuid.uuid4(),
                client=client,
                episode=episode,
                staff=counselor,
                role="primary_counselor",
                start_on=admitted,
                end_on=ended,
                end_reason="Discharged." if ended else "",
                **stamps,
            ).execute()


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("therapy_group", "population", CharField(max_length=12, null=True)),
        migrator.add_column("note", "goals_addressed", TextField(null=True)),
    )
    tables = _tables(db)
    db.create_tables(tables)
    _first_episodes(db, tables[1], tables[2], tables[3])
    if isinstance(db, SqliteDatabase):
        for statement in SQLITE_TRIGGERS:
            db.execute_sql(statement)


def down(migrator, db):
    if isinstance(db, SqliteDatabase):
        for name in reversed(TRIGGER_NAMES):
            db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
    db.drop_tables(list(reversed(_tables(db))))
    migrator.migrate(
        migrator.drop_column("note", "goals_addressed"),
        migrator.drop_column("therapy_group", "population"),
    )
