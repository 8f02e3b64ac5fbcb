"""At 150 % text in a 1280×800 window no page is wider than the window: rows of buttons go on to
another line and long lines wrap (tables may still scroll sideways inside themselves)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from tests.support import attendance_data
from tests.support.large_text import shown_window, system_look_after  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise|grabbing)"),
    pytest.mark.usefixtures("system_look_after"),  # the look put back for the next test
]


def test_no_page_is_wider_than_a_1280_window_at_150_percent(  # type: ignore[no-untyped-def]
    qtbot, actor, monkeypatch, tmp_path: Path
):
    clinic = attendance_data.build(actor, monkeypatch)
    window = shown_window(qtbot, actor, tmp_path, size=(1280, 800))  # a supervisor: every page
    window.look_menu.sizes["150"].trigger()
    qtbot.waitUntil(lambda: window.width() == 1280)

    def fits(key: str) -> None:
        page = window.views.page(key)
        view = window.views[key].view
        qtbot.waitUntil(lambda: window.current_key() == key and page.isVisible())
        needs = view.minimumSizeHint().width()
        assert needs <= page.viewport().width(), f"{key} needs {needs} px"
        qtbot.waitUntil(lambda: view.width() == page.viewport().width(), timeout=2000)
        assert page.horizontalScrollBar().maximum() == 0, key

    assert {"today", "groups", "attendance", "notes", "clients", "chart", "audit"} <= set(window.keys)
    for key in ("today", "clients", "audit"):
        window.show_view(key)
        fits(key)
    groups = window.views["groups"].view
    window.show_view("groups")
    qtbot.waitUntil(lambda: groups.groups_table.model().rowCount() > 0)
    groups.groups_table.setCurrentIndex(groups.groups_table.model().index(0, 0))  # its roster and buttons
    qtbot.waitUntil(lambda: groups.roster_area.isVisible())
    fits("groups")
    window.open_session(clinic.session.id)
    fits("attendance")
    window.open_note(clinic.session.id)
    fits("notes")
    window.open_chart(clinic.members[0].id)
    fits("chart")


LONG_NAME = "Relapse Prevention and Coping Skills for Working Adults — Tuesday and Thursday Evening Cohort"


def test_a_long_group_name_and_a_signed_note_fit_at_150_percent(  # type: ignore[no-untyped-def]
    qtbot, actor, monkeypatch, tmp_path: Path
):
    """A note's seal is 64 characters with no space in it, and a group's name may be 120: neither
    may make Attendance or Notes scroll sideways (both did at 125 % and 150 %)."""
    from iopdesk.domain import notes
    from iopdesk.store.models import TherapyGroup
    from tests.support import factories as f
    from tests.support import note_factories as nf

    clinic = attendance_data.build(actor, monkeypatch, size=2)
    TherapyGroup.update(name=LONG_NAME).where(TherapyGroup.id == clinic.group.id).execute()
    for member in clinic.members:
        f.attend(actor, clinic.session, member, "present")
    nf.require_nothing(actor)
    shared = notes.open_group_note(actor, clinic.session.id).shared
    assert shared is not None
    notes.save_draft(actor, shared.id, {"topic": "Coping with cravings at work"}, shared.version)
    signed = notes.sign_note(actor, shared.id, confirm=True)
    assert signed.content_hash
    window = shown_window(qtbot, actor, tmp_path, size=(1280, 800))
    window.look_menu.sizes["150"].trigger()
    qtbot.waitUntil(lambda: window.width() == 1280)

    window.open_session(clinic.session.id)
    window.open_note(clinic.session.id)
    notes_view = window.views["notes"].view
    qtbot.waitUntil(lambda: signed.content_hash[:8] in notes_view.findChild(QLabel, "sealLine").text())
    for key in ("attendance", "notes"):
        window.show_view(key)
        page, view = window.views.page(key), window.views[key].view
        qtbot.waitUntil(lambda page=page, key=key: window.current_key() == key and page.isVisible())
        assert view.minimumSizeHint().width() <= page.viewport().width(), key
        qtbot.waitUntil(lambda page=page: page.horizontalScrollBar().maximum() == 0, timeout=2000)
