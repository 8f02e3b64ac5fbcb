"""A dialog opens no taller than the screen it opens on, and no wider than a 1280-wide laptop's: one
sized by hand at 780 pixels tall kept its buttons below the edge of a 1366×768 laptop. The test's
offscreen screen is 800×800: as tall as a small laptop's, narrower than any (so widths are held to
1280). Each main dialog is opened over the demo clinic, saving nothing."""

from __future__ import annotations

import pytest

from iopdesk.ui.kit.screen_fit import FRAME, room
from tests.ui.test_accessibility import demo, demo_file, form_dialogs, window_for  # noqa: F401 - fixtures

pytestmark = pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise|grabbing)")

LAPTOP_WIDTH = 1280


def test_every_main_dialog_opens_within_the_screen(qtbot, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    window = window_for(qtbot, "supervisor", tmp_path)
    too_big = []
    for name, make in form_dialogs(window):
        dialog = make()
        dialog.open()
        qtbot.waitUntil(dialog.isVisible)
        width, height = LAPTOP_WIDTH - FRAME.width(), room(dialog).height()
        if dialog.width() > width or dialog.height() > height:
            too_big.append(f"{name}: {dialog.width()}×{dialog.height()}, room for {width}×{height}")
        dialog.reject()
    assert not too_big, "\n".join(too_big)
