"""``iopdesk recover`` and ``iopdesk restore --recovery-key``: the recovery key as the way back in."""

from __future__ import annotations

from pathlib import Path

import pytest

from iopdesk.cli import main
from iopdesk.domain.access import unlock
from iopdesk.domain.access.accounts import SignInError
from iopdesk.store.database import Target
from iopdesk.store.models import database as proxy

ADMIN_PW = "first admin phrase here"
NEW_PW = "recovered admin phrase"


def run(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def clinic(tmp_path: Path, capsys, monkeypatch) -> tuple[Path, str]:  # type: ignore[no-untyped-def]
    path = tmp_path / "clinic.sqlite3"
    monkeypatch.setenv("IOPDESK_NEW_PASSWORD", ADMIN_PW)
    code, out, err = run(
        capsys, "--db", str(path), "setup", "--clinic", "Pine", "--site", "Main", "--timezone", "UTC",
        "--admin", "boss", "--name", "Bo Boss",
    )  # fmt: skip
    assert code == 0, err
    key = next(line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("Recovery key:"))
    return path, key


def opens(path: Path, user: str, password: str) -> bool:
    try:
        db, _ = unlock.open_clinic(Target(path=path), user, password)
    except SignInError:
        return False
    db.close()
    proxy.initialize(None)
    return True


def test_recover_sets_a_new_administrator_password_on_an_encrypted_clinic(clinic, capsys, monkeypatch):
    path, key = clinic
    monkeypatch.setenv("IOPDESK_NEW_PASSWORD", NEW_PW)
    monkeypatch.setenv("IOPDESK_RECOVERY_KEY", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    code, _, err = run(capsys, "--db", str(path), "--user", "boss", "recover")
    assert code == 1 and "recovery key is not right" in err
    assert opens(path, "boss", ADMIN_PW)
    monkeypatch.setenv("IOPDESK_RECOVERY_KEY", key.lower())
    code, out, err = run(capsys, "--db", str(path), "--user", "boss", "recover")
    assert code == 0, err
    assert opens(path, "boss", NEW_PW) and not opens(path, "boss", ADMIN_PW)


def test_restore_onto_a_new_computer_with_the_recovery_key(clinic, tmp_path, capsys, monkeypatch):
    path, key = clinic
    monkeypatch.setenv("IOPDESK_USER", "boss")
    monkeypatch.setenv("IOPDESK_PASSWORD", ADMIN_PW)
    backup = tmp_path / "copy.sqlite3"
    assert run(capsys, "--db", str(path), "backup", str(backup))[0] == 0
    monkeypatch.delenv("IOPDESK_PASSWORD")
    fresh = tmp_path / "new-computer" / "clinic.sqlite3"
    monkeypatch.setenv("IOPDESK_RECOVERY_KEY", key)
    monkeypatch.setenv("IOPDESK_NEW_PASSWORD", NEW_PW)
    code, out, err = run(capsys, "--db", str(fresh), "restore", "--recovery-key", str(backup))
    assert code == 0, err
    assert opens(fresh, "boss", NEW_PW)
    # Over an existing clinic the flag is refused: sign in there instead.
    code, _, err = run(capsys, "--db", str(path), "restore", "--recovery-key", str(backup))
    assert code == 2 and "no clinic database yet" in err
