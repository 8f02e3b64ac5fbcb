"""The Groups screen's layout: the groups list above, the chosen group's roster and wait list below.

Layout only: no domain calls, and it does not know its controller. ``GroupsController``
fills the tables, adds the buttons and runs the actions.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain.enrollment.waitlist import WaitlistEntry
from iopdesk.domain.overviews.group_setup import GroupOverview
from iopdesk.domain.overviews.rosters import RosterMember
from iopdesk.ui.kit.feedback import FeedbackLine
from iopdesk.ui.kit.rows import RowsModel
from iopdesk.ui.kit.screen import View
from iopdesk.ui.kit.sections import section
from iopdesk.ui.kit.tables import make_table, sorting_proxy
from iopdesk.ui.views.groups.models import STATE_COLUMN, group_columns, member_columns, waitlist_columns

GROUP_ROW = 28
MEMBER_ROW = 26


class GroupsView(View):
    title = "Groups"
    icon_name = "groups"

    def __init__(self) -> None:
        super().__init__()
        self.title = self.tr("Groups")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 14, 18, 10)
        outer.setSpacing(6)
        # The heading, its subtitle, the filter and the group buttons share two lines, so the
        # chosen group's roster has the height: twelve members and more at 1280×800.
        heading_row = QHBoxLayout()
        heading = QLabel(self.title)
        heading.setObjectName("viewTitle")
        subtitle = QLabel(self.tr("Who is in each group, who is waiting, and when the group meets."))
        subtitle.setObjectName("viewSubtitle")
        heading_row.addWidget(heading)
        heading_row.addSpacing(12)
        heading_row.addWidget(subtitle, 1, Qt.AlignmentFlag.AlignBottom)
        outer.addLayout(heading_row)
        self.notice = FeedbackLine()  # what an action did, or why it did not
        outer.addWidget(self.notice)

        # --- the groups list -------------------------------------------------------
        self.groups_model: RowsModel[GroupOverview] = RowsModel(group_columns(), lambda o: o.group.id, self)
        self.groups_proxy = sorting_proxy(self.groups_model, self)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter groups by name, kind, site or day (Ctrl+F)"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(self.tr("Filter groups"))
        self.show_finished = QCheckBox(self.tr("Show finished groups"))
        self.groups_table = make_table(self.groups_proxy, self.tr("Groups"), row_height=GROUP_ROW)
        self.groups_table.setSortingEnabled(True)
        self.groups_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.groups_table.setColumnHidden(STATE_COLUMN, True)
        self.groups_table.setMinimumHeight(GROUP_ROW * 2 + 34)
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.filter_edit, 1)
        filter_row.addWidget(self.show_finished)
        filter_row.addSpacing(12)
        self.group_buttons = QHBoxLayout()  # New group, Edit group (the controller adds them)
        filter_row.addLayout(self.group_buttons)
        outer.addLayout(filter_row)
        top = self.groups_table

        # --- the chosen group --------------------------------------------------------
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 4, 0, 0)
        self.group_title = section("")
        self.group_details = QLabel()
        self.group_details.setWordWrap(True)
        self.group_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty = QLabel(self.tr("Choose a group above to see its members and wait list."))
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title_row = QHBoxLayout()
        title_row.addWidget(self.group_title)
        title_row.addSpacing(12)
        title_row.addWidget(self.group_details, 1, Qt.AlignmentFlag.AlignBottom)
        bottom_layout.addLayout(title_row)
        bottom_layout.addWidget(self.empty, 1)

        self.roster_area = QWidget()
        roster_row = QHBoxLayout(self.roster_area)
        roster_row.setContentsMargins(0, 0, 0, 0)
        roster_row.setSpacing(16)
        members_box = QVBoxLayout()
        members_head = QHBoxLayout()
        members_head.addWidget(section(self.tr("Members")))
        members_head.addStretch(1)
        self.include_past = QCheckBox(self.tr("Include past members"))
        members_head.addWidget(self.include_past)
        members_box.addLayout(members_head)
        self.members_model: RowsModel[RosterMember] = RowsModel(
            member_columns(), lambda m: m.enrollment_id, self
        )
        self.members_proxy = sorting_proxy(self.members_model, self)
        self.members_table = make_table(self.members_proxy, self.tr("Members"), row_height=MEMBER_ROW)
        self.members_table.setSortingEnabled(True)
        self.members_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.members_empty = QLabel(self.tr("No members yet. Enroll a client with Ctrl+E."))
        self.members_empty.setObjectName("emptyState")
        self.members_empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        members_box.addWidget(self.members_table, 1)
        members_box.addWidget(self.members_empty, 1)  # in the table's place, the heading kept on top
        self.member_buttons = QHBoxLayout()
        members_box.addLayout(self.member_buttons)
        roster_row.addLayout(members_box, 3)  # the members' columns need the width more than the line

        waiting_box = QVBoxLayout()
        waiting_box.addWidget(section(self.tr("Wait list")))
        self.waitlist_model: RowsModel[WaitlistEntry] = RowsModel(
            waitlist_columns(), lambda w: w.enrollment_id, self
        )
        self.waitlist_table = make_table(self.waitlist_model, self.tr("Wait list"), row_height=MEMBER_ROW)
        self.waitlist_empty = QLabel(self.tr("Nobody is waiting."))
        self.waitlist_empty.setObjectName("emptyState")
        self.waitlist_empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        waiting_box.addWidget(self.waitlist_table, 1)
        waiting_box.addWidget(self.waitlist_empty, 1)
        self.waitlist_buttons = QVBoxLayout()
        waiting_box.addLayout(self.waitlist_buttons)
        roster_row.addLayout(waiting_box, 1)
        bottom_layout.addWidget(self.roster_area, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        # The roster takes what the window gains; the groups list keeps about four rows.
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([GROUP_ROW * 4 + 34, 480])
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter, 1)
        self.splitter = splitter

    def show_roster_area(self, shown: bool) -> None:
        self.roster_area.setVisible(shown)
        self.empty.setVisible(not shown)
        self.group_details.setVisible(shown)
        self.group_title.setVisible(shown)
