"""File → Sync with the clinic (F9) on a laptop copied from the clinic's server (issue 14): drafts
saved first, the laptop's work goes to the server and the clinic's comes back, the status bar says
so and when, the view in sight reads again; an account closed at the clinic is told calmly. Needs
the test server (``postgresql``)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from iopdesk.domain.attendance import marking
from iopdesk.store.database import Target
from iopdesk.store.models import Attendance, Client, Staff
from tests.support import factories as f
from tests.support import sync_places as sp
from tests.ui.sync.support import window_at

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise|grabbing)"),
]


@pytest.fixture(autouse=True)
def today(monkeypatch):  # type: ignore[no-untyped-def]
    return f.pin_today(monkeypatch, sp.TODAY)


@pytest.fixture
def clinic(tmp_path: Path, db_target: Target) -> sp.Clinic:
    return sp.make_clinic(tmp_path / "places", laptops=1, hub=db_target)


@pytest.fixture
def pgpass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_target: Target) -> None:
    """The test server's password in a .pgpass file: the laptop keeps the address without it."""
    parts = urlsplit(db_target.url or "")
    file = tmp_path / "pgpass"
    file.write_text(f"{parts.hostname}:{parts.port or 5432}:*:{parts.username}:{parts.password}\n")
    file.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(file))


def test_f9_syncs_the_laptop_with_the_clinic_and_says_when(qtbot, clinic, pgpass, tmp_path):  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    hub_session, laptop_session = clinic.sessions
    client = clinic.clients[0]
    with clinic.hub.open():
        marking.mark(clinic.counselor, hub_session, client, "late", minutes=90)
        f.client(clinic.supervisor, "Newcomer", "Test", chart="H-NEW")
    with window_at(qtbot, laptop, clinic.counselor, tmp_path) as window:
        menu = window.sync_menu
        assert menu.sync_button is not None and menu.last_label.text() == "Last synced: never"
        marking.mark(clinic.counselor, laptop_session, client, "absent_unexcused")
        saved: list[bool] = []
        save_all = window.unsaved.save_all
        window.unsaved.save_all = lambda: saved.append(True) or save_all()  # type: ignore[method-assign]
        shown = window.views[window.current_key()]
        read_again: list[bool] = []
        activated = shown.activated
        shown.activated = lambda: read_again.append(True) or activated()  # type: ignore[method-assign]
        progress: list[str] = []
        show_message = window.statusBar().showMessage
        window.statusBar().showMessage = lambda text, ms=0: progress.append(text) or show_message(text, ms)  # type: ignore[method-assign]

        with qtbot.waitSignal(menu.synced, timeout=60000) as blocker:
            qtbot.keyClick(window, Qt.Key.Key_F9)

        assert saved and read_again  # drafts saved before, the view in sight read after
        assert blocker.args[0].startswith("Synced with the clinic's server: sent ")
        assert "Connecting to the clinic's server…" in progress
        assert window.statusBar().currentMessage().startswith("✓ Synced: sent ")
        assert blocker.args[0] in menu.last_label.toolTip()  # the whole summary, where the last sync is
        assert menu.last_label.text().startswith("Last synced: ") and "never" not in menu.last_label.text()
        assert QApplication.overrideCursor() is None
        # The window's database is the laptop again, with the clinic's changes.
        assert Attendance.get(session=hub_session, client=client).status == "late"
        assert Client.get_or_none(Client.chart_number == "H-NEW") is not None
    with clinic.hub.open():
        assert Attendance.get(session=laptop_session, client=client).status == "absent_unexcused"


def test_an_account_closed_at_the_clinic_is_told_calmly(qtbot, clinic, pgpass, tmp_path):  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with clinic.hub.open():
        Staff.update(active=False).where(Staff.id == clinic.counselor.staff_id).execute()
    with window_at(qtbot, laptop, clinic.counselor, tmp_path) as window:
        menu = window.sync_menu
        with qtbot.waitSignal(menu.failed, timeout=60000) as blocker:
            qtbot.mouseClick(menu.sync_button, Qt.MouseButton.LeftButton)
        assert "not active on the clinic's server" in blocker.args[0]
        assert menu.prompts.questions[-1].startswith(blocker.args[0])
        assert menu.last_label.text() == "Last synced: never"
        assert Staff.get_by_id(clinic.counselor.staff_id).active  # still the laptop's own database
