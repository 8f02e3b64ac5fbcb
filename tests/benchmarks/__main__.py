"""python -m tests.benchmarks [--size small|large|both] [--json FILE] [--repeats N] [--no-startup]

Builds (or reuses, when the demo code is unchanged) the demo clinic of each size, measures every
interaction after a warm-up, and prints median, p95, target and pass/fail; with both sizes it also
prints the large/small ratio per interaction (the scaling bar is ≤ 1.5×).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from pathlib import Path

from tests.benchmarks.clinic import demo_database, working_copy
from tests.benchmarks.harness import Result, fixed, table, write_json
from tests.benchmarks.startup import ratio, startup_samples


def run_size(size: str, repeats: int, with_startup: bool) -> list[Result]:
    cached, build_seconds = demo_database(size)
    results: list[Result] = []
    if build_seconds is not None:
        target = 180 if size == "large" else None
        results.append(fixed(f"demo --size {size}", target, build_seconds, "s"))
    with tempfile.TemporaryDirectory(prefix="iopdesk-bench-") as folder:
        work = Path(folder)
        db = working_copy(cached, work)
        if with_startup:
            ours, bare = startup_samples(db, work / "home")
            results.append(
                fixed(
                    "start-up to idle main window ÷ bare PySide6 window",
                    2.0,
                    ratio(ours, bare),
                    "×",
                    note=f"IOPdesk median {sorted(ours)[len(ours) // 2]:.0f} ms, "
                    f"bare window {sorted(bare)[len(bare) // 2]:.0f} ms",
                )
            )
        os.environ["IOPDESK_HOME"] = str(work / "home")
        from tests.benchmarks.interactions import Bench

        bench = Bench(db, work, repeats)
        try:
            for step in bench.all():
                results.append(step())
        finally:
            bench.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__)
    parser.add_argument("--size", choices=("small", "large", "both"), default="large")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up measurement")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sizes = ["small", "large"] if args.size == "both" else [args.size]
    by_size: dict[str, list[Result]] = {}
    for size in sizes:
        # Each size in its own process would be cleaner; one process keeps the harness simple and
        # the database is reopened per size.
        by_size[size] = run_size(size, args.repeats, not args.no_startup)
    scaling: dict[str, float] = {}
    if "small" in by_size and "large" in by_size:
        small = {r.name: r for r in by_size["small"] if r.unit == "ms"}
        for r in by_size["large"]:
            if r.unit == "ms" and r.name in small and small[r.name].median > 0:
                scaling[r.name] = r.median / small[r.name].median
    machine = {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }
    print(f"IOPdesk benchmarks on {machine['platform']}, {machine['cpus']} CPUs, Python {machine['python']}")
    for size, results in by_size.items():
        print(f"\n== {size} demo clinic ==")
        print(table(results, scaling if size == "large" else None))
    if args.json:
        final = sizes[-1]
        write_json(args.json, final, by_size[final], machine, scaling)
    misses = [r.name for results in by_size.values() for r in results if r.passed is False]
    over = [name for name, value in scaling.items() if value > 1.5]
    if misses or over:
        print("\nMissed: " + "; ".join(misses + [f"{n} scales {scaling[n]:.2f}×" for n in over]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
