"""Two supervisors at two workstations editing the clinic's version of the same note format.

Interleaving: A opens the DAP format, B opens it, A adds a field and saves, B adds another and
saves. The format is saved whole, so B's save would put back the fields B's window was filled
with and A's field would vanish without a word; it is refused as a conflict instead.
"""

from __future__ import annotations

import pytest

from iopdesk.domain import notes
from iopdesk.domain.kernel.errors import ConflictError
from iopdesk.domain.notes.body import TemplateDef
from tests.support import factories as f


def with_field(template: TemplateDef, key: str, label: str) -> dict[str, object]:
    def fields(part: tuple) -> list[dict[str, str]]:  # type: ignore[type-arg]
        return [{"key": fd.key, "label": fd.label, "hint": fd.hint} for fd in part]

    return {
        "format": template.note_format,
        "title": template.title,
        "member_hint": template.member_hint,
        "shared_fields": fields(template.shared_fields),
        "member_fields": [*fields(template.member_fields), {"key": key, "label": label}],
    }


def test_the_second_of_two_edits_of_a_format_keeps_the_first(actor) -> None:  # type: ignore[no-untyped-def]
    other = f.actor_as(actor, f.staff(actor, role="supervisor", name="Sam Supervisor"))
    seen_by_a = notes.template_for("DAP")
    seen_by_b = notes.template_for("DAP")
    notes.save_template(actor, "DAP", with_field(seen_by_a, "housing", "Housing"), based_on=seen_by_a)
    with pytest.raises(ConflictError, match="changed at another workstation"):
        notes.save_template(other, "DAP", with_field(seen_by_b, "work", "Work"), based_on=seen_by_b)
    keys = notes.template_for("DAP").member_keys
    assert "housing" in keys and "work" not in keys
    again = notes.template_for("DAP")
    notes.save_template(other, "DAP", with_field(again, "work", "Work"), based_on=again)
    assert {"housing", "work"} <= set(notes.template_for("DAP").member_keys)
