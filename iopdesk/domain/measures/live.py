"""Scoring while a form is being filled in: the running total, how many items are left, and a safety
alert the moment PHQ-9 item 9 gets an answer above 0 (before the form is complete).

No database: the caller passes the clinic's cut-offs (common.clinic_cutoffs). When every required
item is answered the result is exactly what ``scoring.score`` gives, and only that is ever saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.measures import instruments, scoring
from iopdesk.domain.measures.cutoffs import DEFAULT_CUTOFFS, CutOffs
from iopdesk.domain.measures.model import Alert, Answer, Instrument, Result, Sex


@dataclass(frozen=True)
class LiveScore:
    instrument: str
    answered: int  # required items answered
    required: int
    running_total: int | None  # the sum so far (None: no total, as for the BAM)
    max_total: int | None
    result: Result | None  # once complete: the score as it will be saved
    alerts: tuple[Alert, ...]  # raised by what is answered so far
    missing: tuple[str, ...]  # item numbers still unanswered, in order

    @property
    def complete(self) -> bool:
        return self.result is not None


def max_total(instrument: Instrument) -> int | None:
    if instrument.id == "bam":
        return None
    return sum(item.max_points for item in instrument.items if item.scored)


def live(
    instrument_id: str,
    answers: Mapping[str, Answer | None],
    *,
    sex: Sex | str | None = None,
    cutoffs: CutOffs = DEFAULT_CUTOFFS,
) -> LiveScore:
    instrument = instruments.get(instrument_id)
    given = {k: v for k, v in answers.items() if v is not None}
    required = instrument.required
    missing = tuple(item.number for item in required if item.key not in given)
    total = None
    if instrument.id != "bam":
        total = sum(
            item.points(given[item.key]) for item in instrument.items if item.scored and item.key in given
        )
    result = None
    if not missing:
        try:
            result = scoring.score(instrument.id, given, sex=sex, cutoffs=cutoffs)
        except ValidationError:
            result = None
    alerts = result.alerts if result is not None else _early_alerts(instrument, given)
    return LiveScore(
        instrument.id,
        len(required) - len(missing),
        len(required),
        total,
        max_total(instrument),
        result,
        alerts,
        missing,
    )


def _early_alerts(instrument: Instrument, given: Mapping[str, Answer]) -> tuple[Alert, ...]:
    """PHQ-9 item 9 above 0 alerts at once, whatever else is (not yet) answered."""
    if instrument.id != "phq9" or "q9" not in given or int(given["q9"]) == 0:
        return ()
    item = instrument.item("q9")
    answer = int(given["q9"])
    return (
        Alert(
            "safety",
            item.number,
            f"PHQ-9 item 9 ({item.label}) answered {answer} ({item.answer_text(answer)}): "
            "same-day safety assessment needed, whatever the total.",
        ),
    )
