"""Nothing identifying leaks around the database: logs, crash trail and per-machine settings
carry ids and event types, never client names or note text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.keys_support import raw_connection

ROOT = Path(__file__).resolve().parents[2]
MAIN = str(ROOT / "main.py")

pytestmark = pytest.mark.e2e


def test_logs_and_settings_hold_no_client_names(tmp_path):
    env = dict(os.environ, IOPDESK_HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    env.update(IOPDESK_USER="counselor", IOPDESK_PASSWORD="iopdesk-demo")
    env.pop("IOPDESK_DB", None)

    def run(*args: str) -> None:
        done = subprocess.run([sys.executable, MAIN, *args], env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr

    run("--demo", "--exit-after-startup")  # builds the demo, signs in, opens the window
    db = tmp_path / "data" / "demo-clinic.sqlite3"
    run("--demo", "export", "roster", "-o", str(tmp_path / "roster.csv"))
    run("--demo", "export", "attendance", "--from", "2000-01-01", "--to", "2100-01-01", "-o", str(tmp_path / "a.csv"))
    run("--demo", "check")

    conn = raw_connection(db, "counselor", "iopdesk-demo")  # the demo is encrypted: read it with its key
    canaries = {
        word
        for row in conn.execute("SELECT legal_first, legal_last, preferred_name, chart_number FROM client")
        for word in row
        if word and len(word) >= 5
    }
    conn.close()
    assert len(canaries) > 50

    looked_at = 0
    for folder in (tmp_path / "logs", tmp_path / "config"):
        for path in folder.rglob("*"):
            if path.is_file():
                looked_at += 1
                text = path.read_text(encoding="utf-8", errors="replace")
                leaked = sorted(w for w in canaries if w in text)
                assert not leaked, f"{path.name} contains {leaked[:5]}"
    assert looked_at >= 2  # at least the log and the window settings
