"""Clinic settings: each declared once, with its type, default and title.

Clinic-wide values live in the database (every workstation sees the same);
per-machine UI state lives in QSettings in the ui layer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from iopdesk.domain.kernel import audit, permissions, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.store import transaction
from iopdesk.store.models import Setting

PART2_NOTICE = (
    "This record which has been disclosed to you is protected by Federal confidentiality rules "
    "(42 CFR part 2). These rules prohibit you from using or disclosing this record, or testimony "
    "that describes the information contained in this record, in any civil, criminal, "
    "administrative, or legislative proceedings by any Federal, State, or local authority, against "
    "the patient, unless authorized by the consent of the patient, except as provided at 42 CFR "
    "2.12(c)(5) or as authorized by a court in accordance with 42 CFR 2.64 or 2.65. In addition, "
    "the Federal rules prohibit you from making any other use or disclosure of this record unless "
    "at least one of the following applies: A. Further use or disclosure is expressly permitted by "
    "the written consent of the individual whose information is being disclosed in this record or, "
    "if deceased, the individual's personal representative; B. Further use or disclosure is "
    "expressly permitted by the HIPAA Privacy Rule; or C. Further use or disclosure is otherwise "
    "permitted by 42 CFR part 2. A general authorization for the release of medical or other "
    "information is NOT sufficient to meet the required elements of written consent to further use "
    "or redisclose the record (see 42 CFR 2.31)."
)


# The program brief's five conditions under which IOP suits a client (REFERENCE §3): the clinic's
# own intake policy, editable (iopdesk.domain.care.screening.set_criteria); keys are stored with answers.
SCREENING_CRITERIA = [
    {"key": "support", "label": "Strong support network and a stable home life"},
    {"key": "health", "label": "Good mental and physical health, with no co-occurring conditions"},
    {"key": "first_iop", "label": "Has not been in an intensive outpatient program before"},
    {"key": "low_relapse_risk", "label": "Low risk of relapse on returning home after sessions"},
    {"key": "group_comfort", "label": "Comfortable in group therapy"},
]
LEVELS_OF_CARE = [{"code": code, "label": label} for code, label in vocab.LEVELS_OF_CARE.items()]


@dataclass(frozen=True)
class Declared:
    key: str
    kind: type
    default: Any
    title: str


DECLARED: dict[str, Declared] = {
    d.key: d
    for d in (
        Declared("clinic_name", str, "IOPdesk clinic", "Clinic name"),
        Declared("date_order", str, "MDY", "Date order in imported files (MDY or DMY)"),
        Declared("adult_weekly_floor_minutes", int, 9 * 60, "Adult IOP weekly floor (minutes)"),
        Declared("adolescent_weekly_floor_minutes", int, 6 * 60, "Adolescent IOP weekly floor (minutes)"),
        Declared("php_weekly_minutes", int, 20 * 60, "Partial-hospitalization intensity (minutes/week)"),
        Declared("program_min_minutes_per_day", int, 3 * 60, "Program rule: minutes per day"),
        Declared("program_min_days_per_week", int, 3, "Program rule: days per week"),
        Declared("absence_limit", int, 6, "Absences allowed in the absence window"),
        Declared("absence_window_weeks", int, 12, "Absence window (weeks)"),
        Declared("no_attendance_alert_days", int, 7, "Alert after days without attendance"),
        Declared("late_entry_days", int, 7, "Attendance older than this needs a reason (days)"),
        Declared("session_horizon_weeks", int, 4, "Sessions generated ahead (weeks)"),
        Declared("note_due_hours", int, 72, "Notes due within (hours)"),
        Declared("note_format", str, "DAP", "Format of new notes (DAP, SOAP, BIRP, GIRP, narrative)"),
        Declared("idle_lock_minutes", int, 10, "Lock after idle (minutes)"),
        Declared("lockout_attempts", int, 5, "Failed sign-ins before an account locks"),
        Declared("lockout_minutes", int, 15, "How long a locked account stays locked (minutes)"),
        Declared("part2_notice", str, PART2_NOTICE, "42 CFR Part 2 notice on disclosures"),
        # The client's treatment (iopdesk.domain.care).
        Declared("adolescent_age_cutoff", int, 18, "Clients younger than this (years) are adolescents"),
        Declared("plan_review_days", int, 30, "Treatment plans are reviewed every (days)"),
        Declared("plan_review_notice_days", int, 7, "Plan reviews show on Today this many days ahead"),
        Declared("screening_criteria", list, SCREENING_CRITERIA, "Intake suitability criteria"),
        Declared("levels_of_care", list, LEVELS_OF_CARE, "Levels of care (ASAM codes)"),
    )
}


def get(key: str) -> Any:
    return values(key)[key]


def values(*keys: str) -> dict[str, Any]:
    """Several settings with one query (a screen that needs five asks once)."""
    unknown = [key for key in keys if key not in DECLARED]
    if unknown:
        raise KeyError(unknown[0])
    stored = dict(Setting.select(Setting.key, Setting.value).where(Setting.key.in_(keys)).tuples())
    return {key: _parsed(DECLARED[key], stored.get(key)) for key in keys}


def _parsed(declared: Declared, stored: str | None) -> Any:
    if stored is None:
        return declared.default
    try:
        value = json.loads(stored)
    except ValueError:
        return declared.default
    return value if isinstance(value, declared.kind) else declared.default


# Sign-in and screen-lock settings: the administrator's alone.
SECURITY_KEYS = frozenset({"idle_lock_minutes", "lockout_attempts", "lockout_minutes"})


def set_value(actor: Actor, key: str, value: Any) -> None:
    action = permissions.SECURITY_EDIT if key in SECURITY_KEYS else permissions.SETTINGS_EDIT
    permissions.require(actor, action, record_type="setting", record_id=key)
    declared = DECLARED.get(key)
    if declared is None:
        raise ValidationError(f"There is no setting called {key!r}.", field=key)
    if not isinstance(value, declared.kind) or isinstance(value, bool) and declared.kind is int:
        raise ValidationError(f"{declared.title} must be a {declared.kind.__name__}.", field=key)
    with transaction():
        old = get(key)
        Setting.insert(key=key, value=json.dumps(value)).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: json.dumps(value)}
        ).execute()
        if old != value:
            audit.record(
                actor, audit.CHANGE, record_type="setting", record_id=key, changes={key: [old, value]}
            )
