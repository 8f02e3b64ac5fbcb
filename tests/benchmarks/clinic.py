"""The demo clinic a benchmark runs on: built once per size and code version, then reused."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "main.py"


def fingerprint() -> str:
    """Changes when anything that shapes the demo data changes."""
    digest = hashlib.sha256()
    folders = [ROOT / "iopdesk" / "domain" / "demo", ROOT / "iopdesk" / "store"]
    for folder in folders:
        for path in sorted(folder.rglob("*.py")):
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cache_dir() -> Path:
    base = os.environ.get("IOPDESK_BENCH_DIR") or os.path.join(
        os.path.expanduser("~"), ".cache", "iopdesk-bench"
    )
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path


def bench_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["IOPDESK_HOME"] = str(home)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("IOPDESK_DB", None)
    env["IOPDESK_USER"] = "counselor"
    env.setdefault("IOPDESK_PASSWORD", "iopdesk-demo")
    return env


def demo_database(size: str) -> tuple[Path, float | None]:
    """(path of the cached demo, seconds the build took or None when reused)."""
    cached = cache_dir() / f"demo-{size}-{fingerprint()}.sqlite3"
    if cached.exists():
        return cached, None
    for stale in cache_dir().glob(f"demo-{size}-*.sqlite3*"):
        stale.unlink()
    home = cache_dir() / "home"
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(MAIN), "--db", str(cached), "demo", "--size", size],
        env=bench_env(home),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return cached, time.perf_counter() - started


def working_copy(cached: Path, folder: Path) -> Path:
    """Measurements write (marks, drafts, signatures): never into the cached clinic."""
    dest = folder / cached.name
    shutil.copyfile(cached, dest)
    return dest
