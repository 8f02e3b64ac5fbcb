"""Search: find notes by their words, with client, group, author and date filters.

Enter in any box searches; Down moves into the results; Enter on a result
opens that note read-only. The found words are highlighted in the snippet.
Layout only: ``SearchController`` (search_controller.py) fills the filters and searches.
"""

from __future__ import annotations

import datetime as dt
import html

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

from iopdesk.domain.notes import SearchHit
from iopdesk.ui.kit.day_picker import date_format, from_qdate
from iopdesk.ui.kit.or_empty import OrEmpty
from iopdesk.ui.kit.rows import ROW_ROLE, RowsModel
from iopdesk.ui.kit.sections import label
from iopdesk.ui.kit.tables import fit_columns, make_table
from iopdesk.ui.views.notes.models import SNIPPET_COLUMN, search_columns, tr

ANY_DATE = QDate(2000, 1, 1)


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
    edit.setDisplayFormat(date_format(weekday=False))
    edit.setMinimumDate(ANY_DATE)
    edit.setMaximumDate(QDate(2099, 12, 31))
    edit.setSpecialValueText(tr("any date"))
    edit.setDate(ANY_DATE)
    edit.setAccessibleName(name)
    return edit


class SearchPanel(QWidget):
    hit_opened = Signal(object)
    """A search result was opened; carries the SearchHit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
            widget.installEventFilter(self)

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

    def day(self, edit: QDateEdit) -> dt.date | None:
        """The date chosen in a From or To box, None for any date."""
        return None if edit.date() == ANY_DATE else from_qdate(edit.date())

    def _opened(self, index: QModelIndex) -> None:
        hit = self.model.row_at(index)
        if hit is not None:
            self.hit_opened.emit(hit)
