"""Timing machinery: warm-up, repeats, medians and p95, the table and the JSON."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Result:
    name: str
    target_ms: float | None
    samples_ms: list[float] = field(default_factory=list)
    note: str = ""
    unit: str = "ms"
    queries: float | None = None  # statements sent to the database per timed run (BEGIN and COMMIT too)

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms) if self.samples_ms else float("nan")

    @property
    def p95(self) -> float:
        if not self.samples_ms:
            return float("nan")
        ordered = sorted(self.samples_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    @property
    def passed(self) -> bool | None:
        if self.target_ms is None or not self.samples_ms:
            return None
        return self.median <= self.target_ms


COLD = " [cold page cache]"  # the suffix of every result of the cold pass

# Runs untimed before every run of every measurement (after ``prepare``), when set: the cold
# pass empties SQLite's page cache with it (see interactions.Bench.cold_pass).
_before_each: Callable[[], object] | None = None
_suffix = ""
# Statements sent so far (interactions.Bench counts them): each timed run's share is recorded.
_statements: Callable[[], int] | None = None

# A round trip to a server on the clinic's network (0.2–0.5 ms on a LAN; the benchmark's server is
# on the same machine): what each statement would add there, for the "on a LAN" column.
LAN_ROUND_TRIP_MS = 0.4


def count_statements(counter: Callable[[], int] | None) -> None:
    """From now on, record how many statements each timed run sends (``counter()``: sent so far)."""
    global _statements
    _statements = counter


def before_each(hook: Callable[[], object] | None, suffix: str = "") -> None:
    """From now on, run ``hook`` before every timed (and warm-up) run and add ``suffix`` to the names."""
    global _before_each, _suffix
    _before_each, _suffix = hook, suffix


def measure(
    name: str,
    target_ms: float | None,
    action: Callable[[int], object],
    *,
    repeats: int = 15,
    warmup: int = 2,
    note: str = "",
    prepare: Callable[[int], object] | None = None,
) -> Result:
    """Run ``action(i)`` ``warmup`` times untimed, then ``repeats`` times timed.

    ``prepare(i)``, when given, runs untimed before each ``action(i)`` (warm-up
    runs get negative ``i``): whatever a click finds already done, such as the
    note already open on screen.
    """
    for i in range(warmup):
        if prepare is not None:
            prepare(-1 - i)
        if _before_each is not None:
            _before_each()
        action(-1 - i)
    result = Result(name + _suffix, target_ms, note=note)
    sent = 0
    for i in range(repeats):
        if prepare is not None:
            prepare(i)
        if _before_each is not None:
            _before_each()
        before = _statements() if _statements is not None else 0
        started = time.perf_counter()
        action(i)
        result.samples_ms.append((time.perf_counter() - started) * 1000)
        sent += (_statements() if _statements is not None else 0) - before
    if _statements is not None and repeats:
        result.queries = sent / repeats
    return result


def fixed(name: str, target: float | None, value: float, unit: str, note: str = "") -> Result:
    """A figure measured elsewhere (a ratio, MiB, seconds), kept in the same table."""
    return Result(name, target, [value], note=note, unit=unit)


def on_a_lan(r: Result) -> float | None:
    """The median as a workstation on the clinic's network would see it: each statement one LAN
    round trip more than on this machine."""
    if r.queries is None or r.unit != "ms":
        return None
    return r.median + r.queries * LAN_ROUND_TRIP_MS


def table(results: list[Result], scaling: dict[str, float] | None = None, *, lan: bool = False) -> str:
    """The results; with ``lan`` (a server) also the statements per click and the median on a LAN."""
    scaling = scaling or {}
    w = max([52] + [len(r.name) for r in results])
    head = f"{'operation':<{w}} {'median':>10} {'p95':>10} {'target':>10} {'result':>7} {'large/small':>12}"
    if lan:
        head += f" {'queries':>8} {'on a LAN':>10} {'result':>7}"
    lines = [head, "-" * len(head)]
    for r in results:
        unit = "" if r.unit == "ms" else f" {r.unit}"
        median = f"{r.median:.1f}{unit or ' ms'}"
        p95 = f"{r.p95:.1f}{unit or ' ms'}" if len(r.samples_ms) > 1 else ""
        target = f"≤ {r.target_ms:g}{unit or ' ms'}" if r.target_ms is not None else ""
        verdict = {True: "pass", False: "MISS", None: ""}[r.passed]
        ratio = f"{scaling[r.name]:.2f}×" if r.name in scaling else ""
        line = f"{r.name:<{w}} {median:>10} {p95:>10} {target:>10} {verdict:>7} {ratio:>12}"
        far = on_a_lan(r)
        if lan and far is not None:
            far_verdict = "" if r.target_ms is None else "pass" if far <= r.target_ms else "MISS"
            line += f" {r.queries:>8.1f} {far:>7.1f} ms {far_verdict:>7}"
        lines.append(line)
        if r.note:
            lines.append(f"    {r.note}")
    if lan:
        lines.append(f"(on a LAN: the median plus {LAN_ROUND_TRIP_MS:g} ms per statement sent)")
    return "\n".join(lines)


def write_json(
    path: Path,
    by_size: dict[str, list[Result]],
    machine: dict[str, object],
    scaling: dict[str, float],
    encryption_cost: dict[str, dict[str, object]] | None = None,
) -> None:
    payload: dict[str, object] = {
        "machine": machine,
        "sizes": {
            size: [{**asdict(r), "median": r.median, "p95": r.p95, "passed": r.passed} for r in results]
            for size, results in by_size.items()
        },
        "scaling_large_over_small": scaling,
    }
    if encryption_cost:
        payload["encryption_cost"] = encryption_cost  # by size: --compare-plain
    path.write_text(json.dumps(payload, indent=2), encoding="utf-8")


def read_json(path: Path) -> dict[str, list[Result]]:
    """The results a run wrote with ``write_json``, by clinic size."""
    payload = json.loads(path.read_text(encoding="utf-8"))
    fields = ("name", "target_ms", "samples_ms", "note", "unit", "queries")
    return {
        size: [Result(**{k: row[k] for k in fields if k in row}) for row in rows]
        for size, rows in payload["sizes"].items()
    }
