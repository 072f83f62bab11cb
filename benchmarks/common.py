"""Shared helpers for the benchmarks: timing, medians and the printed table."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Result:
    name: str
    measured: float
    baseline: float
    unit: str
    baseline_name: str
    target: str = ""

    @property
    def ratio(self) -> float:
        return self.measured / self.baseline if self.baseline else float("inf")


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_python(script: Path, *args: str, cwd: Path) -> None:
    subprocess.run([sys.executable, str(script), *args], cwd=cwd, check=True, capture_output=True)


def print_table(results: list[Result]) -> None:
    print(f"{'benchmark':<44} {'measured':>12} {'baseline':>12} {'ratio':>8}  target / baseline")
    for r in results:
        print(
            f"{r.name:<44} {r.measured:>10.4g}{r.unit:<2} {r.baseline:>10.4g}{r.unit:<2} {r.ratio:>7.2f}x  "
            f"{r.target or '-'} / {r.baseline_name}"
        )
