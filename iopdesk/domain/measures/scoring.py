"""Scoring: checked answers in, a frozen Result out (total, band, subscales, alerts).

Totals are plain sums of the scored items' points (a yes/no item counts its yes or no score:
DAST-10 item 3 counts "no"). Bands include both ends. Sources for every range are in the
modules that define the instruments; the ranges themselves:

- PHQ-9 (0-27): 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe.
  Safety first: any answer above 0 on item 9 raises a same-day "safety" alert, whatever the
  total (a total of 1 from item 9 alone still alerts).
- GAD-7 (0-21): 0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe.
- AUDIT-C (0-12): positive at the clinic's cut-off for the person's sex (defaults: women 3,
  men 4). Sex not given: the lower of the two cut-offs is used and the result says so, since
  a missed positive screen costs more than a second look.
- AUDIT (0-40): WHO risk zones I 0-7, II 8-15, III 16-19, IV 20-40; 8 or more is hazardous.
- DAST-10 (0-10): 0 none, 1-2 low, 3-5 moderate, 6-8 substantial, 9-10 severe.
- CIWA-Ar (0-67): mild / moderate / severe at the clinic's cut-offs (defaults 10 and 19).
- COWS (0-48): 5-12 mild, 13-24 moderate, 25-36 moderately severe, 37-48 (more than 36)
  severe; under 5 is below the published mild range.
- BAM: no total; Use, Risk and Protective subscales (bam.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.measures import answers, bam, instruments
from iopdesk.domain.measures.cutoffs import AUDIT_C_MAX, CIWA_MAX, DEFAULT_CUTOFFS, CutOffs
from iopdesk.domain.measures.model import Alert, Answer, Band, Instrument, Result, Sex

PHQ9_BANDS = (
    Band("minimal", "Minimal (0-4)", 0, 4),
    Band("mild", "Mild (5-9)", 5, 9),
    Band("moderate", "Moderate (10-14)", 10, 14),
    Band("moderately_severe", "Moderately severe (15-19)", 15, 19),
    Band("severe", "Severe (20-27)", 20, 27),
)
GAD7_BANDS = (
    Band("minimal", "Minimal (0-4)", 0, 4),
    Band("mild", "Mild (5-9)", 5, 9),
    Band("moderate", "Moderate (10-14)", 10, 14),
    Band("severe", "Severe (15-21)", 15, 21),
)
AUDIT_ZONES = (
    Band("zone_1", "Zone I (0-7): low risk", 0, 7),
    Band("zone_2", "Zone II (8-15): hazardous", 8, 15),
    Band("zone_3", "Zone III (16-19): harmful", 16, 19),
    Band("zone_4", "Zone IV (20-40): possible dependence", 20, 40),
)
DAST10_BANDS = (
    Band("none", "None reported (0)", 0, 0),
    Band("low", "Low (1-2)", 1, 2),
    Band("moderate", "Moderate (3-5)", 3, 5),
    Band("substantial", "Substantial (6-8)", 6, 8),
    Band("severe", "Severe (9-10)", 9, 10),
)
COWS_BANDS = (
    Band("below_mild", "Below the mild range (0-4)", 0, 4),
    Band("mild", "Mild (5-12)", 5, 12),
    Band("moderate", "Moderate (13-24)", 13, 24),
    Band("moderately_severe", "Moderately severe (25-36)", 25, 36),
    Band("severe", "Severe (more than 36)", 37, 48),
)


def ciwa_bands(cutoffs: CutOffs = DEFAULT_CUTOFFS) -> tuple[Band, ...]:
    moderate, severe = cutoffs.ciwa_moderate_from, cutoffs.ciwa_severe_from
    return (
        Band("mild", f"Mild (under {moderate})", 0, moderate - 1),
        Band("moderate", f"Moderate ({moderate}-{severe - 1})", moderate, severe - 1),
        Band("severe", f"Severe ({severe} or more)", severe, CIWA_MAX),
    )


def score_text(
    instrument_id: str, text: str, *, sex: Sex | str | None = None, cutoffs: CutOffs = DEFAULT_CUTOFFS
) -> Result:
    """Score comma-separated answers ("2,1,0,…"), as the ``score`` command does."""
    instrument = instruments.get(instrument_id)
    return score(instrument.id, answers.parse(instrument, text), sex=sex, cutoffs=cutoffs)


def score(
    instrument_id: str,
    values: Mapping[str, Answer],
    *,
    sex: Sex | str | None = None,
    cutoffs: CutOffs = DEFAULT_CUTOFFS,
) -> Result:
    instrument = instruments.get(instrument_id)
    checked = answers.validate(instrument, values)
    return _SCORERS[instrument.id](instrument, checked, _sex(sex), cutoffs)


def band_for(bands: tuple[Band, ...], total: int) -> Band:
    for band in bands:
        if band.holds(total):
            return band
    raise ValueError(f"no band holds {total}")  # the bands cover every possible total


def _sex(value: Sex | str | None) -> Sex | None:
    if value is None or isinstance(value, Sex):
        return value
    try:
        return Sex(value.strip().lower())
    except ValueError:
        raise ValidationError(f"Sex must be female or male, not {value!r}.", "sex") from None


def _total(instrument: Instrument, values: Mapping[str, Answer]) -> int:
    return sum(
        item.points(values[item.key]) for item in instrument.items if item.scored and item.key in values
    )


def _reported(instrument: Instrument, values: Mapping[str, Answer]) -> dict[str, int]:
    return {
        item.number: item.points(values[item.key])
        for item in instrument.items
        if not item.scored and item.key in values
    }


Scorer = Callable[[Instrument, Mapping[str, Answer], Sex | None, CutOffs], Result]


def _banded(bands: tuple[Band, ...]) -> Scorer:
    def scorer(instrument: Instrument, values: Mapping[str, Answer], _: Sex | None, __: CutOffs) -> Result:
        total = _total(instrument, values)
        return Result(instrument.id, total, band_for(bands, total), reported=_reported(instrument, values))

    return scorer


def _phq9(instrument: Instrument, values: Mapping[str, Answer], sex: Sex | None, cutoffs: CutOffs) -> Result:
    result = _banded(PHQ9_BANDS)(instrument, values, sex, cutoffs)
    item9 = instrument.item("q9")
    answer = int(values["q9"])
    if answer == 0:
        return result
    alert = Alert(
        "safety",
        item9.number,
        f"PHQ-9 item 9 ({item9.label}) answered {answer} ({item9.answer_text(answer)}): "
        "same-day safety assessment needed, whatever the total.",
    )
    return Result(result.instrument, result.total, result.band, alerts=(alert,), reported=result.reported)


def _auditc(
    instrument: Instrument, values: Mapping[str, Answer], sex: Sex | None, cutoffs: CutOffs
) -> Result:
    total = _total(instrument, values)
    women, men = cutoffs.auditc_positive_women, cutoffs.auditc_positive_men
    notes: tuple[str, ...] = ()
    if sex is Sex.FEMALE:
        cut, whose = women, "women's cut-off"
    elif sex is Sex.MALE:
        cut, whose = men, "men's cut-off"
    else:
        cut = min(women, men)
        whose = "lower cut-off; sex not given"
        notes = (
            f"Sex not given: the lower cut-off ({cut}) was used; the cut-offs are {women} for women "
            f"and {men} for men.",
        )
    if total >= cut:
        band = Band("positive", f"Positive screen ({cut} or more; {whose})", cut, AUDIT_C_MAX)
    else:
        band = Band("negative", f"Negative screen (under {cut}; {whose})", 0, cut - 1)
    return Result(instrument.id, total, band, notes=notes)


def _ciwa(instrument: Instrument, values: Mapping[str, Answer], sex: Sex | None, cutoffs: CutOffs) -> Result:
    return _banded(ciwa_bands(cutoffs))(instrument, values, sex, cutoffs)


def _bam(instrument: Instrument, values: Mapping[str, Answer], _: Sex | None, __: CutOffs) -> Result:
    subscales = {
        key: sum(instrument.item(item_key).points(values[item_key]) for item_key in item_keys)
        for key, _label, item_keys in bam.SUBSCALES
    }
    return Result(instrument.id, None, None, subscales=subscales, reported=_reported(instrument, values))


_SCORERS: dict[str, Scorer] = {
    "phq9": _phq9,
    "gad7": _banded(GAD7_BANDS),
    "auditc": _auditc,
    "audit": _banded(AUDIT_ZONES),
    "dast10": _banded(DAST10_BANDS),
    "ciwa-ar": _ciwa,
    "cows": _banded(COWS_BANDS),
    "bam": _bam,
}
