"""A clinic encrypted by the SQLite library IOPdesk shipped before still opens, reads and saves.

tests/fixtures/encrypted-sqlcipher-4.12 was written by SQLCipher 4.12.0 (SQLite 3.51.1,
``sqlcipher3-binary``) and committed (tests/fixtures/make_encrypted_fixture.py): whatever
library is installed now must open it with its key file, read it whole, and write to it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from iopdesk.domain.clinic.setup import health_check
from iopdesk.domain.kernel.audit import verify_chain
from iopdesk.front_door import Credentials, open_clinic
from iopdesk.store import driver
from iopdesk.store.database import SQLITE_HEADER, Target
from iopdesk.store.models import Attendance, AuditEvent, Client
from tests.fixtures import make_encrypted_fixture as made

pytestmark = [
    pytest.mark.skipif(not driver.HAS_CIPHER, reason="no SQLCipher in this installation"),
    pytest.mark.sqlite_only("SQLCipher"),
]


@pytest.fixture
def old_clinic(tmp_path: Path) -> Path:
    for name in ("clinic.sqlite3", "clinic.sqlite3.keys"):
        shutil.copyfile(made.FOLDER / name, tmp_path / name)
    return tmp_path / "clinic.sqlite3"


def test_the_fixture_was_made_by_the_old_library() -> None:
    made_with = json.loads((made.FOLDER / "library.json").read_text(encoding="utf-8"))
    assert made_with["sqlite"] == "3.51.1" and made_with["sqlcipher"].startswith("4.12.0")
    assert (made.FOLDER / "clinic.sqlite3").read_bytes()[:16] != SQLITE_HEADER  # really encrypted


def test_a_clinic_encrypted_by_the_old_library_opens_reads_and_saves(old_clinic: Path) -> None:
    credentials = Credentials(made.ADMIN, made.PASSWORD)
    with open_clinic(Target(path=old_clinic), credentials=credentials, act=True) as clinic:
        assert clinic.encrypted
        report = health_check()
        assert report.ok, report.lines()
        assert report.counts["client"] == 1 and report.counts["attendance"] == 1
        assert Client.get().chart_number == made.CLIENT_CHART
        assert verify_chain().ok
        entries = AuditEvent.select().count()
        Attendance.update(comment="seen again").execute()
    with open_clinic(Target(path=old_clinic), credentials=credentials, act=True):
        assert Attendance.get().comment == "seen again"
        assert AuditEvent.select().count() > entries  # the sign-ins were written
        assert verify_chain().ok
