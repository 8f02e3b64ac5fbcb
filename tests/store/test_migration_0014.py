"""Migration 0014 on a clinic's settings: every value set before it stays as it was (a value
written around the program too), now in ``clinic_setting`` under the id every place gives its key;
what belongs to this database alone stays in ``setting``; from then on a setting's changes are
captured for sync. Runs on SQLite and on the server."""

from __future__ import annotations

import importlib
import json

from iopdesk.domain.kernel import audit, settings
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.ids import setting_id
from iopdesk.store.database import Target, bind, make_database, runner
from iopdesk.store.models import ClinicSetting, Setting, Site, Staff
from iopdesk.store.models import database as proxy
from iopdesk.store.sync_models import SyncChange

BEFORE = "0013_sync_templates"
NOTICE = "Protected by federal rules (42 CFR part 2): the clinic's own wording."
CHOSEN = {  # not one of them the default
    "clinic_name": "Riverbend IOP",
    "part2_notice": NOTICE,
    "absence_limit": 3,
    "idle_lock_minutes": 20,
    "note_format": "SOAP",
    "adult_weekly_floor_minutes": 600,
    "levels_of_care": [{"code": "2.1", "label": "Intensive outpatient (clinic)"}],
}
AROUND = "-5"  # absence_window_weeks as a hand edit left it: out of range, read as the default


def test_0014_moves_every_clinic_setting_keeps_metadata_and_captures_changes(new_clinic) -> None:  # type: ignore[no-untyped-def]
    db = make_database(Target.parse(new_clinic))
    db.connect()
    bind(db)
    try:
        runner(db).up(BEFORE)
        mark = db.param
        for key, value in CHOSEN.items():
            assert value != settings.DECLARED[key].default
            db.execute_sql(
                f"INSERT INTO setting (key, value) VALUES ({mark}, {mark})", (key, json.dumps(value))
            )
        db.execute_sql(
            f"INSERT INTO setting (key, value) VALUES ({mark}, {mark})", ("absence_window_weeks", AROUND)
        )
        db.execute_sql(
            f"INSERT INTO setting (key, value) VALUES ({mark}, {mark})", ("sync_hub_url", '"pg://hub"')
        )
        local_before = dict(Setting.select(Setting.key, Setting.value).tuples())
        captured = SyncChange.select().count()

        runner(db).up()

        moved = {row.key: row for row in ClinicSetting.select()}
        assert set(moved) == {*CHOSEN, "absence_window_weeks"}
        for key, row in moved.items():
            assert row.id == setting_id(key) and row.version == 1 and row.updated_at is not None
            assert row.value == local_before[key]  # as stored, to the character
        assert settings.values(*CHOSEN) == CHOSEN
        assert settings.get("absence_window_weeks") == settings.DECLARED["absence_window_weeks"].default
        local = dict(Setting.select(Setting.key, Setting.value).tuples())
        assert not set(local) & set(settings.DECLARED)  # one home per value
        assert local == {k: v for k, v in local_before.items() if k not in moved}
        assert {"device_id", "sync_key", "sync_hub_url"} <= set(local)
        assert SyncChange.select().count() == captured  # carried over: no edit of this place

        site = Site.create(name="Main")
        admin = Staff.create(
            username="admin1", display_name="Admin 1", role="administrator", home_site=site.id
        )
        actor = Actor(admin.id, site.id, "administrator", workstation="test")
        settings.set_value(actor, "absence_limit", 4)
        lines = [
            (line.table_name, line.row_id.replace("-", ""))
            for line in SyncChange.select().where(SyncChange.id > 0).order_by(SyncChange.id)
            if line.table_name in ("clinic_setting", "setting")
        ]
        assert lines == [("clinic_setting", setting_id("absence_limit").hex)]
        row = ClinicSetting.get_by_id(setting_id("absence_limit"))
        assert (json.loads(row.value), row.version) == (4, 2)
        assert audit.verify_chain().ok
    finally:
        db.close()
        proxy.initialize(None)


def test_0014_undone_puts_every_value_back_where_it_was(new_clinic) -> None:  # type: ignore[no-untyped-def]
    db = make_database(Target.parse(new_clinic))
    db.connect()
    bind(db)
    try:
        runner(db).up(BEFORE)
        mark = db.param
        for key, value in CHOSEN.items():
            db.execute_sql(
                f"INSERT INTO setting (key, value) VALUES ({mark}, {mark})", (key, json.dumps(value))
            )
        before = dict(Setting.select(Setting.key, Setting.value).tuples())
        runner(db).up()
        step = importlib.import_module("iopdesk.store.migrations.0014_sync_settings")
        with db.atomic():
            step.down(None, db)
        assert "clinic_setting" not in db.get_tables()
        assert dict(Setting.select(Setting.key, Setting.value).tuples()) == before
    finally:
        db.close()
        proxy.initialize(None)


def test_the_keys_0014_moved_are_the_settings_declared_then() -> None:
    """0014 is frozen: it moved the keys DECLARED held when it was written. A setting declared
    later needs nothing moved (settings.py writes it to clinic_setting from the start), but one
    declared before 0014 reached every clinic and missing from its list would lose its value."""
    step = importlib.import_module("iopdesk.store.migrations.0014_sync_settings")
    declared_since: set[str] = set()  # add here a key declared after 0014
    assert set(step.DECLARED_KEYS) == set(settings.DECLARED) - declared_since
    assert len(step.DECLARED_KEYS) == len(set(step.DECLARED_KEYS))
