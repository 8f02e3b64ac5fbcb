"""The confidentiality guard finds other members' names however they are written."""

import json

import pytest

from iopdesk.domain import notes
from iopdesk.domain.kernel.errors import ConflictError, GuardError
from iopdesk.domain.notes.guard import fold
from iopdesk.store.models import Note
from tests.support import factories as f
from tests.support.note_factories import DAY, group_with, writer

PEOPLE = [
    ("Sam", "Lee"),  # the member whose part is written
    ("José", "García"),
    ("Mary-Kate", "O'Brien"),
    ("Luca", "D’Angelo"),  # curly apostrophe in the roster
    ("Hope", "Winters"),
    ("Robert", "Nguyen", "Bobby"),
]


@pytest.fixture
def group(actor):
    me = writer(actor)
    setup = group_with(actor, PEOPLE, facilitator=me)
    view = notes.open_group_note(me, setup.session.id)
    return me, setup, view


def _write(me, view, client_id, text, field="data"):
    part = view.part(client_id).note if client_id else view.shared
    current = Note.get_by_id(part.id)
    notes.save_draft(me, part.id, {field: text}, current.version)
    return part.id


def _found(me, note_id):
    return [(fl.found, fl.kind) for fl in notes.check_confidentiality(me, note_id)]


def test_accents_case_and_whole_words(group):
    me, setup, view = group
    note_id = _write(me, view, setup.members[0].id,
                     "Sam gave feedback to jose and GARCIA; Josey and Garcias are not names here.")
    flags = notes.check_confidentiality(me, note_id)
    assert [(fl.found, fl.name, fl.kind) for fl in flags] == [
        ("jose", "José", "name"),
        ("GARCIA", "García", "name"),
    ]
    text = json.loads(Note.get_by_id(note_id).body)["data"]
    assert all(text[fl.start:fl.end] == fl.found for fl in flags)
    assert flags[0].field == "data" and flags[0].client_ids == (setup.members[1].id,)
    assert flags[0].replacement == "a peer"


def test_full_names_count_once_and_the_members_own_name_is_never_flagged(group):
    me, setup, view = group
    note_id = _write(me, view, setup.members[0].id, "Sam Lee said José García helped; Lee agreed.")
    assert _found(me, note_id) == [("José García", "name")]


def test_hyphenated_and_apostrophe_names_straight_or_curly(group):
    me, setup, view = group
    note_id = _write(
        me, view, setup.members[0].id,
        "Talked with Mary-Kate, then Mary Kate again; O’Brien and OBrien; D'Angelo's story.",
    )
    assert _found(me, note_id) == [
        ("Mary-Kate", "name"),
        ("Mary Kate", "name"),
        ("O’Brien", "name"),
        ("OBrien", "name"),
        ("D'Angelo", "name"),
    ]


def test_preferred_name_and_chart_number(group):
    me, setup, view = group
    chart = setup.members[5].chart_number
    note_id = _write(me, view, setup.members[0].id, f"Bobby (chart {chart.lower()}) spoke first.")
    assert _found(me, note_id) == [("Bobby", "name"), (chart.lower(), "chart number")]


def test_a_first_name_that_is_a_common_word_is_flagged_with_low_confidence(group):
    me, setup, view = group
    note_id = _write(me, view, setup.members[0].id, "Hope shared first. Client expressed hope for the week.")
    flags = notes.check_confidentiality(me, note_id)
    assert [(fl.found, fl.kind, fl.low_confidence, fl.blocks_signing) for fl in flags] == [
        ("Hope", "common word", True, True),
        ("hope", "common word", True, False),
    ]


def test_the_shared_part_is_checked_against_every_member(group):
    me, setup, view = group
    note_id = _write(me, view, None, "Sam and Bobby led the check-in.", field="dynamics")
    assert _found(me, note_id) == [("Sam", "name"), ("Bobby", "name")]


def test_group_members_not_at_the_session_are_checked_too(actor):
    me = writer(actor)
    setup = group_with(actor, [("Sam", "Lee")], facilitator=me)
    absent_member = f.client(actor, "Quinn", "Abara")
    f.enroll(actor, absent_member, setup.group, DAY)
    outsider = f.client(actor, "Zed", "Outsider")  # in no group of Sam's
    view = notes.open_group_note(me, setup.session.id)
    note_id = _write(me, view, setup.members[0].id, "Mentioned Quinn and Zed.")
    assert _found(me, note_id) == [("Quinn", "name")]
    assert outsider.id not in {fl.client_ids[0] for fl in notes.check_confidentiality(me, note_id)}


def test_signing_with_a_flag_needs_the_override_which_is_recorded(group):
    me, setup, view = group
    note_id = _write(me, view, setup.members[0].id, "Gave José feedback.")
    with pytest.raises(GuardError) as caught:
        notes.sign_note(me, note_id, confirm=True)
    assert [fl.found for fl in caught.value.flags] == ["José"]
    assert Note.get_by_id(note_id).status == "draft"
    signed = notes.sign_note(me, note_id, confirm=True, override_guard=True)
    assert signed.status == "signed" and signed.guard_overridden
    record = json.loads(Note.get_by_id(note_id).guard_override)
    assert record["flags"] == 1 and record["by"] == str(me.staff_id) and "José" not in json.dumps(record)


def test_lower_case_common_word_does_not_stop_signing(group):
    me, setup, view = group
    note_id = _write(me, view, setup.members[0].id, "Client will hope to attend; may call.")
    assert notes.check_confidentiality(me, note_id)  # flagged, for the writer to see
    signed = notes.sign_note(me, note_id, confirm=True)
    assert signed.status == "signed" and not signed.guard_overridden


def test_peer_replacement_fixes_the_text(group):
    me, setup, view = group
    text = "José García offered support. Sam thanked josé's sister."
    note_id = _write(me, view, setup.members[0].id, text)
    flags = notes.check_confidentiality(me, note_id)
    version = Note.get_by_id(note_id).version
    result = notes.apply_peer_replacement(me, note_id, flags, version)
    assert result.saved and result.version == version + 1
    text = json.loads(Note.get_by_id(note_id).body)["data"]
    assert text == "A peer offered support. Sam thanked a peer's sister."
    assert notes.check_confidentiality(me, note_id) == []
    with pytest.raises(ConflictError):
        notes.apply_peer_replacement(me, note_id, flags, result.version)  # stale flags


def test_fold_keeps_offsets_for_expanding_characters():
    folded, index = fold("Straße  José’s")
    assert folded == "strasse jose's"
    assert len(index) == len(folded) and index[-1] == len("Straße  José’s") - 1
