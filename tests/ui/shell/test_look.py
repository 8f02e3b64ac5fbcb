"""View → Theme and View → Text size (issue 18): the choice changes the whole application at once, is
kept for the person who made it (by staff id), and a trend chart is drawn in colours that read on it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from iopdesk.render.trend_chart import PRINT, SCREEN_DARK, SCREEN_HIGH_CONTRAST
from iopdesk.ui.look import Look, apply_look, kind_of, settings_key
from iopdesk.ui.main_window import MainWindow
from iopdesk.ui.views.measures.trend_widget import screen_ink
from tests.support import factories as f

pytestmark = pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise|grabbing)")
WINDOW = QPalette.ColorRole.Window


@pytest.fixture(autouse=True)
def system_look_after(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The application is shared by every GUI test: leave it as the system draws it."""
    yield
    apply_look(qapp, Look())


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


def shown(qtbot, actor, settings: QSettings) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(actor, "/tmp/clinic.sqlite3", settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def test_a_theme_changes_the_palette_at_once_and_is_kept_for_that_person(  # type: ignore[no-untyped-def]
    qtbot, actor, settings, qapp
):
    window = shown(qtbot, actor, settings)
    assert kind_of(qapp.palette()) == "light"  # the offscreen system's
    chart_ink = screen_ink(window)
    assert chart_ink is PRINT

    window.look_menu.themes["dark"].trigger()
    assert kind_of(qapp.palette()) == "dark" and qapp.palette().color(WINDOW).lightness() < 80
    assert screen_ink(window) is SCREEN_DARK  # the trend charts' titles and lines read on dark
    assert settings.value(settings_key(actor, "theme")) == "dark"
    assert window.look_menu.themes["dark"].isChecked()

    window.look_menu.themes["high_contrast"].trigger()
    assert qapp.palette().color(WINDOW).name() == "#000000"
    assert qapp.palette().color(QPalette.ColorRole.Highlight).name() == "#ffff00"
    assert "3px solid #ffff00" in qapp.styleSheet()  # thicker, yellow focus rings
    assert screen_ink(window) is SCREEN_HIGH_CONTRAST
    window.close()

    apply_look(qapp, Look())  # the sign-in screen, say
    other = f.actor_as(actor, f.staff(actor, "counselor", "Casey Counselor"))
    second = shown(qtbot, other, settings)  # someone else at the same workstation: their own look
    assert kind_of(qapp.palette()) == "light" and not second.look_menu.themes["high_contrast"].isChecked()
    second.close()
    again = shown(qtbot, actor, settings)  # the first person again: high contrast, at once
    assert kind_of(qapp.palette()) == "high_contrast" and again.look_menu.themes["high_contrast"].isChecked()


def test_text_size_by_menu_and_by_keys(qtbot, actor, settings, qapp):  # type: ignore[no-untyped-def]
    window = shown(qtbot, actor, settings)
    window.look_menu.sizes["150"].trigger()
    assert qapp.font().pointSizeF() == 15.0
    assert "25.5pt" in qapp.styleSheet()  # the view titles (17 pt at 100 %) grow in step
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert qapp.font().pointSizeF() == 12.5
    assert settings.value(settings_key(actor, "text_size")) == "125"
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert qapp.font().pointSizeF() == 10.0 and window.look_menu.sizes["100"].isChecked()


def test_the_theme_menu_is_reached_by_keys(qtbot, actor, settings, qapp):  # type: ignore[no-untyped-def]
    window = shown(qtbot, actor, settings)
    menu = window.look_menu.theme_menu
    titles = [a.text() for a in menu.actions()]
    assert titles == ["&System colours", "&Light", "&Dark", "&High contrast"]
    assert menu.menuAction() in window.view_menu.actions() and "&" in menu.title()


def test_the_application_draws_with_fusion_whatever_the_desktop_asks(tmp_path):  # type: ignore[no-untyped-def]
    """Fusion is asked for on Qt's command line (ui/application.py); it wins over the desktop's own
    style, $QT_STYLE_OVERRIDE and a -style given to the program, as setStyle("Fusion") did."""
    probe = (
        "from iopdesk.ui.application import IopApplication\n"
        "app = IopApplication(['iopdesk', '-style', 'Windows'])\n"
        "app.setStyleSheet('')\n"  # the style sheet's own style wraps the one underneath
        "print(app.style().name())\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_STYLE_OVERRIDE": "Windows"}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["fusion"]
