"""The main window: composes the screens and connects them. Nothing more."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget

from iopdesk import APP_NAME
from iopdesk.domain.clinic import setup as clinic
from iopdesk.domain.kernel import permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.vocab import ROLES
from iopdesk.ui.kit.elided import ElidedLabel
from iopdesk.ui.kit.screen import Screen
from iopdesk.ui.kit.screen_fit import screen_of
from iopdesk.ui.kit.unsaved_prompt import UnsavedGuard
from iopdesk.ui.look_menu import install as install_look_menu
from iopdesk.ui.nav import NavBar
from iopdesk.ui.sync.menu import install as install_sync
from iopdesk.ui.view_stack import ViewFactory, Views, ViewSpec
from iopdesk.ui.views import default_views
from iopdesk.ui.views.groups.roster_menu import install as install_roster
from iopdesk.ui.views.notes.menu import install as install_notes_menu
from iopdesk.ui.views.settings.menu import install as install_clinic_menu

FIRST_SIZE = QSize(1280, 800)


def view_key(actor: Actor) -> str:
    """Where the last view is kept: per staff member (an id, never a name), so the supervisor who
    signs in after a counselor starts where they left off, not where the counselor did."""
    return f"window/view/{actor.staff_id.hex}"


class MainWindow(QMainWindow):
    view_changed = Signal(str)
    """The visible view changed; carries its key."""

    def __init__(
        self,
        actor: Actor,
        db_location: str,
        settings: QSettings,
        views: Sequence[ViewSpec | tuple[str, ViewFactory]] | None = None,
    ) -> None:
        super().__init__()
        self.actor = actor
        self.db_location = db_location
        self.settings = settings
        self.demo = clinic.is_demo()
        self.setWindowTitle(f"{APP_NAME} — DEMO clinic" if self.demo else APP_NAME)
        self.setMinimumSize(720, 480)

        self.stack = QStackedWidget()
        self.nav = NavBar()
        # Each view is built the first time it is shown (start-up pays for one view only).
        self.views = Views(actor, self.stack)
        self.keys: list[str] = []
        for entry in views if views is not None else default_views(actor):
            if isinstance(entry, ViewSpec):
                self.views.add(entry)
            else:  # a bare (key, factory) pair: built now, so its title and icon are known
                key, factory = entry
                screen = factory(actor)
                self.views.add(ViewSpec(key, screen.title, screen.icon_name, factory), screen)
            spec = self.views.specs[entry.key if isinstance(entry, ViewSpec) else entry[0]]
            self.keys.append(spec.key)
            self.nav.add(spec.key, spec.title, spec.icon_name)
        self.nav.chosen.connect(self.show_view)
        self.setCentralWidget(self.nav.wrap(self.stack))
        self.views.when_built(self._connect_view)
        # Typing the database has not taken yet is asked about before the window goes (a test
        # scripts ``unsaved.prompts``); only views already built can hold any.
        self.unsaved = UnsavedGuard(self, lambda: self.views.built().values(), actor)

        self._build_menus()
        self.roster_menu = install_roster(self)
        self.notes_menu = install_notes_menu(self)
        self.clinic_menu = install_clinic_menu(self)  # Clinic settings…, before Help
        self.look_menu = install_look_menu(self, self.view_menu)  # View → Theme, Text size
        self.sync_menu = install_sync(self)  # a satellite laptop's sync; change files for administrators
        self._build_status_bar()
        self._restore()

    # --- composition -------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        self.file_menu = file_menu
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.view_menu = view_menu
        for index, key in enumerate(self.keys, start=1):
            action = QAction(self.views.title(key), self)
            if index <= 9:
                action.setShortcut(QKeySequence(f"Ctrl+{index}"))
            action.triggered.connect(lambda _checked=False, k=key: self.show_view(k))
            view_menu.addAction(action)
            self.addAction(action)  # shortcuts work even with the menu bar hidden
        # Only for those who may open notes (the Notes view is left out for the others).
        if "notes" in self.keys and permissions.can(self.actor, permissions.NOTE_READ):
            view_menu.addSeparator()
            writes = permissions.can(self.actor, permissions.NOTE_WRITE)
            write = QAction(
                self.tr("Write &note for this session") if writes else self.tr("Read &note for this session"),
                self,
            )
            write.setShortcut(QKeySequence("Ctrl+Shift+N"))
            write.triggered.connect(self.write_note)
            view_menu.addAction(write)
            self.addAction(write)
            self.write_note_action = write

        from iopdesk.ui.views.attendance.reports_menu import build_reports_menu

        self.reports = build_reports_menu(self, self.actor)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About IOPdesk"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _build_status_bar(self) -> None:
        who = clinic.identity(self.actor)
        bar = self.statusBar()
        self.site_label = QLabel(self.tr("Site: {site}").format(site=who.site_name))
        self.staff_label = QLabel(
            self.tr("Staff: {name} ({role})").format(
                name=who.staff_name, role=ROLES.get(who.staff_role, who.staff_role)
            )
        )
        # Shortened in the middle when the bar has no room for all of it (a long path at 150 % text).
        self.db_label = ElidedLabel(self.tr("Database: {where}").format(where=self.db_location))
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.site_label, self.staff_label):
            bar.addWidget(label)
        self.sync_menu.add_status()  # a satellite's last sync and Sync now, before the badges
        self.demo_badge: QLabel | None = None
        if self.demo:
            # Permanent: a message in the status bar ("Roster saved: …") must not hide it.
            self.demo_badge = QLabel(self.tr("DEMO data"))
            self.demo_badge.setObjectName("demoBadge")
            bar.addPermanentWidget(self.demo_badge)
        bar.addPermanentWidget(self.db_label)

    def _about(self) -> None:
        from iopdesk.ui.dialogs.about import show_about

        show_about(self, self.db_location)

    def _connect_view(self, key: str, screen: Screen) -> None:
        if hasattr(screen, "session_opened") and "attendance" in self.views:
            screen.session_opened.connect(self.open_session)
        # A group's member opens their client page.
        if hasattr(screen, "client_open_requested") and "clients" in self.views:
            screen.client_open_requested.connect(self.open_client)
        # A client's session opens their note (for those who may read notes).
        if hasattr(screen, "note_requested") and "notes" in self.views:
            screen.note_requested.connect(self.open_note)
        # A client's page leads to their chart (for those who may open one).
        if hasattr(screen, "chart_requested") and "chart" in self.views:
            screen.chart_requested.connect(self.open_chart)

    # --- behaviour ---------------------------------------------------------------
    def current_key(self) -> str:
        return self.views.key_of(self.stack.currentWidget()) or ""

    def show_view(self, key: str) -> None:
        if key not in self.views:
            return
        previous = self.views.screen_of(self.stack.currentWidget())
        target = self.views[key]
        if previous is not None and previous is not target:
            previous.save_state()
        self.stack.setCurrentWidget(self.views.page(key))
        self.nav.select(key)
        target.activated()
        self.view_changed.emit(key)

    def open_session(self, session_id: object) -> None:
        """Show one session in the Attendance view (a session opened from another view)."""
        target = self.views["attendance"]
        if hasattr(target, "open_session"):
            target.open_session(session_id)
        self.show_view("attendance")

    def open_client(self, client_id: object) -> None:
        """Show one client's page in the Clients view (a client opened from another view)."""
        self.show_view("clients")
        target = self.views["clients"]
        if hasattr(target, "open_client"):
            target.open_client(client_id)

    def open_chart(self, client_id: object) -> None:
        """Show one client's chart in the Chart view (a client opened from another view)."""
        if "chart" not in self.views:
            return
        target = self.views["chart"]
        if hasattr(target, "open_client"):
            target.open_client(client_id)  # read before the view is shown: shown, it is then current
        self.show_view("chart")

    def open_note(self, session_id: object, client_id: object = None) -> None:
        """Show a session's note in the Notes view, at one client's part."""
        if "notes" not in self.views or not permissions.can(self.actor, permissions.NOTE_READ):
            return
        self.show_view("notes")
        notes = self.views["notes"]
        if hasattr(notes, "open_session"):
            notes.open_session(session_id, client_id)

    def write_note(self) -> None:
        """Open the note of the session on screen (Today's, Attendance's, or a client's session on
        the Clients page, at that client's part) in the Notes view."""
        if "notes" not in self.views or not permissions.can(self.actor, permissions.NOTE_READ):
            return
        current = self.views.screen_of(self.stack.currentWidget())
        finder = getattr(current, "current_session_id", None)
        session_id = finder() if callable(finder) else None
        client_finder = getattr(current, "current_client_id", None)
        client_id = client_finder() if callable(client_finder) and session_id is not None else None
        if session_id is not None:
            self.open_note(session_id, client_id)
        else:
            self.show_view("notes")

    def _restore(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self._first_size()
        last = str(self.settings.value(view_key(self.actor), ""))
        self.show_view(last if last in self.views else self.keys[0])

    def _first_size(self) -> None:
        """1280×800 the first time; on a screen with no room for that and a title bar (a 1280×800
        laptop) the window opens maximized, so its status bar is not pushed off the bottom."""
        self.resize(FIRST_SIZE)
        screen = screen_of(self)
        if screen is None:
            return
        free = screen.availableGeometry().size()
        # The frame (title bar, borders) is not known before the window is shown: leave room for it.
        if free.width() < FIRST_SIZE.width() + 16 or free.height() < FIRST_SIZE.height() + 48:
            self.resize(FIRST_SIZE.boundedTo(free))
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        # Every view saves; typing still not in the database is asked about, never dropped.
        if not self.unsaved.settle("close"):
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue(view_key(self.actor), self.current_key())
        self.settings.sync()
        super().closeEvent(event)
