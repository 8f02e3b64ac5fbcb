"""The eight instruments as published: items in order, scales, LOINC, wording only where licensed."""

from __future__ import annotations

import pytest

from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.measures import instruments, scoring
from iopdesk.domain.measures.bam import BAM, days_score
from iopdesk.domain.measures.withdrawal import CIWA_AR, COWS


def scales(instrument_id: str) -> list[tuple[int, ...] | None]:
    return [item.scale for item in instruments.get(instrument_id).items]


def test_the_command_line_names_every_instrument_once() -> None:
    assert instruments.NAMES == ("phq9", "gad7", "auditc", "audit", "dast10", "ciwa-ar", "cows", "bam")
    for name in instruments.NAMES:
        instrument = instruments.get(name)
        assert len({i.key for i in instrument.items}) == len(instrument.items)
        assert len({i.number for i in instrument.items}) == len(instrument.items)


def test_an_unknown_instrument_is_refused_with_the_choices() -> None:
    with pytest.raises(ValidationError, match="phq9, gad7"):
        instruments.get("phq10")


def test_phq9_has_nine_scored_items_and_an_optional_unscored_tenth() -> None:
    phq9 = instruments.PHQ9
    assert [i.number for i in phq9.items] == [str(n) for n in range(1, 11)]
    assert all(i.scale == (0, 1, 2, 3) for i in phq9.items)
    assert [i.scored for i in phq9.items] == [True] * 9 + [False]
    assert [i.optional for i in phq9.items] == [False] * 9 + [True]
    assert phq9.items[8].label == "thoughts of death or self-harm"


def test_gad7_has_seven_scored_items_and_the_optional_difficulty_question() -> None:
    gad7 = instruments.GAD7
    assert len(gad7.required) == 7 and all(i.scored for i in gad7.required)
    assert gad7.items[-1].key == "difficulty" and not gad7.items[-1].scored


def test_audit_items_9_and_10_take_only_0_2_or_4() -> None:
    assert scales("audit") == [(0, 1, 2, 3, 4)] * 8 + [(0, 2, 4)] * 2
    assert scales("auditc") == [(0, 1, 2, 3, 4)] * 3
    # AUDIT-C is the AUDIT's first three questions
    assert instruments.AUDITC.items == instruments.AUDIT.items[:3]


def test_dast10_is_ten_yes_no_items_with_item_3_reversed() -> None:
    items = instruments.DAST10.items
    assert all(i.yes_no for i in items) and len(items) == 10
    assert [(i.yes_score, i.no_score) for i in items] == [(1, 0)] * 2 + [(0, 1)] + [(1, 0)] * 7


def test_ciwa_ar_nine_items_0_to_7_then_orientation_0_to_4() -> None:
    assert [i.label for i in CIWA_AR.items] == [
        "nausea and vomiting",
        "tremor",
        "paroxysmal sweats",
        "anxiety",
        "agitation",
        "tactile disturbances",
        "auditory disturbances",
        "visual disturbances",
        "headache, fullness in head",
        "orientation and clouding of sensorium",
    ]
    assert scales("ciwa-ar") == [tuple(range(8))] * 9 + [(0, 1, 2, 3, 4)]
    assert sum(i.max_points for i in CIWA_AR.items) == 67


def test_cows_items_keep_their_published_scales() -> None:
    # Wesson & Ling 2003, as printed in NCBI Bookshelf NBK64244
    assert [(i.label, i.scale) for i in COWS.items] == [
        ("resting pulse rate", (0, 1, 2, 4)),
        ("sweating", (0, 1, 2, 3, 4)),
        ("restlessness", (0, 1, 3, 5)),
        ("pupil size", (0, 1, 2, 5)),
        ("bone or joint aches", (0, 1, 2, 4)),
        ("runny nose or tearing", (0, 1, 2, 4)),
        ("GI upset", (0, 1, 2, 3, 5)),
        ("tremor", (0, 1, 2, 4)),
        ("yawning", (0, 1, 2, 4)),
        ("anxiety or irritability", (0, 1, 2, 4)),
        ("gooseflesh skin", (0, 3, 5)),
    ]
    assert sum(i.max_points for i in COWS.items) == 48


def test_bam_takes_23_answers_with_7a_to_7g_and_17_unscored() -> None:
    assert [i.number for i in BAM.items] == [
        *"123456",
        *(f"7{letter}" for letter in "ABCDEFG"),
        *(str(n) for n in range(8, 18)),
    ]
    assert [i.number for i in BAM.items if not i.scored] == [*(f"7{c}" for c in "ABCDEFG"), "17"]
    assert BAM.item("q14").yes_no and (BAM.item("q14").yes_score, BAM.item("q14").no_score) == (4, 0)
    assert all(i.scale == (0, 1, 2, 3, 4) for i in BAM.items if i.key != "q14")


@pytest.mark.parametrize(
    ("days", "score"),
    [(0, 0), (1, 1), (3, 1), (4, 2), (8, 2), (9, 3), (15, 3), (16, 4), (30, 4)],
)
def test_bam_day_counts_fall_into_the_published_bands(days: int, score: int) -> None:
    assert days_score(days) == score


def test_each_bam_score_says_what_it_stands_for() -> None:
    # Without these a clinician reads "0 1 2 3 4" and types 3 for 3 days, which scores 9-15 days.
    days = ("0 days", "1-3 days", "4-8 days", "9-15 days", "16-30 days")
    day_items = [*"23456", *(f"7{c}" for c in "ABCDEFG"), "10", "11", "13", "16"]
    assert [i.number for i in BAM.items if i.answer_labels == days] == day_items
    assert BAM.item("q1").answer_labels == ("Excellent", "Very good", "Good", "Fair", "Poor")
    how_much = ("Not at all", "Slightly", "Moderately", "Considerably", "Extremely")
    assert [i.number for i in BAM.items if i.answer_labels == how_much] == ["8", "9", "12", "15", "17"]
    assert BAM.item("q4").answer_text(1) == "1-3 days"


def test_a_day_count_typed_where_the_bam_score_goes_is_refused_with_the_day_ranges() -> None:
    with pytest.raises(ValidationError) as caught:
        scoring.score_text("bam", ",".join(["0"] * 5 + ["12"] + ["0"] * 13 + ["no", "0", "0", "0"]))
    assert str(caught.value) == (
        "BAM item 6 (days of illegal drugs or misused medication): 12 is out of range; the scores are "
        "0 to 4 (0 for 0 days, 1 for 1-3 days, 2 for 4-8 days, 3 for 9-15 days, 4 for 16-30 days)."
    )


@pytest.mark.parametrize("days", [-1, 31])
def test_bam_day_counts_outside_the_30_days_are_refused(days: int) -> None:
    with pytest.raises(ValidationError, match="0 to 30"):
        days_score(days)


def test_loinc_codes_only_where_verified() -> None:
    codes = {name: instruments.get(name).loinc_total for name in instruments.NAMES}
    assert codes == {
        "phq9": "44261-6",
        "gad7": "70274-6",
        "auditc": "75626-2",
        "audit": "75624-7",
        "dast10": "82667-7",
        "ciwa-ar": None,
        "cows": None,
        "bam": None,
    }


def test_wording_ships_only_where_the_licence_allows() -> None:
    for name in instruments.NAMES:
        instrument = instruments.get(name)
        worded = [item.wording is not None for item in instrument.items]
        assert all(worded) if instrument.wording_shipped else not any(worded), name
        assert instrument.licence and instrument.source
    shipped = {name for name in instruments.NAMES if instruments.get(name).wording_shipped}
    assert shipped == {"phq9", "gad7", "ciwa-ar", "cows"}
    assert instruments.PHQ9.items[0].wording == "Little interest or pleasure in doing things"
