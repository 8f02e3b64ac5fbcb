"""One SQLite library per process, with encryption and without the WAL-reset bug, on every system."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from iopdesk.store import driver

pytestmark = pytest.mark.sqlite_only("the SQLite library itself")

ROOT = Path(__file__).resolve().parents[2]


def dependencies() -> list[str]:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        return list(tomllib.load(fh)["project"]["dependencies"])


def test_sqlcipher_is_a_dependency_on_every_system() -> None:
    sqlcipher = [d for d in dependencies() if d.startswith("sqlcipher3")]
    assert sqlcipher == ["sqlcipher3>=0.6.4,<0.7"]  # no platform marker: Linux, Windows and macOS
    assert not any(d.startswith("sqlcipher3-binary") for d in dependencies())


@pytest.mark.skipif(not driver.HAS_CIPHER, reason="no SQLCipher in this installation")
def test_the_library_in_use_has_the_wal_reset_fix_and_encryption() -> None:
    assert driver.sqlite_version() >= driver.WAL_RESET_FIXED
    text = driver.library()
    assert text.startswith(f"SQLite {driver.dbapi.sqlite_version}, SQLCipher 4.")
    assert driver.dbapi.__name__ == "sqlcipher3.dbapi2"
