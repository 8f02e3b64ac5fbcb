"""The shapes every instrument shares: items, bands, instruments, alerts and a scored result.

All frozen: an instrument is data, and a result never changes after scoring. Answers are
typed before scoring (answers.py): an int for a scored item, a bool for a yes/no item
(True is "yes"), so a yes/no item can never be summed as if it were its printed number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

Answer = int | bool


class Sex(StrEnum):
    """Only AUDIT-C uses it: its positive cut-off differs for women and men."""

    FEMALE = "female"
    MALE = "male"


@dataclass(frozen=True)
class Item:
    """One question or rating, in its published place.

    ``scale`` lists the published scores of the item's answers (COWS's pupil size is
    0, 1, 2 or 5: a 3 is off the scale). A yes/no item has no scale; ``yes_score`` and
    ``no_score`` say what each answer counts (DAST-10 item 3 counts "no").
    """

    key: str
    number: str  # as printed on the form: "1", "7A"
    label: str  # short, ours: shown where the wording may not be
    scale: tuple[int, ...] | None = (0, 1, 2, 3)
    yes_score: int = 1
    no_score: int = 0
    wording: str | None = None  # the published wording, only where its licence allows
    scored: bool = True  # False: reported with the result, never added
    optional: bool = False  # may be left off the end (PHQ-9's difficulty question)
    answer_labels: tuple[str, ...] = ()  # what each score stands for, aligned with scale (licensed text only)

    @property
    def yes_no(self) -> bool:
        return self.scale is None

    @property
    def max_points(self) -> int:
        return max(self.scale) if self.scale is not None else max(self.yes_score, self.no_score)

    def points(self, answer: Answer) -> int:
        if self.yes_no:
            return self.yes_score if answer else self.no_score
        return int(answer)

    def answer_text(self, answer: Answer) -> str | None:
        if self.scale is None or not self.answer_labels:
            return None
        return self.answer_labels[self.scale.index(int(answer))]

    def describe(self) -> str:
        return f"item {self.number} ({self.label})"

    def allowed_text(self) -> str:
        if self.scale is None:
            return "yes or no"
        values = [str(v) for v in self.scale]
        if values == [str(v) for v in range(self.scale[0], self.scale[-1] + 1)]:
            return f"{values[0]} to {values[-1]}"
        return ", ".join(values[:-1]) + f" or {values[-1]}"


@dataclass(frozen=True)
class Band:
    """A named range of totals, both ends included."""

    key: str
    label: str
    low: int
    high: int

    def holds(self, total: int) -> bool:
        return self.low <= total <= self.high


@dataclass(frozen=True)
class Instrument:
    id: str  # the command line's name: "phq9", "ciwa-ar"
    title: str  # "PHQ-9"
    name: str  # "Patient Health Questionnaire-9"
    items: tuple[Item, ...]
    loinc_total: str | None  # LOINC code of the total score, only where verified
    source: str  # where the scoring comes from (author, year; document)
    licence: str  # what the licence allows, and so whether wording ships
    wording_shipped: bool
    instructions: str | None = None  # the published stem, where licensed

    @property
    def required(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if not i.optional)

    def item(self, key: str) -> Item:
        for it in self.items:
            if it.key == key:
                return it
        raise KeyError(key)


@dataclass(frozen=True)
class Alert:
    """Something a person must act on, whatever the total says."""

    key: str  # "safety"
    item: str  # the item number that raised it
    message: str


@dataclass(frozen=True)
class Result:
    instrument: str
    total: int | None  # None where the instrument has no total (BAM)
    band: Band | None
    subscales: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    alerts: tuple[Alert, ...] = ()
    notes: tuple[str, ...] = ()
    reported: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))  # unscored items

    def __post_init__(self) -> None:
        # Frozen means frozen: the mappings become read-only views of private copies.
        object.__setattr__(self, "subscales", MappingProxyType(dict(self.subscales)))
        object.__setattr__(self, "reported", MappingProxyType(dict(self.reported)))

    def as_dict(self) -> dict[str, object]:
        """The shape ``iopdesk score --json`` prints."""
        return {
            "instrument": self.instrument,
            "total": self.total,
            "band": self.band.key if self.band else None,
            "band_label": self.band.label if self.band else None,
            "subscales": dict(self.subscales),
            "alerts": [{"key": a.key, "item": a.item, "message": a.message} for a in self.alerts],
            "reported": dict(self.reported),
            "notes": list(self.notes),
        }
