"""One audited pathway write (state + coded event + audit, synchronous=FULL) vs a bare insert."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import date
from pathlib import Path

from common import Result, median_seconds

from mdt_tui.demo import demo_nhs_numbers
from mdt_tui.models import CohortEntry, Patient, User
from mdt_tui.store.store import Store

USER = User(name="Bench", role="care_coordinator")


def run(count: int = 200) -> list[Result]:
    numbers = demo_nhs_numbers()[:count]
    entry = CohortEntry(search_name="bench", run_date=date(2026, 11, 1))
    patients = [
        Patient(
            nhs_number=n, family_name="Bench", given_name=str(i), date_of_birth=date(1940, 1, 1), practice_code="X99001"
        )
        for i, n in enumerate(numbers)
    ]
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        with Store.open(tmp / "audited.db", create=True) as store:
            ids = iter(range(count))

            def audited() -> None:
                store.add_person(USER, patients[next(ids)], entry)

            audited_s = median_seconds(audited, count)
        conn = sqlite3.connect(tmp / "bare.db", isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, nhs TEXT, name TEXT)")

        def bare() -> None:
            conn.execute("BEGIN")
            conn.execute("INSERT INTO t (nhs, name) VALUES (?, ?)", ("9990000001", "Bench"))
            conn.execute("COMMIT")

        bare_s = median_seconds(bare, count)
        conn.close()
    return [
        Result(
            "audited write (state+event+audit, FULL)",
            audited_s * 1000,
            bare_s * 1000,
            "ms",
            "bare single-row insert, FULL",
            "report",
        )
    ]
