"""Clinic settings are checked before they are kept (issue 17): ranges, a notice that is a notice."""

from __future__ import annotations

import json

import pytest

from iopdesk.domain.kernel import settings
from iopdesk.domain.kernel.errors import PermissionDenied, ValidationError
from iopdesk.domain.kernel.ids import setting_id
from iopdesk.store.models import AuditEvent, ClinicSetting
from tests.support import factories as f


def test_an_absence_limit_of_minus_five_is_refused_with_the_range(actor):
    # Issue 17: "an absence limit of -5 ... was accepted".
    with pytest.raises(ValidationError) as err:
        settings.set_value(actor, "absence_limit", -5)
    assert str(err.value) == (
        "absence_limit (Absences allowed in the absence window) must be a whole number from 0 to 100; "
        "-5 is out of range."
    )
    assert err.value.field == "absence_limit" and settings.get("absence_limit") == 6
    assert not ClinicSetting.select().where(ClinicSetting.key == "absence_limit").exists()


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("", "cannot be blank"),  # Issue 17: "a blank notice was accepted"
        ("   ", "cannot be blank"),
        ("Please keep this private.", "must name 42 CFR part 2"),
        ("x" * 5_001, "at most 5,000 characters"),
    ],
)
def test_the_part2_notice_must_be_a_notice(actor, value, says):
    with pytest.raises(ValidationError, match=says):
        settings.set_value(actor, "part2_notice", value)
    assert settings.get("part2_notice") == settings.PART2_NOTICE


def test_a_short_notice_naming_the_rule_is_kept(actor):
    short = "42 CFR part 2 prohibits unauthorized use or disclosure of these records."
    settings.set_value(actor, "part2_notice", f"  {short}  ")
    assert settings.get("part2_notice") == short


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("adult_weekly_floor_minutes", 0),
        ("program_min_days_per_week", 8),
        ("no_attendance_alert_days", 0),
        ("unexcused_in_a_row", 1),
        ("absence_window_weeks", "12"),
        ("note_due_hours", True),
        ("date_order", "YMD"),
        ("note_format", "essay"),
        ("clinic_name", ""),
    ],
)
def test_values_outside_what_a_setting_allows_are_refused(actor, key, value):
    before = settings.get(key)
    with pytest.raises(ValidationError, match=f"^{key} "):
        settings.set_value(actor, key, value)
    assert settings.get(key) == before


def test_the_floors_stay_below_partial_hospitalization(actor):
    settings.set_value(actor, "adult_weekly_floor_minutes", 1140)  # 19 h: still below PHP's 20 h
    with pytest.raises(ValidationError) as err:
        settings.set_value(actor, "php_weekly_minutes", 1100)
    assert str(err.value) == (
        "php_weekly_minutes (Partial-hospitalization intensity (minutes/week)) must keep "
        "adult_weekly_floor_minutes below php_weekly_minutes: 1140 is not below 1100."
    )
    settings.set_value(actor, "adult_weekly_floor_minutes", 600)
    with pytest.raises(ValidationError, match="600 is not below 600"):
        settings.set_value(actor, "php_weekly_minutes", 600)  # equal is not below
    assert settings.get("php_weekly_minutes") == 1200


def test_a_change_is_audited_and_the_edges_of_a_range_are_allowed(actor):
    settings.set_value(actor, "absence_limit", 0)
    settings.set_value(actor, "absence_limit", 100)
    assert settings.get("absence_limit") == 100
    changes = [
        json.loads(e.changes) for e in AuditEvent.select().where(AuditEvent.record_id == "absence_limit")
    ]
    assert changes == [{"absence_limit": [6, 0]}, {"absence_limit": [0, 100]}]


def test_who_may_change_settings(actor):
    counselor = f.actor_as(actor, f.staff(actor, role="counselor"))
    with pytest.raises(PermissionDenied):
        settings.set_value(counselor, "absence_limit", 4)
    with pytest.raises(PermissionDenied):
        settings.set_value(actor, "lockout_attempts", 4)  # a supervisor: sign-in settings are not theirs
    admin = f.actor_as(actor, f.staff(actor, role="administrator"))
    settings.set_value(admin, "lockout_attempts", 4)
    assert settings.get("lockout_attempts") == 4


def test_a_stored_value_out_of_range_reads_as_the_default(actor):
    ClinicSetting.insert(
        id=setting_id("absence_limit"), key="absence_limit", value="-5"
    ).execute()  # around the program
    assert settings.get("absence_limit") == 6


def test_the_listing_says_what_each_setting_allows(actor):
    listed = {s.key: s for s in settings.listing()}
    assert set(listed) == set(settings.DECLARED)
    limit = listed["absence_limit"]
    assert (limit.value, limit.default, limit.allowed) == (6, 6, "a whole number from 0 to 100")
    assert listed["date_order"].allowed == "MDY or DMY"
    assert listed["unexcused_in_a_row"].default == 2
    assert listed["lockout_minutes"].security and not limit.security


def test_several_changes_are_judged_together_and_saved_in_an_order_that_keeps_the_floors_below(actor):
    settings.set_value(actor, "adult_weekly_floor_minutes", 1140)  # 19 h, PHP 20 h
    # PHP down to 16 h 40 min and the floor down to 15 h at once: PHP alone, against the stored
    # 19 h floor, would be refused; together they are allowed, the floor lowered first.
    changes = {"php_weekly_minutes": 1000, "adult_weekly_floor_minutes": 900, "absence_limit": 4}
    assert "1140 is not below 1000" in (settings.problem("php_weekly_minutes", 1000) or "")
    assert settings.problems(changes) == {}
    order = settings.in_order(changes)
    assert sorted(order) == sorted(changes)
    assert order.index("adult_weekly_floor_minutes") < order.index("php_weekly_minutes")
    for key in order:
        settings.set_value(actor, key, changes[key])
    assert settings.values(*changes) == changes
    # Raising both back: PHP goes up first, then the floor.
    up = {"adult_weekly_floor_minutes": 1140, "php_weekly_minutes": 1500}
    assert "1140 is not below 1000" in (settings.problem("adult_weekly_floor_minutes", 1140) or "")
    assert settings.problems(up) == {}
    assert settings.in_order(up) == ["php_weekly_minutes", "adult_weekly_floor_minutes"]


def test_changes_made_together_are_refused_by_setting_saying_what_is_wrong(actor):
    wrong = settings.problems(
        {
            "absence_limit": -5,
            "adult_weekly_floor_minutes": 1140,
            "php_weekly_minutes": 1000,
            "adolescent_weekly_floor_minutes": 360,
        }
    )
    assert wrong == {
        "absence_limit": (
            "absence_limit (Absences allowed in the absence window) must be a whole number from 0 to 100; "
            "-5 is out of range."
        ),
        "adult_weekly_floor_minutes": (
            "adult_weekly_floor_minutes (Adult IOP weekly floor (minutes)) must keep "
            "adult_weekly_floor_minutes below php_weekly_minutes: 1140 is not below 1000."
        ),
    }
    # Judged on the stored figure when only one of the pair changes.
    assert set(settings.problems({"php_weekly_minutes": 700, "adult_weekly_floor_minutes": 540})) == set()
    assert set(settings.problems({"php_weekly_minutes": 600, "adolescent_weekly_floor_minutes": 600})) == {
        "adolescent_weekly_floor_minutes"
    }
    assert settings.problems({"no_such_thing": 1}) == {
        "no_such_thing": "There is no setting called 'no_such_thing'."
    }
    assert settings.get("absence_limit") == 6  # judging keeps nothing
