"""The clinic's settings travel (migration 0014): one changed at the clinic is the one a laptop
uses after a sync, and the other way; changed at both places apart, the later edit wins and the
other is kept as a sync conflict named by the setting's title; what belongs to one database (its
device id, sync marks, …) never leaves it. Runs with the hub on SQLite or on the test server."""

from __future__ import annotations

import importlib
import json

import pytest

from iopdesk.domain.kernel import audit, settings
from iopdesk.domain.kernel.ids import setting_id
from iopdesk.domain.roster_files.export import export_roster
from iopdesk.domain.sync import exchange, service
from iopdesk.domain.sync.conflict_detail import conflict_detail
from iopdesk.domain.sync.counts import Counts
from iopdesk.domain.sync.versions import SETTLED_KEY
from iopdesk.store import current, keyring, transaction
from iopdesk.store.models import AuditEvent, ClinicSetting, Setting
from iopdesk.store.sync_models import SyncConflict, SyncRow
from tests.support import sync_places as sp

NOTICE = "Protected by federal confidentiality rules (42 CFR part 2): the clinic's wording of 2026."
TITLE = settings.DECLARED["absence_limit"].title  # "Absences allowed in the absence window"


def _conflicts() -> list[SyncConflict]:
    return list(SyncConflict.select().where(SyncConflict.table_name == "clinic_setting"))


def test_a_setting_changed_at_the_clinic_is_the_one_the_laptop_uses_after_a_sync(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with clinic.hub.open():
        settings.set_value(clinic.admin, "part2_notice", NOTICE)
    with laptop.open():
        assert settings.get("part2_notice") == settings.PART2_NOTICE  # not yet: the copy's own
    summary = sp.receive(clinic, laptop, sp.send(clinic, clinic.hub, laptop, tmp_path))
    assert summary.counts.tables.get("clinic_setting") == 1
    with laptop.open():
        assert settings.get("part2_notice") == NOTICE
        assert ClinicSetting.get(ClinicSetting.key == "part2_notice").id == setting_id("part2_notice")
        # What the laptop exports now carries the clinic's notice.
        exported = export_roster(clinic.supervisor)
        assert NOTICE in exported and settings.PART2_NOTICE not in exported


def test_a_setting_changed_on_a_laptop_reaches_the_clinic_with_its_audit_entry(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with laptop.open():
        settings.set_value(clinic.supervisor, "absence_limit", 4)
        (entry,) = AuditEvent.select().where(
            (AuditEvent.record_type == "setting") & (AuditEvent.record_id == "absence_limit")
        )
    sp.receive(clinic, clinic.hub, sp.send(clinic, laptop, clinic.hub, tmp_path))
    with clinic.hub.open():
        assert settings.get("absence_limit") == 4
        assert entry.id.hex in sp.audit_ids()  # who changed it, and when, came along
        assert audit.verify_chain().ok


def test_one_setting_changed_at_both_places_keeps_the_later_and_the_other_as_a_conflict_in_words(
    clinic, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with clinic.hub.open():
        settings.set_value(clinic.supervisor, "absence_limit", 4)
    with laptop.open():  # apart, later: this one wins
        settings.set_value(clinic.supervisor, "absence_limit", 5)
    sp.exchange(clinic, clinic.hub, laptop, tmp_path)
    sp.exchange(clinic, laptop, clinic.hub, tmp_path)
    states = []
    for place in (clinic.hub, laptop):
        with place.open():
            assert settings.get("absence_limit") == 5
            (kept,) = _conflicts()
            assert kept.row_id == setting_id("absence_limit").hex
            assert json.loads(json.loads(kept.lost)["value"]) == 4
            (listed,) = [c for c in service.conflicts(clinic.admin) if c.table == "clinic_setting"]
            assert listed.record == f"Clinic setting: {TITLE}"
            detail = conflict_detail(clinic.admin, kept.id)
            assert not detail.withheld_because
            shown = {c.column: c for c in detail.columns}
            assert (shown["key"].label, shown["key"].kept, shown["key"].lost) == ("Setting", TITLE, TITLE)
            assert (shown["value"].kept, shown["value"].lost, shown["value"].differs) == ("5", "4", True)
            assert "absence_limit" not in repr([(c.label, c.kept, c.lost) for c in detail.columns])
            states.append(sp.dump()["clinic_setting"])
    assert states[0] == states[1]


def test_one_setting_set_alike_at_both_places_keeps_no_conflict(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    for place in (clinic.hub, laptop):
        with place.open():
            settings.set_value(clinic.supervisor, "note_due_hours", 48)
    sp.exchange(clinic, clinic.hub, laptop, tmp_path)
    for place in (clinic.hub, laptop):
        with place.open():
            assert settings.get("note_due_hours") == 48
            assert not _conflicts()  # only the stamps differed: nothing lost


def test_a_save_that_changes_nothing_is_no_edit_to_send(clinic) -> None:  # type: ignore[no-untyped-def]
    with clinic.hub.open():
        settings.set_value(clinic.supervisor, "note_due_hours", 48)
        before = ClinicSetting.get(ClinicSetting.key == "note_due_hours")
        settings.set_value(clinic.supervisor, "note_due_hours", 48)
        after = ClinicSetting.get(ClinicSetting.key == "note_due_hours")
        assert (after.version, after.updated_at) == (before.version, before.updated_at)


def test_what_belongs_to_one_database_never_travels(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with laptop.open():
        own = dict(Setting.select(Setting.key, Setting.value).tuples())
    with clinic.hub.open():
        settings.set_value(clinic.admin, "idle_lock_minutes", 15)
        Setting.insert(key="probe_local", value=json.dumps("the hub's alone")).execute()
        hub_device = audit.this_device()
        with transaction():  # everything this place would send a first copy
            everything = exchange.build(hub_device, None, Counts())
        tables = {row[0] for row in everything["rows"]}
        assert "setting" not in tables and "clinic_setting" in tables
        sent_keys = {row[3]["key"] for row in everything["rows"] if row[0] == "clinic_setting"}
        assert sent_keys <= set(settings.DECLARED)
    sp.exchange(clinic, clinic.hub, laptop, tmp_path)
    with laptop.open():
        assert settings.get("idle_lock_minutes") == 15
        mine = dict(Setting.select(Setting.key, Setting.value).tuples())
        assert "probe_local" not in mine
        for key in ("device_id", "sync_key"):
            assert mine[key] == own[key]  # the laptop's own device id; the clinic's one sync key
        assert audit.this_device() != hub_device
        assert json.loads(mine[SETTLED_KEY]) >= json.loads(own[SETTLED_KEY])  # its own mark, moved on


def test_a_new_laptops_copy_carries_the_clinics_settings(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with clinic.hub.open():
        settings.set_value(clinic.admin, "part2_notice", NOTICE)
        settings.set_value(clinic.supervisor, "absence_limit", 3)
    fresh = sp.add_laptop(clinic, tmp_path, "laptop-new")
    with fresh.open():
        assert settings.values("part2_notice", "absence_limit") == {
            "part2_notice": NOTICE,
            "absence_limit": 3,
        }


@pytest.mark.postgresql  # a server's laptop is encrypted: its key file shows the sign-in screen
def test_the_laptops_sign_in_screen_follows_the_clinics_name_and_lockout_rule(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with clinic.hub.open():
        settings.set_value(clinic.supervisor, "clinic_name", "Riverbend IOP")
        settings.set_value(clinic.admin, "lockout_attempts", 7)
    sp.receive(clinic, laptop, sp.send(clinic, clinic.hub, laptop, tmp_path))
    keys = keyring.load(keyring.keys_path(laptop.path))  # read before the database is unlocked
    assert (keys.screen["clinic"], keys.lockout_attempts) == ("Riverbend IOP", 7)


def _as_if_upgraded_here() -> None:
    """Undo 0014 and make it again at the open place, as a clinic still at 0013 upgrades: the
    values it had carried over under the ids every place gives them, with this place's upgrade
    time and no version vector (nothing set since)."""
    step = importlib.import_module("iopdesk.store.migrations.0014_sync_settings")
    db = current()
    with db.atomic():
        step.down(None, db)
        step.up(None, db)
        SyncRow.delete().where(SyncRow.table_name == "clinic_setting").execute()


def test_places_upgraded_apart_take_each_others_later_changes_without_a_conflict(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with clinic.hub.open():
        settings.set_value(clinic.admin, "part2_notice", NOTICE)
        settings.set_value(clinic.supervisor, "absence_limit", 3)
    laptop = sp.add_laptop(clinic, tmp_path, "laptop-old")  # the values both had before 0014
    for place in (clinic.hub, laptop):
        with place.open():
            _as_if_upgraded_here()
            assert settings.values("part2_notice", "absence_limit") == {
                "part2_notice": NOTICE,
                "absence_limit": 3,
            }
    with clinic.hub.open():
        settings.set_value(clinic.supervisor, "absence_limit", 5)
    with laptop.open():
        settings.set_value(clinic.supervisor, "note_due_hours", 48)
    sp.exchange(clinic, clinic.hub, laptop, tmp_path)
    for place in (clinic.hub, laptop):
        with place.open():
            assert settings.values("part2_notice", "absence_limit", "note_due_hours") == {
                "part2_notice": NOTICE,
                "absence_limit": 5,
                "note_due_hours": 48,
            }
            assert not _conflicts()  # a value carried over by the upgrade is no edit of that place
