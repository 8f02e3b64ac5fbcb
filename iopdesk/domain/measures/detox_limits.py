"""Detox monitoring's limits: the clinic's thresholds for a higher level of care, the flags a rating
reaches, and the vital signs a person may type (plausible ranges, both blood-pressure numbers).

Kept apart from the episode and its observations (detox.py) so the dialogs can flag a rating live
with the same rule that flags it when saved.
"""

from __future__ import annotations

from dataclasses import dataclass

from iopdesk.domain.kernel import settings
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.measures import instruments
from iopdesk.domain.measures.common import int_or_none


@dataclass(frozen=True)
class Thresholds:
    """The clinic's thresholds for a higher level of care (each "at or above")."""

    ciwa: int
    cows: int
    pulse: int
    systolic: int
    diastolic: int
    temperature_f: float

    def score_for(self, instrument: str) -> int:
        return self.ciwa if instrument == "ciwa-ar" else self.cows


def thresholds() -> Thresholds:
    v = settings.values(
        "detox_ciwa_flag_from",
        "detox_cows_flag_from",
        "detox_pulse_flag_from",
        "detox_systolic_flag_from",
        "detox_diastolic_flag_from",
        "detox_temperature_flag_from",
    )
    return Thresholds(
        v["detox_ciwa_flag_from"],
        v["detox_cows_flag_from"],
        v["detox_pulse_flag_from"],
        v["detox_systolic_flag_from"],
        v["detox_diastolic_flag_from"],
        v["detox_temperature_flag_from"] / 10,
    )


@dataclass(frozen=True)
class Flag:
    key: str  # score / pulse / systolic / diastolic / temperature
    message: str


@dataclass(frozen=True)
class Vitals:
    pulse: int | None = None
    systolic: int | None = None
    diastolic: int | None = None
    temperature_f: float | None = None


def flags_for(instrument: str, score: int, vitals: Vitals, limits: Thresholds) -> tuple[Flag, ...]:
    """Which thresholds for a higher level of care this rating reaches (each "at or above")."""
    title = instruments.get(instrument).title
    found = []
    if score >= limits.score_for(instrument):
        found.append(Flag("score", f"{title} {score} (at or above {limits.score_for(instrument)})"))
    for key, value, limit, unit in (
        ("pulse", vitals.pulse, limits.pulse, "/min"),
        ("systolic", vitals.systolic, limits.systolic, " mm Hg systolic"),
        ("diastolic", vitals.diastolic, limits.diastolic, " mm Hg diastolic"),
        ("temperature", vitals.temperature_f, limits.temperature_f, " °F"),
    ):
        if value is not None and value >= limit:
            found.append(
                Flag(key, f"{'Pulse ' if key == 'pulse' else ''}{value:g}{unit} (at or above {limit:g})")
            )
    return tuple(found)


def vitals_checked(vitals: Vitals) -> Vitals:
    pulse = int_or_none(vitals.pulse, field="pulse", label="The pulse", low=20, high=250)
    systolic = int_or_none(vitals.systolic, field="systolic", label="The systolic pressure", low=50, high=300)
    diastolic = int_or_none(
        vitals.diastolic, field="diastolic", label="The diastolic pressure", low=20, high=200
    )
    if (systolic is None) != (diastolic is None):
        raise ValidationError(
            "Give both blood pressure numbers (systolic over diastolic), or neither.",
            "systolic" if systolic is None else "diastolic",
        )
    if systolic is not None and diastolic is not None and diastolic >= systolic:
        raise ValidationError("The diastolic pressure must be below the systolic.", "diastolic")
    temperature = vitals.temperature_f
    if temperature is not None:
        if isinstance(temperature, bool) or not isinstance(temperature, (int, float)):
            raise ValidationError("The temperature must be a number (°F).", "temperature_f")
        if not 90.0 <= temperature <= 110.0:
            raise ValidationError(
                f"The temperature must be between 90 and 110 °F; {temperature:g} is not plausible.",
                "temperature_f",
            )
        temperature = round(float(temperature), 1)
    return Vitals(pulse, systolic, diastolic, temperature)
