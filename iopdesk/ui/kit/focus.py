"""Where the keyboard goes in a dialog: a label's Alt+letter, and Tab over the buttons.

A field built of parts (a date with its reading under it, a client search with its list, a form's
field with its error line) hands the keyboard to its part with a focus proxy. A label's Alt+letter
leads to the whole, and QLabel moves the keyboard only to a buddy that takes focus itself: a
holder left at Qt's NoFocus made every such Alt+letter do nothing. ``hand_focus_to`` sets both.

QDialogButtonBox places its buttons by the platform's rule (the main button left of Cancel on
Windows and KDE, right of it on GNOME and macOS) but leaves Tab in the order they were made: a
main button added after Cancel was met after it, so Tab from the last field landed on Cancel,
drawn second, and Enter there cancelled. ``buttons_as_drawn`` makes Tab follow the drawing.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QWidget


def hand_focus_to(holder: QWidget, part: QWidget) -> None:
    """``holder`` gives the keyboard to ``part``, by Alt+letter on its label as by setFocus (Tab
    still stops once, on the part)."""
    holder.setFocusProxy(part)
    holder.setFocusPolicy(part.focusPolicy())


def buttons_as_drawn(box: QDialogButtonBox) -> None:
    layout = box.layout()
    items = [layout.itemAt(i) for i in range(layout.count())] if layout is not None else []
    drawn = [
        widget
        for widget in (item.widget() for item in items if item is not None)
        if isinstance(widget, QAbstractButton) and not widget.isHidden()
    ]
    for before, after in zip(drawn, drawn[1:], strict=False):
        QWidget.setTabOrder(before, after)
