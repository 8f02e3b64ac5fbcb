"""A main window over one place of a synced clinic (tests/support/sync_places.py), with scripted
prompts, closed while that place is still open."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from iopdesk.domain.access.staff_accounts import reset_password
from iopdesk.domain.attendance import marking
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.sync.clone import HUB_URL_KEY
from iopdesk.store.models import Setting
from iopdesk.ui.main_window import MainWindow
from tests.support import sync_places as sp
from tests.support.roster_support import ScriptedPrompts


@contextlib.contextmanager
def window_at(qtbot, place: sp.Place, actor: Actor, folder: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    with place.open():
        settings = QSettings(str(folder / f"{place.name}-{actor.role}.ini"), QSettings.Format.IniFormat)
        window = MainWindow(actor, str(place.path), settings)
        window.sync_menu.prompts = ScriptedPrompts(qtbot)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        try:
            yield window
        finally:
            window.close()  # its views save while the place is open
            window.deleteLater()


def pretend_server_copy(place: sp.Place, url: str) -> None:
    """Give a SQLite-made laptop the server address a server-made one keeps (the window shows Sync
    for it; syncing needs a real server, tests marked postgresql)."""
    with place.open():
        Setting.insert(key=HUB_URL_KEY, value=json.dumps(url)).on_conflict_replace().execute()


def file_menu_texts(window: MainWindow) -> list[str]:
    return [a.text() for a in window.file_menu.actions() if not a.isSeparator() and a.isVisible()]


def two_conflicts(clinic: sp.Clinic, folder: Path) -> None:
    """Two sync conflicts kept at the clinic: a client's attendance marked differently at both places,
    and a counselor's password reset at both (a secret that differs)."""
    laptop = clinic.laptops[0]
    with laptop.open():
        part = sp.note_parts()[0]
        marking.mark(clinic.counselor, part.session_id, part.client_id, "absent_excused")
        reset_password(clinic.admin, clinic.counselor.staff_id, "a laptop temporary phrase")
    with clinic.hub.open():
        marking.mark(clinic.counselor, part.session_id, part.client_id, "late", minutes=60)
        reset_password(clinic.admin, clinic.counselor.staff_id, "a clinic temporary phrase")
    sp.exchange(clinic, laptop, clinic.hub, folder)
