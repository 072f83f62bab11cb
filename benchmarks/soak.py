"""Reliability soak: SIGKILL a writer at random moments, over every kind of store write, 200+ times.

After each kill: `mdt check`, the cross-table invariants, and every acknowledged write present
(tests/crash_harness.py; the normal test run does 32 of these in tests/test_crash.py).

    python benchmarks/soak.py [--kills 200] [--seed 1]

Prints kills, acknowledged writes and writes lost; exits 1 if any write was lost or a check failed.
About 0.35 s a kill on a laptop: 200 kills take a little over a minute.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.crash_harness import soak  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200, help="how many writers to kill (default 200)")
    parser.add_argument("--seed", type=int, default=1, help="random seed for the kill moments (default 1)")
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mdt-soak-") as folder:
        os.environ.setdefault("MDT_DATA_DIR", folder)  # a crash report from a writer stays in the scratch folder

        printed = set()

        def progress(tally) -> None:
            if tally.kills % 25 == 0 and tally.kills not in printed:
                printed.add(tally.kills)
                print(f"  {tally.kills} kills, {tally.acknowledged} acknowledged writes so far", flush=True)

        tally = soak(Path(folder), kills=args.kills, seed=args.seed, report=progress)
    elapsed = time.monotonic() - started
    print(f"kills: {tally.kills}")
    print(f"rounds (killed or finished): {tally.rounds}, databases: {tally.databases}")
    print(f"acknowledged writes: {tally.acknowledged}")
    print(f"writes lost: {len(tally.lost)}")
    print("acknowledged by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(tally.by_kind.items())))
    print(f"time: {elapsed:.0f} s ({elapsed / max(tally.kills, 1):.2f} s a kill)")
    for line in tally.lost[:10]:
        print(f"LOST: {line}")
    for line in tally.problems[:10]:
        print(f"PROBLEM: {line}")
    return 1 if tally.lost or tally.problems else 0


if __name__ == "__main__":
    sys.exit(main())
