"""Start-up as a whole process, against a bare PySide6 window (the floor no Qt program beats)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.benchmarks.clinic import MAIN, bench_env

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
"""


def _time(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    return (time.perf_counter() - started) * 1000


def startup_samples(db: Path, home: Path, repeats: int = 5) -> tuple[list[float], list[float]]:
    """(IOPdesk ms, bare window ms), interleaved so both see the same machine load."""
    env = bench_env(home)
    app_cmd = [sys.executable, str(MAIN), "--db", str(db), "--exit-after-startup"]
    bare_cmd = [sys.executable, "-c", BARE]
    _time(app_cmd, env)  # warm the file cache
    _time(bare_cmd, env)
    ours, bare = [], []
    for _ in range(repeats):
        ours.append(_time(app_cmd, env))
        bare.append(_time(bare_cmd, env))
    return ours, bare


def ratio(ours: list[float], bare: list[float]) -> float:
    return statistics.median(ours) / statistics.median(bare)
