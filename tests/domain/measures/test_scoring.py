"""Totals, bands at every edge, cut-offs that vary by source, PHQ-9's safety alert, the BAM's subscales."""

from __future__ import annotations

import dataclasses

import pytest

from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.measures import instruments, scoring
from iopdesk.domain.measures.cutoffs import CutOffs
from iopdesk.domain.measures.model import Answer, Instrument, Sex


def answers_for(instrument: Instrument, total: int) -> dict[str, Answer]:
    """Answers adding up to ``total``, filling items in order with the largest score that fits."""
    remaining, values = total, {}
    for item in instrument.items:
        if item.optional:
            continue
        options = item.scale if item.scale is not None else (True, False)
        points, answer = max((item.points(a), a) for a in options if item.points(a) <= remaining)
        values[item.key] = answer if item.scored else options[0]
        remaining -= points if item.scored else 0
    assert remaining == 0, f"{instrument.id} cannot make {total}"
    return values


EDGES = {
    "phq9": [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
             (15, "moderately_severe"), (19, "moderately_severe"), (20, "severe"), (27, "severe")],
    "gad7": [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
             (15, "severe"), (21, "severe")],
    "audit": [(0, "zone_1"), (7, "zone_1"), (8, "zone_2"), (15, "zone_2"), (16, "zone_3"), (19, "zone_3"),
              (20, "zone_4"), (40, "zone_4")],
    "dast10": [(0, "none"), (1, "low"), (2, "low"), (3, "moderate"), (5, "moderate"), (6, "substantial"),
               (8, "substantial"), (9, "severe"), (10, "severe")],
    "ciwa-ar": [(0, "mild"), (9, "mild"), (10, "moderate"), (18, "moderate"), (19, "severe"), (67, "severe")],
    "cows": [(0, "below_mild"), (4, "below_mild"), (5, "mild"), (12, "mild"), (13, "moderate"),
             (24, "moderate"), (25, "moderately_severe"), (36, "moderately_severe"), (37, "severe"),
             (48, "severe")],
}  # fmt: skip


@pytest.mark.parametrize(
    ("instrument_id", "total", "band"),
    [(name, total, band) for name, edges in EDGES.items() for total, band in edges],
)
def test_bands_at_every_edge(instrument_id: str, total: int, band: str) -> None:
    instrument = instruments.get(instrument_id)
    result = scoring.score(instrument_id, answers_for(instrument, total))
    assert (result.total, result.band and result.band.key) == (total, band)


def test_the_highest_answers_make_the_published_maximum() -> None:
    maxima = {"phq9": 27, "gad7": 21, "auditc": 12, "audit": 40, "dast10": 10, "ciwa-ar": 67, "cows": 48}
    for name, most in maxima.items():
        instrument = instruments.get(name)
        values = {i.key: (max(i.scale) if i.scale else i.yes_score > i.no_score) for i in instrument.required}
        assert scoring.score(name, values).total == most, name


def test_phq9_item_9_raises_a_safety_alert_whatever_the_total() -> None:
    result = scoring.score_text("phq9", "0,0,0,0,0,0,0,0,1")
    assert (result.total, result.band and result.band.key) == (1, "minimal")
    [alert] = result.alerts
    assert (alert.key, alert.item) == ("safety", "9")
    assert "same-day" in alert.message and "answered 1 (Several days)" in alert.message
    assert scoring.score_text("phq9", "0,0,0,0,0,0,0,0,3").alerts[0].key == "safety"
    assert scoring.score_text("phq9", "3,3,3,3,3,3,3,3,3").alerts[0].key == "safety"


def test_no_safety_alert_when_item_9_is_0_even_at_a_high_total() -> None:
    result = scoring.score_text("phq9", "3,3,3,3,3,3,3,3,0")
    assert (result.total, result.band and result.band.key, result.alerts) == (24, "severe", ())


def test_the_difficulty_question_is_reported_and_never_added() -> None:
    result = scoring.score_text("phq9", "1,1,1,1,1,1,1,1,0,3")
    assert result.total == 8 and dict(result.reported) == {"10": 3}
    assert dict(scoring.score_text("gad7", "1,1,1,1,1,1,1,2").reported) == {"8": 2}


def test_audit_items_9_and_10_count_0_2_or_4() -> None:
    assert scoring.score_text("audit", "0,0,0,0,0,0,0,0,2,4").total == 6
    hazardous = scoring.score_text("audit", "0,0,0,0,0,0,0,0,4,4")
    assert (hazardous.total, hazardous.band and hazardous.band.key) == (8, "zone_2")


def test_dast10_item_3_counts_no() -> None:
    def total(text: str) -> int | None:
        return scoring.score_text("dast10", text).total

    assert total("no,no,no,no,no,no,no,no,no,no") == 1
    assert total("no,no,yes,no,no,no,no,no,no,no") == 0
    assert total("yes,yes,yes,yes,yes,yes,yes,yes,yes,yes") == 9
    assert total("yes,yes,no,yes,yes,yes,yes,yes,yes,yes") == 10


@pytest.mark.parametrize(
    ("total_text", "sex", "band"),
    [
        ("1,1,0", Sex.FEMALE, "negative"),
        ("1,1,1", Sex.FEMALE, "positive"),
        ("1,1,1", Sex.MALE, "negative"),
        ("2,1,1", Sex.MALE, "positive"),
        ("1,1,0", None, "negative"),
        ("1,1,1", None, "positive"),
        ("4,4,4", "male", "positive"),
        ("0,0,0", "Female", "negative"),
    ],
)
def test_auditc_positive_at_the_cut_off_for_the_persons_sex(
    total_text: str, sex: Sex | str | None, band: str
) -> None:
    result = scoring.score_text("auditc", total_text, sex=sex)
    assert result.band is not None and result.band.key == band


def test_auditc_without_sex_says_which_cut_off_was_used() -> None:
    result = scoring.score_text("auditc", "1,1,1")
    assert result.band is not None and "sex not given" in result.band.label
    assert result.notes == (
        "Sex not given: the lower cut-off (3) was used; the cut-offs are 3 for women and 4 for men.",
    )
    assert scoring.score_text("auditc", "1,1,1", sex="female").notes == ()


def test_auditc_cut_offs_are_clinic_settings() -> None:
    stricter = CutOffs(auditc_positive_men=5)
    assert scoring.score_text("auditc", "2,1,1", sex="male", cutoffs=stricter).band.key == "negative"  # type: ignore[union-attr]
    assert scoring.score_text("auditc", "2,2,1", sex="male", cutoffs=stricter).band.key == "positive"  # type: ignore[union-attr]


def test_ciwa_ar_bands_follow_the_clinics_cut_offs() -> None:
    paws = CutOffs(ciwa_moderate_from=8, ciwa_severe_from=16)  # the VA PAWS reading
    ciwa = instruments.get("ciwa-ar")
    bands = {t: scoring.score("ciwa-ar", answers_for(ciwa, t), cutoffs=paws).band for t in (7, 8, 15, 16)}
    assert {t: b and b.key for t, b in bands.items()} == {
        7: "mild",
        8: "moderate",
        15: "moderate",
        16: "severe",
    }
    assert bands[8] and bands[8].label == "Moderate (8-15)"
    assert [b.label for b in scoring.ciwa_bands()] == [
        "Mild (under 10)",
        "Moderate (10-18)",
        "Severe (19 or more)",
    ]


@pytest.mark.parametrize(
    "fields",
    [
        {"ciwa_moderate_from": 19, "ciwa_severe_from": 10},
        {"ciwa_moderate_from": 10, "ciwa_severe_from": 10},
        {"ciwa_moderate_from": 0},
        {"ciwa_severe_from": 68},
        {"auditc_positive_men": 0},
        {"auditc_positive_women": 13},
    ],
)
def test_cut_offs_that_make_no_sense_are_refused(fields: dict[str, int]) -> None:
    with pytest.raises(ValidationError):
        CutOffs(**fields)


def test_bam_has_subscales_and_no_total() -> None:
    # items 1-6, 7A-7G (all 4: they must not count), 8-17
    text = "1,2,3,1,2,3,4,4,4,4,4,4,4,2,3,1,4,2,0,yes,1,3,2"
    result = scoring.score_text("bam", text)
    assert (result.total, result.band) == (None, None)
    assert dict(result.subscales) == {
        "use": 1 + 2 + 3,  # items 4, 5, 6
        "risk": 1 + 2 + 3 + 2 + 4 + 1,  # items 1, 2, 3, 8, 11, 15
        "protective": 3 + 1 + 2 + 0 + 4 + 3,  # items 9, 10, 12, 13, 14 (yes), 16
    }
    assert dict(result.reported) == {**{f"7{c}": 4 for c in "ABCDEFG"}, "17": 2}
    no_income = scoring.score_text("bam", text.replace("yes", "no"))
    assert no_income.subscales["protective"] == result.subscales["protective"] - 4


def test_bam_refuses_a_missing_answer_naming_the_item() -> None:
    with pytest.raises(
        ValidationError, match=r"BAM item 17 \(satisfied with recovery progress\) has no answer"
    ):
        scoring.score_text("bam", "1,2,3,1,2,3,4,4,4,4,4,4,4,2,3,1,4,2,0,yes,1,3")


def test_an_unknown_sex_is_refused() -> None:
    with pytest.raises(ValidationError, match="female or male") as caught:
        scoring.score_text("auditc", "1,1,1", sex="x")
    assert caught.value.field == "sex"


def test_results_are_frozen() -> None:
    result = scoring.score_text("bam", "0," * 19 + "no,0,0,0")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.total = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        result.subscales["use"] = 12  # type: ignore[index]


def test_the_json_shape() -> None:
    assert scoring.score_text("phq9", "0,0,0,0,0,0,0,0,1,0").as_dict() == {
        "instrument": "phq9",
        "total": 1,
        "band": "minimal",
        "band_label": "Minimal (0-4)",
        "subscales": {},
        "alerts": [
            {
                "key": "safety",
                "item": "9",
                "message": "PHQ-9 item 9 (thoughts of death or self-harm) answered 1 (Several days): "
                "same-day safety assessment needed, whatever the total.",
            }
        ],
        "reported": {"10": 0},
        "notes": [],
    }
