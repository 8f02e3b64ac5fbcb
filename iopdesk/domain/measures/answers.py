"""Answers, typed and checked: "1,0,yes,…" or a mapping becomes {item key: int | bool}.

Every refusal is a ValidationError whose message names the instrument and the item (its
number as printed and our short label) and whose ``field`` is the item's key, so a form can
put the message next to the right box. Nothing is guessed: a blank is a missing answer (an
optional question left blank is simply not given), a value off the item's published scale is
refused (AUDIT items 9-10 take 0, 2 or 4; COWS items have gaps), a yes/no item takes only yes
or no, and a scored item only a whole number in plain digits.
Why incomplete answers are refused for every instrument: instruments.py, withdrawal.py, bam.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.measures.model import Answer, Instrument, Item

YES = "yes"
NO = "no"
# What people type for yes and no: the word, or its first letter (as paper forms tick Y / N).
YES_NO_WORDS = {"yes": True, "y": True, "no": False, "n": False}
# A score as people write it: ASCII digits, perhaps signed. Python's int() alone would also take
# "0_1" (as 1) and other scripts' digits, which are not what anyone means by a score here.
WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")


def parse(instrument: Instrument, text: str) -> dict[str, Answer]:
    """Comma-separated answers in the published order of the items."""
    return from_sequence(instrument, [part.strip() for part in text.split(",")])


def from_sequence(instrument: Instrument, raw: Sequence[str]) -> dict[str, Answer]:
    """One text per item, in order; an optional item at the end may be left off."""
    items = instrument.items
    if len(raw) > len(items):
        onwards = " onwards" if len(raw) > len(items) + 1 else ""
        raise ValidationError(
            f"{instrument.title}: {len(raw)} answers given, but it has {_count(instrument)}; "
            f"answer {len(items) + 1}{onwards} is extra.",
            "answers",
        )
    values: dict[str, Answer] = {}
    for item, text in zip(items, raw, strict=False):
        if text == "" and item.optional:
            continue  # "…,0," : an optional question left blank is left off, not a missing answer
        values[item.key] = _convert(instrument, item, text)
    return validate(instrument, values)


def validate(instrument: Instrument, values: Mapping[str, Answer]) -> dict[str, Answer]:
    """Check already-typed answers (from a form, or from ``parse``); returns them in item order."""
    known = {item.key for item in instrument.items}
    for key in values:
        if key not in known:
            raise ValidationError(f"{instrument.title} has no item {key!r}.", key)
    checked: dict[str, Answer] = {}
    for item in instrument.items:
        if item.key not in values or values[item.key] is None:
            if item.optional:
                continue
            given = sum(1 for i in instrument.items if values.get(i.key) is not None)
            raise ValidationError(
                f"{instrument.title} {item.describe()} has no answer; all "
                f"{len(instrument.required)} items must be answered ({given} given).",
                item.key,
            )
        checked[item.key] = _check(instrument, item, values[item.key])
    return checked


def _convert(instrument: Instrument, item: Item, text: str) -> Answer:
    where = f"{instrument.title} {item.describe()}"
    if text == "":
        raise ValidationError(f"{where} has no answer; every item must be answered.", item.key)
    word = text.lower()
    if item.yes_no:
        if word in YES_NO_WORDS:
            return YES_NO_WORDS[word]
        raise ValidationError(f"{where}: answer yes or no, not {text!r}.", item.key)
    if word in YES_NO_WORDS:
        raise ValidationError(
            f"{where} is scored, not yes/no: give the score of the answer ({item.allowed_text()}).",
            item.key,
        )
    if not WHOLE_NUMBER.fullmatch(text):
        raise ValidationError(
            f"{where}: {text!r} is not a score; give a whole number ({item.allowed_text()}).", item.key
        )
    return int(text)


def _check(instrument: Instrument, item: Item, value: object) -> Answer:
    where = f"{instrument.title} {item.describe()}"
    if item.yes_no:
        if not isinstance(value, bool):
            raise ValidationError(f"{where}: answer yes or no, not {value!r}.", item.key)
        return value
    # bool is an int in Python: a True must not pass for a score of 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{where}: give a whole-number score ({item.allowed_text()}).", item.key)
    assert item.scale is not None
    if value not in item.scale:
        low, high = item.scale[0], item.scale[-1]
        why = "is out of range" if value < low or value > high else "is not a score on this item's scale"
        meaning = ""
        if item.answer_labels:  # what each score stands for: a BAM "12" was meant as 12 days
            pairs = zip(item.scale, item.answer_labels, strict=True)
            meaning = " (" + ", ".join(f"{v} for {text.lower()}" for v, text in pairs) + ")"
        raise ValidationError(
            f"{where}: {value} {why}; the scores are {item.allowed_text()}{meaning}.", item.key
        )
    return value


def _count(instrument: Instrument) -> str:
    required = len(instrument.required)
    extra = len(instrument.items) - required
    if extra:
        return f"{required} items (and an optional {len(instrument.items)}th)"
    return f"{required} items"
