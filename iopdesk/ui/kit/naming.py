"""Names a screen reader says: a field made of parts takes its name from the label that leads to it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def label_for(widget: QWidget, among: QWidget | None = None) -> str:
    """The text of the label whose Alt+letter moves to ``widget`` ("&From:" gives "From"); "" if none.

    Qt finds a field's label among the field's siblings only, so a field made of parts (a date
    line with its reading under it) would reach a screen reader without a name.
    """
    parent = among or widget.parentWidget()
    if parent is None:
        return ""
    for label in parent.findChildren(QLabel, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if label.buddy() is widget:
            return plain(label.text())
    return ""


def plain(label: str) -> str:
    """A label's words as a name: "&Date of birth:" gives "Date of birth" ("&&" is a real "&")."""
    return label.replace("&&", "\0").replace("&", "").replace("\0", "&").strip().rstrip(":").strip()


def name_inner(outer: QWidget, inner: QWidget) -> None:
    """Give ``inner`` (the part that takes the keys) the outer widget's name, or its label's."""
    if not inner.accessibleName():
        name = outer.accessibleName() or label_for(outer) or label_for(inner, outer.parentWidget())
        if name:
            inner.setAccessibleName(name)
