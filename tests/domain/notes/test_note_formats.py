"""The clinic's note formats: plain refusals, keys for new fields, fields taken out that hold text."""

from __future__ import annotations

import datetime as dt

import pytest

from iopdesk.domain import notes
from iopdesk.domain.kernel.errors import ValidationError
from iopdesk.domain.notes.body import FieldDef, default_template
from iopdesk.domain.notes.templates import allowed_keys
from iopdesk.domain.overviews.rosters import group_roster
from iopdesk.store.models import Note
from tests.support.note_factories import group_with, writer
from tests.support.roster_helpers import TODAY, make_group


def _dap(**changes: object) -> dict[str, object]:
    shipped = default_template("DAP")
    doc: dict[str, object] = {
        "format": "DAP",
        "title": shipped.title,
        "shared_fields": [{"key": f.key, "label": f.label} for f in shipped.shared_fields],
        "member_fields": [{"key": f.key, "label": f.label} for f in shipped.member_fields],
    }
    doc.update(changes)
    return doc


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"shared_fields": []}, "shared_fields", "Keep at least one field in the shared part."),
        (
            {"member_fields": [{"key": "data", "label": " "}]},
            "member_fields",
            "Field 1 of the member's part needs a label.",
        ),
        (
            {"member_fields": [{"key": "data", "label": "Data"}, {"key": "data", "label": "More"}]},
            "member_fields",
            "Two fields of the member's part use the key 'data'.",
        ),
        ({"member_fields": [{"key": "Data Field", "label": "Data"}]}, "member_fields", "The key of “Data”"),
    ],
)
def test_save_template_says_which_part_is_wrong(actor, changes, field, message):
    with pytest.raises(ValidationError) as refused:
        notes.save_template(actor, "DAP", _dap(**changes))
    assert refused.value.field == field and str(refused.value).startswith(message)
    assert "data" in notes.template_for("DAP").member_keys  # nothing stored


def test_new_field_keys_come_from_the_label_and_never_repeat():
    assert notes.new_field_key("Coping skills", []) == "coping_skills"
    assert notes.new_field_key("Coping skills", ["coping_skills", "coping_skills_2"]) == "coping_skills_3"
    assert notes.new_field_key("12-step meetings", []) == "field_12_step_meetings"
    assert notes.new_field_key("¿?", []) == "field"
    assert len(notes.new_field_key("x" * 200, [])) <= 40


def test_a_field_taken_out_shows_while_it_holds_text_under_its_shipped_label(actor):
    me = writer(actor)
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=me)
    part = notes.open_group_note(me, setup.session.id).part(setup.members[0].id).note
    notes.save_draft(me, part.id, {"use_since_last": "Abstinent; UDS negative."}, part.version)
    kept = [f for f in _dap()["member_fields"] if f["key"] not in ("use_since_last", "risk")]  # type: ignore[union-attr]
    notes.save_template(actor, "DAP", _dap(member_fields=kept))
    view = notes.open_group_note(me, setup.session.id)
    body = dict(view.part(setup.members[0].id).note.body)
    fields = notes.part_fields(view.template, False, body)
    assert fields[-1] == FieldDef("use_since_last", "Use / abstinence since last session")
    assert "risk" not in [f.key for f in fields]  # empty: gone from screen and print
    # ...yet an emptied old field may still be written to (the screen built before it emptied).
    assert {"risk", "use_since_last"} <= allowed_keys(view.template, False, body)
    notes.save_draft(me, part.id, {"risk": "Low."}, Note.get_by_id(part.id).version)


def test_roster_says_when_a_closed_group_is_under_way(actor):
    started = make_group(
        actor, "Cohort A", enrollment_mode="closed", start_date=TODAY - dt.timedelta(days=14)
    )
    later = make_group(actor, "Cohort B", enrollment_mode="closed", start_date=TODAY + dt.timedelta(days=14))
    rolling = make_group(actor, "Rolling", start_date=TODAY - dt.timedelta(days=14))
    assert group_roster(actor, started.id, today=TODAY).closed_and_started
    assert not group_roster(actor, later.id, today=TODAY).closed_and_started
    assert not group_roster(actor, rolling.id, today=TODAY).closed_and_started
