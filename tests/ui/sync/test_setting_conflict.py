"""A clinic setting's sync conflict in File → Sync conflicts…: the list names it by its title, and
the pane reads the setting by its title and each value as set, never the setting's key."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QWidget

from iopdesk.domain.kernel import settings
from iopdesk.domain.kernel.clock import site_zone
from iopdesk.domain.kernel.ids import setting_id
from iopdesk.store.sync_models import SyncConflict
from iopdesk.ui.sync.conflict_pane import KEPT_COLUMN, LABEL_COLUMN, LOST_COLUMN
from iopdesk.ui.sync.conflicts_dialog import ConflictsDialog
from tests.support import factories as f

pytestmark = pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise|grabbing)")

TITLE = settings.DECLARED["absence_limit"].title


@pytest.fixture
def dialog(qtbot, actor) -> Iterator[ConflictsDialog]:  # type: ignore[no-untyped-def]
    admin = f.actor_as(actor, f.staff(actor, role="administrator"))
    settings.set_value(admin, "absence_limit", 5)  # kept here
    lost = {
        "id": setting_id("absence_limit").hex,
        "key": "absence_limit",
        "value": json.dumps(4),
        "updated_at": "2025-03-10 09:00:00.000000",
        "version": 2,
    }
    SyncConflict.create(
        table_name="clinic_setting",
        row_id=lost["id"],
        kept_hash="0" * 64,
        lost=json.dumps(lost),
    )
    parent = QWidget()
    qtbot.addWidget(parent)
    shown = ConflictsDialog(parent, admin, site_zone(admin.site_id))
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    shown.close()


def test_a_setting_reads_by_its_title_in_the_list_and_the_pane(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    assert len(dialog.model.rows) == 1
    assert dialog.model.index(0, 0).data() == f"Clinic setting: {TITLE}"
    qtbot.waitUntil(lambda: dialog.pane.detail is not None)
    model = dialog.pane.model
    cells = {
        c.column: tuple(model.index(i, at).data() for at in (LABEL_COLUMN, KEPT_COLUMN, LOST_COLUMN))
        for i, c in enumerate(model.rows)
    }
    assert cells["key"] == ("Setting", TITLE, TITLE)
    assert cells["value"] == ("Value", "5", "4")
    shown = " ".join(str(v) for values in cells.values() for v in values)
    assert "absence_limit" not in shown
