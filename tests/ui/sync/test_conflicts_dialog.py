"""File → Sync conflicts…, its record pane, driven by the keys a person presses: the arrows choose a
conflict and the pane follows (kept here beside the change that lost, ≠ on what differs); Tab goes
list → pane → Mark settled → Close; Alt+M settles; Escape closes. A note's values read "(withheld)"
to an administrator who may not read notes, a password "(never shown)"; a conflict that cannot be
read says so. Over the laptop of a synced clinic (real SQLite files), which keeps three conflicts:
a counselor's password, a client's attendance and a signed note."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from iopdesk.domain.kernel.clock import site_zone
from iopdesk.store.sync_models import SyncConflict
from iopdesk.ui.kit.screen_fit import screen_of
from iopdesk.ui.sync.conflict_pane import KEPT_COLUMN, LABEL_COLUMN, LOST_COLUMN, MARK, MARK_COLUMN
from iopdesk.ui.sync.conflicts_dialog import ConflictsDialog
from tests.support import factories as f
from tests.support import sync_places as sp
from tests.support.accessibility import unnamed, unreachable_buttons
from tests.support.large_text import system_look_after  # noqa: F401 (a fixture)
from tests.support.sync_places import note_signed_apart
from tests.ui.sync.support import two_conflicts

pytestmark = [
    pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise|grabbing)"),
    pytest.mark.expect_warnings("sync could not replace a locked row"),  # the signed note, by design
]


@pytest.fixture(autouse=True)
def today(monkeypatch):  # type: ignore[no-untyped-def]
    return f.pin_today(monkeypatch, sp.TODAY)


@pytest.fixture
def clinic(tmp_path: Path) -> Iterator[sp.Clinic]:
    made = sp.make_clinic(tmp_path / "places", laptops=1)
    two_conflicts(made, tmp_path)
    note_signed_apart(made, tmp_path)
    with made.laptops[0].open():
        assert sorted(c.table_name for c in SyncConflict.select()) == ["attendance", "note", "staff"]
        yield made


@pytest.fixture
def dialog(qtbot, clinic) -> Iterator[ConflictsDialog]:  # type: ignore[no-untyped-def]
    parent = QWidget()  # held here for the test: the dialog goes with it
    qtbot.addWidget(parent)
    shown = ConflictsDialog(parent, clinic.admin, site_zone(clinic.admin.site_id))
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is shown)
    yield shown
    shown.close()


def _cells(dialog: ConflictsDialog, column: str) -> dict[int, str]:
    model = dialog.pane.model
    row = next(i for i, c in enumerate(model.rows) if c.column == column)
    return {i: model.index(row, i).data() for i in (MARK_COLUMN, LABEL_COLUMN, KEPT_COLUMN, LOST_COLUMN)}


def _font(dialog: ConflictsDialog, column: str, at: int):  # type: ignore[no-untyped-def]
    model = dialog.pane.model
    row = next(i for i, c in enumerate(model.rows) if c.column == column)
    return model.index(row, at).data(Qt.ItemDataRole.FontRole)


def _press_down_to(qtbot, dialog: ConflictsDialog, table: str) -> None:  # type: ignore[no-untyped-def]
    """Arrow down from the top of the list until the pane shows a conflict about ``table``."""
    qtbot.keyClick(dialog.table, Qt.Key.Key_Home)
    for _ in range(len(dialog.model.rows)):
        if dialog.pane.detail is not None and dialog.pane.detail.table == table:
            return
        chosen = dialog.table.currentIndex().row()
        qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
        qtbot.waitUntil(lambda chosen=chosen: dialog.table.currentIndex().row() == chosen + 1)
        qtbot.waitUntil(
            lambda: dialog.pane.detail is not None and dialog.pane.detail.id == dialog.current().id
        )
    assert dialog.pane.detail is not None and dialog.pane.detail.table == table


def _every_value(dialog: ConflictsDialog) -> list[str]:
    model = dialog.pane.model
    return [
        str(model.index(r, c).data()) for r in range(model.rowCount()) for c in (KEPT_COLUMN, LOST_COLUMN)
    ]


def test_the_pane_follows_the_arrows_and_marks_what_differs(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    assert dialog.table.hasFocus()
    assert len(dialog.model.rows) == 3
    first = dialog.current()
    assert first is not None and dialog.pane.detail is not None and dialog.pane.detail.id == first.id
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: dialog.current() is not None and dialog.current().id != first.id)
    second = dialog.current()
    qtbot.waitUntil(lambda: dialog.pane.detail.id == second.id)  # the pane followed
    qtbot.keyClick(dialog.table, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: dialog.pane.detail.id == first.id)

    _press_down_to(qtbot, dialog, "attendance")
    detail = dialog.pane.detail
    chosen = dialog.proxy.mapToSource(dialog.table.currentIndex()).row()
    assert dialog.model.index(chosen, 0).data() == "Attendance mark"  # what it is, not its table
    status = _cells(dialog, "status")
    assert status[MARK_COLUMN] == MARK and status[LABEL_COLUMN] == "Status"
    assert {status[KEPT_COLUMN], status[LOST_COLUMN]} == {"Late", "Absent (excused)"}
    assert _font(dialog, "status", LABEL_COLUMN).bold()  # marked by a sign and by weight, not colour
    client = _cells(dialog, "client_id")
    assert client[MARK_COLUMN] == "" and client[KEPT_COLUMN] == client[LOST_COLUMN] == detail.client_chart
    assert _font(dialog, "client_id", LABEL_COLUMN) is None
    assert [c.differs for c in dialog.pane.model.rows][:2] == [True, True]  # the differing ones first
    differ = len(detail.differing)
    assert differ >= 2
    assert f"{differ} of {len(detail.columns)} columns differ." in dialog.pane.summary.text()
    assert dialog.pane.table.isVisible() and dialog.pane.table.height() > 100


def test_a_note_reads_withheld_not_blank_to_an_administrator_who_may_not_read_notes(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    _press_down_to(qtbot, dialog, "note")
    body = _cells(dialog, "body")
    assert body[MARK_COLUMN] == MARK  # still told that it differs
    assert body[KEPT_COLUMN] == body[LOST_COLUMN] == "(withheld)"
    assert _font(dialog, "body", KEPT_COLUMN).italic() and _font(dialog, "body", LOST_COLUMN).italic()
    assert _cells(dialog, "author_id")[KEPT_COLUMN] == "(withheld)"  # the whole record, not only text
    assert _cells(dialog, "client_id")[KEPT_COLUMN] == dialog.pane.detail.client_chart  # which client
    assert "Values withheld: Your account (Administrator) cannot read session notes." in (
        dialog.pane.summary.text()
    )
    values = _every_value(dialog)
    assert "" not in values and not any("words" in v for v in values)
    tip = dialog.pane.model.index(0, KEPT_COLUMN).data(Qt.ItemDataRole.ToolTipRole)
    assert "Withheld" in tip


def test_a_password_that_differs_is_marked_and_never_shown(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    _press_down_to(qtbot, dialog, "staff")
    secret = _cells(dialog, "password_hash")
    assert secret[MARK_COLUMN] == MARK
    assert secret[KEPT_COLUMN] == secret[LOST_COLUMN] == "(never shown)"
    values = _every_value(dialog)
    assert not any("argon2" in text for text in values)
    assert "" not in values  # an empty value reads "—", nothing looks left out


def test_tab_goes_from_the_list_to_the_pane_and_the_buttons_and_escape_closes(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    assert unnamed(dialog) == [] and unreachable_buttons(dialog) == []
    assert dialog.pane.table.accessibleName()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Tab)
    qtbot.waitUntil(dialog.pane.table.hasFocus)
    qtbot.keyClick(dialog.pane.table, Qt.Key.Key_Tab)
    qtbot.waitUntil(dialog.settle_button.hasFocus)
    qtbot.keyClick(dialog.settle_button, Qt.Key.Key_Tab)
    qtbot.waitUntil(dialog.close_button.hasFocus)
    qtbot.keyClick(dialog.close_button, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(dialog.settle_button.hasFocus)
    qtbot.keyClick(dialog.settle_button, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(dialog.pane.table.hasFocus)
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.pane.table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_alt_m_settles_the_chosen_one_and_the_pane_moves_to_the_next(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    _press_down_to(qtbot, dialog, "attendance")
    settled = dialog.current()
    place = dialog.table.currentIndex().row()
    qtbot.keyClick(dialog, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(dialog.model.rows) == 2)
    assert SyncConflict.get_by_id(settled.id).resolved_at is not None
    assert dialog.feedback.message() == "Marked settled."
    after = dialog.current()
    assert after is not None and after.id != settled.id
    assert dialog.table.currentIndex().row() == min(place, 1)  # the next one took its place
    qtbot.waitUntil(lambda: dialog.pane.detail is not None and dialog.pane.detail.id == after.id)
    assert dialog.table.hasFocus()  # the next can be settled at once
    for left in (1, 0):  # one press at a time: the button's press shows for a moment before it acts
        qtbot.keyClick(dialog, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda left=left: len(dialog.model.rows) == left)
    assert dialog.pane.detail is None and dialog.pane.model.rowCount() == 0
    assert not dialog.settle_button.isEnabled()
    assert dialog.feedback.message() == "No sync conflicts are waiting."


def test_a_conflict_that_cannot_be_read_says_so_in_the_dialog(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    first = dialog.current()
    SyncConflict.delete().where(SyncConflict.id != first.id).execute()  # gone since the list was read
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: dialog.feedback.kind == "problem")
    assert dialog.feedback.message() == "There is no such sync conflict."
    assert dialog.pane.detail is None and dialog.pane.model.rowCount() == 0
    qtbot.keyClick(dialog.table, Qt.Key.Key_Up)  # the one still there reads again, and the problem goes
    qtbot.waitUntil(lambda: dialog.pane.detail is not None and dialog.pane.detail.id == first.id)
    assert dialog.feedback.kind == ""


@pytest.mark.usefixtures("system_look_after")
def test_at_150_percent_text_the_dialog_fits_the_screen_and_nothing_is_cut_off(qtbot, clinic, qapp) -> None:  # type: ignore[no-untyped-def]
    from iopdesk.ui.look import Look, apply_look

    apply_look(qapp, Look(text_size="150"))
    assert qapp.font().pointSizeF() == 15.0
    parent = QWidget()
    qtbot.addWidget(parent)
    shown = ConflictsDialog(parent, clinic.admin, site_zone(clinic.admin.site_id))
    shown.show()
    qtbot.waitExposed(shown)
    _press_down_to(qtbot, shown, "attendance")
    screen = screen_of(shown).availableGeometry()
    assert shown.width() <= screen.width() and shown.height() <= screen.height()
    table = shown.pane.table
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0)  # no sideways scrolling
    header = table.horizontalHeader()
    assert header.sectionPosition(LOST_COLUMN) + header.sectionSize(LOST_COLUMN) <= table.viewport().width()
    # Each value's row is tall enough for its text (wrapped, never cut): a date to the microsecond.
    metrics = table.fontMetrics()
    for row, column in enumerate(shown.pane.model.rows):
        text = column.kept or ""
        needed = metrics.boundingRect(
            0, 0, header.sectionSize(KEPT_COLUMN) - 8, 10_000, Qt.TextFlag.TextWordWrap, text
        ).height()
        assert table.rowHeight(row) >= needed, column.column
    for button in (shown.settle_button, shown.close_button):
        corner = button.mapTo(shown, QPoint(button.width(), button.height()))
        assert button.isVisible() and corner.x() <= shown.width() and corner.y() <= shown.height()
    assert shown.pane.summary.wordWrap()
    shown.close()


KEYPAD = Qt.KeyboardModifier.KeypadModifier
NONE = Qt.KeyboardModifier.NoModifier


@pytest.mark.parametrize(
    ("key", "modifier"), [(Qt.Key.Key_Return, NONE), (Qt.Key.Key_Enter, KEYPAD)], ids=["return", "keypad"]
)
def test_enter_in_the_list_or_the_pane_settles_nothing_and_on_the_button_settles_the_chosen_one(
    qtbot, dialog, key, modifier
) -> None:  # type: ignore[no-untyped-def]
    # Enter where a person reads must not mark anything settled (nor close the dialog); on the
    # button Tab reached, it does what the button says, like Space.
    for where in (dialog.table, dialog.pane.table):
        where.setFocus()
        qtbot.waitUntil(where.hasFocus)
        qtbot.keyClick(where, key, modifier)
        assert dialog.isVisible() and len(dialog.model.rows) == 3
    assert not SyncConflict.select().where(SyncConflict.resolved_at.is_null(False)).exists()
    chosen = dialog.current()
    qtbot.keyClick(dialog.pane.table, Qt.Key.Key_Tab)
    qtbot.waitUntil(dialog.settle_button.hasFocus)
    qtbot.keyClick(dialog.settle_button, key, modifier)
    qtbot.waitUntil(lambda: len(dialog.model.rows) == 2)
    assert SyncConflict.get_by_id(chosen.id).resolved_at is not None
    assert dialog.isVisible()
    dialog.close_button.setFocus()
    qtbot.waitUntil(dialog.close_button.hasFocus)
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.close_button, key, modifier)
