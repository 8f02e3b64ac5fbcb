"""``iopdesk encrypt`` that fails or is killed part-way: the plain clinic stays usable, with the
recovery key it had, and running the command again finishes the job."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from iopdesk.cli import main
from iopdesk.domain.access import unlock
from iopdesk.domain.access.accounts import check_recovery_key, first_run_setup
from iopdesk.domain.clients.clients import ClientDraft, add_client
from iopdesk.store import convert, driver, keyring
from iopdesk.store.database import SQLITE_HEADER, Target, open_database
from iopdesk.store.errors import StoreFull
from iopdesk.store.models import Client
from iopdesk.store.models import database as proxy

pytestmark = [
    pytest.mark.skipif(not driver.HAS_CIPHER, reason="needs SQLCipher (sqlcipher3)"),
    pytest.mark.sqlite_only("SQLCipher"),
]

ADMIN_PW = "the old admin phrase"


class Killed(BaseException):
    """The process dies here: nothing after it runs, no handler catches it."""


@pytest.fixture
def plain(tmp_path: Path) -> tuple[Path, str]:
    """A plain clinic from before encryption with one client, and the recovery key its first run printed."""
    path = tmp_path / "old.sqlite3"
    db = open_database(Target(path=path))
    admin, recovery = first_run_setup("Old Clinic", "Main", "UTC", "boss", "Bo Boss", ADMIN_PW)
    add_client(admin, ClientDraft("Orlindra", "Quillfeather", dt.date(1990, 4, 2)))
    db.close()
    proxy.initialize(None)
    return path, recovery


@pytest.fixture(autouse=True)
def as_boss(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOPDESK_USER", "boss")
    monkeypatch.setenv("IOPDESK_PASSWORD", ADMIN_PW)


def run(capsys: pytest.CaptureFixture[str], path: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(path), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def still_plain_with_its_recovery_key(path: Path, recovery: str) -> bool:
    assert path.read_bytes()[:16] == SQLITE_HEADER
    assert not keyring.keys_path(path).exists()
    assert not list(path.parent.glob("*.encrypted*"))
    db = open_database(Target(path=path), create=False)
    try:
        return check_recovery_key(recovery) and Client.select().count() == 1
    finally:
        db.close()
        proxy.initialize(None)


def test_a_copy_that_cannot_be_written_keeps_the_plain_clinics_recovery_key(
    plain: tuple[Path, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, recovery = plain

    def full(*args: object) -> None:
        raise StoreFull()

    monkeypatch.setattr(convert, "export_encrypted", full)
    code, _out, err = run(capsys, path, "encrypt")
    assert code == 1 and "disk is full" in err
    assert still_plain_with_its_recovery_key(path, recovery)  # the new key was never shown to anyone


def test_a_copy_that_cannot_be_put_in_place_leaves_no_key_file(
    plain: tuple[Path, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, recovery = plain
    real = os.replace

    def refused(src: object, dest: object) -> None:
        if str(src).endswith(".encrypted"):
            raise PermissionError(13, "Permission denied")
        real(src, dest)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", refused)
    code, _out, err = run(capsys, path, "encrypt")
    assert code == 1 and "stays unencrypted" in err
    assert still_plain_with_its_recovery_key(path, recovery)
    monkeypatch.setattr(os, "replace", real)
    assert run(capsys, path, "check")[0] == 0


def test_killed_between_the_key_file_and_the_rename_the_command_runs_again(
    plain: tuple[Path, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _recovery = plain
    real = os.replace

    def killed(src: object, dest: object) -> None:
        if str(src).endswith(".encrypted"):
            raise Killed
        real(src, dest)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(Killed):
        run(capsys, path, "encrypt")
    monkeypatch.setattr(os, "replace", real)
    assert keyring.keys_path(path).exists() and path.read_bytes()[:16] == SQLITE_HEADER  # as the kill left it

    code, _out, err = run(capsys, path, "check")
    assert code == 1 and "interrupted" in err and "run iopdesk encrypt again" in err

    code, out, err = run(capsys, path, "encrypt")
    assert code == 0, err
    assert "Recovery key:" in out
    assert path.read_bytes()[:16] != SQLITE_HEADER
    assert not list(path.parent.glob("*.encrypted*"))
    db, _actor = unlock.open_clinic(Target(path=path), "boss", ADMIN_PW)
    try:
        assert Client.get().legal_last == "Quillfeather"
    finally:
        db.close()
        proxy.initialize(None)
