"""The PyInstaller bundle (.packaging/iopdesk.spec) builds on Linux and runs with no Python of its own:
``--version``, ``demo``, ``check`` and ``--exit-after-startup`` from the built folder.

Slow (a build takes a minute or two on 2 cores); it runs in the README's test command, so CI
builds the bundle on every run. PyInstaller comes with the test extra; the test is skipped, saying
so, only where it cannot be imported.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / ".packaging" / "iopdesk.spec"

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.skip("PyInstaller is not installed (pip install -e '.[test]' installs it)")
    if not sys.platform.startswith("linux"):
        pytest.skip("the bundle test builds the Linux bundle")
    work = tmp_path_factory.mktemp("bundle")
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(SPEC),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-6000:]
    program = work / "dist" / "iopdesk" / "iopdesk"
    assert program.is_file() and os.access(program, os.X_OK)
    return program


def bundled(program: Path, home: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {  # no Python of ours: not the venv's, nor its path
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "IOPDESK_HOME": str(home / "iopdesk"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
        **extra,
    }
    return subprocess.run(
        [str(program), *args], env=env, capture_output=True, text=True, timeout=300, cwd=home
    )


def test_the_bundle_names_its_libraries_builds_the_demo_checks_it_and_starts(bundle, tmp_path):
    version = bundled(bundle, tmp_path, "--version")
    assert version.returncode == 0, version.stderr
    assert re.search(r"SQLite 3\.\d+\.\d+, SQLCipher 4\.\d+\.\d+", version.stdout), version.stdout
    assert re.search(r"Qt 6\.\d+\.\d+, PySide6 6\.\d+\.\d+", version.stdout), version.stdout

    db = tmp_path / "demo.sqlite3"
    demo = bundled(bundle, tmp_path, "--db", str(db), "demo")
    assert demo.returncode == 0, demo.stderr[-3000:]
    assert db.is_file() and db.with_name(db.name + ".keys").is_file()  # encrypted, with its key file

    check = bundled(
        bundle, tmp_path, "--db", str(db), "check", IOPDESK_USER="admin", IOPDESK_PASSWORD="iopdesk-demo"
    )
    assert check.returncode == 0, check.stdout + check.stderr[-3000:]
    assert "result: sound" in check.stdout

    started = bundled(
        bundle,
        tmp_path,
        "--db",
        str(db),
        "--exit-after-startup",
        IOPDESK_USER="counselor",
        IOPDESK_PASSWORD="iopdesk-demo",
    )
    assert started.returncode == 0, started.stderr[-3000:]
    assert "iopdesk: idle at monotonic_ns=" in started.stdout
    assert "Traceback" not in started.stderr
