"""A row of widgets (``FlowLayout``) and a label (``WrapLabel``) that go on to another line when
the width runs out.

At 150 % text in a 1280 px window a row of buttons with their keys written on them (Attendance's
"Mark everyone present  (Ctrl+Shift+P)") is wider than the page: in a QHBoxLayout that makes the
whole page scroll sideways. In a ``FlowLayout`` the row wraps instead and the page keeps the
window's width.

It is built like a QHBoxLayout: ``addWidget``, ``addSpacing``, ``addStretch``. The widgets between
two spacings or stretches make a run (a group of buttons that belong together), kept on one line
while it fits: a line breaks between runs first, and inside a run only when the run alone is wider
than the line. On a line, a stretch between two runs takes the spare width (the run after it sits
at the right, as in a QHBoxLayout); where the line breaks, the spacing or stretch is dropped and the
next line starts at the left. Hidden widgets take no room. Stretches share the spare width equally
(the factor is accepted for QHBoxLayout's sake). Tab order and shortcuts are the widgets' own: the
layout only places them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QLayout, QLayoutItem, QSizePolicy, QSpacerItem, QStyle, QWidget


@dataclass
class _Run:
    items: list[QLayoutItem] = field(default_factory=list)
    stretch_before: bool = False  # a stretch between this run and the one before it
    space_before: int = 0  # fixed spacing (addSpacing) between this run and the one before it


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []

    # --- built like a QHBoxLayout -----------------------------------------------------------
    def addStretch(self, stretch: int = 1) -> None:  # noqa: N802 (QBoxLayout's name)
        del stretch  # stretches share the spare width equally
        self.addItem(QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum))

    def addSpacing(self, size: int) -> None:  # noqa: N802 (QBoxLayout's name)
        self.addItem(QSpacerItem(size, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum))

    # --- QLayout ------------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt's name)
        self._items.append(item)
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt's name)
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt's name)
        if not 0 <= index < len(self._items):
            return None
        item = self._items.pop(index)
        self.invalidate()
        return item

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt's name)
        return Qt.Orientation.Horizontal  # takes the width it is offered, as a row with a stretch does

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt's name)
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """Everything on one line, as a QHBoxLayout would want it."""
        runs = self._runs()
        gap = self._gap()
        width = sum(self._run_width(run.items, 1 << 30) for run in runs)
        width += sum(gap + run.space_before for run in runs[1:])
        height = max((i.sizeHint().height() for run in runs for i in run.items), default=0)
        return self._with_margins(QSize(width, height))

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt's name)
        """The widest widget: every widget on a line of its own (the height comes from heightForWidth)."""
        shown = [i for run in self._runs() for i in run.items]
        width = max((i.minimumSize().width() for i in shown), default=0)
        height = max((i.minimumSize().height() for i in shown), default=0)
        return self._with_margins(QSize(width, height))

    # --- the arrangement ---------------------------------------------------------------------
    def _gap(self) -> int:
        spacing = self.spacing()
        return spacing if spacing >= 0 else 6

    def _with_margins(self, size: QSize) -> QSize:
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _runs(self) -> list[_Run]:
        """The shown widgets in runs, each with what separates it from the run before."""
        runs: list[_Run] = []
        stretch, space, current = False, 0, None
        for item in self._items:
            spacer = item.spacerItem()
            if spacer is not None:
                if spacer.expandingDirections() & Qt.Orientation.Horizontal:
                    stretch = True
                else:
                    space += spacer.sizeHint().width()
                current = None
                continue
            if item.isEmpty():  # a hidden widget
                continue
            if current is None:
                current = _Run([], stretch, space)
                runs.append(current)
                stretch, space = False, 0
            current.items.append(item)
        return runs

    @staticmethod
    def _item_width(item: QLayoutItem, room: int) -> int:
        return max(min(item.sizeHint().width(), room), item.minimumSize().width())

    def _run_width(self, items: list[QLayoutItem], room: int) -> int:
        return sum(self._item_width(i, room) for i in items) + self._gap() * (len(items) - 1)

    def _lines(self, runs: list[_Run], room: int) -> list[list[_Run]]:
        """Runs (or pieces of a run too wide for a line) line by line."""
        gap = self._gap()
        lines: list[list[_Run]] = []
        line: list[_Run] = []
        used = 0
        for run in runs:
            need = self._run_width(run.items, room)
            if line and used + gap + run.space_before + need <= room:
                line.append(run)
                used += gap + run.space_before + need
                continue
            if line:
                lines.append(line)
            if need <= room:
                line, used = [_Run(run.items)], need
                continue
            piece: list[QLayoutItem] = []
            used = 0
            for item in run.items:
                width = self._item_width(item, room)
                if piece and used + gap + width > room:
                    lines.append([_Run(piece)])
                    piece, used = [], 0
                used += (gap if piece else 0) + width
                piece.append(item)
            line = [_Run(piece)]
        if line:
            lines.append(line)
        return lines

    def _arrange(self, rect: QRect, *, place: bool) -> int:
        """Lay the widgets out in ``rect`` (or only measure, ``place=False``); the height used."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        room = max(area.width(), 0)
        gap = self._gap()
        direction = self._direction()
        lines = self._lines(self._runs(), room)
        y = area.top()
        for number, line in enumerate(lines):
            if number:
                y += gap
            height = max(i.sizeHint().height() for run in line for i in run.items)
            if place:
                self._place_line(line, area, y, height, room, direction)
            y += height
        return y - rect.top() + margins.bottom() if lines else margins.top() + margins.bottom()

    def _place_line(
        self, line: list[_Run], area: QRect, y: int, height: int, room: int, direction: Qt.LayoutDirection
    ) -> None:
        gap = self._gap()
        widths = [[self._item_width(i, room) for i in run.items] for run in line]
        used = sum(sum(w) + gap * (len(w) - 1) for w in widths)
        used += sum(gap + run.space_before for run in line[1:])
        stretches = sum(1 for run in line[1:] if run.stretch_before)
        spare = max(room - used, 0)
        x = area.left()
        for index, (run, run_widths) in enumerate(zip(line, widths, strict=True)):
            if index:
                x += gap + run.space_before
                if run.stretch_before:  # the last stretch also takes what does not divide evenly
                    share = spare // stretches
                    x += share
                    spare, stretches = spare - share, stretches - 1
            for item, width in zip(run.items, run_widths, strict=True):
                tall = min(height, item.maximumSize().height())
                box = QRect(x, y + (height - tall) // 2, width, tall)
                item.setGeometry(QStyle.visualRect(direction, area, box))
                x += width + gap
            x -= gap

    def _direction(self) -> Qt.LayoutDirection:
        widget = self.parentWidget()
        return widget.layoutDirection() if widget is not None else QGuiApplication.layoutDirection()


class WrapLabel(QLabel):
    """Plain text on one line while there is room, wrapped onto more lines when there is not.

    A word-wrapped QLabel asks for a narrow, balanced shape (some twenty to forty characters wide)
    even with room to spare; an unwrapped one makes the page as wide as its longest line. This one
    asks for the width its lines take unwrapped and still gives way to the width it is given.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self._hint: tuple[tuple[object, ...], QSize] | None = None

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        margins = self.contentsMargins()
        key = (
            self.text(),
            self.font().key(),
            margins.left(),
            margins.right(),
            self.frameWidth(),
            self.margin(),
            self.indent(),
        )
        if self._hint is None or self._hint[0] != key:
            self._hint = (key, self._unwrapped())
        return QSize(self._hint[1])

    def _unwrapped(self) -> QSize:
        """The narrowest width at which QLabel itself lays the text out as unwrapped (its margins,
        frame and indent included), found by halving: the text's own width is too little by a few
        pixels the label adds, which the label does not tell."""
        widest = max(
            (self.fontMetrics().horizontalAdvance(line) for line in self.text().splitlines()), default=0
        )
        low, high = widest, 2 * widest + 1000  # wide enough for any margins: the lines as written
        one_line = self.heightForWidth(high)
        while low < high:
            middle = (low + high) // 2
            if self.heightForWidth(middle) <= one_line:
                high = middle
            else:
                low = middle + 1
        return QSize(high, one_line)
