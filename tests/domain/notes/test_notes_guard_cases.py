"""The names check against the labeled case set: each case on its own, then precision and recall.

The cases run on the guard's own index and rules (no database): the roster's tiers stand for
what guard.session_tiers finds in the database (tested in test_notes_guard.py).
"""

from __future__ import annotations

import uuid
from collections import Counter

import pytest

from iopdesk.domain.notes.guard_names import CLIENT, GROUP, PROGRAM, RECENT, SESSION, NameIndex, Person
from iopdesk.domain.notes.guard_rules import Flag, find_flags
from tests.domain.notes.guard_cases import BACKGROUND, BLOCK, CASES, CHARTS, NONE, OWN, ROSTER, WARN, Case

TIERS = {"session": SESSION, "group": GROUP, "recent": RECENT, "other": PROGRAM, "client": CLIENT}
NOTE = uuid.UUID(int=1)


def person(spec: str) -> Person:
    name, _, preferred = spec.partition("/")
    first, _, last = name.partition(" ")
    return Person(uuid.uuid5(uuid.NAMESPACE_OID, spec), first, last, preferred, CHARTS.get(name, ""))


def run(case: Case) -> list[Flag]:
    own = person(case.own)
    people = [own] + [person(spec) for spec in BACKGROUND]
    tiers = {own.id: SESSION}
    for tier, names in list(ROSTER.items()) + [(t, (spec,)) for t, spec in case.extra]:
        for spec in names:
            p = person(spec)
            people.append(p)
            tiers[p.id] = min(TIERS[tier], tiers.get(p.id, CLIENT))
    return find_flags(NameIndex(people), tiers, NOTE, "data", case.text, own.id)


def outcome(case: Case, flags: list[Flag]) -> tuple[str, list[Flag]]:
    """What the guard made of the case's word, and any blocking flag elsewhere (false alarms)."""
    start, end = case.span
    on_word = [f for f in flags if f.start < end and start < f.end]
    elsewhere = [f for f in flags if f.blocks_signing and f not in on_word]
    if any(f.blocks_signing for f in on_word):
        return BLOCK, elsewhere
    return (WARN if on_word else NONE), elsewhere


def _param(case: Case):  # type: ignore[no-untyped-def]
    marks = [pytest.mark.xfail(strict=True, reason=case.known_miss)] if case.known_miss else []
    return pytest.param(case, id=f"{case.expected}-{case.topic}-{case.text[:40]}", marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_case(case: Case):
    flags = run(case)
    got, elsewhere = outcome(case, flags)
    seen = [(f.found, f.kind, f.blocks_signing, f.why) for f in flags]
    assert (got, elsewhere) == (case.expected, []), seen


def test_the_case_set_is_large_and_varied():
    counts = Counter(c.expected for c in CASES)
    assert len(CASES) >= 120 and counts[BLOCK] >= 50 and counts[NONE] + counts[WARN] >= 50
    assert len({c.text for c in CASES}) == len(CASES)  # no case twice
    assert OWN not in BACKGROUND


def test_precision_and_recall_of_blocking_flags(capsys):
    tp = fp = fn = 0
    for case in CASES:
        got, elsewhere = outcome(case, run(case))
        fp += len(elsewhere)
        if case.expected == BLOCK:
            tp, fn = (tp + 1, fn) if got == BLOCK else (tp, fn + 1)
        elif got == BLOCK:
            fp += 1
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    with capsys.disabled():
        print(
            f"\nnames check on {len(CASES)} cases ({tp + fn} to block): "
            f"precision {precision:.1%}, recall {recall:.1%} (tp {tp}, fp {fp}, fn {fn})"
        )
    assert recall >= 0.95 and precision >= 0.90
