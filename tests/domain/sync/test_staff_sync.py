"""A staff account changed at two places apart: it has no edit stamp of its own, and ordered by the
hash of its state alone, a laptop's stale copy reopened an account closed at the clinic about half
the time. Closed now beats open."""

from __future__ import annotations

import datetime as dt
from typing import Any

from iopdesk.domain.access import staff_accounts
from iopdesk.domain.sync import rows
from iopdesk.store.models import Staff
from iopdesk.store.sync_models import SyncConflict
from tests.support import sync_places as sp

LATE = dt.datetime(2025, 3, 12, 17, 0)


def _hash_picked(state: dict[str, Any], above: dict[str, Any], at: dt.datetime) -> str:
    """A made-up password hash whose account state, set at ``at``, sorts by its SHA-256 after
    ``above``: by the hash alone, this version would win the merge."""
    stamp = rows.encode(Staff.password_changed_at, at)
    for n in range(1000):
        candidate = f"$argon2id$v=19$made-up-{n}"
        changed = dict(state, password_hash=candidate, password_changed_at=stamp)
        if rows.state_hash(changed) > rows.state_hash(above):
            return candidate
    raise AssertionError("no made-up hash sorts after the other state")


def _set(staff_id: Any, password_hash: str, at: dt.datetime) -> None:
    Staff.update(password_hash=password_hash, password_changed_at=at).where(Staff.id == staff_id).execute()


def test_an_account_closed_at_the_clinic_stays_closed_whatever_a_laptop_changed(clinic, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop, who = clinic.laptops[0], clinic.counselor.staff_id
    with clinic.hub.open():
        staff_accounts.deactivate_staff(clinic.admin, who)
        closed = rows.read_state("staff", who.hex)
    with laptop.open():  # meanwhile the laptop, not synced yet, still has it open: a password set
        _set(who, _hash_picked(rows.read_state("staff", who.hex), closed, LATE), LATE)
    sp.exchange(clinic, laptop, clinic.hub, tmp_path)
    sp.exchange(clinic, laptop, clinic.hub, tmp_path)
    seen = []
    for place in clinic.places:
        with place.open():
            assert not Staff.get_by_id(who).active, place.name
            assert SyncConflict.select().where(SyncConflict.table_name == "staff").count() == 1
            seen.append(sp.dump())
    assert seen[0] == seen[1]
