"""Run every benchmark and print one table of ratios against baselines measured in the same run.

python benchmarks/run.py            # all
python benchmarks/run.py write      # only names containing 'write'
python benchmarks/run.py scale      # the scale benchmark at S (MDT_SCALE_SIZES=S,M for more)
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import print_table  # noqa: E402

BENCHMARKS = [
    "bench_startup",
    "bench_write",
    "bench_import",
    "bench_cga_open",
    "bench_cohort_filter",
    "bench_meeting_keys",
    "bench_impact",
]


def main(argv: list[str]) -> int:
    wanted = argv[1:]
    if wanted == ["scale"]:  # its own rows (sizes from MDT_SCALE_SIZES, default S): see bench_scale.py
        return importlib.import_module("bench_scale").main()
    results = []
    for name in BENCHMARKS:
        if wanted and not any(w in name for w in wanted):
            continue
        results.extend(importlib.import_module(name).run())
    print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
