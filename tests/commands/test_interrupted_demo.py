"""A demo build that was killed is reported as exactly that, never as a wrong password, and building
it again clears everything the interrupted build left."""

from __future__ import annotations

from pathlib import Path

import pytest

from iopdesk.cli import main
from iopdesk.domain.clinic.setup import DEMO_INTERRUPTED
from iopdesk.store import driver, keyring

pytestmark = [
    pytest.mark.skipif(not driver.HAS_CIPHER, reason="the demo is encrypted with SQLCipher"),
    pytest.mark.sqlite_only("a demo file and its key file"),
]


def run(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def killed_build(monkeypatch: pytest.MonkeyPatch, db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """``iopdesk demo`` dying just after its key file and empty database were made."""
    import iopdesk.demo as demo_package

    def killed(**_kwargs: object) -> None:
        raise KeyboardInterrupt  # stands in for kill -9: nothing after this runs

    monkeypatch.setattr(demo_package, "build_demo", killed)
    assert run(capsys, "--db", str(db), "demo")[0] == 1
    monkeypatch.undo()
    assert db.exists() and keyring.keys_path(db).exists()


def without_tables(db: Path) -> None:
    """As if it was killed while its schema was being made: no table the sign-in reads exists yet."""
    from iopdesk.domain.clinic.setup import DEMO_PASSWORD
    from iopdesk.domain.clinic.workstation import DEMO_ACCOUNTS

    key = keyring.load(keyring.keys_path(db)).unlock(DEMO_ACCOUNTS[0], DEMO_PASSWORD)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    conn = driver.connect(str(db), key)  # encrypted, but its first schema step never committed
    conn.execute("CREATE TABLE scratch (x)")
    conn.execute("DROP TABLE scratch")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("user", [None, "admin"])
@pytest.mark.parametrize("when", ["after the schema", "during the schema"])
def test_an_interrupted_demo_build_is_reported_as_one(tmp_path, monkeypatch, capsys, user, when):
    db = tmp_path / "demo-clinic.sqlite3"
    killed_build(monkeypatch, db, capsys)
    if when == "during the schema":
        without_tables(db)
    if user:
        monkeypatch.setenv("IOPDESK_USER", user)
    for argv in (["check"], ["audit", "verify"], ["staff", "list"], ["export", "roster", "-o", "-"]):
        code, _, err = run(capsys, "--db", str(db), *argv)
        assert code == 1 and "Traceback" not in err
        assert err == f"iopdesk: {DEMO_INTERRUPTED}\n", (argv, err)


def test_building_again_removes_what_the_interrupted_build_left(tmp_path, monkeypatch, capsys):
    db = tmp_path / "demo-clinic.sqlite3"
    killed_build(monkeypatch, db, capsys)
    leftovers = [
        tmp_path / "demo-clinic.before-upgrade-from-0001.sqlite3",
        tmp_path / "demo-clinic.before-upgrade-from-0001.sqlite3.keys",
        tmp_path / "demo-clinic.before-upgrade-from-0003-1.sqlite3",
        tmp_path / "demo-clinic.sqlite3.part",
        tmp_path / "demo-clinic.sqlite3.keys.part",
    ]
    for path in leftovers:
        path.write_bytes(b"left behind")
    other = tmp_path / "clinic.before-upgrade-from-0001.sqlite3"  # another clinic's copy: not ours
    other.write_bytes(b"keep")
    code, _, err = run(capsys, "--db", str(db), "demo")
    assert code == 0, err
    assert [p.name for p in leftovers if p.exists()] == []
    assert other.exists()
    code, out, err = run(capsys, "--db", str(db), "check")
    assert code == 0 and "result: sound" in out, err
    assert not keyring.load(keyring.keys_path(db)).building
