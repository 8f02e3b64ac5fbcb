"""The confidentiality guard finds other clients' names however they are written; signing with an override."""

import datetime as dt
import json

import pytest

from iopdesk.domain import notes
from iopdesk.domain.kernel import audit
from iopdesk.domain.kernel.errors import ConflictError, GuardError, ValidationError
from iopdesk.domain.notes.guard import flags_for_notes, fold
from iopdesk.domain.notes.guard_names import CLIENT, GROUP, PROGRAM, RECENT, SESSION
from iopdesk.store.models import AuditEvent, Client, Note, Session
from tests.support import factories as f
from tests.support.note_factories import DAY, REQUIRED_TEXT, group_with, staff_of, writer

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
    # A member's part also gets the fields its format requires, so that it may be signed.
    required = REQUIRED_TEXT if client_id and field not in REQUIRED_TEXT else {}
    notes.save_draft(me, part.id, {**required, field: text}, current.version)
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


def test_an_everyday_word_name_with_the_peers_last_initial_blocks_and_is_replaced_whole(group):
    # "Hope W." is how notes often shorten a name: with Hope Winters in the group it names her,
    # at a sentence's start or mid-sentence, where "Hope" alone before a capital stays a warning.
    me, setup, view = group
    text = "Hope W. said she relapsed. Spoke with Hope W. Later Hope W, who was quiet, cried. Hope K. shared."
    note_id = _write(me, view, setup.members[0].id, text)
    flags = notes.check_confidentiality(me, note_id)
    assert [(fl.found, fl.blocks_signing, fl.client_ids[0]) for fl in flags] == [
        ("Hope W.", True, setup.members[4].id),
        ("Hope W", True, setup.members[4].id),  # the period also ends the sentence: it stays
        ("Hope W", True, setup.members[4].id),
        ("Hope", False, setup.members[4].id),  # another initial: not her, as far as the words say
    ]
    version = Note.get_by_id(note_id).version
    notes.apply_peer_replacement(me, note_id, [fl for fl in flags if fl.blocks_signing], version)
    assert json.loads(Note.get_by_id(note_id).body)["data"] == (
        "A peer said she relapsed. Spoke with a peer. Later a peer, who was quiet, cried. Hope K. shared."
    )


def test_the_shared_part_is_checked_against_every_member(group):
    me, setup, view = group
    note_id = _write(me, view, None, "Sam and Bobby led the check-in.", field="dynamics")
    assert _found(me, note_id) == [("Sam", "name"), ("Bobby", "name")]


def test_every_client_of_the_program_is_checked_the_groups_members_first(actor):
    me = writer(actor)
    setup = group_with(actor, [("Sam", "Lee")], facilitator=me)
    absent_member = f.client(actor, "Quinn", "Abara")
    f.enroll(actor, absent_member, setup.group, DAY)
    outsider = f.client(actor, "Zed", "Outsider")  # in no group at all: still a client of the program
    view = notes.open_group_note(me, setup.session.id)
    note_id = _write(me, view, setup.members[0].id, "Mentioned Quinn and Zed.")
    flags = notes.check_confidentiality(me, note_id)
    assert [(fl.found, fl.kind, fl.blocks_signing) for fl in flags] == [
        ("Quinn", "name", True),
        ("Zed", "name", True),
    ]
    assert [(fl.client_ids, fl.tier) for fl in flags] == [
        ((absent_member.id,), SESSION),  # enrolled: expected at the session, though not marked
        ((outsider.id,), CLIENT),
    ]


def test_another_groups_client_and_a_member_who_left_five_days_ago(actor):
    me = writer(actor)
    setup = group_with(actor, [("Sam", "Lee")], facilitator=me)
    other_group = f.group(actor, "Tuesday Skills")
    dana = f.client(actor, "Dana", "Whitlock")
    f.enroll(actor, dana, other_group, DAY - dt.timedelta(days=30))
    ravi = f.client(actor, "Ravi", "Kumar")
    f.enroll(actor, ravi, setup.group, DAY - dt.timedelta(days=60), end=DAY - dt.timedelta(days=5),
             status="completed")
    olwen = f.client(actor, "Olwen", "Pryce", status="discharged")
    f.enroll(actor, olwen, setup.group, DAY - dt.timedelta(days=400), end=DAY - dt.timedelta(days=300),
             status="completed")
    view = notes.open_group_note(me, setup.session.id)
    note_id = _write(me, view, setup.members[0].id,
                     "Met Dana from Tuesday group; misses Ravi; saw Olwen. Later: dana, ravi, olwen.")
    flags = notes.check_confidentiality(me, note_id)
    assert [(fl.found, fl.tier, fl.blocks_signing) for fl in flags] == [
        ("Dana", PROGRAM, True),
        ("Ravi", RECENT, True),
        ("Olwen", CLIENT, True),
        ("ravi", RECENT, True),  # in lower case, only the group's own people are still looked for
    ]


def test_nicknames_initials_and_every_dash_and_apostrophe(group):
    me, setup, view = group
    text = "Rob and Mary–Kate (en dash) sat with J.G.; Lucas and Mary\u2011Kate; OʼBrien too."
    note_id = _write(me, view, setup.members[0].id, text)
    assert [(fl.found, fl.kind, fl.name) for fl in notes.check_confidentiality(me, note_id)] == [
        ("Rob", "common word", "Robert"),  # a nickname that is also a word: judged by use
        ("Mary–Kate", "name", "Mary-Kate"),
        ("J.G.", "initials", "José García"),
        ("Mary\u2011Kate", "name", "Mary-Kate"),
        ("OʼBrien", "name", "O'Brien"),
    ]


def group_with_more(me, setup, people):
    """More current members of the same group, who joined after the session."""
    out = []
    for first, last in people:
        c = f.client(me, first, last)
        f.enroll(me, c, setup.group, DAY + dt.timedelta(days=7))
        out.append(c)
    return out


def test_everyday_word_names_used_as_words_do_not_stop_signing(group):
    me, setup, view = group
    group_with_more(me, setup, [("Will", "Barnes"), ("Grace", "Tull")])
    text = (
        "Will continue to attend Tuesday group. Hope is what keeps him going. "
        "Client's mother Grace attended; Hope Street is near."
    )
    note_id = _write(me, view, setup.members[0].id, text)
    flags = notes.check_confidentiality(me, note_id)
    assert not [fl for fl in flags if fl.blocks_signing]
    assert [fl.found for fl in flags] == ["Hope", "Grace", "Hope"]  # shown to the writer as warnings
    assert notes.sign_note(me, note_id, confirm=True).status == "signed"


def test_a_name_shared_by_several_clients_names_the_closest_first(group):
    me, setup, view = group
    far = f.client(me, "Dana", "Moss")
    f.enroll(me, far, f.group(me, "Evening Process"), DAY - dt.timedelta(days=30))
    near = group_with_more(me, setup, [("Dana", "Quill")])[0]
    note_id = _write(me, view, setup.members[0].id, "Dana shared first.")
    [flag] = notes.check_confidentiality(me, note_id)
    assert flag.client_ids == (near.id, far.id) and flag.tier == GROUP and flag.name == "Dana"


def test_signing_with_a_flag_needs_a_reason_which_is_recorded(group):
    me, setup, view = group
    note_id = _write(me, view, setup.members[0].id, "Gave José feedback.")
    with pytest.raises(GuardError) as caught:
        notes.sign_note(me, note_id, confirm=True)
    assert [fl.found for fl in caught.value.flags] == ["José"]
    with pytest.raises(GuardError):
        notes.sign_note(me, note_id, confirm=True, override_reason="   ")  # blank is no reason
    with pytest.raises(ValidationError, match="500"):
        notes.sign_note(me, note_id, confirm=True, override_reason="x" * 501)
    assert Note.get_by_id(note_id).status == "draft"
    reason = " The client's cousin, not a client. "
    signed = notes.sign_note(me, note_id, confirm=True, override_reason=reason)
    assert signed.status == "signed" and signed.guard_overridden
    record = json.loads(Note.get_by_id(note_id).guard_override)
    assert record["flags"] == 1 and record["by"] == str(me.staff_id) and "José" not in json.dumps(record)
    assert record["reason"] == "The client's cousin, not a client." and "cosign" not in record
    entry = AuditEvent.select().where(
        (AuditEvent.action == audit.SIGN) & (AuditEvent.record_id == str(note_id))
    ).get()
    assert json.loads(entry.changes)["guard_override"] == {
        "flags": 1, "reason": "The client's cousin, not a client."
    }


def test_a_group_note_signed_with_a_reason_records_it_on_the_flagged_parts_only(group):
    me, setup, view = group
    flagged = _write(me, view, setup.members[0].id, "Gave José feedback.")
    for member in setup.members[1:]:
        _write(me, view, member.id, "Engaged in the exercise.")
    _write(me, view, None, "Coping skills.", field="topic")
    with pytest.raises(GuardError):
        notes.sign_group_note(me, setup.session.id, confirm=True)
    result = notes.sign_group_note(me, setup.session.id, confirm=True, override_reason="Not a client.")
    assert result.status == "signed" and flagged in result.signed
    overridden = {n.id for n in Note.select().where(Note.guard_override.is_null(False))}
    assert overridden == {flagged}


def test_a_trainees_override_goes_to_the_supervisor_with_its_reason(actor):
    supervisor = writer(actor, "Sky Supervisor", role="supervisor")
    trainee = writer(actor, "Tara Trainee", needs_cosign=True, supervisor=staff_of(supervisor))
    setup = group_with(actor, PEOPLE, facilitator=trainee)
    view = notes.open_group_note(trainee, setup.session.id)
    note_id = _write(trainee, view, setup.members[0].id, "Gave José feedback.")
    with pytest.raises(GuardError):
        notes.sign_note(trainee, note_id, confirm=True)
    pending = notes.sign_note(trainee, note_id, confirm=True, override_reason="José is his uncle here.")
    assert pending.status == "pending_cosign" and pending.guard_overridden
    assert json.loads(Note.get_by_id(note_id).guard_override)["cosign"] is True
    [item] = notes.cosign_queue(supervisor)
    assert (item.note_id, item.override_flags) == (note_id, 1)
    assert item.override_reason == "José is his uncle here."

    returned = notes.return_note(supervisor, note_id, "Use “a peer”: he is also in the group.")
    assert returned.status == "returned" and not returned.guard_overridden  # cleared with the seal
    notes.sign_note(trainee, note_id, confirm=True, override_reason="Checked: the uncle is not a client.")
    [item] = notes.cosign_queue(supervisor)
    assert item.override_reason == "Checked: the uncle is not a client."
    final = notes.cosign(supervisor, note_id)
    assert final.status == "signed" and final.guard_overridden
    record = json.loads(Note.get_by_id(note_id).guard_override)
    assert record["reviewed_by"] == str(supervisor.staff_id) and record["by"] == str(trainee.staff_id)


def test_a_note_without_an_override_shows_none_in_the_cosign_queue(actor):
    supervisor = writer(actor, "Sky Supervisor", role="supervisor")
    trainee = writer(actor, "Tara Trainee", needs_cosign=True, supervisor=staff_of(supervisor))
    setup = group_with(actor, [("Ana", "Ruiz")], facilitator=trainee)
    view = notes.open_group_note(trainee, setup.session.id)
    note_id = _write(trainee, view, setup.members[0].id, "Engaged in the exercise.")
    notes.sign_note(trainee, note_id, confirm=True)
    [item] = notes.cosign_queue(supervisor)
    assert (item.override_flags, item.override_reason) == (0, "")
    notes.cosign(supervisor, note_id)
    assert Note.get_by_id(note_id).guard_override is None


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


def test_the_check_reads_every_clients_names_in_one_query_however_many(db, actor):
    me = writer(actor)
    setup = group_with(actor, PEOPLE, facilitator=me)
    view = notes.open_group_note(me, setup.session.id)
    parts = [_write(me, view, m.id, "Engaged; talked with José.") for m in setup.members]
    session = Session.get_by_id(setup.session.id)

    def check(ids):  # type: ignore[no-untyped-def]
        rows = list(Note.select().where(Note.id.in_(ids)))
        with f.count_queries(db) as queries:
            flags = flags_for_notes(session, rows)
        return queries, flags

    few, _ = check(parts[:1])
    for i in range(200):
        f.client(actor, f"Extra{i}", "Sample")
    many, flags = check(parts)
    assert len(many) == len(few) <= 6
    assert sum(1 for q in many if 'FROM "client"' in q) == 1
    assert [len(flags[p]) for p in parts] == [1, 0, 1, 1, 1, 1]  # José's own part: his own name


def test_a_renamed_or_new_client_is_looked_for_at_the_next_check(group):
    me, setup, view = group
    note_id = _write(me, view, setup.members[0].id, "Talked with Zora and Ilse about rides.")
    assert _found(me, note_id) == []
    zora = f.client(me, "Zora", "Mbeki")
    Client.update(preferred_name="Ilse").where(Client.id == setup.members[1].id).execute()
    assert _found(me, note_id) == [("Zora", "name"), ("Ilse", "name")]
    Client.update(legal_first="Zara").where(Client.id == zora.id).execute()
    assert _found(me, note_id) == [("Ilse", "name")]
