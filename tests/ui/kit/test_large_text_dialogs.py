"""At 150 % text every SubmitDialog still fits a 1280×800 laptop: what it cannot shrink below is no
wider than the two thirds of the screen Qt gives a new dialog (unless the dialog sizes itself wider)
and no taller than the screen. Two did not: a settings list (its key hint on one line) and the
safety follow-up (its longest outcome) opened a few pixels narrower than their contents."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize

from iopdesk.ui.kit import screen_fit
from iopdesk.ui.look import Look, apply_look
from tests.support.large_text import system_look_after  # noqa: F401 (a fixture)
from tests.ui.kit.test_submit_dialogs import CASES, Case, World, opened, world  # noqa: F401 - world: a fixture

pytestmark = [
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),
    pytest.mark.usefixtures("system_look_after"),
]

SCREEN_WIDTH, SCREEN_HEIGHT = 1280, 800
NEW_DIALOG_WIDTH = SCREEN_WIDTH * 2 // 3  # Qt's cap on a dialog's first size from its size hint
ROOM_HEIGHT = SCREEN_HEIGHT - 60  # a panel and the title bar


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_dialog_fits_a_1280_by_800_screen_at_150_percent(
    qtbot,
    qapp,
    monkeypatch,
    world: World,  # noqa: F811 - the fixture imported above
    case: Case,
) -> None:
    # A dialog sized by hand is sized for a 1280×800 laptop (the offscreen screen is narrower).
    monkeypatch.setattr(
        screen_fit, "room", lambda _widget: QSize(SCREEN_WIDTH, SCREEN_HEIGHT) - screen_fit.FRAME
    )
    apply_look(qapp, Look(text_size="150"))
    dialog = opened(world, case)
    needs = dialog.minimumSizeHint()
    dialog.reject()
    assert needs.width() <= max(NEW_DIALOG_WIDTH, min(dialog.width(), SCREEN_WIDTH)), needs
    assert needs.height() <= ROOM_HEIGHT, needs
