"""A draft open in an editor while a sync brings another place's words for it: the editor's next
save must not replace them. An editor saves with the version it last saved; a draft from elsewhere
with the same number used to pass that check, and its words were then lost everywhere."""

from __future__ import annotations

import json

from iopdesk.domain import notes
from iopdesk.store.models import Note, NoteConflict
from tests.support import sync_places as sp


def _texts(note_id) -> list[str]:  # type: ignore[no-untyped-def]
    return [Note.get_by_id(note_id).body] + [c.body for c in NoteConflict.select()]


def test_an_editor_open_across_a_sync_never_replaces_the_words_it_brought(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with laptop.open():
        part = sp.note_parts()[0]
        row = Note.get_by_id(part.id)
        typed = dict(json.loads(row.body), data="laptop words")
        held = notes.save_draft(clinic.counselor, part.id, typed, row.version)  # what the editor holds
    with clinic.hub.open():  # saved once there too, later: the same version number, other words
        row = Note.get_by_id(part.id)
        body = dict(json.loads(row.body), data="clinic words")
        assert notes.save_draft(clinic.counselor, part.id, body, row.version).version == held.version
    sp.exchange(clinic, laptop, clinic.hub, tmp_path)
    with laptop.open():
        assert "clinic words" in Note.get_by_id(part.id).body  # the later edit won here
        more = notes.save_draft(
            clinic.counselor, part.id, dict(typed, data="laptop words and more"), held.version
        )
        assert not more.saved and more.conflict is not None  # the editor is told, as when two saves race
    sp.exchange(clinic, laptop, clinic.hub, tmp_path)
    seen = []
    for place in clinic.places:
        with place.open():
            texts = _texts(part.id)
            for words in ("clinic words", "laptop words", "laptop words and more"):
                assert any(words in text for text in texts), (place.name, words)
            seen.append(sp.dump())
    assert seen[0] == seen[1]
