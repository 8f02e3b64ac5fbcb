"""Answers are typed and checked before scoring; every refusal names the instrument and the item."""

from __future__ import annotations

import pytest

from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.measures import answers, instruments

PHQ9 = instruments.PHQ9


def refusal(instrument_id: str, text: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        answers.parse(instruments.get(instrument_id), text)
    return caught.value


def test_answers_come_back_typed_in_item_order() -> None:
    values = answers.parse(instruments.DAST10, "yes, no ,YES,no,no,no,no,no,no,No")
    assert list(values) == [f"q{n}" for n in range(1, 11)]
    assert values["q1"] is True and values["q2"] is False and values["q3"] is True
    assert answers.parse(PHQ9, "0,1,2,3,0,1,2,3,0") == {f"q{n}": (n - 1) % 4 for n in range(1, 10)}


def test_a_missing_answer_is_refused_naming_the_item() -> None:
    error = refusal("phq9", "1,1,1,1,1,1,1,1")
    assert "PHQ-9 item 9 (thoughts of death or self-harm) has no answer" in str(error)
    assert "8 given" in str(error) and error.field == "q9"


def test_a_blank_in_the_middle_is_a_missing_answer() -> None:
    error = refusal("gad7", "1,1,,1,1,1,1")
    assert str(error).startswith("GAD-7 item 3 (worrying too much) has no answer")
    assert error.field == "q3"


def test_extra_answers_are_refused() -> None:
    error = refusal("phq9", "0,0,0,0,0,0,0,0,0,0,0")
    assert "11 answers given" in str(error) and "answer 11 is extra" in str(error)
    assert "onwards" in str(refusal("auditc", "0,0,0,0,0"))


def test_phq9_and_gad7_take_their_difficulty_question_or_leave_it_off() -> None:
    assert "difficulty" not in answers.parse(PHQ9, "0,0,0,0,0,0,0,0,0")
    assert answers.parse(PHQ9, "0,0,0,0,0,0,0,0,0,3")["difficulty"] == 3
    assert "item 10 (difficulty in daily life): 4 is out of range" in str(
        refusal("phq9", "0,0,0,0,0,0,0,0,0,4")
    )


@pytest.mark.parametrize(
    ("instrument_id", "text", "message"),
    [
        ("phq9", "0,0,0,0,0,0,0,0,4", "PHQ-9 item 9 (thoughts of death or self-harm): 4 is out of range"),
        ("gad7", "-1,0,0,0,0,0,0", "GAD-7 item 1 (nervous, anxious, on edge): -1 is out of range"),
        ("auditc", "0,5,0", "AUDIT-C item 2 (drinks on a typical drinking day): 5 is out of range"),
        ("audit", "0,0,0,0,0,0,0,0,1,0", "AUDIT item 9 (injury because of drinking): 1 is not a score"),
        ("audit", "0,0,0,0,0,0,0,0,0,3", "AUDIT item 10 (others concerned about the drinking): 3 is not"),
        (
            "audit",
            "0,0,0,0,0,0,0,0,0,5",
            "AUDIT item 10 (others concerned about the drinking): 5 is out of range",
        ),
        (
            "ciwa-ar",
            "0,0,0,0,0,0,0,0,0,5",
            "CIWA-Ar item 10 (orientation and clouding of sensorium): 5 is out",
        ),
        ("ciwa-ar", "8,0,0,0,0,0,0,0,0,0", "CIWA-Ar item 1 (nausea and vomiting): 8 is out of range"),
    ],
)
def test_scores_off_the_items_scale_are_refused(instrument_id: str, text: str, message: str) -> None:
    assert message in str(refusal(instrument_id, text))


@pytest.mark.parametrize(
    ("position", "value"),
    [
        (1, 3),
        (3, 2),
        (3, 4),
        (4, 3),
        (4, 4),
        (5, 3),
        (6, 3),
        (7, 4),
        (8, 3),
        (9, 3),
        (10, 3),
        (11, 1),
        (11, 2),
        (11, 4),
    ],
)
def test_cows_values_between_published_scores_are_refused_naming_the_item(position: int, value: int) -> None:
    ratings = ["0"] * 11
    ratings[position - 1] = str(value)
    error = refusal("cows", ",".join(ratings))
    item = instruments.get("cows").items[position - 1]
    assert f"COWS item {position} ({item.label}): {value} is not a score on this item's scale" in str(error)
    assert error.field == item.key


def test_cows_pupils_message_lists_the_scale() -> None:
    assert "the scores are 0, 1, 2 or 5" in str(refusal("cows", "0,0,0,3,0,0,0,0,0,0,0"))


def test_yes_no_items_take_only_yes_or_no() -> None:
    error = refusal("dast10", "yes,no,1,no,no,no,no,no,no,no")
    assert "DAST-10 item 3 (always able to stop when wanted): answer yes or no, not '1'" in str(error)
    assert "BAM item 14" in str(refusal("bam", ",".join(["0"] * 19 + ["4", "0", "0", "0"])))


def test_yes_no_items_take_y_and_n_in_either_case() -> None:
    short = answers.parse(instruments.DAST10, "Y,y,N,n,YES,No,n,n,n,n")
    assert short == answers.parse(instruments.DAST10, "yes,yes,no,no,yes,no,no,no,no,no")
    assert "answer yes or no, not 'ye'" in str(refusal("dast10", "ye,no,no,no,no,no,no,no,no,no"))


def test_scored_items_refuse_yes_no_and_non_numbers() -> None:
    assert "is scored, not yes/no" in str(refusal("phq9", "yes,0,0,0,0,0,0,0,0"))
    assert "is scored, not yes/no" in str(refusal("phq9", "0,N,0,0,0,0,0,0,0"))
    assert "'1.5' is not a score" in str(refusal("gad7", "1.5,0,0,0,0,0,0"))
    assert "'two' is not a score" in str(refusal("cows", "two,0,0,0,0,0,0,0,0,0,0"))


@pytest.mark.parametrize("text", ["0_1", "1_0", "\uff11", "\u0661", "1e0", "0x1"])
def test_only_plain_digits_are_a_score(text: str) -> None:
    # int() alone reads "0_1" as 1 and a full-width or Arabic-Indic one as 1: not a score anyone typed
    error = refusal("phq9", f"0,0,0,0,0,0,0,0,{text}")
    assert f"PHQ-9 item 9 (thoughts of death or self-harm): {text!r} is not a score" in str(error)
    assert error.field == "q9"


def test_signed_and_spaced_digits_are_still_scores() -> None:
    assert answers.parse(PHQ9, " +1 ,0,0,0,0,0,0,0, -0 ") == {"q1": 1, **{f"q{n}": 0 for n in range(2, 10)}}


def test_a_blank_optional_question_at_the_end_is_left_off() -> None:
    assert answers.parse(PHQ9, "0,0,0,0,0,0,0,0,1,") == {**{f"q{n}": 0 for n in range(1, 9)}, "q9": 1}
    assert "difficulty" not in answers.parse(instruments.GAD7, "1,1,1,1,1,1,1, ")
    assert "answer 11 is extra" in str(refusal("phq9", "0,0,0,0,0,0,0,0,0,,"))


def test_typed_answers_from_a_form_are_checked_the_same_way() -> None:
    values = {f"q{n}": 0 for n in range(1, 10)}
    assert answers.validate(PHQ9, values) == values
    with pytest.raises(ValidationError, match="has no item 'q11'"):
        answers.validate(PHQ9, {**values, "q11": 0})
    with pytest.raises(ValidationError, match="item 4 .* has no answer"):
        answers.validate(PHQ9, {**values, "q4": None})
    # a bool is an int in Python: True must not pass for a score of 1, nor 1 for "yes"
    with pytest.raises(ValidationError, match="whole-number score"):
        answers.validate(PHQ9, {**values, "q2": True})
    dast = {f"q{n}": False for n in range(1, 11)}
    with pytest.raises(ValidationError, match="item 5 .*answer yes or no"):
        answers.validate(instruments.DAST10, {**dast, "q5": 1})
