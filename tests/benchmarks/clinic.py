"""The demo clinic a benchmark runs on: built once per size, kind and code version, then reused.

Two kinds of the same clinic (same size, same seed, built the same day):

- ``encrypted``: what every new clinic is, and what ``main.py demo`` builds: a
  SQLCipher file with its key file ``NAME.sqlite3.keys`` beside it. It opens
  only by signing in (the demo password unwraps the database key);
- ``plain``: the same demo built with ``encrypt=False``, an ordinary SQLite
  file, only for measuring what encryption costs (``--compare-plain``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "main.py"

ENCRYPTED = "encrypted"
PLAIN = "plain"
KINDS = (ENCRYPTED, PLAIN)
SEED = 1  # the demo command's default seed
USERNAME = "counselor"
PASSWORD = "iopdesk-demo"  # iopdesk.demo.DEMO_PASSWORD (not imported: the harness parent stays light)
KEYS_SUFFIX = ".keys"  # iopdesk.store.keyring.SUFFIX


FINGERPRINT_VARIABLE = "IOPDESK_BENCH_FINGERPRINT"


def fingerprint() -> str:
    """Changes when anything that shapes the demo data, or how its file is encrypted, changes.

    A run pins it (``pin_fingerprint``) so that its child processes all use the same cached
    clinics even if the code is edited while it runs."""
    pinned = os.environ.get(FINGERPRINT_VARIABLE)
    if pinned:
        return pinned
    digest = hashlib.sha256()
    # The demo writes care records in the forms iopdesk.domain.care seals and reads.
    folders = [ROOT / "iopdesk" / "demo", ROOT / "iopdesk" / "store", ROOT / "iopdesk" / "domain" / "care"]
    files = [ROOT / "iopdesk" / "domain" / "access" / "unlock.py"]  # the demo's key file (demo_keys)
    paths = [p for folder in folders for p in sorted(folder.rglob("*.py"))] + [p for p in files if p.exists()]
    for path in paths:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def pin_fingerprint() -> str:
    os.environ[FINGERPRINT_VARIABLE] = fingerprint()
    return os.environ[FINGERPRINT_VARIABLE]


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
    env["IOPDESK_USER"] = USERNAME
    env.setdefault("IOPDESK_PASSWORD", PASSWORD)
    return env


def keys_of(db: Path) -> Path:
    return db.with_name(db.name + KEYS_SUFFIX)


def cached_path(size: str, kind: str = ENCRYPTED) -> Path:
    return cache_dir() / f"demo-{size}-{kind}-{fingerprint()}.sqlite3"


def is_cached(size: str, kind: str = ENCRYPTED) -> bool:
    path = cached_path(size, kind)
    return path.exists() and (kind == PLAIN or keys_of(path).exists())


def built_on(path: Path) -> dt.date:
    return dt.date.fromtimestamp(path.stat().st_mtime)


def demo_database(size: str, kind: str = ENCRYPTED) -> tuple[Path, float | None]:
    """(path of the cached demo, seconds the build took or None when reused)."""
    cached = cached_path(size, kind)
    if is_cached(size, kind):
        return cached, None
    current = fingerprint()
    for stale in cache_dir().glob(f"demo-{size}-*"):
        # Any other code version (either kind), an older naming, or this kind's unfinished build.
        if current not in stale.name or stale.name.startswith(f"demo-{size}-{kind}-"):
            stale.unlink()
    home = cache_dir() / "home"
    started = time.perf_counter()
    if kind == ENCRYPTED:
        # The command a user runs: encrypted, with the demo accounts' key file beside it.
        cmd = [sys.executable, str(MAIN), "--db", str(cached), "demo", "--size", size, "--seed", str(SEED)]
    else:
        cmd = [sys.executable, "-m", "tests.benchmarks.clinic", "build-plain", size, str(cached)]
    subprocess.run(
        cmd, env=bench_env(home), cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return cached, time.perf_counter() - started


def ensure_same_day(size: str) -> dict[str, float]:
    """Both kinds cached and built today (the demo's dates follow the day it was built, so an older
    one is a different clinic); returns the seconds each build took, for those built now."""
    built: dict[str, float] = {}
    today = dt.date.today()
    for kind in KINDS:
        path = cached_path(size, kind)
        if is_cached(size, kind) and built_on(path) != today:
            path.unlink()
            keys_of(path).unlink(missing_ok=True)
        print(
            f"… {size} demo clinic, {kind}: {'reused' if is_cached(size, kind) else 'building'}",
            file=sys.stderr,
            flush=True,
        )
        _, seconds = demo_database(size, kind)
        if seconds is not None:
            built[kind] = seconds
    return built


def working_copy(cached: Path, folder: Path) -> Path:
    """Measurements write (marks, drafts, signatures, sign-ins): never into the cached clinic.
    An encrypted clinic's key file comes with it (signing in opens the copy with it)."""
    dest = folder / cached.name
    shutil.copyfile(cached, dest)
    if keys_of(cached).exists():
        shutil.copyfile(keys_of(cached), keys_of(dest))
    return dest


def _build_plain(size: str, path: Path) -> None:
    from iopdesk.demo.clinic_file import build_demo_database
    from iopdesk.store.database import Target

    build_demo_database(Target(path=path), size, SEED, encrypt=False)


if __name__ == "__main__":  # python -m tests.benchmarks.clinic build-plain SIZE PATH
    if len(sys.argv) != 4 or sys.argv[1] != "build-plain":
        sys.exit("usage: python -m tests.benchmarks.clinic build-plain small|large PATH")
    _build_plain(sys.argv[2], Path(sys.argv[3]))
