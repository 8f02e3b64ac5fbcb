from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from iopdesk.ui.main_window import MainWindow


def make_window(qtbot, actor, tmp_path, settings_name="ui.ini"):
    settings = QSettings(str(tmp_path / settings_name), QSettings.Format.IniFormat)
    window = MainWindow(actor, "/tmp/clinic.sqlite3", settings)
    qtbot.addWidget(window)
    return window, settings


def test_status_bar_shows_site_staff_and_database(qtbot, actor, tmp_path):
    window, _ = make_window(qtbot, actor, tmp_path)
    assert "Main site" in window.site_label.text()
    assert "tester" in window.staff_label.text()
    assert "/tmp/clinic.sqlite3" in window.db_label.full == window.db_label.toolTip()
    assert window.windowTitle() == "IOPdesk"


def test_ctrl_number_switches_views(qtbot, actor, tmp_path):
    window, _ = make_window(qtbot, actor, tmp_path)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    with qtbot.waitSignal(window.view_changed) as blocker:
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [window.keys[2]]
    assert window.current_key() == window.keys[2]


def test_last_view_and_size_are_restored(qtbot, actor, tmp_path):
    window, settings = make_window(qtbot, actor, tmp_path)
    window.show()
    window.resize(760, 520)
    window.show_view(window.keys[-1])
    shown_size = window.size()
    window.close()
    again, _ = make_window(qtbot, actor, tmp_path)
    assert again.current_key() == window.keys[-1]
    assert again.size() == shown_size


def test_every_view_has_a_title_and_opens(qtbot, actor, tmp_path):
    window, _ = make_window(qtbot, actor, tmp_path)
    for key in window.keys:
        window.show_view(key)
        assert window.current_key() == key
        assert window.views[key].title
