"""score: score a standard instrument from its answers, so anyone can check the scoring by hand.

``iopdesk score INSTRUMENT --answers A,B,C,… [--sex female|male] [--json]``

Answers go in the published order of the items: numbers as the published score of each
answer, yes/no items as ``yes``/``no`` (or ``y``/``n``). Nothing is opened (no database, not even the user
data folder): the command only reads its arguments. Exit 0 with the result; exit 2 with one
line naming the item when an answer is missing, extra or off its scale.
"""

from __future__ import annotations

import json
import sys

from iopdesk.commands.common import Parsers
from iopdesk.domain.measures import instruments, scoring
from iopdesk.domain.measures.model import Result


def register(parsers: Parsers) -> None:
    """Adds the ``score`` command to the command line."""
    names = ", ".join(instruments.NAMES)
    score = parsers.command(
        "score",
        lambda a: score_answers(a.instrument, a.answers, sex=a.sex, as_json=a.json),
        help="score a standard instrument (PHQ-9, GAD-7, AUDIT-C, AUDIT, DAST-10, CIWA-Ar, COWS, BAM) "
        "from its answers; needs no database",
        description="Score a standard instrument from its answers, exactly as published. "
        f"Instruments: {names}.",
    )
    score.add_argument(
        "instrument", type=_instrument_name, choices=instruments.NAMES, metavar="INSTRUMENT", help=names
    )
    score.add_argument(
        "--answers",
        required=True,
        metavar="A,B,C,…",
        help="the answers in the published order of the items: each answer's published score, "
        "or yes/no (y/n) for yes/no items (PHQ-9: 9 answers, or 10 with the difficulty question; BAM: 23, "
        "items 1-6, 7A-7G, 8-17)",
    )
    score.add_argument(
        "--sex",
        type=_folded,
        choices=("female", "male"),
        help="AUDIT-C's cut-off differs by sex (without it: the lower)",
    )
    score.add_argument("--json", action="store_true", help="print the result as JSON")


def _folded(text: str) -> str:
    """Case and stray spaces mean nothing in a word typed by hand ("Female", " MALE ")."""
    return text.strip().lower()


def _instrument_name(text: str) -> str:
    """The command's name of an instrument in any case, or its printed title ("PHQ-9", "CIWA-Ar")."""
    folded = _folded(text)
    titles = {i.title.lower(): i.id for i in instruments.INSTRUMENTS.values()}
    return titles.get(folded, folded)


def score_answers(instrument: str, answers: str, *, sex: str | None, as_json: bool) -> int:
    from iopdesk.domain.kernel.errors import ValidationError

    try:
        result = scoring.score_text(instrument, answers, sex=sex)
    except ValidationError as exc:
        print(f"iopdesk: {exc}", file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        print(summary(result))
    return 0


def summary(result: Result) -> str:
    """A few lines for a person: alerts first, then the total and band (or the subscales)."""
    instrument = instruments.get(result.instrument)
    lines = [f"ALERT ({alert.key}): {alert.message}" for alert in result.alerts]
    if result.total is not None:
        scored_max = sum(item.max_points for item in instrument.items if item.scored)
        band = f": {result.band.label}" if result.band else ""
        lines.append(f"{instrument.title} total {result.total} of {scored_max}{band}")
    else:
        from iopdesk.domain.measures import bam

        parts = []
        for key, label, item_keys in bam.SUBSCALES:
            most = sum(instrument.item(k).max_points for k in item_keys)
            parts.append(f"{label} {result.subscales[key]} of {most}")
        lines.append(f"{instrument.title} (no total): " + ", ".join(parts))
    if result.reported:
        shown = []
        for number, value in result.reported.items():
            item = next(i for i in instrument.items if i.number == number)
            text = item.answer_text(value)
            shown.append(f"item {number} = {value}" + (f" ({text})" if text else ""))
        lines.append("Not scored: " + ", ".join(shown))
    lines.extend(f"Note: {note}" for note in result.notes)
    return "\n".join(lines)
