"""Two administrators at two workstations changing the same clinic setting.

Each opened the setting (its window shows the value then) before either saved. The first save
lands; the second, made on a value that is no longer there, is refused with a conflict that says
so and changes nothing, instead of putting the old value back under the first one's change (a
level of care or a criterion the first one added would vanish without a word). The deterministic
interleaving is: A reads, B reads, A saves, B saves.
"""

from __future__ import annotations

import pytest

from iopdesk.domain.care import admission, suitability
from iopdesk.domain.care.common import levels
from iopdesk.domain.kernel import settings
from iopdesk.domain.kernel.errors import ConflictError
from tests.support import factories as f


@pytest.fixture
def other_admin(actor):  # type: ignore[no-untyped-def]
    return f.actor_as(actor, f.staff(actor, role="administrator", name="Alex Admin"))


def test_the_second_of_two_edits_of_the_levels_of_care_keeps_the_first(actor, other_admin) -> None:  # type: ignore[no-untyped-def]
    seen_by_a = levels()
    seen_by_b = levels()
    admission.set_levels(actor, [*seen_by_a.items(), ("9.1", "Test level A")], based_on=seen_by_a)
    with pytest.raises(ConflictError, match="changed .*a moment ago"):
        admission.set_levels(other_admin, [*seen_by_b.items(), ("9.2", "Test level B")], based_on=seen_by_b)
    assert "9.1" in levels() and "9.2" not in levels()
    # Looked at again, the second one's change goes through.
    again = levels()
    admission.set_levels(other_admin, [*again.items(), ("9.2", "Test level B")], based_on=again)
    assert {"9.1", "9.2"} <= set(levels())


def test_the_second_of_two_edits_of_the_criteria_keeps_the_first(actor, other_admin) -> None:  # type: ignore[no-untyped-def]
    seen_by_a = suitability.criteria()
    seen_by_b = suitability.criteria()
    suitability.set_criteria(actor, [*seen_by_a, ("", "Has a safe place to stay")], based_on=seen_by_a)
    with pytest.raises(ConflictError, match="changed .*a moment ago"):
        suitability.set_criteria(
            other_admin, [*seen_by_b, ("", "Can travel to the clinic")], based_on=seen_by_b
        )
    labels = [c.label for c in suitability.criteria()]
    assert "Has a safe place to stay" in labels and "Can travel to the clinic" not in labels


def test_the_second_of_two_changes_of_one_setting_is_refused_and_the_first_kept(actor, other_admin) -> None:  # type: ignore[no-untyped-def]
    seen = settings.get("absence_limit")
    settings.set_value(actor, "absence_limit", seen + 2, based_on=seen)
    with pytest.raises(ConflictError, match="absence_limit .*changed .*a moment ago"):
        settings.set_value(other_admin, "absence_limit", seen + 5, based_on=seen)
    assert settings.get("absence_limit") == seen + 2
    settings.set_value(other_admin, "absence_limit", seen + 2, based_on=seen)  # the same value: no conflict
    settings.set_value(other_admin, "absence_limit", seen + 5)  # a command names no earlier value
    assert settings.get("absence_limit") == seen + 5
