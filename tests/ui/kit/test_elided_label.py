"""A label that runs out of room is shortened in the middle, never cut at the edge; the whole text
stays in its tooltip and accessible description (the status bar's database path at 150 % text)."""

from __future__ import annotations

from iopdesk.ui.kit.elided import ElidedLabel

TEXT = "Database: /home/clinic/iopdesk/data/riverside-recovery.sqlite3 (encrypted)"


def test_short_of_room_it_keeps_both_ends(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = ElidedLabel(TEXT)
    qtbot.addWidget(label)
    label.resize(label.sizeHint())
    label.show()
    qtbot.waitExposed(label)
    assert label.text() == TEXT
    label.resize(label.sizeHint().width() // 2, label.height())
    qtbot.waitUntil(lambda: label.text() != TEXT)
    shown = label.text()
    assert "…" in shown and shown.startswith("Database: /") and shown.endswith("(encrypted)")
    assert label.toolTip() == label.accessibleDescription() == label.full == TEXT
    assert label.minimumSizeHint().width() < label.sizeHint().width()
    label.resize(label.sizeHint())
    qtbot.waitUntil(lambda: label.text() == TEXT)
