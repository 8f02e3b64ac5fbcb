"""The measures section a chart hosts: open alerts on top with "Record follow-up…", what is due, the
trend of each instrument, detox ratings by keys with their flags, drug screens by letter keys."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from iopdesk.domain.measures import results, screens
from iopdesk.store.measures_models import DetoxObservation, DrugScreenResult
from iopdesk.store.models import AuditEvent
from iopdesk.ui.views.measures.alert_dialogs import FollowUpDialog
from iopdesk.ui.views.measures.detox_dialogs import RatingDialog, StartDetoxDialog
from iopdesk.ui.views.measures.screen_dialog import DrugScreenDialog, record_screen
from iopdesk.ui.views.measures.section import MeasuresSection
from tests.support.measures_factories import NOON, phq9

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
DAY = dt.timedelta(days=1)


def shown(qtbot, widget):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(widget.isVisible)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    return widget


def opened(kind):  # type: ignore[no-untyped-def]
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    return found[0] if found else None


@pytest.fixture
def section(qtbot, load):  # type: ignore[no-untyped-def]
    results.give(
        load.counselor, load.client_id, "phq9", phq9(2, 2, 2, 2, 2, 1, 1, 1, 0), given_at=NOON - 15 * DAY
    )
    results.give(load.counselor, load.client_id, "phq9", phq9(1, 1, 1, 1, 1, 1, 1, 0, 2))
    widget = MeasuresSection(load.counselor, load.client_id, client_name="Robin R.")
    qtbot.addWidget(widget)
    widget.resize(1000, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_the_open_alert_is_on_top_and_the_scores_trend_on_one_chart(qtbot, section, load) -> None:  # type: ignore[no-untyped-def]
    assert section.banner.isVisible() and len(section.banner.rows) == 1
    (chart,) = section.charts
    assert chart.series.title == "PHQ-9" and [p.value for p in chart.series.lines[0].points] == [13.0, 9.0]
    assert (
        "item 9 answered 2" in section.banner.rows[0].findChild(type(section.due_label), "safetyAlert").text()
    )
    assert chart.accessibleDescription().startswith("13 · Moderate (10-14)")
    assert section.results.rowCount() == 2 and "GAD-7" in section.due_label.text()
    first = section.give_menu.actions()[0].text()
    assert first.startswith("&1 ") and first.endswith("(due)")
    image = chart.grab().toImage()
    assert not image.isNull() and image.width() > 300
    views = AuditEvent.select().where(
        (AuditEvent.action == "view") & (AuditEvent.client_id == load.client_id)
    )
    assert views.count() == 1  # opening the section is one read; refreshes are not
    section.reload()
    assert views.count() == 1
    button = section.banner.rows[0].findChildren(type(section.give_button))[0]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    form = opened(FollowUpDialog)
    assert form is not None
    form.outcome.setCurrentIndex(1)
    form.done_text.setPlainText("Safety plan made with the client.")
    with qtbot.waitSignal(section.changed, timeout=2000):
        form.ok_button.click()
    assert section.banner.isHidden()


def test_detox_is_started_rated_by_keys_and_flagged(qtbot, section, load) -> None:  # type: ignore[no-untyped-def]
    section.start_detox()
    start = shown(qtbot, opened(StartDetoxDialog))
    start.prescriber.setText("Dr. Lee")
    start.plan.setPlainText("Chlordiazepoxide taper; call at CIWA-Ar 15.")
    with qtbot.waitSignal(section.changed, timeout=2000):
        start.ok_button.click()
    assert (
        section.detox_open is not None and "Record CIWA-Ar rating" in section.detox_menu.actions()[0].text()
    )
    section.rate()
    rating = shown(qtbot, opened(RatingDialog))
    for digit in "3333333322":  # ten items: 28, severe
        qtbot.keyClick(QApplication.focusWidget(), getattr(Qt.Key, f"Key_{digit}"))
    assert QApplication.focusWidget() is rating.pulse  # the ratings done, on to the vital signs
    assert rating.score.text() == "CIWA-Ar 28: Severe (19 or more)" and rating.flags.isVisible()
    qtbot.keyClicks(rating.pulse, "118")
    qtbot.keyClick(rating.pulse, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "150/95")
    assert "Pulse 118/min" in rating.flags.text()
    with qtbot.waitSignal(section.changed, timeout=2000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    (row,) = DetoxObservation.select()
    assert (row.score, row.pulse, row.systolic, row.diastolic) == (28, 118, 150, 95)
    assert "higher level of care" in section.detox_summary.text()
    assert [c.series.x_unit for c in section.charts] == ["days", "hours"]


def test_a_drug_screen_by_letter_keys(qtbot, host, load) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(qtbot, record_screen(host, load.counselor, load.client_id))
    assert isinstance(dialog, DrugScreenDialog)
    dialog.panel.setFocus()
    for key in "NP":  # alcohol negative, amphetamines positive
        qtbot.keyClick(dialog.panel, getattr(Qt.Key, f"Key_{key}"))
    qtbot.keyClick(dialog.panel, Qt.Key.Key_Down)  # methamphetamine not tested
    qtbot.keyClick(dialog.panel, Qt.Key.Key_N)  # benzodiazepines negative
    qtbot.keyClick(dialog.panel, Qt.Key.Key_E)  # buprenorphine expected: its medication is asked for
    assert QApplication.focusWidget() is dialog.medication
    qtbot.keyClicks(QApplication.focusWidget(), "Buprenorphine-naloxone 8 mg")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # back to the panel, not saved…
    assert dialog.isVisible() and QApplication.focusWidget() is dialog.panel
    with qtbot.waitSignal(dialog.recorded, timeout=2000) as saved:
        qtbot.keyClick(dialog.panel, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # …and saved
    view = saved.args[0]
    assert [(r.substance, r.result, r.medication) for r in view.results] == [
        ("alcohol", "negative", ""),
        ("amphetamines", "positive", ""),
        ("benzodiazepines", "negative", ""),
        ("buprenorphine", "expected_positive", "Buprenorphine-naloxone 8 mg"),
    ]
    assert (
        DrugScreenResult.select().count() == 4
        and len(screens.screens_for(load.counselor, load.client_id)) == 1
    )
