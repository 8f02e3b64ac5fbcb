"""The chart in the window: Ctrl+6 in the navigation, Ctrl+Shift+C from a client's page; each role sees
what it may (front desk no chart at all, the auditor reads but changes nothing and prints nothing);
the printed chart is written only after its audit entry is committed (issue 15)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.measures import results
from iopdesk.store.models import AuditEvent, Client, Note
from iopdesk.store.models import database as db
from iopdesk.ui.main_window import MainWindow
from iopdesk.ui.views import chart as chart_screen
from iopdesk.ui.views.chart import print_dialog
from iopdesk.ui.views.chart.print_dialog import PrintChartDialog
from iopdesk.ui.views.measures.section import MeasuresSection
from tests.support import factories as f
from tests.support.care_factories import admitted, screened
from tests.support.factories import TODAY
from tests.support.measures_factories import NOON, phq9
from tests.support.roster_support import open_view
from tests.support.signin_support import add_staff
from tests.ui.chart.keys import CTRL, CTRL_SHIFT, open_client, press, type_text


def window_for(qtbot, actor: Actor, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / f"{actor.role}.ini"), QSettings.Format.IniFormat)
    window = MainWindow(actor, "/tmp/clinic.sqlite3", settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def find_on_clients(qtbot, window: MainWindow, text: str):  # type: ignore[no-untyped-def]
    number = window.keys.index("clients") + 1
    qtbot.keyClick(window, getattr(Qt.Key, f"Key_{number}"), CTRL)
    assert window.current_key() == "clients"
    clients = window.views["clients"]
    qtbot.keyClicks(clients.view.picker.search_edit, text)
    qtbot.keyClick(clients.view.picker.search_edit, Qt.Key.Key_Return)
    assert clients.client is not None
    return clients


def a_note_part(actor: Actor, client_id, day: dt.date):  # type: ignore[no-untyped-def]
    group = f.group(actor, "Evening IOP")
    f.facilitate(group, actor.staff_id)
    session = f.session(actor, group, day, facilitator=actor.staff_id)
    f.attend(actor, session, Client.get_by_id(client_id))
    Note.create(
        origin_site=actor.site_id,
        session=session.id,
        client=client_id,
        author=actor.staff_id,
        body=json.dumps({"data": "Named two coping skills."}),
        date=day,
    )
    return session


def test_from_a_client_to_their_chart_by_keys(qtbot, clinic, tmp_path):
    screened(clinic.casey, clinic.robin.id)
    admitted(clinic.casey, clinic.robin.id, on=TODAY - dt.timedelta(days=7))
    session = a_note_part(clinic.casey, clinic.robin.id, TODAY - dt.timedelta(days=2))
    window = window_for(qtbot, clinic.casey, tmp_path)
    assert window.keys == ["today", "groups", "attendance", "notes", "clients", "chart"]
    clients = find_on_clients(qtbot, window, "river")
    assert clients.buttons["chart"].isEnabled()
    press(qtbot, Qt.Key.Key_C, CTRL_SHIFT)  # Open chart
    assert window.current_key() == "chart"
    chart = window.views["chart"]
    assert chart.header is not None and chart.header.client_id == clinic.robin.id
    assert chart.view.name.text() == "Robin River" and "Level 2.1" in chart.view.summary.text()
    assert QApplication.focusWidget() is chart.view.tabs.tabBar()
    press(qtbot, Qt.Key.Key_Right)  # the tab bar: the arrows walk the sections
    assert chart.view.section_key() == "screening"
    qtbot.keyClick(window, Qt.Key.Key_6, CTRL)  # and Ctrl+6 comes back to it
    assert window.current_key() == "chart" and chart.header.client_id == clinic.robin.id
    press(qtbot, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)  # the Notes section: the episode's notes
    assert [(n.session_title, n.status) for n in chart.view.notes.model.rows] == [("Evening IOP", "draft")]
    chart.view.notes.table.setFocus()
    press(qtbot, Qt.Key.Key_Return)  # Enter opens the note in the Notes view
    assert window.current_key() == "notes"
    qtbot.waitUntil(lambda: window.views["notes"].editor.open_note.session_id == session.id)
    qtbot.keyClick(window, Qt.Key.Key_6, CTRL)
    with qtbot.waitSignal(chart.client_open_requested):
        chart.commands.a_page.trigger()
    assert window.current_key() == "clients"


def test_front_desk_has_no_chart_and_is_told_why(qtbot, clinic, tmp_path):
    desk = add_staff(clinic.admin, "fran", "frontdesk", name="Fran Desk")
    window = window_for(qtbot, desk, tmp_path)
    assert "chart" not in window.keys
    clients = find_on_clients(qtbot, window, "river")
    button = clients.buttons["chart"]
    assert not button.isEnabled()
    assert button.toolTip() == "Your account (Front desk) cannot open a client's treatment chart."
    press(qtbot, Qt.Key.Key_C, CTRL_SHIFT)
    assert window.current_key() == "clients"


def test_the_auditor_reads_the_chart_but_changes_and_prints_nothing(qtbot, clinic, prompts):
    screened(clinic.casey, clinic.robin.id)
    admitted(clinic.casey, clinic.robin.id, on=TODAY - dt.timedelta(days=7))
    auditor = add_staff(clinic.admin, "audrey", "auditor", name="Audrey Auditor")
    screen = open_view(qtbot, chart_screen.build, auditor, prompts)
    open_client(qtbot, screen, "river")
    assert screen.view.body.currentWidget() is screen.view.tabs
    press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert screen.view.screening.model.rowCount() == 1
    c = screen.commands
    for action in (c.a_screen, c.a_admit, c.a_terms, c.a_add, c.a_discharge, c.a_edit_plan, c.a_print):
        assert not action.isEnabled(), action.text()
    assert c.a_terms.toolTip() == "Your account (Auditor) cannot change a client's treatment records."
    assert c.a_print.toolTip() == "Your account (Auditor) cannot export or print client information."
    for action in (c.a_screen, c.a_terms, c.a_print):
        for button in c.buttons[action]:
            assert not button.isEnabled() and button.toolTip() == action.toolTip()
    press(qtbot, Qt.Key.Key_F2)
    press(qtbot, Qt.Key.Key_P, CTRL)
    assert prompts.dialogs == []  # no dialog opened


def test_the_printed_chart_is_written_only_after_its_audit_entry(
    qtbot, clinic, prompts, tmp_path, monkeypatch
):
    screened(clinic.casey, clinic.robin.id)
    admitted(clinic.casey, clinic.robin.id, on=TODAY - dt.timedelta(days=7))
    results.give(clinic.casey, clinic.robin.id, "phq9", phq9(1, 1, 1, 1, 1, 1, 1, 0, 0), given_at=NOON)
    screen = open_view(qtbot, chart_screen.build, clinic.casey, prompts)
    open_client(qtbot, screen, "river")
    target = tmp_path / "chart.pdf"
    real = print_dialog.write_chart_pdf
    seen: list[bool] = []

    def write_after_the_trail(packet, path, measures):  # type: ignore[no-untyped-def]
        entry = (
            AuditEvent.select()
            .where((AuditEvent.record_type == "report") & (AuditEvent.record_id == "chart"))
            .where(AuditEvent.client_id == clinic.robin.id)
            .first()
        )
        seen.append(entry is not None and entry.action == "export" and not db.in_transaction())
        assert not Path(path).exists()
        assert measures is not None and [r.instrument for r in measures.results] == ["phq9"]
        return real(packet, path, measures)

    monkeypatch.setattr(print_dialog, "write_chart_pdf", write_after_the_trail)

    def write(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, PrintChartDialog)
        dialog.path.setFocus()
        dialog.path.selectAll()
        type_text(qtbot, str(target))
        press(qtbot, Qt.Key.Key_Return)

    prompts.steps.append(write)
    press(qtbot, Qt.Key.Key_P, CTRL)
    assert seen == [True]
    assert target.read_bytes().startswith(b"%PDF")
    assert screen.view.notice.message().startswith(f"Written: {target} (1 episode(s), ")


def test_the_measures_section_is_the_clients_scores_alerts_and_trends(qtbot, clinic, prompts):
    admitted(clinic.casey, clinic.robin.id, on=TODAY - dt.timedelta(days=7))
    results.give(clinic.casey, clinic.robin.id, "phq9", phq9(2, 2, 2, 2, 2, 1, 1, 1, 0), given_at=NOON)
    screen = open_view(qtbot, chart_screen.build, clinic.casey, prompts)
    open_client(qtbot, screen, "river")
    views = AuditEvent.select().where(
        (AuditEvent.action == "view") & (AuditEvent.client_id == clinic.robin.id)
    )
    before = views.count()
    press(qtbot, Qt.Key.Key_8, Qt.KeyboardModifier.AltModifier)  # the Measures section
    assert screen.view.section_key() == "measures"
    section = screen.view.measures.section
    assert isinstance(section, MeasuresSection) and section.client_id == clinic.robin.id
    assert [c.series.title for c in section.charts] == ["PHQ-9"]
    assert views.count() == before + 1  # showing it is one read of the client's measures
    screen.reload()  # a change elsewhere in the chart reads it again, unaudited, in the same widget
    assert screen.view.measures.section is section and views.count() == before + 1
