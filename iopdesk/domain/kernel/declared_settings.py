"""Every clinic setting, declared once: its type, default, title and the values it may take
(``DECLARED``), the order some keep among themselves (``BELOW``), and the defaults too long to
write inline (the 42 CFR Part 2 notice, the intake criteria, the levels of care, the instrument
schedule).

Apart from settings.py (reading a setting, checking a value, changing it with its audit entry),
which applies these; the names are found there too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from iopdesk.domain.kernel import vocab
from iopdesk.domain.kernel.csv_safety import PART2_CITATION  # also how importers spot a notice row
from iopdesk.domain.kernel.vocab import NOTE_FORMATS

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
    """One clinic setting: its type, default, title, and the values it may take.

    ``low``/``high`` bound a whole number (both ends allowed); ``choices`` list
    the texts allowed; ``check`` is a further rule for a text (it returns what
    is wrong, or None). Every screen and command changes a setting through
    ``set_value``, which applies these; ``problem`` says what is wrong with a
    value without storing it.
    """

    key: str
    kind: type
    default: Any
    title: str
    low: int | None = None
    high: int | None = None
    choices: tuple[str, ...] = ()
    check: Callable[[str], str | None] | None = None
    max_length: int = 200

    def allowed(self) -> str:
        """The values allowed, in words: "0 to 50", "MDY or DMY", "text"."""
        if self.kind is int:
            return f"a whole number from {self.low} to {self.high}"
        if self.kind is list:
            return "a list of entries, edited in the program"
        if self.choices:
            return " or ".join(self.choices)
        return f"text of 1 to {self.max_length:,} characters" + (
            " naming 42 CFR part 2" if self.key == "part2_notice" else ""
        )

    def problem(self, value: Any) -> str | None:
        """What is wrong with ``value`` for this setting, in one line naming it; None if it is fine."""
        where = f"{self.key} ({self.title})"
        if self.kind is int:
            if not isinstance(value, int) or isinstance(value, bool):
                return f"{where} must be {self.allowed()}; {value!r} is not a whole number."
            if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
                return f"{where} must be {self.allowed()}; {value} is out of range."
            return None
        if self.kind is list:
            if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
                return f"{where} must be a non-empty list of entries."
            return None
        if not isinstance(value, str):
            return f"{where} must be text."
        if self.choices:
            return None if value in self.choices else f"{where} must be {self.allowed()}; not {value!r}."
        if not value.strip():
            return f"{where} cannot be blank."
        if len(value) > self.max_length:
            return f"{where} can be at most {self.max_length:,} characters ({len(value):,} given)."
        return self.check(value) if self.check is not None else None


def _names_part2(text: str) -> str | None:
    if PART2_CITATION.search(text) is None:
        return (
            "part2_notice (42 CFR Part 2 notice on disclosures) must name 42 CFR part 2 "
            '(42 CFR 2.32: for example "42 CFR part 2 prohibits unauthorized use or disclosure of '
            'these records.").'
        )
    return None


DECLARED: dict[str, Declared] = {
    d.key: d
    for d in (
        Declared("clinic_name", str, "IOPdesk clinic", "Clinic name", max_length=120),
        Declared(
            "date_order", str, "MDY", "Date order in imported files (MDY or DMY)", choices=("MDY", "DMY")
        ),
        Declared("adult_weekly_floor_minutes", int, 9 * 60, "Adult IOP weekly floor (minutes)", 60, 19 * 60),
        Declared(
            "adolescent_weekly_floor_minutes",
            int,
            6 * 60,
            "Adolescent IOP weekly floor (minutes)",
            60,
            19 * 60,
        ),
        Declared(
            "php_weekly_minutes",
            int,
            20 * 60,
            "Partial-hospitalization intensity (minutes/week)",
            10 * 60,
            70 * 60,
        ),
        Declared("program_min_minutes_per_day", int, 3 * 60, "Program rule: minutes per day", 30, 12 * 60),
        Declared("program_min_days_per_week", int, 3, "Program rule: days per week", 1, 7),
        Declared("absence_limit", int, 6, "Absences allowed in the absence window", 0, 100),
        Declared("absence_window_weeks", int, 12, "Absence window (weeks)", 1, 52),
        Declared("unexcused_in_a_row", int, 2, "Alert after this many unexcused absences in a row", 2, 20),
        Declared("no_attendance_alert_days", int, 7, "Alert after days without attendance", 1, 90),
        Declared("late_entry_days", int, 7, "Attendance older than this needs a reason (days)", 0, 365),
        Declared("session_horizon_weeks", int, 4, "Sessions generated ahead (weeks)", 1, 26),
        Declared("note_due_hours", int, 72, "Notes due within (hours)", 1, 30 * 24),
        Declared(
            "note_format",
            str,
            "DAP",
            "Format of new notes (DAP, SOAP, BIRP, GIRP, narrative)",
            choices=tuple(NOTE_FORMATS),
        ),
        Declared("idle_lock_minutes", int, 10, "Lock after idle (minutes)", 1, 120),
        Declared("lockout_attempts", int, 5, "Failed sign-ins before an account locks", 2, 20),
        Declared("lockout_minutes", int, 15, "How long a locked account stays locked (minutes)", 1, 24 * 60),
        Declared(
            "part2_notice",
            str,
            PART2_NOTICE,
            "42 CFR Part 2 notice on disclosures",
            check=_names_part2,
            max_length=5_000,
        ),
        # The client's treatment (iopdesk.domain.care).
        Declared(
            "adolescent_age_cutoff", int, 18, "Clients younger than this (years) are adolescents", 12, 26
        ),
        Declared("plan_review_days", int, 30, "Treatment plans are reviewed every (days)", 7, 365),
        Declared("plan_review_notice_days", int, 7, "Plan reviews show on Today this many days ahead", 0, 60),
        # Lists: each is edited through its own call (care.screening.set_criteria, care.admission.set_levels),
        # which checks the entries; here only their shape is checked.
        Declared("screening_criteria", list, SCREENING_CRITERIA, "Intake suitability criteria"),
        Declared("levels_of_care", list, LEVELS_OF_CARE, "Levels of care (ASAM codes)"),
    )
}
# Settings that must keep an order among themselves: (lower, higher).
BELOW: tuple[tuple[str, str], ...] = (
    ("adult_weekly_floor_minutes", "php_weekly_minutes"),
    ("adolescent_weekly_floor_minutes", "php_weekly_minutes"),
)

# Measurement-based care (iopdesk.domain.measures): the cut-offs sources disagree on (measures.cutoffs
# says why), which instruments are given when (edited through measures.schedule.set_schedule, which
# checks the entries), and the detox thresholds for a higher level of care (clinic policy; the
# defaults are common ambulatory-withdrawal parameters, to be set by the clinic's medical staff).
MEASURE_SCHEDULE = [
    {"instrument": "phq9", "intake": False, "every_days": 30, "discharge": False},
    {"instrument": "gad7", "intake": False, "every_days": 30, "discharge": False},
    {"instrument": "auditc", "intake": True, "every_days": 0, "discharge": True},
    {"instrument": "dast10", "intake": True, "every_days": 0, "discharge": True},
]
DECLARED.update(
    {
        d.key: d
        for d in (
            Declared("auditc_positive_men", int, 4, "AUDIT-C: a positive screen for men from", 1, 12),
            Declared("auditc_positive_women", int, 3, "AUDIT-C: a positive screen for women from", 1, 12),
            Declared("ciwa_moderate_from", int, 10, "CIWA-Ar: moderate withdrawal from", 1, 66),
            Declared("ciwa_severe_from", int, 19, "CIWA-Ar: severe withdrawal from", 2, 67),
            Declared(
                "measure_schedule",
                list,
                MEASURE_SCHEDULE,
                "Instruments at intake, every N days, at discharge",
            ),
            Declared(
                "measure_due_notice_days",
                int,
                3,
                "Instruments show as due on Today this many days ahead",
                0,
                30,
            ),
            Declared(
                "measure_window_days",
                int,
                7,
                "An intake or discharge instrument counts when given up to this many days before",
                0,
                30,
            ),
            Declared(
                "detox_ciwa_flag_from", int, 19, "Detox: flag a higher level of care at a CIWA-Ar of", 1, 67
            ),
            Declared(
                "detox_cows_flag_from", int, 25, "Detox: flag a higher level of care at a COWS of", 1, 48
            ),
            Declared(
                "detox_pulse_flag_from", int, 110, "Detox: flag at a pulse of (beats per minute)", 60, 200
            ),
            Declared(
                "detox_systolic_flag_from",
                int,
                160,
                "Detox: flag at a systolic pressure of (mm Hg)",
                100,
                250,
            ),
            Declared(
                "detox_diastolic_flag_from",
                int,
                100,
                "Detox: flag at a diastolic pressure of (mm Hg)",
                60,
                150,
            ),
            Declared(
                "detox_temperature_flag_from",
                int,
                1004,
                "Detox: flag at a temperature of (tenths of a degree F: 1004 is 100.4 F)",
                990,
                1060,
            ),
        )
    }
)
BELOW += (("ciwa_moderate_from", "ciwa_severe_from"),)
