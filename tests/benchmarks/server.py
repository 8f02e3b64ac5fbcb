"""The demo clinic on a PostgreSQL server, for ``python -m tests.benchmarks --db postgresql://…``.

The URL names a database the role may connect to and whose server lets it create databases
(CREATEDB). Beside it, on the same server, each size's demo is built once per code version and
day, as ``main.py --db … demo`` builds it (``<dbname>_demo_<size>``), and every run measures a
fresh copy of it (``<dbname>_demo_<size>_work``, made with CREATE DATABASE … TEMPLATE, dropped
afterwards): the measurements write marks, drafts and signatures, never into the cached demo.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from urllib.parse import urlsplit, urlunsplit

from tests.benchmarks.clinic import MAIN, ROOT, SEED, bench_env, cache_dir, fingerprint

MARK = "benchmark_demo"  # a setting in the cached demo: which code version and day built it


def url_of(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def _name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _admin(url: str):  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(url, autocommit=True)


def _mark_of(url: str) -> dict[str, str] | None:
    import psycopg

    try:
        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT value FROM setting WHERE key = %s", (MARK,)).fetchone()
    except psycopg.Error:  # no such database, or no demo in it
        return None
    return json.loads(row[0]) if row else None


def demo_on_server(url: str, size: str) -> tuple[str, float | None]:
    """(URL of a working copy of the demo of ``size``, seconds its build took or None when reused)."""
    cached = url_of(url, f"{_name(url)}_demo_{size}")
    wanted = {"code": fingerprint(), "day": dt.date.today().isoformat()}
    seconds = None
    if _mark_of(cached) != wanted:
        print(f"… {size} demo clinic on the server: building", file=sys.stderr, flush=True)
        with _admin(url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{_name(cached)}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{_name(cached)}"')
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, str(MAIN), "--db", cached, "demo", "--size", size, "--seed", str(SEED)],
            env=bench_env(cache_dir() / "home"),
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - started
        with _admin(cached) as conn:
            conn.execute("INSERT INTO setting (key, value) VALUES (%s, %s)", (MARK, json.dumps(wanted)))
            conn.execute("VACUUM ANALYZE")
    work = url_of(url, f"{_name(cached)}_work")
    with _admin(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{_name(work)}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{_name(work)}" TEMPLATE "{_name(cached)}"')  # statistics too
    return work, seconds


def drop_copy(url: str, work: str) -> None:
    with _admin(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{_name(work)}" WITH (FORCE)')
