"""At 150 % text on a 1280×800 laptop the main dialogs show all of their contents: none opens, or
can be shrunk, narrower or shorter than what its layout needs (a minimum size set by hand replaces
the layout's own: Snippets… kept 860 wide around contents needing 976 at 150 %)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize

from iopdesk.ui.kit import screen_fit
from iopdesk.ui.look import Look, apply_look
from tests.ui.test_accessibility import demo, demo_file, form_dialogs, window_for  # noqa: F401 - fixtures

pytestmark = pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise|grabbing)")


def test_every_main_dialog_shows_all_it_holds_at_150_percent(  # type: ignore[no-untyped-def]
    qtbot,
    qapp,
    monkeypatch,
    demo,  # noqa: F811 - the fixture imported above
    tmp_path,
):
    monkeypatch.setattr(screen_fit, "room", lambda _widget: QSize(1280, 800) - screen_fit.FRAME)
    window = window_for(qtbot, "supervisor", tmp_path)
    apply_look(qapp, Look(text_size="150"))
    cut = []
    try:
        for name, make in form_dialogs(window):
            dialog = make()
            dialog.open()
            qtbot.waitUntil(dialog.isVisible)
            needs = dialog.layout().totalMinimumSize()
            least = dialog.minimumSize()  # what a person resizing it can shrink it to
            if (
                min(dialog.width(), least.width()) < needs.width()
                or min(dialog.height(), least.height()) < needs.height()
            ):
                cut.append(
                    f"{name}: {dialog.width()}×{dialog.height()}, least {least.width()}×{least.height()}, "
                    f"contents {needs.width()}×{needs.height()}"
                )
            dialog.reject()
    finally:
        apply_look(qapp, Look())  # the shared application as the system draws it, while the clinic is open
    assert not cut, "\n".join(cut)
