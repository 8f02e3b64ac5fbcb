"""The Chart screen's layout: choose a client, then their chart in sections (one tab each).

Layout only: no domain calls, and it does not know its controller (``ChartController``).
Pages: ``choose`` (a client search) and ``chart`` (who the client is, the episode shown, and the
sections, or, for a client out of reach, the reason and what may still be done: screening and
admitting are open to every clinician).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from iopdesk.ui.kit.client_picker import ClientPicker
from iopdesk.ui.kit.feedback import FeedbackLine
from iopdesk.ui.kit.screen import View
from iopdesk.ui.kit.sections import buddy_label, label
from iopdesk.ui.views.chart.sections import (
    AttendanceSection,
    DischargeSection,
    MeasuresHost,
    NotesSection,
    OverviewSection,
    PlanSection,
    ScreeningSection,
    TeamSection,
)

SECTIONS = ("overview", "screening", "plan", "team", "attendance", "notes", "discharge", "measures")


class ChartView(View):
    title = "Chart"
    icon_name = "chart"

    def __init__(self) -> None:
        super().__init__()
        self.title = self.tr("Chart")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 14, 18, 10)
        outer.setSpacing(6)
        top = QHBoxLayout()
        heading = QLabel(self.title)
        heading.setObjectName("viewTitle")
        top.addWidget(heading)
        top.addStretch(1)
        self.top_buttons = QHBoxLayout()  # find another client, the client's page, print
        top.addLayout(self.top_buttons)
        outer.addLayout(top)
        self.notice = FeedbackLine()  # what an action did, or why it did not
        outer.addWidget(self.notice)

        self.pages = QStackedWidget()
        outer.addWidget(self.pages, 1)
        self.choose = QWidget()
        choose = QVBoxLayout(self.choose)
        choose.setContentsMargins(0, 0, 0, 0)
        choose.addWidget(
            label(
                self.tr("Choose a client to open their chart: type a name or chart number, then Enter."),
                "viewSubtitle",
            )
        )
        self.picker = ClientPicker()  # the controller gives it the clinic's search
        self.picker.table.setAccessibleName(self.tr("Clients found"))
        choose.addWidget(self.picker, 1)
        self.pages.addWidget(self.choose)

        self.chart = QWidget()
        chart = QVBoxLayout(self.chart)
        chart.setContentsMargins(0, 0, 0, 0)
        chart.setSpacing(4)
        head = QHBoxLayout()
        who = QVBoxLayout()
        self.name = QLabel()
        self.name.setObjectName("sectionTitle")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = label("", "viewSubtitle")
        who.addWidget(self.name)
        who.addWidget(self.summary)
        head.addLayout(who, 1)
        self.episode = QComboBox()
        self.episode.setAccessibleName(self.tr("Episode of care shown"))
        self.episode.setMinimumWidth(260)
        self.episode_label = buddy_label(self.tr("Ep&isode:"), self.episode)
        head.addWidget(self.episode_label)
        head.addWidget(self.episode)
        chart.addLayout(head)
        self.warning = label("", "alertBadge")
        self.warning.hide()
        chart.addWidget(self.warning)

        self.body = QStackedWidget()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.overview = OverviewSection()
        self.screening = ScreeningSection()
        self.plan = PlanSection()
        self.team = TeamSection()
        self.attendance = AttendanceSection()
        self.notes = NotesSection()
        self.discharge = DischargeSection()
        self.measures = MeasuresHost()
        titles = (
            self.tr("Overview"),
            self.tr("Screening"),
            self.tr("Plan"),
            self.tr("Team"),
            self.tr("Attendance and hours"),
            self.tr("Notes"),
            self.tr("Discharge"),
            self.tr("Measures"),
        )
        self.section_shortcuts: list[QShortcut] = []
        for number, (widget, title) in enumerate(zip(self.sections(), titles, strict=True), start=1):
            index = self.tabs.addTab(widget, title)
            keys = f"Alt+{number}"
            self.tabs.setTabToolTip(index, self.tr("{title} ({keys})").format(title=title, keys=keys))
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda i=index: self.tabs.setCurrentIndex(i))
            self.section_shortcuts.append(shortcut)
        self.body.addWidget(self.tabs)

        self.refused = QWidget()  # a client whose chart is out of reach: why, and intake still open
        refused = QVBoxLayout(self.refused)
        refused.setContentsMargins(0, 12, 0, 0)
        self.refusal = label("", "emptyState")
        self.refusal.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        refused.addWidget(self.refusal)
        self.intake_buttons = QHBoxLayout()
        refused.addLayout(self.intake_buttons)
        refused.addStretch(1)
        self.body.addWidget(self.refused)
        chart.addWidget(self.body, 1)
        self.pages.addWidget(self.chart)
        self.setFocusProxy(self.picker)

    def sections(self) -> tuple[QWidget, ...]:
        return (
            self.overview,
            self.screening,
            self.plan,
            self.team,
            self.attendance,
            self.notes,
            self.discharge,
            self.measures,
        )

    def section_key(self) -> str:
        return SECTIONS[max(self.tabs.currentIndex(), 0)]

    def show_section(self, key: str) -> None:
        self.tabs.setCurrentIndex(SECTIONS.index(key))
