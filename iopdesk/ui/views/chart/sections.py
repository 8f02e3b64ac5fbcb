"""The chart's sections, one tab each: layout only (the controller fills them and runs their buttons).

Each section has a row of buttons at its top (``buttons``) for the controller's actions, its
tables over ``RowsModel``s, and, where a record is read in full, a read-only text browser.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain.attendance.history import ClientSessionEntry
from iopdesk.domain.attendance.hours import WeekHours
from iopdesk.domain.care.chart_notes import NoteLine
from iopdesk.domain.care.episodes import AdmissionTerms, EpisodeView
from iopdesk.domain.care.plans import PlanVersionView
from iopdesk.domain.care.reviews import ReviewView
from iopdesk.domain.care.screening import ScreeningView
from iopdesk.domain.care.team import TeamMemberView
from iopdesk.ui.kit.flow import WrapLabel
from iopdesk.ui.kit.rows import RowsModel
from iopdesk.ui.kit.sections import label, section
from iopdesk.ui.kit.tables import make_table
from iopdesk.ui.views.chart import models


def fit_height(table: QTableView, rows: int, most: int) -> None:
    """As tall as its rows (up to ``most``), so a section reads top to bottom without gaps."""
    shown = min(max(rows, 1), most)
    header = table.horizontalHeader().sizeHint().height()
    table.setFixedHeight(header + shown * table.verticalHeader().defaultSectionSize() + 4)


def browser(name: str) -> QTextBrowser:
    """A read-only record, reachable by Tab and scrolled by the arrow keys."""
    text = QTextBrowser()
    text.setAccessibleName(name)
    text.setOpenLinks(False)
    text.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return text


class Section(QWidget):
    """A tab: its buttons first, then what it shows."""

    def __init__(self) -> None:
        super().__init__()
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(8, 8, 8, 8)
        self.column.setSpacing(6)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(6)
        self.column.addLayout(self.buttons)


class OverviewSection(Section):
    FIELDS = ("admitted", "level", "population", "target", "referral", "counselor", "discharged")

    def __init__(self) -> None:
        super().__init__()
        self.warning = label("", "alertBadge")
        self.warning.hide()
        self.column.addWidget(self.warning)
        row = QHBoxLayout()
        row.setSpacing(24)
        self.details = QFormLayout()
        self.details.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.values: dict[str, QLabel] = {}
        titles = (
            self.tr("Admitted:"),
            self.tr("Level of care:"),
            self.tr("Population:"),
            self.tr("Weekly target:"),
            self.tr("Referred by:"),
            self.tr("Primary counselor:"),
            self.tr("Discharged:"),
        )
        for key, title in zip(self.FIELDS, titles, strict=True):
            # Free text (a referral source, a discharge with its reason) wraps when there is no room:
            # at 150 % text a long line here made the whole chart wider than a 1280 px window.
            value = WrapLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.details.addRow(title, value)
            self.values[key] = value
        details = QWidget()  # as tall as its lines: the spare height goes below the tables
        details.setLayout(self.details)
        details.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        # The details as wide as their lines (narrower, wrapping, only when the window is), the
        # episodes the rest: a stretch factor would size the details by their narrowest wrapping.
        row.addWidget(details, 0, Qt.AlignmentFlag.AlignTop)
        episodes = QVBoxLayout()
        episodes.addWidget(section(self.tr("Episodes of care")))
        self.episodes_model: RowsModel[EpisodeView] = RowsModel(
            models.episode_columns(), lambda e: e.id, self
        )
        self.episodes_table = make_table(self.episodes_model, self.tr("Episodes of care"), stretch=4)
        self.episodes_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        episodes.addWidget(self.episodes_table)
        episodes.addStretch(1)
        row.addLayout(episodes, 1)
        self.column.addLayout(row)
        self.column.addWidget(section(self.tr("Admission terms and their changes")))
        self.terms_model: RowsModel[AdmissionTerms] = RowsModel(
            models.terms_columns(), lambda t: (t.effective_on, t.changed_at), self
        )
        self.terms_table = make_table(self.terms_model, self.tr("Admission terms"), stretch=6)
        self.column.addWidget(self.terms_table)
        self.empty = label(
            self.tr("Not admitted yet. Screen the client, then admit them (Ctrl+Shift+A)."), "emptyState"
        )
        self.column.addWidget(self.empty)
        self.column.addStretch(1)


class ScreeningSection(Section):
    def __init__(self) -> None:
        super().__init__()
        self.notice = label("", "viewSubtitle")
        self.column.addWidget(self.notice)
        row = QHBoxLayout()
        self.model: RowsModel[ScreeningView] = RowsModel(models.screening_columns(), lambda s: s.id, self)
        self.table = make_table(self.model, self.tr("Screenings"), stretch=2)
        self.detail = browser(self.tr("The screening"))
        row.addWidget(self.table, 1)
        row.addWidget(self.detail, 1)
        self.column.addLayout(row, 1)
        self.empty = label(self.tr("No screening yet: Screen client… (Ctrl+Shift+S)."), "emptyState")
        self.column.addWidget(self.empty)

    def show_rows(self, rows: list[ScreeningView]) -> None:
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.detail.setVisible(bool(rows))
        self.empty.setVisible(not rows)


class PlanSection(Section):
    def __init__(self) -> None:
        super().__init__()
        self.status = label("", "viewSubtitle")
        self.alert = label("", "alertBadge")
        self.alert.hide()
        self.column.addWidget(self.status)
        self.column.addWidget(self.alert)
        row = QHBoxLayout()
        lists = QVBoxLayout()
        lists.addWidget(section(self.tr("Versions")))
        self.versions_model: RowsModel[PlanVersionView] = RowsModel(
            models.version_columns(), lambda v: v.id, self
        )
        self.versions_table = make_table(self.versions_model, self.tr("Plan versions"), stretch=1)
        lists.addWidget(self.versions_table)
        lists.addWidget(section(self.tr("Reviews of the plan in force")))
        self.reviews_model: RowsModel[ReviewView] = RowsModel(models.review_columns(), lambda r: r.id, self)
        self.reviews_table = make_table(self.reviews_model, self.tr("Plan reviews"), stretch=2)
        lists.addWidget(self.reviews_table)
        lists.addStretch(1)
        row.addLayout(lists, 1)
        self.detail = browser(self.tr("The plan version"))
        row.addWidget(self.detail, 1)
        self.column.addLayout(row, 1)


class TeamSection(Section):
    def __init__(self) -> None:
        super().__init__()
        self.column.addWidget(section(self.tr("On the team")))
        self.current_model: RowsModel[TeamMemberView] = RowsModel(models.team_columns(), lambda m: m.id, self)
        self.current_table = make_table(self.current_model, self.tr("Treatment team"), stretch=1)
        self.column.addWidget(self.current_table)
        self.past_title = section(self.tr("Left the team"))
        self.column.addWidget(self.past_title)
        self.past_model: RowsModel[TeamMemberView] = RowsModel(models.team_columns(), lambda m: m.id, self)
        self.past_table = make_table(self.past_model, self.tr("Former team members"), stretch=1)
        self.column.addWidget(self.past_table)
        self.empty = label("", "emptyState")
        self.column.addWidget(self.empty)
        self.column.addStretch(1)


class AttendanceSection(Section):
    def __init__(self) -> None:
        super().__init__()
        self.alerts = label("", "alertBadge")
        self.alerts.hide()
        self.summary = label("", "viewSubtitle")
        self.column.addWidget(self.alerts)
        self.column.addWidget(self.summary)
        row = QHBoxLayout()
        weeks = QVBoxLayout()
        weeks.addWidget(section(self.tr("Weekly hours")))

        self.weeks_model: RowsModel[WeekHours] = RowsModel(
            models.week_columns(), lambda w: w.week_start, self
        )
        self.weeks_table = make_table(self.weeks_model, self.tr("Weekly hours"), stretch=3)
        self.weeks_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        weeks.addWidget(self.weeks_table, 1)
        sessions = QVBoxLayout()
        sessions.addWidget(section(self.tr("Sessions in this episode")))
        self.sessions_model: RowsModel[ClientSessionEntry] = RowsModel(
            models.session_columns(), lambda e: e.session_id, self
        )
        self.sessions_table = make_table(self.sessions_model, self.tr("Sessions in this episode"), stretch=1)
        sessions.addWidget(self.sessions_table, 1)
        sessions.addWidget(label(self.tr("Enter opens the session in Attendance"), "viewSubtitle"))
        row.addLayout(weeks, 1)
        row.addLayout(sessions, 1)
        self.column.addLayout(row, 1)


class NotesSection(Section):
    def __init__(self) -> None:
        super().__init__()
        self.hint = label(
            self.tr("The notes of the episode shown, oldest first. Enter opens one in Notes."), "viewSubtitle"
        )
        self.column.addWidget(self.hint)
        self.model: RowsModel[NoteLine] = RowsModel(models.note_columns(), lambda n: n.note_id, self)
        self.table = make_table(self.model, self.tr("The client's notes"), stretch=1)
        self.column.addWidget(self.table, 1)
        self.empty = label("", "emptyState")
        self.column.addWidget(self.empty)


class DischargeSection(Section):
    def __init__(self) -> None:
        super().__init__()
        self.status = label("", "viewSubtitle")
        self.column.addWidget(self.status)
        self.detail = browser(self.tr("The discharge"))
        self.column.addWidget(self.detail, 100)
        self.column.addStretch(1)  # with no summary to show, the line stays at the top


class MeasuresHost(Section):
    """The client's measures (iopdesk.ui.views.measures.section), made when the tab is first shown
    for a client; a person who may not read them sees why instead."""

    def __init__(self) -> None:
        super().__init__()
        self.refusal = label("", "emptyState")
        self.refusal.hide()
        self.column.addWidget(self.refusal)
        self.section: QWidget | None = None

    def show_section(self, section: QWidget) -> None:
        if self.section is not None:
            self.column.removeWidget(self.section)
            self.section.deleteLater()
        self.refusal.hide()
        self.section = section
        self.column.addWidget(section, 1)

    def show_refusal(self, text: str) -> None:
        if self.section is not None:
            self.column.removeWidget(self.section)
            self.section.deleteLater()
            self.section = None
        self.refusal.setText(text)
        self.refusal.show()
