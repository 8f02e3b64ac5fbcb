"""A change set's audit entries join this trail (exchange._apply_entries): each device's chain is
checked link by link, entries held here already are recognised, and any entry that does not fit
refuses the whole set. The new entries go in together at the end, in as many statements as the
database's bound values allow."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from iopdesk.domain.kernel import audit
from iopdesk.domain.sync import exchange, versions
from iopdesk.domain.sync.counts import Counts
from iopdesk.store import transaction
from tests.support import sync_places as sp


def _laptop_set(clinic: sp.Clinic) -> dict[str, Any]:
    """The laptop's set for the hub after some work there (a dozen audit entries or more)."""
    laptop = clinic.laptops[0]
    with clinic.hub.open():
        hub = audit.this_device()
    with laptop.open():
        part = sp.note_parts()[0]
        for n in range(4):
            from iopdesk.domain.attendance import marking

            marking.mark(clinic.counselor, part.session_id, part.client_id, "late", minutes=30 + n)
        with transaction():
            change_set = exchange.build(audit.this_device(), hub, Counts())
    assert len(change_set["audit"]) >= 4
    return change_set


def _apply_at_hub(clinic: sp.Clinic, change_set: dict[str, Any]) -> Counts:
    counts = Counts()
    with clinic.hub.open(), transaction():
        exchange.apply(audit.this_device(), change_set, counts)
    return counts


def _trail(clinic: sp.Clinic) -> set[str]:
    with clinic.hub.open():
        return sp.audit_ids()


def test_new_entries_join_then_the_same_set_again_finds_them_all_here(clinic, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    change_set = _laptop_set(clinic)
    entries = len(change_set["audit"])
    # Tiny statements: the inserts and the reads of entries held here each take several.
    monkeypatch.setattr(exchange, "PARAMETERS", 2 * 20)
    monkeypatch.setattr(versions, "BATCH", 3)
    first = _apply_at_hub(clinic, change_set)
    assert (first.entries_added, first.entries_known) == (entries, 0)
    again = _apply_at_hub(clinic, change_set)
    assert (again.entries_added, again.entries_known) == (0, entries)
    with clinic.hub.open():
        assert audit.verify_chain().ok
        assert {e["id"] for e in change_set["audit"]} <= sp.audit_ids()


def test_an_entry_a_set_holds_twice_joins_once(clinic) -> None:  # type: ignore[no-untyped-def]
    change_set = _laptop_set(clinic)
    entries = len(change_set["audit"])
    change_set["audit"].append(copy.deepcopy(change_set["audit"][-1]))
    counts = _apply_at_hub(clinic, change_set)
    assert (counts.entries_added, counts.entries_known) == (entries, 1)
    with clinic.hub.open():
        assert audit.verify_chain().ok


def _refused(clinic: sp.Clinic, change_set: dict[str, Any], words: str) -> None:
    before = _trail(clinic)
    with pytest.raises(exchange.ChangeSetRefused, match=words):
        _apply_at_hub(clinic, change_set)
    assert _trail(clinic) == before  # nothing applied


def test_an_entry_unlike_the_one_held_here_refuses_the_set(clinic) -> None:  # type: ignore[no-untyped-def]
    change_set = _laptop_set(clinic)
    _apply_at_hub(clinic, change_set)
    other = copy.deepcopy(change_set)
    other["audit"][1]["id"] = "0" * 32  # the same place in the chain, another entry
    _refused(clinic, other, "differs from the one here")


def test_a_gap_in_a_devices_entries_refuses_the_set(clinic) -> None:  # type: ignore[no-untyped-def]
    change_set = _laptop_set(clinic)
    del change_set["audit"][1]
    _refused(clinic, change_set, "skip from")


def test_an_altered_entry_refuses_the_set(clinic) -> None:  # type: ignore[no-untyped-def]
    change_set = _laptop_set(clinic)
    last = change_set["audit"][-1]
    last["record_type"] = "note" if last["record_type"] != "note" else "attendance"  # the hash stays
    _refused(clinic, change_set, "does not verify")


def test_an_entry_that_names_no_device_refuses_the_set(clinic) -> None:  # type: ignore[no-untyped-def]
    change_set = _laptop_set(clinic)
    change_set["audit"][-1]["device_id"] = None
    _refused(clinic, change_set, "names no device")


def test_the_trail_here_verifies_after_a_file_round_trip(clinic, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _laptop_set(clinic)
    sp.exchange(clinic, clinic.laptops[0], clinic.hub, tmp_path)
    for place in (clinic.hub, clinic.laptops[0]):
        with place.open():
            assert audit.verify_chain().ok
