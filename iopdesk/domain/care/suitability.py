"""The clinic's suitability criteria and the rule that turns a screening into a recommendation.

The criteria are the clinic's own intake policy (REFERENCE §3: the program brief's five conditions
by default, editable with ``set_criteria``); screenings keep the wording they were started with.

The recommendation rule (a starting point the clinician can override, with a reason):

1. Nothing until every criterion is answered and every dimension rated.
2. "A higher level of care" when any dimension is rated 3 or 4 (significant or severe), or when
   two or more criteria are not met: a program the client attends from home rests on them.
3. "Standard outpatient" when every dimension is rated 0 or 1 and no criterion is "not met".
4. Otherwise "intensive outpatient (IOP)".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from iopdesk.domain.kernel import permissions, settings, vocab
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.store import transaction

MAX_CRITERIA = 12
HIGHER_RATING = 3  # a dimension rated this or more points to a higher level of care
UNMET_FOR_HIGHER = 2  # this many criteria not met points there too


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str


@dataclass(frozen=True)
class CriterionAnswer:
    key: str
    label: str  # as worded when the screening was started (the clinic may reword it later)
    answer: str  # vocab.CRITERION_ANSWERS key, or "" while unanswered
    note: str

    @property
    def answer_label(self) -> str:
        return vocab.CRITERION_ANSWERS.get(self.answer, "Not answered")


@dataclass(frozen=True)
class DimensionRating:
    dimension: str  # vocab.ASAM_DIMENSIONS key
    rating: int | None  # 0-4; None while not rated
    reason: str

    @property
    def label(self) -> str:
        return vocab.ASAM_DIMENSIONS[self.dimension]

    @property
    def rating_label(self) -> str:
        return vocab.ASAM_RATINGS.get(self.rating, "Not rated") if self.rating is not None else "Not rated"


# --- the clinic's criteria ------------------------------------------------------------------


def criteria() -> tuple[Criterion, ...]:
    """The suitability criteria in force (the setting "screening_criteria")."""
    out = []
    for item in settings.get("screening_criteria"):
        if isinstance(item, Mapping) and str(item.get("key") or "") and str(item.get("label") or ""):
            out.append(Criterion(str(item["key"]), str(item["label"])))
    if not out:
        out = [Criterion(d["key"], d["label"]) for d in settings.SCREENING_CRITERIA]
    return tuple(out)


KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,39}")


def set_criteria(
    actor: Actor,
    items: Sequence[Criterion | tuple[str, str]],
    *,
    based_on: Sequence[Criterion] | None = None,
) -> tuple[Criterion, ...]:
    """Replace the clinic's criteria. A blank key is made from the label; screenings already started
    keep the criteria (and wording) they were started with. ``based_on``: the criteria the person saw
    when they began (``criteria()``); changed since at another workstation, the list is refused."""
    permissions.require(
        actor, permissions.SETTINGS_EDIT, record_type="setting", record_id="screening_criteria"
    )
    cleaned: list[Criterion] = []
    for number, item in enumerate(items, start=1):
        key, label = (item.key, item.label) if isinstance(item, Criterion) else item
        label = " ".join(str(label or "").split())
        if not label:
            raise ValidationError(f"Criterion {number} needs its wording.", field="criteria")
        if len(label) > 200:
            raise ValidationError(
                f"Criterion {number} is too long (at most 200 characters).", field="criteria"
            )
        key = str(key or "").strip() or _key_for(label, {c.key for c in cleaned})
        if not KEY_PATTERN.fullmatch(key):
            raise ValidationError(
                f"The key of criterion {number} may hold only small letters, digits and _.", field="criteria"
            )
        if any(c.key == key for c in cleaned):
            raise ValidationError(f"Two criteria use the key {key!r}.", field="criteria")
        cleaned.append(Criterion(key, label))
    if not cleaned:
        raise ValidationError("Keep at least one criterion.", field="criteria")
    if len(cleaned) > MAX_CRITERIA:
        raise ValidationError(f"At most {MAX_CRITERIA} criteria.", field="criteria")
    with transaction():  # compared with the criteria as they are when they are replaced
        now = criteria()
        if based_on is not None and tuple(based_on) != now and tuple(cleaned) != now:
            raise settings.changed_meanwhile("screening_criteria")
        settings.set_value(actor, "screening_criteria", [{"key": c.key, "label": c.label} for c in cleaned])
    return tuple(cleaned)


def _key_for(label: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", label.casefold()).strip("_")[:30] or "criterion"
    if not base[0].isalpha():
        base = f"c_{base}"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


# --- the rule -------------------------------------------------------------------------------


def recommend(answers: Iterable[CriterionAnswer], ratings: Iterable[DimensionRating]) -> str:
    """The program's recommendation (the module's docstring states the rule); "" when incomplete."""
    answers, ratings = list(answers), list(ratings)
    if not answers or any(a.answer not in vocab.CRITERION_ANSWERS for a in answers):
        return ""
    if {r.dimension for r in ratings if r.rating is not None} != set(vocab.ASAM_DIMENSIONS):
        return ""
    scores = [r.rating for r in ratings if r.rating is not None]
    unmet = sum(1 for a in answers if a.answer == "no")
    if max(scores) >= HIGHER_RATING or unmet >= UNMET_FOR_HIGHER:
        return "higher"
    if max(scores) <= 1 and unmet == 0:
        return "outpatient"
    return "iop"
