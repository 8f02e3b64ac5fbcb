"""The window's sync (issue 14) without a server: who sees what, change files through the File menu,
the conflicts list settled by keys, the last-sync line, and a sync that cannot reach its server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from iopdesk.domain.attendance import marking
from iopdesk.domain.sync import service
from iopdesk.store.models import Client, Staff
from iopdesk.store.sync_models import SyncConflict, SyncPeer
from iopdesk.ui.kit.unsaved import UnsavedWork
from iopdesk.ui.sync import hub_run
from iopdesk.ui.sync.conflicts_dialog import ConflictsDialog
from iopdesk.ui.sync.texts import last_synced_text
from tests.support import factories as f
from tests.support import sync_places as sp
from tests.support.accessibility import clashing_mnemonics, unnamed, unreachable_actions, unreachable_buttons
from tests.support.enter_keys import ENTERS, press_enter
from tests.ui.sync.support import file_menu_texts, pretend_server_copy, window_at

pytestmark = pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise|grabbing)")

NOWHERE = "postgresql://nobody@127.0.0.1:1/clinic"  # refused at once: nothing listens on port 1


@pytest.fixture(autouse=True)
def today(monkeypatch):  # type: ignore[no-untyped-def]
    return f.pin_today(monkeypatch, sp.TODAY)


@pytest.fixture
def clinic(tmp_path: Path) -> sp.Clinic:
    return sp.make_clinic(tmp_path / "places", laptops=1)


def test_a_clinics_own_database_offers_no_sync_and_administrators_get_change_files(qtbot, clinic, tmp_path):  # type: ignore[no-untyped-def]
    with window_at(qtbot, clinic.hub, clinic.counselor, tmp_path) as window:
        menu = window.sync_menu
        assert menu.sync_action is None and menu.sync_button is None and menu.last_label is None
        assert not any("sync" in t.lower() or "change" in t.lower() for t in file_menu_texts(window))
    with window_at(qtbot, clinic.hub, clinic.admin, tmp_path) as window:
        texts = file_menu_texts(window)
        assert "Export &changes to a file…" in texts and "I&mport a change file…" in texts
        assert "Sync co&nflicts…" in texts and "S&ync with the clinic" not in texts
        assert texts[-1] == "&Quit"


def test_a_satellite_shows_sync_the_last_sync_and_a_button(qtbot, clinic, tmp_path):  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    pretend_server_copy(laptop, NOWHERE)
    with window_at(qtbot, laptop, clinic.counselor, tmp_path) as window:
        menu = window.sync_menu
        assert menu.sync_action is not None and menu.sync_action.shortcut().toString() == "F9"
        assert "S&ync with the clinic" in file_menu_texts(window)
        assert menu.export_action is None  # change files: administrators only
        assert menu.sync_button is not None and menu.sync_button.isVisible()
        assert menu.last_label is not None and menu.last_label.isVisible()
        assert menu.last_label.text() == "Last synced: never"  # a fresh copy has not synced yet
        # One Alt key, one thing; every control named and reachable by keys (tests/ui/test_accessibility.py).
        assert clashing_mnemonics(window) == []
        assert unnamed(window) == [] and unreachable_buttons(window) == []
        assert unreachable_actions(window) == []


def test_last_synced_reads_never_and_the_sites_clock(qtbot) -> None:  # type: ignore[no-untyped-def]
    assert last_synced_text(None, dt.UTC) == "Last synced: never"
    denver = __import__("zoneinfo").ZoneInfo("America/Denver")
    # 18:05 UTC on Mar 4 is 11:05 am in Denver, the date as every screen writes it
    assert last_synced_text(dt.datetime(2025, 3, 4, 18, 5), denver) == "Last synced: Mar 4, 2025 11:05 am"


def test_a_sync_that_cannot_reach_the_server_says_why_calmly_and_keeps_working(qtbot, clinic, tmp_path):  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    pretend_server_copy(laptop, NOWHERE)
    with window_at(qtbot, laptop, clinic.counselor, tmp_path) as window:
        menu = window.sync_menu
        before = menu.last_label.text()
        with qtbot.waitSignal(menu.failed) as blocker:
            qtbot.keyClick(window, Qt.Key.Key_F9)
        reason = blocker.args[0]
        assert "\n" not in reason and "127.0.0.1" in reason  # one line, naming the server
        assert menu.prompts.questions and menu.prompts.questions[-1].startswith(reason)
        assert "Nothing you typed here was lost" in menu.prompts.questions[-1]
        assert window.statusBar().currentMessage().startswith("Not synced: ")
        assert QApplication.overrideCursor() is None
        assert menu.last_label.text() == before
        assert Staff.get_by_id(clinic.counselor.staff_id)  # the window's database is the laptop again
        # a second press queued while it ran finds Sync disabled; it is back moments later
        assert not menu.sync_action.isEnabled() and not menu.sync_button.isEnabled()
        qtbot.keyClick(window, Qt.Key.Key_F9)
        assert menu.prompts.questions.count(menu.prompts.questions[-1]) == 1
        qtbot.waitUntil(lambda: menu.sync_action.isEnabled() and menu.sync_button.isEnabled())


def test_the_sync_waits_for_unsaved_typing_and_work_off_the_gui_thread(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    work = UnsavedWork("the note for a client", "the database is busy", "text")
    reason = hub_run.refused_before([work])
    assert reason is not None and "the note for a client: the database is busy" in reason
    monkeypatch.setattr(hub_run.runner, "busy", lambda: True)
    assert "still running" in (hub_run.refused_before([]) or "")


def test_change_files_go_out_and_come_in_through_the_file_menu(qtbot, clinic, tmp_path):  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    with laptop.open():
        from iopdesk.domain.kernel import audit

        laptop_device = audit.this_device()
    with clinic.hub.open():
        f.client(clinic.supervisor, "Newcomer", "Test", chart="H-NEW")
    out = tmp_path / "to-laptop.iopsync"
    with window_at(qtbot, clinic.hub, clinic.admin, tmp_path) as window:
        menu = window.sync_menu
        menu.prompts.paths.append(str(out))
        # On the hub, "everything" (no peer named): the laptop applies what it lacks.
        with qtbot.waitSignal(menu.synced) as blocker:
            menu.export_action.trigger()
        assert out.exists() and str(out) in blocker.args[0]
        assert blocker.args[0].startswith("Wrote ")
        assert window.statusBar().currentMessage() == f"✓ Changes written to {out.name}."
    assert laptop_device  # the file is for any copy of this clinic
    pretend_server_copy(laptop, NOWHERE)  # so that the status bar shows the last sync
    with window_at(qtbot, laptop, clinic.admin, tmp_path) as window:
        menu = window.sync_menu
        assert menu.last_label.text() == "Last synced: never"
        menu.prompts.paths.append(str(out))
        with qtbot.waitSignal(menu.synced) as blocker:
            menu.import_action.trigger()
        assert blocker.args[0].startswith("Sync: ")
        assert window.statusBar().currentMessage().startswith("✓ Change file imported: ")
        assert blocker.args[0] in menu.last_label.toolTip()
        assert Client.get_or_none(Client.chart_number == "H-NEW") is not None
        synced = SyncPeer.select().where(SyncPeer.last_synced_at.is_null(False)).get().last_synced_at
        assert menu.last_label.text() == last_synced_text(synced, menu.zone) != "Last synced: never"
        menu.prompts.paths.append(str(tmp_path / "missing.iopsync"))
        with qtbot.waitSignal(menu.failed) as blocker:
            menu.import_action.trigger()
        assert "missing.iopsync" in blocker.args[0]


def _a_conflict(clinic: sp.Clinic, folder: Path) -> None:
    laptop = clinic.laptops[0]
    with laptop.open():
        part = sp.note_parts()[0]
        marking.mark(clinic.counselor, part.session_id, part.client_id, "absent_excused")
    with clinic.hub.open():
        marking.mark(clinic.counselor, part.session_id, part.client_id, "late", minutes=60)
    sp.exchange(clinic, laptop, clinic.hub, folder)


def test_the_conflicts_list_settles_one_by_keys(qtbot, clinic, tmp_path):  # type: ignore[no-untyped-def]
    _a_conflict(clinic, tmp_path)
    with window_at(qtbot, clinic.hub, clinic.admin, tmp_path) as window:
        menu = window.sync_menu
        seen: list[ConflictsDialog] = []

        def settle_by_keys(dialog) -> None:  # type: ignore[no-untyped-def]
            seen.append(dialog)
            assert dialog.table.hasFocus()
            assert unnamed(dialog) == [] and unreachable_buttons(dialog) == []
            assert dialog.model.rows and dialog.model.rows[0].table == "attendance"
            assert dialog.model.rows[0].client_chart.startswith("H-")
            assert dialog.settle_button.isEnabled()
            qtbot.keyClick(dialog, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # &Mark settled
            qtbot.waitUntil(lambda: not dialog.model.rows)
            assert dialog.feedback.message() == "No sync conflicts are waiting."
            assert not dialog.settle_button.isEnabled()
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)

        menu.prompts.steps.append(settle_by_keys)
        menu.conflicts_action.trigger()
        assert seen
        assert service.conflicts(clinic.admin) == []
        assert SyncConflict.get().resolved_by_id == clinic.admin.staff_id


@ENTERS
def test_enter_on_the_sync_now_button_syncs(qtbot, clinic, tmp_path, key, modifier):  # type: ignore[no-untyped-def]
    laptop = clinic.laptops[0]
    pretend_server_copy(laptop, NOWHERE)
    with window_at(qtbot, laptop, clinic.counselor, tmp_path) as window:
        menu = window.sync_menu
        # The status bar's button ends a long Tab chain through the view; the keyboard is put on
        # it here (that Tab reaches it: unreachable_buttons, above).
        menu.sync_button.setFocus()
        qtbot.waitUntil(menu.sync_button.hasFocus)
        with qtbot.waitSignal(menu.failed):  # it tried (nothing listens there): Enter pressed it
            press_enter(qtbot, key, modifier)
        qtbot.waitUntil(lambda: menu.sync_button.isEnabled())
