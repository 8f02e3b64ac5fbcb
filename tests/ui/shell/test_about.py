"""Help → About names what the program runs on: the SQLCipher actually loaded, Qt and PySide6."""

from __future__ import annotations

import PySide6
import pytest
from PySide6.QtCore import QTimer, qVersion
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from iopdesk import __version__
from iopdesk.store import driver
from iopdesk.ui.dialogs.about import about_text, show_about

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform


def test_about_names_the_versions_and_the_folders(qtbot, tmp_path):
    text = about_text(str(tmp_path / "clinic.sqlite3"))
    assert f"IOPdesk {__version__}" in text
    assert f"SQLite {driver.dbapi.sqlite_version}" in text
    if driver.HAS_CIPHER:
        con = driver.dbapi.connect(":memory:")
        assert f"SQLCipher {str(con.execute('PRAGMA cipher_version').fetchone()[0]).split()[0]}" in text
        con.close()
    assert f"Qt {qVersion()}, PySide6 {PySide6.__version__}" in text
    assert "clinic.sqlite3" in text


def test_help_about_opens_and_closes_with_enter(qtbot, tmp_path):
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[str] = []

    def answer() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        seen.append(box.text())
        qtbot.keyClick(box, PySide6.QtCore.Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    show_about(parent, "clinic.sqlite3")
    assert seen and "SQLite" in seen[0] and "PySide6" in seen[0]
