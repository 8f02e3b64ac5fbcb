"""python -m tests.benchmarks [--size small|large|both] [--json FILE] [--repeats N] [--no-startup]

Builds (or reuses, when the demo code is unchanged) the demo clinic of each size, measures every
interaction after a warm-up, and prints median, p95, target and pass/fail; with both sizes it also
prints the large/small ratio per interaction (the scaling bar is ≤ 1.5×). With both sizes each one
runs in its own process, so neither the memory figure nor the timings carry the other's weight.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.benchmarks.clinic import demo_database, working_copy
from tests.benchmarks.harness import Result, fixed, read_json, table, write_json

SCALING_BAR = 1.5


def run_size(size: str, repeats: int, with_startup: bool) -> list[Result]:
    cached, build_seconds = demo_database(size)
    results: list[Result] = []
    if build_seconds is not None:
        target = 180 if size == "large" else None
        results.append(fixed(f"demo --size {size}", target, build_seconds, "s"))
    with tempfile.TemporaryDirectory(prefix="iopdesk-bench-") as folder:
        work = Path(folder)
        db = working_copy(cached, work)
        # Building and copying the clinic leaves hundreds of MB of dirty pages; let the kernel
        # write them now rather than while the measurements run.
        os.sync()
        if with_startup:
            from tests.benchmarks.startup import startup_results

            results += startup_results(db, work)
        os.environ["IOPDESK_HOME"] = str(work / "home")
        from tests.benchmarks.interactions import Bench

        bench = Bench(db, work, repeats)
        try:
            for step in bench.all():
                results.append(step())
        finally:
            bench.close()
    return results


def run_in_child(size: str, args: argparse.Namespace) -> list[Result]:
    """One size in a fresh process (its own memory, caches and Qt application)."""
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
        ]
        if args.no_startup:
            cmd.append("--no-startup")
        print(f"… {size} demo clinic", file=sys.stderr, flush=True)
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


def machine_info() -> dict[str, object]:
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__)
    parser.add_argument("--size", choices=("small", "large", "both"), default="large")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up measurement")
    parser.add_argument("--quiet", action="store_true", help=argparse.SUPPRESS)  # a child run: JSON only
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.size == "both":
        by_size = {size: run_in_child(size, args) for size in ("small", "large")}
    else:
        by_size = {args.size: run_size(args.size, args.repeats, not args.no_startup)}
    scaling = scaling_of(by_size)
    machine = machine_info()
    if args.json:
        write_json(args.json, by_size, machine, scaling)
    if args.quiet:
        return 0
    print(f"IOPdesk benchmarks on {machine['platform']}, {machine['cpus']} CPUs, Python {machine['python']}")
    for size, results in by_size.items():
        print(f"\n== {size} demo clinic ==")
        print(table(results, scaling if size == "large" else None))
    misses = [r.name for results in by_size.values() for r in results if r.passed is False]
    over = [name for name, value in scaling.items() if value > SCALING_BAR]
    if misses or over:
        print("\nMissed: " + "; ".join(misses + [f"{n} scales {scaling[n]:.2f}×" for n in over]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
