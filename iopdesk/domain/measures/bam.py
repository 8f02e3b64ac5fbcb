"""The Brief Addiction Monitor (BAM): 17 items about the past 30 days, item 7 in parts A-G.

Cacciola, Alterman, DePhilippis et al. 2013 (J Subst Abuse Treat 44:256, PMC3602977). The
scoring below is the VA VISN 4 MIRECC's, as summarised on public BAM scoring pages (e.g.
flutter.super.site/dc7fb3e885354298a8707c7cb8f0835f, ebchelp.blueprint.ai article 3945380):

- no total ("no single summary score validated so far"): three subscale sums instead,
  Use = items 4, 5, 6 (0-12, higher is more use);
  Risk = items 1, 2, 3, 8, 11, 15 (0-24, higher is more risk);
  Protective = items 9, 10, 12, 13, 14, 16 (0-24, higher is more protection).
- Items 7A-7G (days of each drug) "are not scored as part of the subscales but provide
  elaboration for item 6": the Use subscale is 4 + 5 + 6 only, as REFERENCE.md §6 says.
  Item 17 (satisfaction with progress) stands alone, also unscored. Both are reported.
- No item is reversed inside a subscale: every Protective item already runs from least to
  most protection (item 14, enough income: No 0, Yes 4).
- Answers are the published 0-4 scores. Day-count items score 0 for 0 days, 1 for 1-3,
  2 for 4-8, 3 for 9-15, 4 for 16-30 (``days_score``; the bands of the Likert BAM form, seen
  in a public BAM implementation, not on a VA page); rating items run Not at all 0 to
  Extremely 4, item 1 Excellent 0 to Poor 4; item 14 is answered yes or no (Yes 4).
  The continuous BAM-R records raw days instead; it is not what this scores.

So the command takes 23 answers: 1-6, 7A-7G, 8-17. Every subscale is a plain sum, so an
unanswered item is refused (enter 0 for a drug not used in 7A-7G).

Licence: the BAM comes from the VA, but no licence statement could be found, so the
forms show our short labels and the reference, not the BAM wording. What each score stands
for is shown (the day ranges above, Excellent-Poor, Not at all-Extremely): without it a
3 typed for 3 days would count as 9-15. LOINC: none verified.
"""

from __future__ import annotations

from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.measures.model import Instrument, Item

_SCORE = (0, 1, 2, 3, 4)
DAY_BANDS = ((0, 0), (1, 3), (4, 8), (9, 15), (16, 30))  # score = index

USE = ("q4", "q5", "q6")
RISK = ("q1", "q2", "q3", "q8", "q11", "q15")
PROTECTIVE = ("q9", "q10", "q12", "q13", "q14", "q16")
SUBSCALES = (("use", "Use", USE), ("risk", "Risk", RISK), ("protective", "Protective", PROTECTIVE))


def days_score(days: int) -> int:
    """The 0-4 score of a day-count answer (0-30 days in the past 30)."""
    for score, (low, high) in enumerate(DAY_BANDS):
        if low <= days <= high:
            return score
    raise ValidationError(f"Days in the past 30 must be 0 to 30, not {days}.", "days")


# What each score stands for, shown beside the keys so that "3" is not typed for 3 days (a 3 is
# 9-15 days). These are the scoring's day ranges and the common rating anchors, not the BAM's wording.
DAYS = tuple(f"{low} days" if low == high else f"{low}-{high} days" for low, high in DAY_BANDS)
HEALTH = ("Excellent", "Very good", "Good", "Fair", "Poor")
HOW_MUCH = ("Not at all", "Slightly", "Moderately", "Considerably", "Extremely")


def _item(number: str, label: str, answers: tuple[str, ...] = DAYS, *, scored: bool = True) -> Item:
    return Item(f"q{number.lower()}", number, label, _SCORE, scored=scored, answer_labels=answers)


_DRUGS = (
    ("7A", "days of marijuana"),
    ("7B", "days of sedatives or tranquilizers"),
    ("7C", "days of cocaine or crack"),
    ("7D", "days of other stimulants"),
    ("7E", "days of opiates"),
    ("7F", "days of inhalants"),
    ("7G", "days of other drugs"),
)

BAM = Instrument(
    id="bam",
    title="BAM",
    name="Brief Addiction Monitor",
    items=(
        _item("1", "physical health", HEALTH),
        _item("2", "nights of trouble sleeping"),
        _item("3", "days depressed, anxious, angry or upset"),
        _item("4", "days of any alcohol"),
        _item("5", "days of heavy drinking"),
        _item("6", "days of illegal drugs or misused medication"),
        *(_item(number, label, scored=False) for number, label in _DRUGS),
        _item("8", "bothered by cravings", HOW_MUCH),
        _item("9", "confidence in staying abstinent", HOW_MUCH),
        _item("10", "days at self-help meetings"),
        _item("11", "days in risky situations"),
        _item("12", "religion or spirituality supports recovery", HOW_MUCH),
        _item("13", "days at work, school or volunteering"),
        Item("q14", "14", "enough legal income for necessities", scale=None, yes_score=4, no_score=0),
        _item("15", "bothered by family or friends", HOW_MUCH),
        _item("16", "days with supportive family or friends"),
        _item("17", "satisfied with recovery progress", HOW_MUCH, scored=False),
    ),
    loinc_total=None,
    source="Cacciola et al. 2013 (J Subst Abuse Treat 44:256); VA VISN 4 MIRECC scoring",
    licence="VA instrument; no licence statement found. Labels and reference only.",
    wording_shipped=False,
)
