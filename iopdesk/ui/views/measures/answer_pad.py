"""Answering an instrument from the keyboard: one item at a time, a number key answers it and moves on.

The current item shows its wording where the licence allows it (our short label otherwise) and its
answers with the key for each. Keys: the answer's score (0-7), or Y/N for a yes/no item (or the score
shown with yes or no: 1/0 mostly, but 0/1 on DAST-10 item 3); a key that is not an answer to this item
is refused, saying what is; Up/Down, Page Up/Down, Home/End move; Backspace clears the current
answer. Enter is not taken: it reaches the dialog's main button. The list below shows every answer
so far; a click on a row makes it the current item.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QVBoxLayout, QWidget

from iopdesk.domain.measures.model import Answer, Instrument, Item
from iopdesk.ui.kit.tables import make_table

Index = QModelIndex | QPersistentModelIndex
YES_KEYS = (Qt.Key.Key_Y,)
NO_KEYS = (Qt.Key.Key_N,)


def answer_text(item: Item, answer: Answer | None) -> str:
    if answer is None:
        return ""
    if item.yes_no:
        return "Yes" if answer else "No"
    words = item.answer_text(answer)
    return f"{int(answer)} · {words}" if words else str(int(answer))


def choices_text(item: Item) -> str:
    """The keys for this item and what each means: "0 Not at all · 1 Several days · …"."""
    if item.yes_no:
        return f"Y Yes ({item.yes_score}) · N No ({item.no_score})"
    assert item.scale is not None
    if item.answer_labels:
        return "   ".join(f"{v} {label}" for v, label in zip(item.scale, item.answer_labels, strict=True))
    return "   ".join(str(v) for v in item.scale)


def _by_score(item: Item, number: int) -> Answer | None:
    """The answer a number key gives: the one with that score. On a yes/no item that is the choice
    shown with it ("Y Yes (0) · N No (1)": 1 is "no" on DAST-10 item 3; 4 is "yes" on BAM item 14)."""
    if not item.yes_no:
        return number
    if number == item.yes_score:
        return True
    if number == item.no_score:
        return False
    return None


class ItemsModel(QAbstractTableModel):
    """The items in published order with the answer given to each (columns: number, item, answer)."""

    COLUMNS = ("#", "Item", "Answer")

    def __init__(self, instrument: Instrument, parent: Any = None) -> None:
        super().__init__(parent)
        self.instrument = instrument
        self.answers: dict[str, Answer] = {}

    def item_at(self, row: int) -> Item:
        return self.instrument.items[row]

    def kept_value(self) -> tuple[tuple[str, Answer], ...]:
        """The answers given, for the question before they are lost (kit/keep_typing.py)."""
        return tuple(sorted(self.answers.items()))

    def set_answer(self, row: int, answer: Answer | None) -> None:
        key = self.instrument.items[row].key
        if answer is None:
            self.answers.pop(key, None)
        else:
            self.answers[key] = answer
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.instrument.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.instrument.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return item.number
            if index.column() == 1:
                text = item.wording if self.instrument.wording_shipped and item.wording else item.label
                return text + (self.tr(" (optional)") if item.optional else "")
            return answer_text(item, self.answers.get(item.key))
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return item.wording or item.label
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(self.COLUMNS[section])
        return None


class AnswerPad(QWidget):
    answers_changed = Signal()
    """An answer was given or cleared."""

    def __init__(self, instrument: Instrument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.instrument = instrument
        self.current = 0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Answers to {title}").format(title=instrument.title))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.item_label = QLabel()
        self.item_label.setObjectName("currentItem")
        self.item_label.setWordWrap(True)
        self.keys_label = QLabel()
        self.keys_label.setObjectName("answerKeys")
        self.keys_label.setWordWrap(True)
        layout.addWidget(self.item_label)
        layout.addWidget(self.keys_label)
        self.model = ItemsModel(instrument, self)
        self.table = make_table(self.model, self.tr("Items and answers"), stretch=1, word_wrap=True)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay with the pad
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.clicked.connect(lambda index: self.go_to(index.row()))
        layout.addWidget(self.table, 1)
        self.go_to(0)

    # --- what it holds --------------------------------------------------------------------------------
    def answers(self) -> dict[str, Answer]:
        return dict(self.model.answers)

    def set_answers(self, answers: dict[str, Answer]) -> None:
        """Fill in earlier answers (a correction starts from what was recorded)."""
        for row, item in enumerate(self.instrument.items):
            self.model.set_answer(row, answers.get(item.key))
        first_open = next(
            (n for n, i in enumerate(self.instrument.items) if i.key not in answers and not i.optional), 0
        )
        self.go_to(first_open)
        self.answers_changed.emit()

    @property
    def current_item(self) -> Item:
        return self.instrument.items[self.current]

    # --- moving -----------------------------------------------------------------------------------
    def go_to(self, row: int) -> None:
        self.current = max(0, min(row, len(self.instrument.items) - 1))
        item = self.current_item
        total = len(self.instrument.items)
        text = item.wording if self.instrument.wording_shipped and item.wording else item.label.capitalize()
        self.item_label.setText(
            self.tr("Item {number} of {total}: {text}").format(number=item.number, total=total, text=text)
        )
        self.keys_label.setText(choices_text(item))
        self.table.selectRow(self.current)
        self.table.scrollTo(self.model.index(self.current, 0))

    def answer(self, value: Answer | None) -> bool:
        """Answer the current item (None clears it); an answer moves on to the next item."""
        item = self.current_item
        if value is not None:
            if item.yes_no != isinstance(value, bool):
                return False
            if not item.yes_no and item.scale is not None and value not in item.scale:
                return False
        self.model.set_answer(self.current, value)
        self.answers_changed.emit()
        if value is not None and self.current < len(self.instrument.items) - 1:
            self.go_to(self.current + 1)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = Qt.Key(event.key())
        ignored = Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
        modifiers = event.modifiers() & ~ignored
        if modifiers != Qt.KeyboardModifier.NoModifier:  # Shift is fine: "Y" and "y" both say yes
            super().keyPressEvent(event)
            return
        item = self.current_item
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            number = int(key) - int(Qt.Key.Key_0)
            value = _by_score(item, number)
            if value is None or not self.answer(value):
                self.keys_label.setText(
                    self.tr("{n} is not an answer here: {choices}").format(
                        n=number, choices=choices_text(item)
                    )
                )
            return
        if key in YES_KEYS and item.yes_no:
            self.answer(True)
            return
        if key in NO_KEYS and item.yes_no:
            self.answer(False)
            return
        moves = {
            Qt.Key.Key_Down: self.current + 1,
            Qt.Key.Key_Up: self.current - 1,
            Qt.Key.Key_PageDown: self.current + 5,
            Qt.Key.Key_PageUp: self.current - 5,
            Qt.Key.Key_Home: 0,
            Qt.Key.Key_End: len(self.instrument.items) - 1,
        }
        if key in moves:
            self.go_to(moves[key])
            return
        if key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.answer(None)
            return
        super().keyPressEvent(event)  # Enter, Escape, Tab: the dialog's
