"""How every screen's tables are set up: one row at a time, read-only, sized to their contents.

``make_table`` is the one table set-up (it was written four times, slightly
differently); ``sorting_proxy`` sorts and filters a RowsModel by its sort
role; ``fit_columns`` keeps columns fitted while one takes the spare width.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from iopdesk.ui.kit.rows import SORT_ROLE, RowsModel


def make_table(
    model: QAbstractItemModel,
    name: str = "",
    *,
    stretch: int | None = None,
    row_height: int = 30,
    fixed_rows: bool = False,
    word_wrap: bool = False,
    highlight_headers: bool = False,
) -> QTableView:
    """A table over ``model`` that selects whole rows and edits nothing; Tab leaves it.

    Columns follow their contents; ``stretch`` names the column that takes the spare width (without
    it, the last one does), never squeezed below a readable width (``StretchWhenRoom``). Call
    ``fit_columns`` afterwards for a fixed-width column.
    """
    table = QTableView()
    table.setModel(model)
    if name:
        table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setTabKeyNavigation(False)
    table.setWordWrap(word_wrap)
    rows = table.verticalHeader()
    rows.hide()
    if fixed_rows:
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    RowsFollowText(table, row_height)
    header = table.horizontalHeader()
    header.setHighlightSections(highlight_headers)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        # At 150 % text the chart's tables squeezed a session's name, a plan's status and a client's
        # name in the finder to "ssi", "at" and "Davi…" (seen on screenshots).
        StretchWhenRoom.keep(table, stretch)
    return table


def sorting_proxy(model: RowsModel, parent: QWidget) -> QSortFilterProxyModel:  # type: ignore[type-arg]
    """Sorts by each column's sort key; a filter text matches any column, in any case."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    return proxy


def fit_columns(table: QTableView, stretch: int, fixed: dict[int, int] | None = None) -> None:
    """Columns follow their contents as rows change; ``stretch`` takes the spare width.

    Set once: the header keeps them fitted (calling resizeColumnsToContents after
    the table is shown would stop the stretching).
    """
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    for column, width in (fixed or {}).items():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(column, width)
    StretchWhenRoom.keep(table, stretch)


class StretchWhenRoom(QObject):
    """The stretching column takes the spare width while there is some, but never less than about
    eighteen characters (or its contents, if shorter), nor than its heading: with large text in a
    narrow window it keeps that width, elided, and the table scrolls sideways instead. A session's
    name squeezed to "ssi" beside its room and facilitator tells a counselor nothing."""

    LEAST_CHARS = 18
    SLACK = 24  # pixels of hysteresis: a scroll bar coming or going must not flip it back and forth

    @classmethod
    def keep(cls, table: QTableView, column: int) -> None:
        """One keeper per table: make_table's, moved to ``column`` when fit_columns names another."""
        for kept in table.findChildren(cls):
            kept.column, kept.held = column, False
            return
        cls(table, column)

    def __init__(self, table: QTableView, column: int) -> None:
        super().__init__(table)
        self.table, self.column = table, column
        self.held = False  # the column is held at its least width (Fixed) rather than stretching
        self.fitting = False
        # Resizes and section changes come in bursts (a page being laid out sends hundreds): they
        # are answered once, when the burst is over, from a zero timer owned by this object.
        self.later = QTimer(self)
        self.later.setSingleShot(True)
        self.later.setInterval(0)
        self.later.timeout.connect(self.fit)
        table.viewport().installEventFilter(self)
        table.installEventFilter(self)
        table.horizontalHeader().sectionResized.connect(lambda *_sizes: self.later.start())

    def fit(self) -> None:
        if self.fitting:  # its own resizing reports back through sectionResized
            return
        self.fitting = True
        try:
            self._fit()
        finally:
            self.fitting = False

    def _fit(self) -> None:
        header = self.table.horizontalHeader()
        if self.column >= header.count():
            return
        mode = header.sectionResizeMode(self.column)
        if mode == QHeaderView.ResizeMode.Stretch:
            self.held = False  # as set, or as the header restored it when the rows were replaced
        elif not (self.held and mode == QHeaderView.ResizeMode.Fixed):
            return  # someone else set this column's mode: theirs
        others = sum(
            header.sectionSize(c)
            for c in range(header.count())
            if c != self.column and not header.isSectionHidden(c)
        )
        room = self.table.viewport().width() - others
        title = header.sectionSizeHint(self.column)  # its heading is never cut ("rimary counselo")
        chars = self.table.fontMetrics().averageCharWidth() * self.LEAST_CHARS
        most = max(header.minimumSectionSize(), title, chars)
        if not self.held and room >= most:
            # Room for the most it would ever keep: nothing to do, and no need to measure the
            # column's contents (sizeHintForColumn asks every row for every role; this runs on
            # every resize, and it cost Today's first showing about 20 ms).
            return
        least = max(header.minimumSectionSize(), title, min(self.table.sizeHintForColumn(self.column), chars))
        if not self.held and room < least:
            self.held = True
            header.setSectionResizeMode(self.column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(self.column, least)
        elif self.held and room >= least + self.SLACK:
            self.held = False
            header.setSectionResizeMode(self.column, QHeaderView.ResizeMode.Stretch)
        elif self.held and header.sectionSize(self.column) != least:
            header.resizeSection(self.column, least)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.later.start()
        return super().eventFilter(watched, event)


class RowsFollowText(QObject):
    """A table's rows at least ``least`` pixels tall, and taller with larger text (View → Text size),
    so a line is never cut at 150 %."""

    def __init__(self, table: QTableView, least: int) -> None:
        super().__init__(table)
        self.table = table
        self.least = least
        table.installEventFilter(self)
        self.fit()

    def fit(self) -> None:
        needed = self.table.fontMetrics().height() + 12  # the padding the 30-32 px rows were drawn with
        self.table.verticalHeader().setDefaultSectionSize(max(self.least, needed))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FontChange:
            self.fit()
        return super().eventFilter(watched, event)
