"""Search: find notes by their words, with client, group, author and date filters.

Enter in any box searches; Down moves into the results; Enter on a result
opens that note read-only. The found words are highlighted in the snippet.
"""

from __future__ import annotations

import datetime as dt
import html
from uuid import UUID

from PySide6.QtCore import (
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QPainter, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from iopdesk.domain import notes
from iopdesk.domain.clients import clients
from iopdesk.domain.clinic import staff
from iopdesk.domain.groups import groups
from iopdesk.domain.kernel.actor import Actor
from iopdesk.domain.kernel.errors import DomainError
from iopdesk.domain.notes import SearchHit
from iopdesk.ui.kit.day_picker import from_qdate
from iopdesk.ui.kit.or_empty import OrEmpty
from iopdesk.ui.kit.rows import ROW_ROLE, RowsModel
from iopdesk.ui.kit.sections import label
from iopdesk.ui.kit.tables import fit_columns, make_table
from iopdesk.ui.views.notes.models import SNIPPET_COLUMN, plural, search_columns, tr

ANY_DATE = QDate(2000, 1, 1)
LIMIT = 100
CLINICAL = ("supervisor", "counselor", "administrator")


def marked_html(hit: SearchHit) -> str:
    """The snippet with the found words in bold, everything else escaped."""
    out, last = [], 0
    for start, end in hit.highlights:
        out.append(html.escape(hit.snippet[last:start]))
        out.append(
            f"<b style='background-color: rgba(249,168,37,0.35)'>{html.escape(hit.snippet[start:end])}</b>"
        )
        last = end
    out.append(html.escape(hit.snippet[last:]))
    return "".join(out)


class SnippetDelegate(QStyledItemDelegate):
    """Draws a hit's snippet with its found words marked."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        hit = index.data(ROW_ROLE)
        if not isinstance(hit, SearchHit):
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(2)
        doc.setHtml(marked_html(hit))
        painter.save()
        top = option.rect.top() + max(0.0, (option.rect.height() - doc.size().height()) / 2)
        painter.translate(option.rect.left() + 4, top)
        painter.setClipRect(QRectF(0, 0, option.rect.width() - 8, option.rect.height()))
        doc.drawContents(painter)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(min(size.width(), 600), size.height())


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("MMM d, yyyy")
    edit.setMinimumDate(ANY_DATE)
    edit.setMaximumDate(QDate(2099, 12, 31))
    edit.setSpecialValueText(tr("any date"))
    edit.setDate(ANY_DATE)
    edit.setAccessibleName(name)
    return edit


class SearchPanel(QWidget):
    hit_opened = Signal(object)
    """A search result was opened; carries the SearchHit."""
    searched = Signal(int)
    """A search finished; carries how many notes were found."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self._filters_loaded = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        top = QHBoxLayout()
        self.text = QLineEdit()
        self.text.setPlaceholderText(
            tr("Words to find: all of them must be there · “a phrase” · relap* for any ending")
        )
        self.text.setClearButtonEnabled(True)
        self.text.setAccessibleName(tr("Words to find"))
        self.search_button = QPushButton(tr("Search"))
        self.search_button.setObjectName("primary")
        self.search_button.clicked.connect(self.search)
        top.addWidget(self.text, 1)
        top.addWidget(self.search_button)
        layout.addLayout(top)

        grid = QGridLayout()
        self.client = QLineEdit()
        self.client.setPlaceholderText(tr("any client: type a name or chart number"))
        self.group = QComboBox()
        self.author = QComboBox()
        self.start = _date_edit(tr("From"))
        self.end = _date_edit(tr("To"))
        for column, (text, widget) in enumerate(
            (
                (tr("C&lient:"), self.client),
                (tr("&Group:"), self.group),
                (tr("&Author:"), self.author),
                (tr("&From:"), self.start),
                (tr("&To:"), self.end),
            )
        ):
            caption = QLabel(text)
            caption.setBuddy(widget)
            grid.addWidget(caption, 0, column)
            grid.addWidget(widget, 1, column)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 2)
        layout.addLayout(grid)
        self.message = label("", "alertBadge")
        self.message.hide()
        layout.addWidget(self.message)
        self.summary = label("", "viewSubtitle")
        layout.addWidget(self.summary)

        self.model: RowsModel[SearchHit] = RowsModel(search_columns(), lambda h: h.note_id, self)
        self.table = make_table(self.model, tr("Notes found"), row_height=32, fixed_rows=True)
        self.table.setItemDelegateForColumn(SNIPPET_COLUMN, SnippetDelegate(self.table))
        fit_columns(self.table, stretch=SNIPPET_COLUMN)
        self.table.activated.connect(self._opened)
        self.area = OrEmpty(self.table)
        self.area.show_content(
            False, tr("Type words from a note and press Enter. Only notes you may read are found.")
        )
        layout.addWidget(self.area, 1)
        for widget in (self.text, self.client):
            widget.returnPressed.connect(self.search)
            widget.installEventFilter(self)

    def load_filters(self) -> None:
        if self._filters_loaded:
            return
        self._filters_loaded = True
        self.group.addItem(tr("any group"), None)
        try:
            for g in groups.list_groups(self.actor, include_finished=True):
                self.group.addItem(g.name, g.id)
            self.author.addItem(tr("anyone"), None)
            for s in staff.list_staff(self.actor, include_inactive=True):
                if s.role in CLINICAL:
                    self.author.addItem(s.display_name, s.id)
        except DomainError as exc:
            self.show_message(str(exc))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Down and self.model.rowCount():
                self.table.setFocus()
                return True
        return super().eventFilter(watched, event)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def focus_search(self) -> None:
        self.text.setFocus()
        self.text.selectAll()

    def _client_id(self) -> tuple[UUID | None, str | None]:
        typed = self.client.text().strip()
        if not typed:
            return None, None
        found = clients.search_clients(self.actor, typed, limit=20)
        chart = clients.normalize_chart(typed)
        exact = [c for c in found if c.chart_number == chart]
        if exact:
            return exact[0].id, None
        if len(found) == 1:
            return found[0].id, None
        if not found:
            return None, tr("No client matches “{text}”.").format(text=typed)
        return None, tr("{n} clients match “{text}”: type more of the name, or the chart number.").format(
            n=len(found), text=typed
        )

    def _day(self, edit: QDateEdit) -> dt.date | None:
        return None if edit.date() == ANY_DATE else from_qdate(edit.date())

    def search(self) -> None:
        client_id, problem = self._client_id()
        if problem:
            self.show_message(problem)
            self.client.setFocus()
            return
        try:
            hits = notes.search_notes(
                self.actor,
                self.text.text(),
                client_id=client_id,
                group_id=self.group.currentData(),
                author_id=self.author.currentData(),
                start=self._day(self.start),
                end=self._day(self.end),
                limit=LIMIT,
            )
        except DomainError as exc:
            self.show_message(str(exc))
            self.text.setFocus()
            return
        self.show_message("")
        self.model.set_rows(hits)
        self.area.show_content(
            bool(hits),
            tr("No note holds all of these words. Check the spelling, or use fewer words or filters."),
        )
        if len(hits) >= LIMIT:
            self.summary.setText(
                tr(
                    "The {n} best matches, newest first · add words or a filter to narrow · "
                    "Enter opens one read-only"
                ).format(n=len(hits))
            )
        else:
            self.summary.setText(
                plural(
                    len(hits),
                    tr("1 note found · Enter opens it read-only"),
                    tr("{n} notes found · newest first · Enter opens one read-only"),
                )
            )
        if hits:
            self.table.setCurrentIndex(self.model.index(0, 0))
        self.searched.emit(len(hits))

    def _opened(self, index: QModelIndex) -> None:
        hit = self.model.row_at(index)
        if hit is not None:
            self.hit_opened.emit(hit)
