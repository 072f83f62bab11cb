"""Measuring impact at scale: 10,000 people and 1,000,000 activity rows, built through the store's own methods.

Measured: importing the activity (a million contacts, duplicates checked), the dashboard (every measure for 12
months, per practice and ALL), and the evaluation (arms, events and 1,000 bootstrap resamples). Each beside a
bare SELECT over the same rows in the same run.
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench_cohort_filter import cohort
from common import Result

from mdt_tui.consent.records import Consent
from mdt_tui.impact.activity import SETTINGS, ActivityRow
from mdt_tui.impact.evaluation import evaluate
from mdt_tui.models import User
from mdt_tui.store.store import Store

PEOPLE = 10_000
CONSENTED = 1_500  # through the store's own consent step: each is one audited write
ACTIVITY = 1_000_000
USER = User(name="Bench", role="care_coordinator")
TODAY = date(2026, 11, 23)
RUN = date(2025, 6, 1)


def activity(numbers: list[str]) -> list[ActivityRow]:
    rng = random.Random(5)
    start = RUN - timedelta(days=365)
    rows = []
    for _ in range(ACTIVITY):
        setting = rng.choice(SETTINGS)
        rows.append(
            ActivityRow(
                rng.choice(numbers),
                start + timedelta(days=rng.randrange(900)),
                setting,
                rng.randint(0, 20) if setting.endswith("admission") else None,
            )
        )
    return rows


def timed(fn) -> tuple[float, object]:  # noqa: ANN001
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mdt.db"
        with Store.open(path, create=True) as store:
            store.import_cohort(USER, cohort(PEOPLE), search_name="INT Proactive Care Cohort", run_date=RUN)
            people = store.people()
            for person in people[:CONSENTED]:
                store.mark_suitable(USER, person.id, on=RUN + timedelta(days=10))
                store.consent(USER, person.id, Consent(on=RUN + timedelta(days=30), share_records=True))
            rows = activity([p.nhs_number for p in people])
            import_s, _ = timed(lambda: store.import_activity(USER, rows, source="bench"))
            dashboard_s, _ = timed(lambda: store.dashboard("2025-12", "2026-11", TODAY))
            evaluation_s, _ = timed(lambda: evaluate(*store.evaluation_input(), today=TODAY, months=12))
        conn = sqlite3.connect(path)
        bare_scan_s, _ = timed(
            lambda: conn.execute("SELECT patient_id, on_date, setting, bed_days FROM activity_events").fetchall()
        )
        bare_events_s, _ = timed(
            lambda: conn.execute("SELECT patient_id, snomed_code, effective_date FROM coded_events").fetchall()
        )
        conn.close()
        bare_insert_s = _bare_insert(Path(folder) / "bare.db", rows)
    return [
        Result(
            "import 1M activity rows (dedup, audited)",
            import_s,
            bare_insert_s,
            "s",
            "bare executemany INSERT of the same rows",
            "report",
        ),
        Result(
            "dashboard 10k people, 12 months",
            dashboard_s * 1000,
            bare_events_s * 1000,
            "ms",
            "bare SELECT of every coded event",
            "< 1 s",
        ),
        Result(
            "evaluation 10k people, 1M activity rows",
            evaluation_s,
            bare_scan_s,
            "s",
            "bare SELECT of every activity row",
            "report",
        ),
    ]


def _bare_insert(path: Path, rows: list[ActivityRow]) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, nhs TEXT, on_date TEXT, setting TEXT, bed_days INTEGER)")
    seconds, _ = timed(
        lambda: (
            conn.execute("BEGIN"),
            conn.executemany(
                "INSERT INTO t (nhs, on_date, setting, bed_days) VALUES (?, ?, ?, ?)",
                ((r.nhs_number, r.on_date.isoformat(), r.setting, r.bed_days) for r in rows),
            ),
            conn.execute("COMMIT"),
        )
    )
    conn.close()
    return seconds


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from common import print_table

    print_table(run())
