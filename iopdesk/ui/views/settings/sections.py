"""Which setting goes on which tab of Clinic settings, in the order a person reads them.

A setting the domain declares later and no tab names lands on the last tab, so
nothing the clinic can set is ever out of reach.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication


def tr(text: str) -> str:
    return QCoreApplication.translate("ClinicSettings", text)


@dataclass(frozen=True)
class Section:
    key: str
    title: str  # with its Alt+letter
    intro: str
    settings: tuple[str, ...]


def sections() -> list[Section]:
    return [
        Section(
            "hours",
            tr("&Hours and floors"),
            tr(
                "The weekly floors the hours are judged against, partial-hospitalization intensity, and "
                "the H0015 program rule (minutes a day, days a week). Screens, alerts and reports all "
                "read them from here."
            ),
            (
                "adult_weekly_floor_minutes",
                "adolescent_weekly_floor_minutes",
                "php_weekly_minutes",
                "program_min_minutes_per_day",
                "program_min_days_per_week",
            ),
        ),
        Section(
            "alerts",
            tr("&Alerts and attendance"),
            tr("When Today raises an alert about a client's attendance, and how attendance is kept."),
            (
                "absence_limit",
                "absence_window_weeks",
                "unexcused_in_a_row",
                "no_attendance_alert_days",
                "late_entry_days",
                "session_horizon_weeks",
            ),
        ),
        Section(
            "notes",
            tr("&Notes"),
            tr("When session notes are due, and the format new notes start in."),
            ("note_due_hours", "note_format"),
        ),
        Section(
            "security",
            tr("Sign-in and &lock"),
            tr(
                "When an idle screen locks, and how many wrong passwords lock an account for how long. "
                "Administrators only. A new idle time applies from the next sign-in."
            ),
            ("idle_lock_minutes", "lockout_attempts", "lockout_minutes"),
        ),
        Section(
            "part2",
            tr("&Part 2 notice"),
            tr(
                "The notice printed on every disclosure and export (42 CFR 2.32). It must name 42 CFR "
                "part 2; the shipped text is the rule's own."
            ),
            ("part2_notice",),
        ),
        Section(
            "care",
            tr("&Care"),
            tr(
                "The client's treatment: who counts as an adolescent, how often plans are reviewed, the "
                "intake suitability criteria and the levels of care."
            ),
            (
                "adolescent_age_cutoff",
                "plan_review_days",
                "plan_review_notice_days",
                "screening_criteria",
                "levels_of_care",
            ),
        ),
        Section(
            "clinic",
            tr("Cl&inic"),
            tr("The clinic's name on screens and printouts, and how dates in imported files are read."),
            ("clinic_name", "date_order"),
        ),
    ]


def arranged(keys: list[str]) -> list[Section]:
    """The tabs with the settings there are; any setting no tab names goes on the last one."""
    known = set(keys)
    out = [Section(s.key, s.title, s.intro, tuple(k for k in s.settings if k in known)) for s in sections()]
    placed = {k for s in out for k in s.settings}
    rest = tuple(k for k in keys if k not in placed)
    if rest:
        last = out[-1]
        out[-1] = Section(last.key, last.title, last.intro, last.settings + rest)
    return [s for s in out if s.settings]
