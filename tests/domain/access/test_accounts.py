"""Accounts: first run, signing in, the lock after failed attempts (surviving a restart), passwords."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest

from iopdesk.domain.access import accounts, passwords
from iopdesk.domain.access import staff_accounts as staff
from iopdesk.domain.access.accounts import SignInError
from iopdesk.domain.kernel import settings
from iopdesk.domain.kernel.errors import DomainError, PermissionDenied, ValidationError
from iopdesk.store.database import open_database
from iopdesk.store.models import AuditEvent, Setting, Site, Staff, utcnow
from iopdesk.store.models import database as proxy

ADMIN_PW = "correct horse battery"
PW = "a long enough pass phrase"


@pytest.fixture
def admin(db):  # type: ignore[no-untyped-def]
    actor, _key = accounts.first_run_setup("Hope IOP", "Main", "America/Chicago", "Boss", "Bo Ss", ADMIN_PW)
    return actor


@pytest.fixture
def casey(admin):  # type: ignore[no-untyped-def]
    return staff.create_staff(admin, "casey", "Casey Counselor", "counselor", PW)


def actions() -> list[str]:
    return [e.action for e in AuditEvent.select().order_by(AuditEvent.seq)]


def test_first_run_on_an_empty_database(db) -> None:  # type: ignore[no-untyped-def]
    assert accounts.needs_first_run()
    actor, key = accounts.first_run_setup("Hope IOP", "Main", "America/Chicago", "Boss", "Bo Ss", ADMIN_PW)
    assert actor.role == "administrator" and not accounts.needs_first_run()
    assert re.fullmatch(r"([A-Z2-7]{4}-){7}[A-Z2-7]{4}", key)
    assert Site.get_by_id(actor.site_id).timezone == "America/Chicago"
    assert settings.get("clinic_name") == "Hope IOP"
    assert Staff.get_by_id(actor.staff_id).username == "boss"
    # Only a hash of the key is kept, and it is forgiving of how the key is typed.
    assert key not in str([s.value for s in Setting.select()])
    assert accounts.check_recovery_key(key.lower().replace("-", " "))
    assert not accounts.check_recovery_key(accounts.new_recovery_key())
    with pytest.raises(DomainError, match="already set up"):
        accounts.first_run_setup("X", "Y", "UTC", "other", "Other", ADMIN_PW)


@pytest.mark.parametrize(
    "args, field",
    [
        (("", "Main", "UTC", "boss", "Bo", ADMIN_PW), "clinic_name"),
        (("Hope", "Main", "Mars/Olympus", "boss", "Bo", ADMIN_PW), "timezone"),
        (("Hope", "Main", "UTC", "bo ss", "Bo", ADMIN_PW), "username"),
        (("Hope", "Main", "UTC", "boss", "Bo", "short pass"), "password"),
    ],
)
def test_first_run_refuses_bad_input_and_changes_nothing(db, args, field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        accounts.first_run_setup(*args)
    assert refused.value.field == field
    assert accounts.needs_first_run() and not Staff.select().exists()


def test_password_needs_twelve_characters_and_nothing_else() -> None:
    with pytest.raises(ValidationError, match="at least 12 characters .this one has 11"):
        passwords.check_policy("abcdefghijk")
    passwords.check_policy("abcdefghijkl")  # lower-case letters only: fine
    passwords.check_policy("            ")  # even spaces count
    passwords.check_policy("e\u0301" * 12)  # composed to é: 12 characters


def test_hashes_are_argon2id_with_their_parameters_inside() -> None:
    stored = passwords.hash_password(PW)
    assert stored.startswith("$argon2id$v=19$m=")
    assert passwords.verify(stored, PW) and not passwords.verify(stored, PW + "!")
    assert not passwords.verify(None, PW) and not passwords.verify("garbage", PW)
    assert passwords.PRODUCTION.memory_cost >= 64 * 1024 and passwords.PRODUCTION.time_cost >= 3


def test_sign_in_returns_the_actor_and_is_audited(casey) -> None:  # type: ignore[no-untyped-def]
    actor = accounts.sign_in("  CASEY ", PW, workstation="desk-3")
    assert (actor.staff_id, actor.role, actor.workstation) == (casey.id, "counselor", "desk-3")
    entry = AuditEvent.select().order_by(AuditEvent.seq.desc()).first()
    assert (entry.action, entry.staff_id, entry.workstation) == ("sign_in.success", casey.id, "desk-3")
    accounts.sign_out(actor)
    assert actions()[-1] == "sign_out"


def test_wrong_password_and_unknown_user_get_the_same_answer(casey) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SignInError) as wrong:
        accounts.sign_in("casey", "not the password")
    with pytest.raises(SignInError) as unknown:
        accounts.sign_in("nobody", "not the password")
    assert str(wrong.value) == str(unknown.value) == accounts.WRONG
    failures = list(
        AuditEvent.select().where(AuditEvent.action == "sign_in.failure").order_by(AuditEvent.seq)
    )
    assert failures[0].staff_id == casey.id
    assert failures[1].staff_id is None and "nobody" not in failures[1].changes  # the name is hashed


def test_five_failures_lock_the_account_for_fifteen_minutes(casey) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        with pytest.raises(SignInError) as refused:
            accounts.sign_in("casey", "wrong password!")
        assert refused.value.locked_until is None
    with pytest.raises(SignInError, match=r"locked until \d\d:\d\d") as locked:
        accounts.sign_in("casey", "wrong password!")
    until = locked.value.locked_until
    assert until is not None and dt.timedelta(minutes=14) < until - utcnow() <= dt.timedelta(minutes=15)
    with pytest.raises(SignInError, match="locked"):
        accounts.sign_in("casey", PW)  # even the right password, while locked
    assert actions().count("lock") == 1


def test_the_lock_survives_closing_and_reopening_the_database(db_target, db, casey) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        with pytest.raises(SignInError):
            accounts.sign_in("casey", "wrong password!")
    db.close()
    proxy.initialize(None)
    reopened = open_database(db_target)
    try:
        with pytest.raises(SignInError, match="locked"):
            accounts.sign_in("casey", PW)
        # Once the time has passed, the right password works again.
        Staff.update(locked_until=utcnow() - dt.timedelta(seconds=1)).where(Staff.id == casey.id).execute()
        assert accounts.sign_in("casey", PW).staff_id == casey.id
        assert Staff.get_by_id(casey.id).failed_attempts == 0
    finally:
        reopened.close()


def test_lock_settings_are_the_administrators(admin, casey) -> None:  # type: ignore[no-untyped-def]
    settings.set_value(admin, "lockout_attempts", 2)
    settings.set_value(admin, "lockout_minutes", 60)
    with pytest.raises(SignInError):
        accounts.sign_in("casey", "wrong password!")
    with pytest.raises(SignInError) as locked:
        accounts.sign_in("casey", "wrong password!")
    assert locked.value.locked_until - utcnow() > dt.timedelta(minutes=59)
    staff.create_staff(admin, "sam", "Sam Super", "supervisor", PW)
    with pytest.raises(PermissionDenied):
        settings.set_value(accounts.sign_in("sam", PW), "lockout_attempts", 50)


def test_an_administrator_unlocks_and_nobody_else_can(admin, casey) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        with pytest.raises(SignInError):
            accounts.sign_in("casey", "wrong password!")
    assert staff.get_account(admin, casey.id).locked
    other = staff.create_staff(admin, "dana", "Dana Desk", "frontdesk", PW)
    with pytest.raises(PermissionDenied):
        staff.unlock_account(accounts.sign_in("dana", PW), casey.id)
    assert not staff.unlock_account(admin, casey.id).locked
    assert accounts.sign_in("casey", PW).staff_id == casey.id
    assert "unlock" in actions() and other.id


def test_reset_password_forces_a_change_and_change_password_checks_the_old(admin, casey) -> None:  # type: ignore[no-untyped-def]
    staff.reset_password(admin, casey.id, "temporary password 1")
    actor = accounts.sign_in("casey", "temporary password 1")
    assert accounts.password_change_due(actor)
    with pytest.raises(ValidationError, match="12"):
        accounts.change_password(actor, "temporary password 1", "too short")
    with pytest.raises(SignInError, match="current password"):
        accounts.change_password(actor, "not it at all", "my own pass phrase")
    with pytest.raises(ValidationError, match="same"):
        accounts.change_password(actor, "temporary password 1", "temporary password 1")
    accounts.change_password(actor, "temporary password 1", "my own pass phrase")
    assert not accounts.password_change_due(actor)
    assert accounts.sign_in("casey", "my own pass phrase").staff_id == casey.id


def test_new_accounts_must_change_their_first_password(admin, casey) -> None:  # type: ignore[no-untyped-def]
    assert casey.must_change_password and casey.has_password


def test_deactivated_accounts_cannot_sign_in(admin, casey) -> None:  # type: ignore[no-untyped-def]
    staff.deactivate_staff(admin, casey.id)
    with pytest.raises(SignInError, match="deactivated"):
        accounts.sign_in("casey", PW)
    with pytest.raises(SignInError) as wrong:
        accounts.sign_in("casey", "wrong password!")  # a wrong password does not reveal it
    assert "deactivated" not in str(wrong.value)
    staff.reactivate_staff(admin, casey.id)
    assert accounts.sign_in("casey", PW)


def test_the_last_administrator_stays(admin, casey) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError, match="your own"):
        staff.deactivate_staff(admin, admin.staff_id)
    with pytest.raises(DomainError, match="last administrator"):
        staff.update_staff(admin, admin.staff_id, role="supervisor")
    second = staff.create_staff(admin, "ada", "Ada Admin", "administrator", PW)
    staff.update_staff(admin, admin.staff_id, role="supervisor")
    assert staff.get_account(accounts.sign_in("ada", PW), second.id).role == "administrator"


def test_account_rules(admin, casey) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="already"):
        staff.create_staff(admin, "CASEY", "Another", "counselor", PW)
    with pytest.raises(ValidationError) as bad_role:
        staff.create_staff(admin, "x1", "X", "janitor", PW)
    assert bad_role.value.field == "role"
    with pytest.raises(ValidationError, match="supervisor"):
        staff.create_staff(admin, "x2", "Trainee", "counselor", PW, needs_cosign=True)
    boss = staff.create_staff(admin, "sue", "Sue Pervisor", "supervisor", PW)
    trainee = staff.create_staff(
        admin, "tia", "Tia Trainee", "counselor", PW, supervisor_id=boss.id, needs_cosign=True
    )
    assert trainee.supervisor_id == boss.id and trainee.needs_cosign
    with pytest.raises(ValidationError, match="supervisor account"):
        staff.update_staff(admin, trainee.id, supervisor_id=casey.id)
    with pytest.raises(ValidationError, match="also clinical"):
        staff.update_staff(admin, casey.id, also_clinical=True)
    clinical = staff.update_staff(admin, admin.staff_id, also_clinical=True)
    assert clinical.also_clinical and accounts.sign_in("boss", ADMIN_PW).also_clinical
    with pytest.raises(ValidationError, match="12"):
        staff.create_staff(admin, "x3", "X", "counselor", "short")
    assert not Staff.select().where(Staff.username.in_(["x1", "x2", "x3"])).exists()


def test_recovery_key_lets_an_administrator_back_in(db) -> None:  # type: ignore[no-untyped-def]
    admin, key = accounts.first_run_setup("Hope", "Main", "UTC", "boss", "Bo Ss", ADMIN_PW)
    for _ in range(5):
        with pytest.raises(SignInError):
            accounts.sign_in("boss", "forgotten it!!")
    with pytest.raises(SignInError, match="recovery key"):
        accounts.recover_with_key(accounts.new_recovery_key(), "boss", "a brand new pass phrase")
    accounts.recover_with_key(key, "boss", "a brand new pass phrase")
    assert accounts.sign_in("boss", "a brand new pass phrase").staff_id == admin.staff_id
    fresh = accounts.regenerate_recovery_key(admin)
    assert accounts.check_recovery_key(fresh) and not accounts.check_recovery_key(key)


def test_hashes_made_with_other_parameters_are_remade_at_sign_in(casey) -> None:  # type: ignore[no-untyped-def]
    old = passwords.HashProfile(time_cost=2, memory_cost=16, parallelism=1)
    passwords.use_profile(old)
    try:
        Staff.update(password_hash=passwords.hash_password(PW)).where(Staff.id == casey.id).execute()
    finally:
        passwords.use_profile(passwords.TEST_PROFILE)
    assert "m=16,t=2" in Staff.get_by_id(casey.id).password_hash
    accounts.sign_in("casey", PW)
    assert "m=8,t=1" in Staff.get_by_id(casey.id).password_hash


def test_logs_carry_ids_not_names_or_passwords(admin, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG, logger="iopdesk")
    staff.create_staff(admin, "casey", "Casey Counselor", "counselor", PW)
    accounts.sign_in("casey", PW)
    with pytest.raises(SignInError):
        accounts.sign_in("casey", "wrong password!")
    with pytest.raises(SignInError):
        accounts.sign_in("mallory", "wrong password!")
    text = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("iopdesk"))
    assert "sign" in text
    for secret in ("casey", "Casey", "mallory", PW, "wrong password!"):
        assert secret not in text


def test_an_empty_password_is_not_an_attempt(casey) -> None:  # type: ignore[no-untyped-def]
    """Enter pressed before typing: refused at once, not one of the five tries, not in the trail."""
    before = actions()
    for _ in range(6):  # more than the lock's five
        with pytest.raises(SignInError) as refused:
            accounts.sign_in("casey", "")
        assert str(refused.value) == accounts.NO_PASSWORD and refused.value.locked_until is None
    actor = accounts.sign_in("casey", PW)  # not locked, the count untouched
    row = Staff.get_by_id(casey.id)
    assert (row.failed_attempts, row.locked_until) == (0, None)
    with pytest.raises(SignInError, match="Type your password"):
        accounts.confirm_password(actor, "")  # the lock screen
    with pytest.raises(SignInError, match="Type your password"):
        accounts.sign_in("nobody", "")
    assert Staff.get_by_id(casey.id).failed_attempts == 0
    assert [a for a in actions()[len(before) :] if a == "sign_in.failure"] == []
