"""The one front door (iopdesk/front_door.py): every way into a clinic, with plain values."""

from __future__ import annotations

from pathlib import Path

import pytest

from iopdesk import front_door
from iopdesk.domain.access import accounts, unlock
from iopdesk.domain.access.accounts import SignInError
from iopdesk.front_door import Credentials, open_clinic
from iopdesk.store import driver, keyring
from iopdesk.store.database import Target, open_database
from iopdesk.store.models import Staff
from iopdesk.store.models import database as proxy
from tests.support.signin_support import ADMIN_PASSWORD, PASSWORD, add_staff

needs_cipher = pytest.mark.skipif(not driver.HAS_CIPHER, reason="needs SQLCipher (sqlcipher3)")


@pytest.fixture
def encrypted(tmp_path: Path) -> Target:
    """An encrypted clinic (administrator "admin", counselor "casey"), closed."""
    target = Target(path=tmp_path / "clinic.sqlite3")
    db = unlock.create_clinic(target)
    admin, _key = accounts.first_run_setup(
        "Lakeside Recovery", "Main site", "America/New_York", "admin", "Ada Admin", ADMIN_PASSWORD
    )
    add_staff(admin, "casey")
    db.close()
    proxy.initialize(None)
    return target


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    """A plain clinic file made by an earlier IOPdesk, whose accounts have no passwords yet."""
    from iopdesk.domain.clinic.setup import ensure_local_setup

    path = tmp_path / "plain.sqlite3"
    db = open_database(Target(path=path))
    ensure_local_setup("tester")
    db.close()
    proxy.initialize(None)
    return path


def test_a_plain_clinic_opens_as_it_is_acts_as_its_local_staff_member_and_closes(plain):
    with open_clinic(str(plain), credentials=Credentials("tester"), act=True) as clinic:
        assert not clinic.locked and not clinic.encrypted
        assert (
            clinic.acting.role == "supervisor"
            and Staff.get_by_id(clinic.acting.staff_id).username == "tester"
        )
        db = clinic.database
    assert db.is_closed()


def test_the_clinic_is_closed_when_the_block_fails(plain):
    with pytest.raises(RuntimeError), open_clinic(str(plain)) as clinic:
        db = clinic.database
        raise RuntimeError("a command failed half-way")
    assert db.is_closed()


@needs_cipher
def test_an_encrypted_clinic_opens_by_signing_in(encrypted):
    with open_clinic(encrypted, credentials=Credentials("casey", PASSWORD), act=True) as clinic:
        assert clinic.encrypted and clinic.acting.role == "counselor"
        assert Staff.select().count() == 2


@needs_cipher
def test_a_wrong_password_opens_nothing(encrypted):
    with pytest.raises(SignInError), open_clinic(encrypted, credentials=Credentials("casey", "not it")):
        pytest.fail("the block must not run")
    assert proxy.obj is None


@needs_cipher
def test_a_locked_clinic_waits_for_the_sign_in_screen_reading_its_key_file_once(encrypted, monkeypatch):
    reads: list[Path] = []
    load = keyring.load
    monkeypatch.setattr(keyring, "load", lambda path: reads.append(path) or load(path))
    with open_clinic(encrypted, stay_locked=True) as clinic:
        assert clinic.locked and clinic.db is None and clinic.encrypted
        screen = clinic.sign_in_screen()
        assert screen.clinic_name == "Lakeside Recovery" and screen.demo_accounts is None
        assert [site for _id, site in screen.sites] == ["Main site"]
        assert len(reads) == 1  # what the screen shows came with the one reading
        actor = front_door.sign_in_to(clinic, "casey", PASSWORD)
        assert not clinic.locked and clinic.actor == actor
        db = clinic.database
    assert db.is_closed()


@needs_cipher
def test_a_first_run_that_never_finished_is_cleared_and_a_new_clinic_made(tmp_path, capsys):
    target = Target(path=tmp_path / "new.sqlite3")
    unlock.create_clinic(target).close()  # the first run stopped before any account existed
    proxy.initialize(None)
    with open_clinic(target, create=True, stay_locked=True) as clinic:
        assert not clinic.locked and clinic.encrypted
        assert Staff.select().count() == 0
        assert not keyring.load(keyring.keys_path(target.path)).setup_complete
    assert "did not finish was cleared" in capsys.readouterr().err


def test_a_missing_file_is_not_created_unless_asked(tmp_path):
    from iopdesk.store.errors import StoreError

    with pytest.raises(StoreError, match="no IOPdesk database"), open_clinic(str(tmp_path / "none.sqlite3")):
        pass
    assert not (tmp_path / "none.sqlite3").exists()


def test_credentials_come_from_the_environment_or_the_demo_and_are_asked_once(monkeypatch):
    monkeypatch.setenv("IOPDESK_PASSWORD", "from the environment")
    given = Credentials("Casey")
    assert given(demo=False) == ("Casey", "from the environment")
    monkeypatch.setenv("IOPDESK_PASSWORD", "changed meanwhile")
    assert given(demo=False) == ("Casey", "from the environment")  # the first answer stands
    monkeypatch.delenv("IOPDESK_PASSWORD")
    assert Credentials()(demo=True) == ("counselor", "iopdesk-demo")
    with pytest.raises(SignInError, match="IOPDESK_PASSWORD"):  # no terminal under pytest
        Credentials("casey")(demo=False)
