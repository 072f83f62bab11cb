"""Cohort import of a 100,000-row synthetic export vs a bare csv + executemany of the same rows."""

from __future__ import annotations

import csv
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from bench_cohort_parse import write_file
from common import Result

ROWS = 100_000

IMPORT = textwrap.dedent("""
    import resource, sys, time
    from datetime import date
    from mdt_tui.cohort import read_cohort_file
    from mdt_tui.models import User
    from mdt_tui.store.store import Store
    start = time.perf_counter()
    result = read_cohort_file(sys.argv[1], today=date.today())
    with Store.open(sys.argv[2], create=True) as store:
        store.import_cohort(User(name="Bench", role="admin"), result.rows, search_name="bench",
                            run_date=date(2026, 11, 1))
    elapsed = time.perf_counter() - start
    print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
""")


def bare(source: Path, db: Path) -> float:
    """The floor: read the same file with the csv module and executemany it into an empty table."""
    start = time.perf_counter()
    with source.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))[5:-3]
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(f"CREATE TABLE cohort ({', '.join(f'c{i}' for i in range(len(rows[0])))})")
    conn.execute("BEGIN")
    conn.executemany(f"INSERT INTO cohort VALUES ({', '.join('?' * len(rows[0]))})", rows)
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - start


def run(repeat: int = 3) -> list[Result]:
    """Medians of ``repeat`` runs of each, interleaved: on a shared machine single runs swing ±30 %."""
    floors, imports, peaks = [], [], []
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        source = tmp / "cohort.csv"
        write_file(source, ROWS)
        (tmp / "import.py").write_text(IMPORT)
        for n in range(repeat):
            floors.append(bare(source, tmp / f"bare{n}.db"))
            out = subprocess.run(
                [sys.executable, str(tmp / "import.py"), str(source), str(tmp / f"mdt{n}.db")],
                capture_output=True,
                text=True,
                check=True,
                cwd=tmp,
            ).stdout.split()
            imports.append(float(out[0]))
            peaks.append(int(out[1]) / 1024)
    floor, elapsed = statistics.median(floors), statistics.median(imports)
    return [
        Result(f"import {ROWS:,} rows: seconds", elapsed, floor, "s", "csv + bare executemany", "throughput ≥ 25%"),
        Result("import: throughput vs bare (%)", 100 * floor / elapsed, 100.0, "%", "bare = 100%", "≥ 25%"),
        Result("import: peak memory (MiB)", max(peaks), max(peaks), "MB", "(reported)", "report"),
    ]
