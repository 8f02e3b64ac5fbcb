"""Published worked examples, checked exactly: answers as printed, total (and band) as published.

Each row cites where the example was published. The answers are converted to the published
score of each answer (Not at all 0, Several days 1, More than half the days 2, Nearly every
day 3; AUDIT "Never" 0, "1 or 2" drinks 0), in the published order of the items.
"""

from __future__ import annotations

import pytest

from iopdesk.domain.measures import scoring

EXAMPLES = [
    # HL7 US Core IG, QuestionnaireResponse "phq-9-example" (github.com/HL7/US-Core,
    # input/examples/QuestionnaireResponse-phq-9-example.json): items 44250-9 ... 44260-8 answered
    # More than half the days x4, Several days x2, More than half the days, Not at all x2;
    # difficulty (69722-7) "Somewhat difficult"; published total (44261-6) 12.
    ("phq9", "2,2,2,2,1,1,2,0,0,1", None, 12, "moderate"),
    # The same example as the US Core Observation PHQ9-item-example-44261-6: "valueString": "12".
    ("phq9", "2,2,2,2,1,1,2,0,0", None, 12, "moderate"),
    # Medizininformatik-Initiative PRO IG, QuestionnaireResponse mii-exa-pro-gad-7-response
    # (build.fhir.org/ig/medizininformatik-initiative/kerndatensatzmodul-proms): LA6569-3 (several
    # days) x3, LA6570-1 (more than half the days) x2, LA6568-5 (not at all) x2; phq-gad7-score-total 7.
    ("gad7", "1,1,1,2,2,0,0", None, 7, "mild"),
    # HL7 US Core IG, QuestionnaireResponse "AUDIT-C" (input/examples/QuestionnaireResponse-AUDIT-C.json)
    # for a woman (Amy Shaw): first item 0, "1 or 2" drinks, "Never"; published total (75626-2) 0.
    ("auditc", "0,0,0", "female", 0, "negative"),
]


@pytest.mark.parametrize(("instrument_id", "answers", "sex", "total", "band"), EXAMPLES)
def test_published_examples_score_exactly(
    instrument_id: str, answers: str, sex: str | None, total: int, band: str
) -> None:
    result = scoring.score_text(instrument_id, answers, sex=sex)
    assert result.total == total
    assert result.band is not None and result.band.key == band
    assert result.alerts == ()  # none of these answered PHQ-9 item 9 above 0


def test_the_us_core_example_reports_its_difficulty_answer() -> None:
    result = scoring.score_text("phq9", "2,2,2,2,1,1,2,0,0,1")
    assert dict(result.reported) == {"10": 1}  # "Somewhat difficult"
