"""kit/fields.py: the small pieces the sign-in and account dialogs share."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from iopdesk.ui.kit.fields import set_by_name


def test_an_enum_property_is_set_by_its_names_or_refused_aloud(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    set_by_name(label, "alignment", "AlignRight|AlignVCenter")
    assert label.alignment() == Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    with pytest.raises(ValueError, match="textFormat"):
        set_by_name(label, "textFormat", "RichTxt")  # a misspelt name is never a silent no-op
    with pytest.raises(ValueError):
        set_by_name(label, "no_such_property", "AlignLeft")
