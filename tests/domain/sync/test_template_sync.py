"""The clinic's note templates and snippets travel (migration 0013): a note format changed or reset
at the clinic is the one a laptop's notes use after a sync, a format changed at two places apart is
one template (the change that lost kept as a sync conflict), and a snippet saved or deleted at one
place is there, or gone, at the other. Runs with the hub on SQLite or on the test server."""

from __future__ import annotations

import json
from typing import Any

from iopdesk.domain import notes
from iopdesk.domain.kernel.ids import template_id
from iopdesk.domain.notes.body import default_template
from iopdesk.domain.sync.conflict_detail import conflict_detail
from iopdesk.store.models import NoteTemplate, Snippet
from iopdesk.store.sync_models import SyncConflict
from tests.support import sync_places as sp


def _dap(title: str, summary: str = "Summary") -> dict[str, Any]:
    return {
        "format": "DAP",
        "title": title,
        "shared_fields": [{"key": "topic", "label": "Topic"}],
        "member_fields": [{"key": "summary", "label": summary, "required": True}],
    }


def _conflicts(table: str) -> list[SyncConflict]:
    return list(SyncConflict.select().where(SyncConflict.table_name == table))


def test_a_format_changed_at_the_clinic_is_the_one_the_laptop_uses_after_a_sync(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with clinic.hub.open():
        notes.save_template(clinic.supervisor, "DAP", _dap("DAP (clinic)"))
    with laptop.open():
        assert notes.template_for("DAP").title != "DAP (clinic)"  # not yet: the copy's own
    summary = sp.receive(clinic, laptop, sp.send(clinic, clinic.hub, laptop, tmp_path))
    assert summary.counts.tables.get("note_template") == 1
    with laptop.open():
        template = notes.template_for("DAP")
        assert (template.title, template.member_keys) == ("DAP (clinic)", ("summary",))
        row = NoteTemplate.get(NoteTemplate.note_format == "DAP")
        assert row.id == template_id("DAP")


def test_a_format_reset_at_the_clinic_is_the_default_on_the_laptop_after_a_sync(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with clinic.hub.open():
        notes.save_template(clinic.supervisor, "DAP", _dap("DAP (clinic)"))
    sp.exchange(clinic, clinic.hub, laptop, tmp_path)
    with laptop.open():
        assert notes.template_for("DAP").title == "DAP (clinic)"
    with clinic.hub.open():
        notes.reset_template(clinic.supervisor, "DAP")
        assert NoteTemplate.get_by_id(template_id("DAP")).definition is None  # kept: the reset travels
    sp.exchange(clinic, clinic.hub, laptop, tmp_path)
    with laptop.open():
        assert notes.template_for("DAP") == default_template("DAP")
        assert not any(t.customized for t in notes.list_templates(clinic.supervisor))
        assert not _conflicts("note_template")


def test_one_format_changed_at_both_places_is_one_template_and_the_earlier_change_is_kept(
    clinic, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with clinic.hub.open():
        notes.save_template(clinic.supervisor, "DAP", _dap("DAP (clinic)", "Said at the clinic"))
    with laptop.open():  # apart, later: this one wins
        notes.save_template(clinic.supervisor, "DAP", _dap("DAP (laptop)", "Said on the laptop"))
    sp.exchange(clinic, clinic.hub, laptop, tmp_path)
    sp.exchange(clinic, laptop, clinic.hub, tmp_path)
    states = []
    for place in (clinic.hub, laptop):
        with place.open():
            assert [r.id for r in NoteTemplate.select()] == [template_id("DAP")]
            assert notes.template_for("DAP").title == "DAP (laptop)"
            (kept,) = _conflicts("note_template")
            assert kept.row_id == template_id("DAP").hex
            assert (
                "Said at the clinic"
                in json.loads(json.loads(kept.lost)["definition"])["member_fields"][0]["label"]
            )
            states.append(sp.dump()["note_template"])
    assert states[0] == states[1]


def test_one_format_reset_at_both_places_keeps_no_conflict(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with clinic.hub.open():
        notes.save_template(clinic.supervisor, "DAP", _dap("DAP (clinic)"))
    sp.exchange(clinic, clinic.hub, laptop, tmp_path)
    for place in (clinic.hub, laptop):
        with place.open():
            notes.reset_template(clinic.supervisor, "DAP")
    sp.exchange(clinic, clinic.hub, laptop, tmp_path)
    for place in (clinic.hub, laptop):
        with place.open():
            assert notes.template_for("DAP") == default_template("DAP")
            assert not _conflicts("note_template")  # only the stamps differed: nothing lost


def test_a_snippet_saved_on_the_laptop_reaches_the_clinic(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with laptop.open():
        mine = notes.add_snippet(clinic.counselor, "Homework", "Homework: thought record daily.")
        shared = notes.add_snippet(clinic.supervisor, "Safety", "Denies SI/HI.", clinic_wide=True)
    summary = sp.receive(clinic, clinic.hub, sp.send(clinic, laptop, clinic.hub, tmp_path))
    assert summary.counts.tables.get("snippet") == 2
    with clinic.hub.open():
        assert [(s.id, s.text) for s in notes.list_snippets(clinic.counselor)] == [
            (shared.id, "Denies SI/HI."),
            (mine.id, "Homework: thought record daily."),
        ]


def test_a_snippet_deleted_at_one_place_is_gone_at_the_other_after_a_sync(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with clinic.hub.open():
        gone = notes.add_snippet(clinic.counselor, "Homework", "Homework: thought record daily.")
        stays = notes.add_snippet(clinic.counselor, "Check-in", "Rated mood 1-10.")
    sp.exchange(clinic, clinic.hub, laptop, tmp_path)
    with laptop.open():
        assert {s.id for s in notes.list_snippets(clinic.counselor)} == {gone.id, stays.id}
        notes.delete_snippet(clinic.counselor, gone.id)
    sp.exchange(clinic, laptop, clinic.hub, tmp_path)
    with clinic.hub.open():
        assert [s.id for s in notes.list_snippets(clinic.counselor)] == [stays.id]
        assert Snippet.get_by_id(gone.id).removed_at is not None  # kept, marked removed


def test_a_snippet_changed_at_both_places_keeps_the_later_text_and_the_other_as_a_conflict(
    clinic, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with clinic.hub.open():
        made = notes.add_snippet(clinic.counselor, "Homework", "Homework: thought record daily.")
    sp.exchange(clinic, clinic.hub, laptop, tmp_path)
    with clinic.hub.open():
        notes.update_snippet(clinic.counselor, made.id, "Homework", "Written at the clinic.")
    with laptop.open():  # later: wins
        notes.update_snippet(clinic.counselor, made.id, "Homework", "Written on the laptop.")
    sp.exchange(clinic, clinic.hub, laptop, tmp_path)
    sp.exchange(clinic, laptop, clinic.hub, tmp_path)
    for place in (clinic.hub, laptop):
        with place.open():
            assert [s.text for s in notes.list_snippets(clinic.counselor)] == ["Written on the laptop."]
            (kept,) = _conflicts("snippet")
            assert json.loads(kept.lost)["text"] == "Written at the clinic."
            # A counselor's own snippet: the administrator settling it sees that it differs, not
            # what it says (the snippets dialog shows it to its owner alone).
            detail = conflict_detail(clinic.admin, kept.id)
            assert detail.withheld_because
            text = next(c for c in detail.columns if c.column == "text")
            assert text.differs and "Written" not in f"{text.kept}{text.lost}"
