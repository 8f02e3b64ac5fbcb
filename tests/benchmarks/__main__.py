"""python -m tests.benchmarks [--size small|large|both] [--json FILE] [--repeats N] [--no-startup]
                            [--cold] [--compare-plain [--rounds R] [--warm-only]]
                            [--db postgresql://user@host/dbname]

--db runs the same interactions, with the same targets, against the demo clinic on a PostgreSQL
server (tests/benchmarks/server.py: built once beside the URL's database, measured on a fresh copy;
no start-up or cold pass there). Every run also counts the statements each click sends; on a
server the table adds what the click would take on the clinic's network, each statement one LAN
round trip more (harness.LAN_ROUND_TRIP_MS).

Builds (or reuses, when the demo code is unchanged) the demo clinic of each size, encrypted as every
new clinic is, signs in to it as the demo counselor (which unlocks it), measures every interaction
after a warm-up, and prints median, p95, target and pass/fail; with both sizes it also prints the
large/small ratio per interaction (the scaling bar is ≤ 1.5×). With both sizes each one runs in its
own process, so neither the memory figure nor the timings carry the other's weight.

--compare-plain measures what encryption costs: the same demo (same size and seed, built the same
day) is also built as a plain SQLite file, and the same interactions run against each, R rounds of
one process per kind, alternating (E P, P E, E P …) so slow drifts of the machine fall on both. Per
interaction it prints the pooled median of each kind and the encrypted/plain ratio, with the range
of the per-round ratios beside it (the noise), the geometric mean of the ratios (warm and cold
apart), and flags every interaction over the bar (encryption may slow ordinary work after sign-in
by at most 25 %).

A repeated click finds the pages it reads already decrypted in SQLite's page cache (32 MB), so the
warm figures show little of what encryption costs. The cold pass (--cold; --compare-plain runs it
unless --warm-only) times every interaction again with the page cache emptied before each run
(PRAGMA shrink_memory; the file stays in the operating system's cache): every page is read through
the pager, and on the encrypted clinic decrypted and its HMAC checked, as on the first visit after
signing in, or once the cache has moved on to other records of a clinic far larger than 32 MB.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.benchmarks.clinic import (
    ENCRYPTED,
    KINDS,
    PLAIN,
    demo_database,
    ensure_same_day,
    pin_fingerprint,
    working_copy,
)
from tests.benchmarks.harness import COLD, Result, fixed, on_a_lan, read_json, table, write_json

SCALING_BAR = 1.5
ENCRYPTION_BAR = 1.25


def run_on_server(url: str, size: str, repeats: int) -> list[Result]:
    from tests.benchmarks.server import demo_on_server, drop_copy

    work, build_seconds = demo_on_server(url, size)
    results: list[Result] = []
    if build_seconds is not None:
        results.append(fixed(f"demo --size {size} (on the server)", 180 if size == "large" else None,
                             build_seconds, "s"))  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="iopdesk-bench-") as folder:
        os.environ["IOPDESK_HOME"] = str(Path(folder) / "home")
        from tests.benchmarks.interactions import Bench

        bench = Bench(work, Path(folder), repeats)
        try:
            for step in bench.all():
                results.append(step())
        finally:
            bench.close()
            drop_copy(url, work)
    return results


def run_size(
    size: str,
    repeats: int,
    with_startup: bool,
    kind: str = ENCRYPTED,
    plain_startup: bool = False,
    cold: bool = False,
    server: str | None = None,
) -> list[Result]:
    if server is not None:
        return run_on_server(server, size, repeats)
    cached, build_seconds = demo_database(size, kind)
    results: list[Result] = []
    if build_seconds is not None:
        target = 180 if size == "large" and kind == ENCRYPTED else None
        results.append(fixed(build_name(size, kind), target, build_seconds, "s"))
    with tempfile.TemporaryDirectory(prefix="iopdesk-bench-") as folder:
        work = Path(folder)
        db = working_copy(cached, work)
        plain_db = working_copy(demo_database(size, PLAIN)[0], work) if plain_startup else None
        # Building and copying the clinic leaves hundreds of MB of dirty pages; let the kernel
        # write them now rather than while the measurements run.
        os.sync()
        if with_startup:
            from tests.benchmarks.startup import startup_results

            results += startup_results(db, work, plain_db)
        os.environ["IOPDESK_HOME"] = str(work / "home")
        from tests.benchmarks.interactions import Bench

        bench = Bench(db, work, repeats, cold=cold)
        try:
            for step in bench.all():
                results.append(step())
            if cold:
                for step in bench.cold_pass():
                    results.append(step())
        finally:
            bench.close()
    return results


def build_name(size: str, kind: str) -> str:
    return f"demo --size {size}" + ("" if kind == ENCRYPTED else " (plain file, encrypt=False)")


def run_in_child(
    size: str,
    args: argparse.Namespace,
    kind: str = ENCRYPTED,
    *,
    startup: bool | None = None,
    plain_startup: bool = False,
    cold: bool = False,
) -> list[Result]:
    """One size (and kind) in a fresh process (its own memory, caches and Qt application)."""
    with tempfile.TemporaryDirectory(prefix="iopdesk-bench-json-") as folder:
        out = Path(folder) / f"{size}.json"
        cmd = [
            sys.executable,
            "-m",
            "tests.benchmarks",
            "--size",
            size,
            "--repeats",
            str(args.repeats),
            "--json",
            str(out),
            "--quiet",
            "--kind",
            kind,
        ]
        if not (not args.no_startup if startup is None else startup):
            cmd.append("--no-startup")
        if plain_startup:
            cmd.append("--plain-startup")
        if cold:
            cmd.append("--cold")
        if args.db:
            cmd += ["--db", args.db]
        where = kind if not args.db else "on the server"
        print(f"… {size} demo clinic, {where}", file=sys.stderr, flush=True)
        subprocess.run(cmd, check=True)
        return read_json(out)[size]


def scaling_of(by_size: dict[str, list[Result]]) -> dict[str, float]:
    if "small" not in by_size or "large" not in by_size:
        return {}
    small = {r.name: r for r in by_size["small"] if r.unit == "ms"}
    return {
        r.name: r.median / small[r.name].median
        for r in by_size["large"]
        if r.unit == "ms" and r.name in small and small[r.name].median > 0
    }


# --- the cost of encryption ---------------------------------------------------------------


def pooled(rounds: list[list[Result]]) -> list[Result]:
    """One result per name over all rounds: every timed sample together; a single figure
    (MiB, ×, s) as the median of the rounds that have it."""
    out: dict[str, Result] = {}
    for results in rounds:
        for r in results:
            if r.name not in out:
                out[r.name] = Result(r.name, r.target_ms, list(r.samples_ms), note=r.note, unit=r.unit)
            else:
                out[r.name].samples_ms.extend(r.samples_ms)
    for r in out.values():
        if r.unit != "ms" and len(r.samples_ms) > 1:
            r.samples_ms = [statistics.median(r.samples_ms)]
    return list(out.values())


def encryption_cost(rounds: dict[str, list[list[Result]]]) -> dict[str, object]:
    """Per interaction: pooled medians of each kind, their ratio and difference, and the per-round
    ratios; the geometric mean of the ratios, warm and cold apart."""
    enc = {r.name: r for r in pooled(rounds[ENCRYPTED])}
    plain = {r.name: r for r in pooled(rounds[PLAIN])}
    rows = []
    for name, e in enc.items():
        p = plain.get(name)
        if p is None or e.unit != p.unit or e.unit not in ("ms", "MiB") or not p.median > 0:
            continue
        per_round = []
        spread = []
        for er, pr in zip(rounds[ENCRYPTED], rounds[PLAIN], strict=False):
            ei = next((r for r in er if r.name == name), None)
            pi = next((r for r in pr if r.name == name), None)
            if ei is not None and pi is not None and pi.median > 0:
                per_round.append(ei.median / pi.median)
                spread.append(pi.median)
        rows.append(
            {
                "name": name,
                "unit": e.unit,
                "cold": name.endswith(COLD),
                "plain": p.median,
                "encrypted": e.median,
                "ratio": e.median / p.median,
                "difference": e.median - p.median,
                "round_ratios": per_round,
                # How far plain's own per-round medians stray from each other: the noise floor.
                "plain_round_spread": (max(spread) / min(spread))
                if len(spread) > 1 and min(spread) > 0
                else None,
                "over": e.unit == "ms" and e.median / p.median > ENCRYPTION_BAR,
                "plain_samples": p.samples_ms,
                "encrypted_samples": e.samples_ms,
            }
        )
    return {
        "bar": ENCRYPTION_BAR,
        "rounds": len(rounds[ENCRYPTED]),
        "interactions": rows,
        "geometric_mean": _geomean([r["ratio"] for r in rows if r["unit"] == "ms" and not r["cold"]]),
        "geometric_mean_cold": _geomean([r["ratio"] for r in rows if r["unit"] == "ms" and r["cold"]]),
        "over": [row["name"] for row in rows if row["over"]],
    }


def _geomean(values: list[object]) -> float | None:
    logs = [math.log(float(v)) for v in values]  # type: ignore[arg-type]
    return math.exp(statistics.fmean(logs)) if logs else None


def cost_table(cost: dict[str, object]) -> str:
    rows: list[dict[str, object]] = cost["interactions"]  # type: ignore[assignment]
    width = max([52] + [len(str(r["name"])) for r in rows])
    head = (
        f"{'operation':<{width}} {'plain':>10} {'encrypted':>10} {'enc − plain':>11} {'enc/plain':>9} "
        f"{'per round':>13} {'plain noise':>11} {'':>5}"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        unit = " ms" if r["unit"] == "ms" else f" {r['unit']}"
        rr: list[float] = r["round_ratios"]  # type: ignore[assignment]
        span = f"{min(rr):.2f}–{max(rr):.2f}×" if len(rr) > 1 else ""
        spread = r["plain_round_spread"]
        noise = f"±{(float(spread) - 1) * 50:.0f} %" if spread else ""  # type: ignore[arg-type]
        flag = "OVER" if r["over"] else ""
        lines.append(
            f"{r['name']:<{width}} {r['plain']:>7.1f}{unit} {r['encrypted']:>7.1f}{unit} "
            f"{r['difference']:>+8.1f}{unit} {r['ratio']:>8.2f}× {span:>13} {noise:>11} {flag:>5}"
        )
    for label, key in (("warm", "geometric_mean"), ("cold page cache", "geometric_mean_cold")):
        if cost.get(key) is not None:
            lines.append(f"geometric mean of the timed ratios, {label}: {cost[key]:.2f}×")
    lines.append(f"({cost['rounds']} rounds per kind; bar ≤ {cost['bar']:g}× per interaction)")
    return "\n".join(lines)


def compare_size(size: str, args: argparse.Namespace) -> tuple[list[Result], dict[str, object]]:
    """Both kinds of one size, alternating rounds; (the encrypted results, the cost of encryption)."""
    built = ensure_same_day(size)
    rounds: dict[str, list[list[Result]]] = {kind: [] for kind in KINDS}
    for n in range(args.rounds):
        order = KINDS if n % 2 == 0 else tuple(reversed(KINDS))
        for kind in order:
            # Start-up once (the first encrypted round): its own interleaved subprocesses.
            startup = not args.no_startup and n == 0 and kind == ENCRYPTED
            rounds[kind].append(
                run_in_child(
                    size, args, kind, startup=startup, plain_startup=startup, cold=not args.warm_only
                )
            )
    results = [
        fixed(build_name(size, kind), 180 if size == "large" and kind == ENCRYPTED else None, s, "s")
        for kind, s in built.items()
    ]
    cost = encryption_cost(rounds)
    if PLAIN in built and ENCRYPTED in built:
        cost["build_seconds"] = {"plain": built[PLAIN], "encrypted": built[ENCRYPTED]}
    return results + pooled(rounds[ENCRYPTED]), cost


def describe_server(url: str) -> str:
    from iopdesk.store.server import describe

    return describe(url)


def machine_info() -> dict[str, object]:
    info: dict[str, object] = {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }
    try:
        from sqlcipher3 import dbapi2

        con = dbapi2.connect(":memory:")
        info["sqlite"] = dbapi2.sqlite_version
        info["sqlcipher"] = con.execute("PRAGMA cipher_version").fetchone()[0]
        con.close()
    except ImportError:
        import sqlite3

        info["sqlite"] = sqlite3.sqlite_version
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--size", choices=("small", "large", "both"), default="large")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up measurement")
    parser.add_argument(
        "--compare-plain",
        action="store_true",
        help="also run every interaction against a plain (unencrypted) build of the same demo and "
        "report the encrypted/plain ratio of each",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="with --compare-plain: processes per kind, alternating (default 3)",
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="also time every interaction from an empty SQLite page cache (--compare-plain does, "
        "unless --warm-only)",
    )
    parser.add_argument("--warm-only", action="store_true", help="with --compare-plain: no cold pass")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="a PostgreSQL server (postgresql://user@host/dbname, a role with CREATEDB): the demo is "
        "built and measured there",
    )
    # A child run: one kind of one size, JSON only.
    parser.add_argument("--quiet", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--kind", choices=KINDS, default=ENCRYPTED, help=argparse.SUPPRESS)
    parser.add_argument("--plain-startup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.db and (args.compare_plain or args.cold):
        parser.error("--compare-plain and --cold are about SQLite files; --db measures a server")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    pin_fingerprint()  # every child process of this run uses the same cached clinics
    sizes = ("small", "large") if args.size == "both" else (args.size,)
    costs: dict[str, dict[str, object]] = {}
    if args.compare_plain:
        by_size = {}
        for size in sizes:
            by_size[size], costs[size] = compare_size(size, args)
    elif args.size == "both":
        by_size = {size: run_in_child(size, args, cold=args.cold) for size in sizes}
    else:
        by_size = {
            args.size: run_size(
                args.size, args.repeats, not args.no_startup, args.kind, args.plain_startup, args.cold,
                server=args.db,
            )
        }
    scaling = scaling_of(by_size)
    machine = machine_info()
    if args.json:
        write_json(args.json, by_size, machine, scaling, costs or None)
    if args.quiet:
        return 0
    engine = (
        f"PostgreSQL at {describe_server(args.db)}"
        if args.db
        else f"SQLite {machine.get('sqlite')}"
        + (f", SQLCipher {machine['sqlcipher']}" if "sqlcipher" in machine else "")
    )
    print(
        f"IOPdesk benchmarks on {machine['platform']}, {machine['cpus']} CPUs, Python {machine['python']}, "
        + engine
    )
    for size, results in by_size.items():
        kind = f"{ENCRYPTED}, {args.rounds} rounds pooled" if args.compare_plain else args.kind
        if args.db:
            kind = "PostgreSQL server"
        print(f"\n== {size} demo clinic ({kind}) ==")
        print(table(results, scaling if size == "large" else None, lan=bool(args.db)))
    for size, cost in costs.items():
        print(f"\n== cost of encryption, {size} demo clinic (encrypted ÷ plain, pooled medians) ==")
        print(cost_table(cost))
    misses = [r.name for results in by_size.values() for r in results if r.passed is False]
    if args.db:  # on a server the click must also be in time across the clinic's network
        misses += [
            f"{r.name} (on a LAN)"
            for results in by_size.values()
            for r in results
            if r.passed and r.target_ms is not None and (on_a_lan(r) or 0) > r.target_ms
        ]
    # The scaling bar is for the ordinary (warm) click: a cold read grows with the file by nature.
    over = [name for name, value in scaling.items() if value > SCALING_BAR and not name.endswith(COLD)]
    slowed = [
        f"{row['name']} ({size}) {row['ratio']:.2f}×"
        for size, cost in costs.items()
        for row in cost["interactions"]  # type: ignore[attr-defined]
        if row["over"]
    ]
    if misses or over:
        print("\nMissed: " + "; ".join(misses + [f"{n} scales {scaling[n]:.2f}×" for n in over]))
    if slowed:
        print(f"\nEncrypted over {ENCRYPTION_BAR:g}× plain: " + "; ".join(slowed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
