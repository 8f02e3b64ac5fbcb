"""A row of buttons that goes on to another line when the width runs out (kit/flow.py), and a label
that stays on one line while there is room and wraps when there is not."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from iopdesk.ui.kit.flow import FlowLayout, WrapLabel

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _row(qtbot, texts_left: list[str], texts_right: list[str]):  # type: ignore[no-untyped-def]
    """A window holding a flow of buttons: a run on the left, a stretch, a run on the right."""
    host = QWidget()
    qtbot.addWidget(host)
    flow = FlowLayout(host)
    flow.setContentsMargins(0, 0, 0, 0)
    flow.setSpacing(6)
    left = [QPushButton(t) for t in texts_left]
    right = [QPushButton(t) for t in texts_right]
    for button in left:
        flow.addWidget(button)
    flow.addStretch(1)
    for button in right:
        flow.addWidget(button)
    host.show()
    qtbot.waitExposed(host)
    return host, flow, left, right


def _set_width(qtbot, host: QWidget, width: int) -> None:  # type: ignore[no-untyped-def]
    height = host.layout().heightForWidth(width)
    host.resize(width, height)
    qtbot.waitUntil(lambda: host.width() == width and host.layout().geometry().width() == width)


def test_one_line_with_room_the_stretch_pushing_the_second_run_right(qtbot) -> None:  # type: ignore[no-untyped-def]
    host, flow, left, right = _row(qtbot, ["Mark everyone present", "Add walk-in…"], ["Move…", "Schedule"])
    wide = flow.sizeHint().width() + 200
    _set_width(qtbot, host, wide)
    assert len({b.y() for b in left + right}) == 1
    assert left[0].x() == 0
    assert right[-1].geometry().right() == wide - 1  # the spare width went to the stretch
    assert right[0].x() - left[-1].geometry().right() > 200


def test_narrow_the_second_run_starts_a_line_of_its_own_and_the_height_grows(qtbot) -> None:  # type: ignore[no-untyped-def]
    host, flow, left, right = _row(qtbot, ["Mark everyone present", "Add walk-in…"], ["Move…", "Schedule"])
    one_line = flow.heightForWidth(flow.sizeHint().width())
    width = sum(b.sizeHint().width() for b in left) + 6 + 10  # the left run fits, not both
    _set_width(qtbot, host, width)
    assert left[0].y() == left[1].y() < right[0].y() == right[1].y()
    assert right[0].x() == 0  # a line starts at the left; the stretch is dropped where it breaks
    assert flow.heightForWidth(width) > one_line
    # Narrower than a run: its buttons part, the layout never narrower than the widest button.
    assert flow.minimumSize().width() == max(b.sizeHint().width() for b in left + right)
    _set_width(qtbot, host, flow.minimumSize().width())
    assert left[0].y() < left[1].y() < right[0].y()
    assert all(b.geometry().right() < host.width() for b in left + right)


def test_hidden_widgets_take_no_room(qtbot) -> None:  # type: ignore[no-untyped-def]
    host, flow, left, right = _row(qtbot, ["One", "Two", "Three"], ["Four"])
    left[1].hide()
    _set_width(qtbot, host, flow.sizeHint().width())
    assert left[2].x() == left[0].geometry().right() + 1 + 6
    assert right[0].geometry().right() == host.width() - 1


def test_right_to_left_the_first_button_is_at_the_right(qtbot) -> None:  # type: ignore[no-untyped-def]
    host, flow, left, right = _row(qtbot, ["One", "Two"], ["Three"])
    host.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    _set_width(qtbot, host, flow.sizeHint().width() + 100)
    qtbot.waitUntil(lambda: left[0].geometry().right() == host.width() - 1)
    assert right[0].x() == 0


def test_a_wrap_label_keeps_one_line_with_room_and_wraps_without(qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "Dec 2, 2026 (Stepped down to a lower level of care)"
    host = QWidget()
    qtbot.addWidget(host)
    column = QVBoxLayout(host)
    wrapping = WrapLabel(text)
    plain = QLabel(text)  # as QLabel lays it out unwrapped
    column.addWidget(wrapping)
    column.addWidget(plain)
    host.show()
    qtbot.waitExposed(host)
    assert wrapping.sizeHint().width() == plain.sizeHint().width()
    one_line = wrapping.heightForWidth(wrapping.sizeHint().width())
    assert one_line == plain.sizeHint().height()
    assert wrapping.minimumSizeHint().width() < plain.sizeHint().width() // 2  # it may give way
    assert wrapping.heightForWidth(wrapping.sizeHint().width() // 2) > one_line  # and then wraps
    wrapping.setText(text + " and more")  # a new text asks again
    assert wrapping.sizeHint().width() > plain.sizeHint().width()
