"""What the Chart screen does: open a client's chart, show one episode, load each section when it is
first looked at, and offer the actions the signed-in person may take.

Opening a chart reads who the client is and their episodes (the header and the Overview); every
other section is read from the domain the first time its tab is shown (one audit entry each per
opening; refreshing after a change made here is not a new look). A client out of the person's
reach shows the domain's reason instead, and intake (screen, admit) where the role allows it.
The actions themselves run in ``ChartCommands``.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from PySide6.QtCore import Qt, Signal

from iopdesk.domain.attendance.alerts import client_alerts
from iopdesk.domain.attendance.history import client_history
from iopdesk.domain.attendance.hours import weekly_hours
from iopdesk.domain.care import episodes as episode_rules
from iopdesk.domain.care import screening
from iopdesk.domain.care import team as team_rules
from iopdesk.domain.care.chart import ChartHeader, PlanSection, chart_header, plan_section
from iopdesk.domain.care.chart_notes import note_lines
from iopdesk.domain.care.discharge import DischargeView, get_discharge
from iopdesk.domain.care.episodes import EpisodeView
from iopdesk.domain.care.screening import ScreeningView
from iopdesk.domain.care.team import TeamMemberView, TeamView
from iopdesk.domain.clients.clients import ClientInfo, ClientSummary, get_client, search_clients
from iopdesk.domain.kernel import clock, permissions
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError, PermissionDenied
from iopdesk.domain.kernel.records import site_today
from iopdesk.domain.overviews.rosters import client_groups
from iopdesk.ui.kit.actions import EnterOpens
from iopdesk.ui.kit.prompts import Prompts
from iopdesk.ui.kit.screen import Screen
from iopdesk.ui.views.chart import filling
from iopdesk.ui.views.chart.commands import ChartCommands
from iopdesk.ui.views.chart.models import data_index, episode_label, tr
from iopdesk.ui.views.chart.texts import plan_html, screening_html
from iopdesk.ui.views.chart.view import SECTIONS, ChartView
from iopdesk.ui.views.measures.section import MeasuresSection

EPISODE_SECTIONS = {"plan", "team", "attendance", "notes", "discharge"}  # what the episode shown changes
MOST_WEEKS = 26  # hours and sessions shown for a long stay: its last half year
RECENT_WEEKS = 4  # … and for a client not admitted


class ChartController(Screen):
    session_opened = Signal(object)
    """The user opened one of the client's sessions to see its attendance; carries the session id."""
    note_requested = Signal(object, object)
    """The user asked for one of the client's notes; carries (session id, client id)."""
    client_open_requested = Signal(object)
    """The user asked for the client's page (Clients); carries the client id."""
    chart_changed = Signal(object)
    """Something in the client's chart was changed here; carries the client id."""

    view: ChartView

    def __init__(self, view: ChartView, actor: Actor, prompts: Prompts | None = None) -> None:
        super().__init__(view)
        self.actor = actor
        self.prompts = prompts or Prompts()
        self.zone = clock.site_zone(actor.site_id)
        self.client_id: UUID | None = None
        self.header: ChartHeader | None = None  # None: no client, or out of reach
        self.info: ClientInfo | None = None  # who the client is when the chart is out of reach
        self.episodes: tuple[EpisodeView, ...] = ()
        self.episode: EpisodeView | None = None
        self.screenings: tuple[ScreeningView, ...] = ()
        self.plan: PlanSection | None = None
        self.team: TeamView | None = None
        self.discharge: DischargeView | None = None
        self.loaded: set[str] = set()  # sections filled for the client and episode shown
        self.audited: set[str] = set()  # sections read (and so audited) since the chart was opened
        self.stale = False
        self.commands = ChartCommands(self, self)
        v = view
        v.picker.search_with(lambda text: search_clients(actor, text))
        v.picker.client_chosen.connect(self._chosen)
        v.tabs.currentChanged.connect(lambda _i: self.load_section(self.view.section_key()))
        v.episode.activated.connect(lambda _i: self.choose_episode(v.episode.currentData()))
        v.screening.table.selectionModel().currentRowChanged.connect(lambda _n, _b: self._screening_chosen())
        v.plan.versions_table.selectionModel().currentRowChanged.connect(
            lambda _n, _b: self._version_chosen()
        )
        v.team.current_table.selectionModel().currentRowChanged.connect(lambda _n, _b: self.update_actions())
        EnterOpens(v.screening.table, self.commands.open_screening)
        EnterOpens(v.attendance.sessions_table, self.open_session)
        EnterOpens(v.notes.table, self.open_note)
        v.pages.setCurrentWidget(v.choose)
        self.update_actions()

    # --- choosing the client and the episode ------------------------------------------------------
    def activated(self) -> None:
        if self.stale and self.client_id is not None:
            self.reload()
        self.stale = False
        if self.view.pages.currentWidget() is self.view.choose:
            self.view.picker.search_now()
            self.view.picker.search_edit.setFocus()
            self.view.picker.search_edit.selectAll()
        else:
            self.view.tabs.tabBar().setFocus()

    def save_state(self) -> None:
        self.stale = True  # something may change elsewhere before the chart is seen again

    def choose_client(self) -> None:
        """Back to the search, to open another client's chart."""
        self.view.pages.setCurrentWidget(self.view.choose)
        self.view.picker.search_now()
        self.view.picker.search_edit.setFocus()
        self.view.picker.search_edit.selectAll()
        self.update_actions()

    def _chosen(self, summary: ClientSummary) -> None:
        self.open_client(summary.id)

    def open_client(self, client_id: UUID) -> None:
        """Open one client's chart at the episode in progress (else the latest), on the section shown."""
        self.client_id = client_id
        self.episode = None
        self.audited = set()
        self.say("")
        self.view.pages.setCurrentWidget(self.view.chart)
        self.reload(audited=True)
        self.stale = False
        self.view.tabs.tabBar().setFocus()

    def reload(self, *, audited: bool = False) -> None:
        """Read the header and episodes again, and the section on screen (after a change made here)."""
        if self.client_id is None:
            return
        self.loaded = set()
        self.screenings, self.plan, self.team, self.discharge = (), None, None, None
        try:
            self.header = chart_header(self.actor, self.client_id, audited=audited)
            self.episodes = episode_rules.episodes(self.actor, self.client_id, audited=audited)
            self.info = None
        except PermissionDenied as exc:
            self._out_of_reach(str(exc))
            return
        except DomainError as exc:
            self.say(str(exc))
            self.choose_client()
            return
        known = {e.id: e for e in self.episodes}
        keep = self.episode.id if self.episode is not None else None
        open_ones = [e for e in self.episodes if e.is_open]
        if keep in known:
            self.episode = known[keep]
        else:  # the episode in progress, else the latest
            self.episode = (open_ones or list(self.episodes))[-1] if self.episodes else None
        self._fill_header()
        self.view.body.setCurrentWidget(self.view.tabs)
        self.load_section(self.view.section_key())
        self.update_actions()

    def _out_of_reach(self, reason: str) -> None:
        """The chart is refused (not in the caseload): say why; intake stays open to clinicians."""
        assert self.client_id is not None
        self.header, self.episodes, self.episode = None, (), None
        try:
            self.info = get_client(self.actor, self.client_id)
        except DomainError as exc:
            self.say(str(exc))
            self.choose_client()
            return
        self.view.name.setText(self.info.display_name)
        self.view.summary.setText(tr("Chart {chart}").format(chart=self.info.chart_number))
        self.view.warning.hide()
        self.view.episode.clear()
        self.view.episode.hide()
        self.view.episode_label.hide()
        intake = permissions.can(self.actor, permissions.CARE_INTAKE)
        self.view.refusal.setText(
            reason
            + (
                "\n\n" + tr("You may still screen or admit the client: doing so puts them in your caseload.")
                if intake
                else ""
            )
        )
        self.view.body.setCurrentWidget(self.view.refused)
        self.update_actions()

    def _fill_header(self) -> None:
        header = self.header
        assert header is not None
        v = self.view
        v.name.setText(header.name)
        v.summary.setText(filling.header_text(header))
        warning = filling.header_warning(header)
        v.warning.setText(warning)
        v.warning.setVisible(bool(warning))
        v.episode.blockSignals(True)
        v.episode.clear()
        for e in reversed(self.episodes):
            v.episode.addItem(episode_label(e), e.id)
        if not self.episodes:
            v.episode.addItem(tr("Not admitted yet"), None)
        if self.episode is not None:
            v.episode.setCurrentIndex(data_index(v.episode, self.episode.id))
        v.episode.setEnabled(len(self.episodes) > 1)
        v.episode.blockSignals(False)
        v.episode.show()
        v.episode_label.show()

    def choose_episode(self, episode_id: UUID | None) -> None:
        chosen = next((e for e in self.episodes if e.id == episode_id), None)
        if chosen is None or chosen == self.episode:
            return
        self.episode = chosen
        self.loaded -= EPISODE_SECTIONS | {"overview"}
        self.audited -= EPISODE_SECTIONS  # another episode's records: a new look
        self.load_section(self.view.section_key())
        self.update_actions()

    # --- the sections, each read when first shown -------------------------------------------------
    def load_section(self, key: str) -> None:
        if self.header is None or self.client_id is None or key in self.loaded:
            return
        audited = key not in self.audited
        v, cid = self.view, self.client_id
        episode_id = self.episode.id if self.episode is not None else None
        try:
            if key == "overview":
                groups = client_groups(self.actor, cid) if self.episode is not None else []
                filling.fill_overview(v.overview, self.header, self.episodes, self.episode, groups)
            elif key == "screening":
                self.screenings = screening.screenings(self.actor, cid, audited=audited)
                v.screening.notice.setText(tr(screening.NOTICE))
                v.screening.show_rows(list(self.screenings))
                if self.screenings:
                    v.screening.table.selectRow(0)
            elif key == "plan":
                self.plan = plan_section(self.actor, cid, episode_id, audited=audited)
                filling.fill_plan(v.plan, self.plan, self.zone)
            elif key == "team":
                self.team = team_rules.team(self.actor, cid, episode_id, audited=audited)
                filling.fill_team(v.team, self.team)
            elif key == "attendance":
                self._load_attendance(cid)
            elif key == "notes":
                self._load_notes(cid, audited)
            elif key == "discharge":
                found = get_discharge(self.actor, episode_id, audited=audited) if episode_id else None
                self.discharge = found
                filling.fill_discharge(v.discharge, self.episode, found, self.zone)
            elif key == "measures":
                self._load_measures(cid, audited)
        except DomainError as exc:
            self.say(str(exc))
            return
        self.loaded.add(key)
        self.audited.add(key)
        self.update_actions()

    def _load_attendance(self, client_id: UUID) -> None:
        today = site_today(self.actor)
        e = self.episode
        end = (e.discharged_on or today) if e is not None else today
        start = e.admitted_on if e is not None else end - dt.timedelta(weeks=RECENT_WEEKS)
        start = max(start, end - dt.timedelta(weeks=MOST_WEEKS))
        weeks = min(MOST_WEEKS, (end - start).days // 7 + 1)
        filling.fill_attendance(
            self.view.attendance,
            weekly_hours(self.actor, client_id, weeks=weeks, until=end),
            client_alerts(self.actor, client_id) if e is None or e.is_open else (),
            client_history(self.actor, client_id, start, end),
            e,
        )

    def _load_notes(self, client_id: UUID, audited: bool) -> None:
        """The notes of the episode shown (every note when the client was never admitted)."""
        refusal = permissions.refusal(self.actor, permissions.NOTE_READ, client_id=client_id)
        lines = None
        if refusal is None:
            e = self.episode
            start, end = (e.admitted_on, e.discharged_on) if e is not None else (None, None)
            lines = note_lines(self.actor, client_id, start, end, audited=audited)
        filling.fill_notes(self.view.notes, lines, refusal or "")

    def _load_measures(self, client_id: UUID, audited: bool) -> None:
        """Scores, safety alerts, detox and drug screens: made once per chart opened, read again after."""
        host = self.view.measures
        refusal = permissions.refusal(self.actor, permissions.MEASURE_READ, client_id=client_id)
        if refusal is not None:
            host.show_refusal(refusal)
            return
        shown = host.section
        if isinstance(shown, MeasuresSection) and shown.client_id == client_id and not audited:
            shown.reload()
            return
        section = MeasuresSection(self.actor, client_id, client_name=self.client_name())
        section.changed.connect(lambda _cid: self.loaded.discard("overview"))
        host.show_section(section)

    def ensure_screenings(self) -> list[ScreeningView]:
        """The client's screenings (for choosing one to admit on); read now when not yet shown."""
        if "screening" not in self.loaded and self.header is not None:
            self.load_section("screening")
        return list(self.screenings)

    def _screening_chosen(self) -> None:
        chosen = self.current_screening()
        self.view.screening.detail.setHtml(screening_html(chosen, self.zone) if chosen else "")
        self.update_actions()

    def _version_chosen(self) -> None:
        chosen = self.view.plan.versions_model.row_at(self.view.plan.versions_table.currentIndex())
        if chosen is not None and self.plan is not None:
            self.view.plan.detail.setHtml(plan_html(chosen, self.plan.notes_by_goal, self.zone))

    def current_screening(self) -> ScreeningView | None:
        return self.view.screening.model.row_at(self.view.screening.table.currentIndex())

    def current_member(self) -> TeamMemberView | None:
        return self.view.team.current_model.row_at(self.view.team.current_table.currentIndex())

    # --- leading on: sessions and notes ------------------------------------------------------------
    def current_session_id(self) -> UUID | None:
        """The session chosen on the Notes or Attendance section (the main window's Ctrl+Shift+N)."""
        key = self.view.section_key() if self.header is not None else ""
        if key == "notes":
            line = self.view.notes.model.row_at(self.view.notes.table.currentIndex())
            return line.session_id if line is not None else None
        if key == "attendance":
            row = self.view.attendance.sessions_model.row_at(
                self.view.attendance.sessions_table.currentIndex()
            )
            return row.session_id if row is not None else None
        return None

    def current_client_id(self) -> UUID | None:
        return self.client_id

    def open_session(self) -> None:
        session_id = self.current_session_id()
        if session_id is not None:
            self.session_opened.emit(session_id)

    def open_note(self) -> None:
        session_id = self.current_session_id()
        if session_id is not None and self.client_id is not None:
            self.note_requested.emit(session_id, self.client_id)

    # --- feedback and actions ----------------------------------------------------------------------
    def say(self, text: str) -> None:
        """A refusal or a problem ("" clears the line)."""
        self.view.notice.problem(text)

    def done(self, text: str) -> None:
        self.view.notice.done(text)

    def changed(self, text: str, section: str | None = None) -> None:
        """A change was made here: read the chart again (not a new look) and say what happened."""
        self.reload()
        if section is not None and section in SECTIONS:
            self.view.show_section(section)
        self.done(text)
        if self.client_id is not None:
            self.chart_changed.emit(self.client_id)
        self.view.tabs.tabBar().setFocus(Qt.FocusReason.OtherFocusReason)

    def client_name(self) -> str:
        if self.header is not None:
            return self.header.name
        return self.info.display_name if self.info is not None else ""

    def update_actions(self) -> None:
        self.commands.update()
