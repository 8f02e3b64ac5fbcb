"""An account deactivated, or its role changed, by an administrator while its owner is signed in
at another workstation.

The other workstation keeps the Actor it made at sign-in; the account's row is what changed. Every
domain operation checks permissions (``permissions.require``) before it reads or writes: from the
moment the change is committed, that check refuses, on the record, and nothing is written.
"""

from __future__ import annotations

import datetime as dt

import pytest

from iopdesk.domain.access import accounts
from iopdesk.domain.access import staff_accounts as staff
from iopdesk.domain.clients.clients import ClientDraft, add_client, get_client
from iopdesk.domain.kernel.errors import PermissionDenied
from iopdesk.store.models import AuditEvent, Client, Staff

ADMIN_PW = "correct horse battery"
PW = "a long enough pass phrase"


@pytest.fixture
def admin(db):  # type: ignore[no-untyped-def]
    actor, _key = accounts.first_run_setup("Hope IOP", "Main", "America/Chicago", "Boss", "Bo Ss", ADMIN_PW)
    return actor


def test_a_deactivated_account_can_do_nothing_more_at_the_workstation_it_is_signed_in_at(admin) -> None:  # type: ignore[no-untyped-def]
    made = staff.create_staff(admin, "casey", "Casey Counselor", "counselor", PW)
    casey = accounts.sign_in("casey", PW, workstation="front-2")  # signed in at another workstation
    first = add_client(casey, ClientDraft("Sam", "Rivera", dt.date(1990, 1, 2)))

    staff.deactivate_staff(admin, made.id)  # meanwhile, at the administrator's workstation

    with pytest.raises(PermissionDenied, match="deactivated"):
        add_client(casey, ClientDraft("Ana", "Lopez", dt.date(1985, 3, 4)))
    with pytest.raises(PermissionDenied, match="deactivated"):
        get_client(casey, first.id)
    assert Client.select().count() == 1
    refused = AuditEvent.select().where(
        (AuditEvent.staff_id == made.id) & (AuditEvent.action == "permission.denied")
    )
    assert refused.count() == 2  # each refusal is on the record

    staff.reactivate_staff(admin, made.id)
    assert get_client(casey, first.id).id == first.id


def test_an_administrator_demoted_meanwhile_no_longer_acts_as_one(admin) -> None:  # type: ignore[no-untyped-def]
    made = staff.create_staff(admin, "alex", "Alex Admin", "administrator", PW)
    alex = accounts.sign_in("alex", PW, workstation="office-2")
    staff.update_staff(admin, made.id, role="counselor")  # meanwhile, at the first administrator's

    with pytest.raises(PermissionDenied, match="changed this account's role since you signed in"):
        staff.create_staff(alex, "dana", "Dana Doe", "administrator", PW)
    with pytest.raises(PermissionDenied, match="changed this account's role"):
        add_client(alex, ClientDraft("Ana", "Lopez", dt.date(1985, 3, 4)))  # allowed to either role
    assert not Staff.select().where(Staff.username == "dana").exists() and Client.select().count() == 0

    again = accounts.sign_in("alex", PW, workstation="office-2")  # signed in again: the new role
    assert again.role == "counselor"
    add_client(again, ClientDraft("Ana", "Lopez", dt.date(1985, 3, 4)))
