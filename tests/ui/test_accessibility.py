"""Readable for everyone (issue 18): every focusable widget has a name a screen reader can say, and every
button and action has a keyboard path.

The window is opened on the small demo clinic (built once for the module) as each role that sees a
different window, and every view in the navigation is walked: Today, Groups with a group chosen,
Attendance with a session open, Notes with a note open, Clients with a client's page, the Chart of
an admitted client with a plan and measures, and the Audit trail, on every tab of every tab widget.
The dialogs are the SubmitDialog cases of tests/ui/kit/test_submit_dialogs.py (all of them) and the
main form dialogs opened without saving anything. tests/support/accessibility.py says what counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QTabWidget, QWidget

from iopdesk.demo import build_demo
from iopdesk.domain.clinic.setup import actor_for
from iopdesk.store.care_models import CareEpisode, PlanVersion
from iopdesk.store.database import Target, open_database
from iopdesk.store.measures_models import MeasureResult
from iopdesk.store.models import Client, Note, Session, Staff, TherapyGroup
from iopdesk.store.models import database as proxy
from iopdesk.ui.main_window import MainWindow
from tests.support.accessibility import (
    clashing_mnemonics,
    every_tab,
    hidden_values,
    settle,
    stray_ampersands,
    unnamed,
    unreachable_actions,
    unreachable_buttons,
)
from tests.ui.kit.test_submit_dialogs import CASES, Case, World, opened, world  # noqa: F401 - world: a fixture

pytestmark = pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise|grabbing)")

ROLES = ("supervisor", "counselor", "frontdesk", "auditor", "admin")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    database = open_database(Target(path=path))
    try:
        build_demo("small", seed=7)
    finally:
        database.close()
        proxy.initialize(None)
    return path


@pytest.fixture
def demo(demo_file: Path) -> Iterator[Path]:
    database = open_database(Target(path=demo_file))
    yield demo_file
    database.close()
    proxy.initialize(None)


def window_for(qtbot, username: str, folder: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    settings = QSettings(str(folder / f"{username}.ini"), QSettings.Format.IniFormat)
    window = MainWindow(actor_for(username), "/tmp/demo.sqlite3", settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def site_of(username: str):  # type: ignore[no-untyped-def]
    return Staff.get(Staff.username == username).home_site_id


def chart_client(site) -> object:  # type: ignore[no-untyped-def]
    """A client of the site in care, with a plan and measures (the fullest chart)."""
    query = (
        Client.select(Client.id)
        .join(CareEpisode, on=CareEpisode.client == Client.id)
        .join(PlanVersion, on=PlanVersion.episode == CareEpisode.id)
        .join(MeasureResult, on=MeasureResult.client == Client.id)
        .where(Client.home_site == site, CareEpisode.discharged_on.is_null())
    )
    return query.first().id


def noted_session(site) -> object:  # type: ignore[no-untyped-def]
    """The site's latest past group session with notes."""
    query = (
        Session.select(Session.id)
        .join(Note, on=Note.session == Session.id)
        .join(TherapyGroup, on=Session.group == TherapyGroup.id)
        .where(TherapyGroup.site == site, Session.date < dt.date.today())
        .order_by(Session.date.desc())
    )
    return query.first().id


def open_states(window: MainWindow, key: str, username: str) -> None:
    """Bring the view to its fullest state: a record chosen, where the view has one."""
    site = site_of(username)
    screen = window.views[key]
    if key == "groups":
        screen.view.groups_table.selectRow(0)  # type: ignore[attr-defined]
    elif key == "attendance" and hasattr(screen, "open_session"):
        window.open_session(noted_session(site))
    elif key == "notes" and hasattr(screen, "open_session"):
        window.open_note(noted_session(site))
    elif key == "clients":
        window.open_client(chart_client(site))
    elif key == "chart":
        window.open_chart(chart_client(site))
    settle()


def walk(window: MainWindow, username: str) -> dict[str, list[str]]:
    """Each view's unnamed widgets and keyless buttons, every tab looked at."""
    found: dict[str, list[str]] = {}
    for key in window.keys:
        window.show_view(key)
        settle()
        open_states(window, key, username)
        problems: list[str] = []

        def look(problems: list[str] = problems) -> None:
            for line in (
                [f"unnamed: {w}" for w in unnamed(window)]
                + [f"no key: {b}" for b in unreachable_buttons(window)]
                + [f"one key, two things: {c}" for c in clashing_mnemonics(window)]
                + [f'a "&" shown as text: {c}' for c in stray_ampersands(window)]
                + [f"a value with no room: {c}" for c in hidden_values(window)]
            ):
                if line not in problems:
                    problems.append(line)

        every_tab(window.views[key].view, look)
        if problems:
            found[key] = problems
    return found


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{key}: {line}" for key, lines in found.items() for line in lines)


@pytest.mark.parametrize("username", ROLES)
def test_every_view_names_its_focusable_widgets_and_reaches_its_buttons(
    qtbot, demo, tmp_path, username
) -> None:  # type: ignore[no-untyped-def]
    window = window_for(qtbot, username, tmp_path)
    found = walk(window, username)
    assert not found, "widgets a screen reader cannot name, or buttons no key reaches:\n" + report(found)


def test_every_menu_action_has_a_keyboard_path(qtbot, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = window_for(qtbot, "supervisor", tmp_path)
    missing: list[str] = []
    for key in window.keys:
        window.show_view(key)
        settle()
        open_states(window, key, "supervisor")
        missing += [f"{key}: {x}" for x in unreachable_actions(window) if f"{key}: {x}" not in missing]
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_dialog_names_its_fields(qtbot, world: World, case: Case) -> None:  # noqa: F811
    dialog = opened(world, case)
    problems: list[str] = []

    def look() -> None:
        found = (
            unnamed(dialog) + unreachable_buttons(dialog) + stray_ampersands(dialog) + hidden_values(dialog)
        )
        problems.extend(p for p in found if p not in problems)

    every_tab(dialog, look)
    dialog.reject()
    assert not problems, "\n".join(problems)


def test_the_walk_finds_an_unnamed_field(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The check itself can fail: a bare line edit and a "…" button are reported, named ones are not."""
    from PySide6.QtWidgets import QFormLayout, QLineEdit, QPushButton

    page = QWidget()
    qtbot.addWidget(page)
    form = QFormLayout(page)
    bare, labelled, named = QLineEdit(), QLineEdit(), QLineEdit()
    named.setAccessibleName("Chart number")
    dots, browse = QPushButton("…"), QPushButton("…")
    browse.setAccessibleName("Choose a file")
    form.addRow(bare)
    form.addRow("&Name:", labelled)
    form.addRow(named)
    form.addRow(dots)
    form.addRow(browse)
    page.show()
    qtbot.waitExposed(page)
    assert [line.split(" in ")[0] for line in unnamed(page)] == ["QLineEdit text=''", "QPushButton text='…'"]


def form_dialogs(window: MainWindow) -> list[tuple[str, Callable[[], QDialog]]]:
    """The main dialogs beyond the SubmitDialog cases, each opened over the demo clinic, saving nothing."""
    from iopdesk.domain.overviews.rosters import group_roster
    from iopdesk.ui.dialogs.client_hours import ClientHoursDialog
    from iopdesk.ui.kit.prompts import Prompts
    from iopdesk.ui.views.attendance.holidays_dialog import HolidaysDialog
    from iopdesk.ui.views.chart.plan_review import PlanReviewDialog
    from iopdesk.ui.views.chart.team_dialogs import AddMemberDialog
    from iopdesk.ui.views.clients.client_dialog import ClientDialog
    from iopdesk.ui.views.clients.keep_apart_dialog import KeepApartDialog
    from iopdesk.ui.views.groups.enroll_dialogs import EnrollDialog
    from iopdesk.ui.views.groups.export_dialog import RosterExportDialog
    from iopdesk.ui.views.groups.group_dialog import GroupDialog
    from iopdesk.ui.views.groups.import_dialog import RosterImportDialog
    from iopdesk.ui.views.measures.give_dialog import GiveInstrumentDialog
    from iopdesk.ui.views.notes.formats_dialog import NoteFormatsDialog
    from iopdesk.ui.views.notes.snippets_dialog import SnippetsDialog

    actor, prompts = window.actor, Prompts()
    client = chart_client(site_of("supervisor"))
    group = TherapyGroup.get((TherapyGroup.site == actor.site_id) & (TherapyGroup.active == True))  # noqa: E712
    return [
        ("new group", lambda: GroupDialog(window, actor)),
        ("edit group", lambda: GroupDialog(window, actor, group_roster(actor, group.id).group)),
        ("enroll", lambda: EnrollDialog(window, actor, prompts, group_roster(actor, group.id))),
        ("new client", lambda: ClientDialog(window, actor)),
        ("keep apart", lambda: KeepApartDialog(window, actor, client, "the client")),
        ("client hours", lambda: ClientHoursDialog(window, actor, client, "the client")),
        ("holidays", lambda: HolidaysDialog(window, actor)),
        ("note formats", lambda: NoteFormatsDialog(window, actor)),
        ("snippets", lambda: SnippetsDialog(window, actor)),
        ("roster import", lambda: RosterImportDialog(window, actor, prompts)),
        ("roster export", lambda: RosterExportDialog(window, actor, prompts)),
        ("give PHQ-9", lambda: GiveInstrumentDialog(window, actor, client, "phq9", client_name="the client")),
        ("add to team", lambda: AddMemberDialog(window, actor, client, "the client")),
        ("plan review", lambda: PlanReviewDialog(window, actor, client, prompts)),
    ]


def test_the_main_form_dialogs_name_their_fields(qtbot, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = window_for(qtbot, "supervisor", tmp_path)
    found: dict[str, list[str]] = {}
    for name, make in form_dialogs(window):
        dialog = make()
        dialog.open()
        qtbot.waitUntil(dialog.isVisible)
        problems: list[str] = []

        def look(dialog: QDialog = dialog, problems: list[str] = problems) -> None:
            found = (
                unnamed(dialog)
                + unreachable_buttons(dialog)
                + stray_ampersands(dialog)
                + hidden_values(dialog)
            )
            problems.extend(p for p in found if p not in problems)

        every_tab(dialog, look)
        dialog.reject()
        if problems:
            found[name] = problems
    assert not found, report(found)


def test_the_key_checks_find_what_no_key_reaches(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A button kept out of the Tab chain with no shortcut, a menu without an Alt+letter, and an
    action on a widget with no shortcut are reported; the same with their keys are not."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow, QPushButton, QVBoxLayout

    window = QMainWindow()
    qtbot.addWidget(window)
    page = QWidget()
    column = QVBoxLayout(page)
    mouse_only, with_key, by_tab = QPushButton("Mouse only"), QPushButton("&Keyed"), QPushButton("Tabbed")
    for button in (mouse_only, with_key):
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        column.addWidget(button)
    column.addWidget(by_tab)
    window.setCentralWidget(page)
    window.menuBar().addMenu("Plain").addAction("Inside")
    window.menuBar().addMenu("&Fine").addAction("Also inside")
    bare, keyed = QAction("Bare", page), QAction("Keyed", page)
    keyed.setShortcut("Ctrl+K")
    page.addAction(bare)
    page.addAction(keyed)
    window.show()
    qtbot.waitExposed(window)
    reported = [line.split(" in ")[0] for line in unreachable_buttons(window)]
    assert reported == ["QPushButton text='Mouse only'"]
    assert [line.split(" (")[0] for line in unreachable_actions(window)] == [
        "menu 'Plain'",
        "action 'Bare' of QWidget on QWidget",
    ]


def test_the_clash_check_finds_two_things_on_one_alt_key(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Qt only moves the focus between two things that answer one Alt+letter (the chart's "Client
    pa&ge" once took "&Give instrument…"'s key): a menu title, a button, a field's label and a tab,
    each visible, are compared; a hidden one and a "&&" are not."""
    from PySide6.QtWidgets import QMainWindow, QPushButton, QVBoxLayout

    window = QMainWindow()
    qtbot.addWidget(window)
    page = QWidget()
    column = QVBoxLayout(page)
    tabs = QTabWidget()
    tabs.addTab(QWidget(), "&Results")
    field = QLineEdit()
    label = QLabel("&Give:")
    label.setBuddy(field)
    hidden = QPushButton("&Hidden")
    for widget in (QPushButton("&Give instrument…"), QPushButton("Drugs && alcohol"), label, field, tabs):
        column.addWidget(widget)
    column.addWidget(hidden)
    hidden.hide()
    window.setCentralWidget(page)
    window.menuBar().addMenu("&Reports")
    window.menuBar().addMenu("&Help")
    window.show()
    qtbot.waitExposed(window)
    assert clashing_mnemonics(window) == [
        "Alt+G: QPushButton 'Give instrument…', QLabel 'Give:'",
        "Alt+R: menu 'Reports', QTabBar 'Results'",
    ]
