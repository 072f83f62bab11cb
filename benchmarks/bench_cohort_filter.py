"""Per-keystroke filter latency on a 10,000-person cohort: the cohort screen's refresh vs a bare paged SELECT.

Each step types one more character of a realistic filter line. "Refresh" is what the screen does
for a keystroke, timed inside a headless app: parse the filter, read the page under the cursor and
the count from the store, reset the virtual table, draw its visible lines and the detail pane.
"Keystroke to painted" presses the key through Pilot and waits for the worker and the repaint,
against a keystroke that changes nothing.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench_cohort_parse import synthetic_nhs_numbers
from common import Result

from mdt_tui.cohort import CohortRow
from mdt_tui.demo import FAMILY, GIVEN_F, GIVEN_M
from mdt_tui.models import User
from mdt_tui.screens.app import make_app
from mdt_tui.settings import Settings
from mdt_tui.store.store import Store

PEOPLE = 10_000
USER = User(name="Bench", role="care_coordinator")
TODAY = date(2026, 11, 23)
# What a coordinator types, one keystroke at a time, each line after clearing the last.
LINES = ("wilson status:awaiting", "risk:high practice:x99002", "segment:frail pat", "9990001")
SEGMENTS = (
    "Living with illness",
    "Lower complexity",
    "Advanced disease & complexity",
    "End of life, frailty & dementia",
)
BARE = (
    "SELECT p.id, p.nhs_number, p.family_name, p.given_name, p.date_of_birth, p.practice_code, p.stage,"
    " ce.segment, ce.risk_grade, ce.efi, ce.cfs FROM patients p LEFT JOIN cohort_entries ce"
    " ON ce.id = p.latest_entry_id WHERE p.search_text LIKE ? ORDER BY p.family_name, p.given_name, p.id"
    " LIMIT 100"
)


def cohort(count: int) -> list[CohortRow]:
    rng = random.Random(3)
    return [
        CohortRow(
            n,
            nhs.replace(" ", ""),
            rng.choice(FAMILY),
            rng.choice(GIVEN_F + GIVEN_M),
            date(1925, 1, 1) + timedelta(days=rng.randrange(14_000)),
            practice_code=f"X9900{n % 3 + 1}",
            segment=rng.choice(SEGMENTS),
            risk_grade=rng.choice(("High", "Medium", "Low")),
            efi=round(rng.random(), 2),
            cfs=rng.randint(1, 9),
            ae_attendances_12m=rng.randint(0, 6),
            emergency_admissions_12m=rng.randint(0, 4),
        )
        for n, nhs in enumerate(synthetic_nhs_numbers(count), 1)
    ]


def prefixes() -> list[str]:
    return [line[:i] for line in LINES for i in range(1, len(line) + 1)]


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] * 1000


async def measure(path: Path) -> tuple[list[float], list[float], list[float]]:
    app = make_app(path, Settings(user=USER), today=TODAY)
    refresh, typed, idle = [], [], []
    async with app.run_test(size=(100, 40)) as pilot:
        app.open_step("cohort")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        table = screen.table
        for sort in ("name", "efi"):  # a sort with an index, and one without
            screen.sort, screen.descending = sort, sort == "efi"
            for text in prefixes():
                start = time.perf_counter()
                screen.generation += 1
                screen.show_page(screen.read_page(screen.generation, text, 0))
                screen.show_details()
                for y in range(table.size.height):
                    table.render_line(y)
                refresh.append(time.perf_counter() - start)
        await pilot.press("slash")
        for key in LINES[0][:16]:  # "wilson status:aw": enough samples, under half a minute in all
            for keys, into in ((("right",), idle), ((key if key != " " else "space",), typed)):
                start = time.perf_counter()
                await pilot.press(*keys)
                await app.workers.wait_for_complete()
                await pilot.pause()
                into.append(time.perf_counter() - start)
    return refresh, typed, idle


def bare(path: Path) -> list[float]:
    conn = sqlite3.connect(path)
    times = []
    for _ in range(2):
        for text in prefixes():
            start = time.perf_counter()
            conn.execute(BARE, [f"%{text.split()[0].lower()}%"]).fetchall()
            times.append(time.perf_counter() - start)
    conn.close()
    return times


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mdt.db"
        with Store.open(path, create=True) as store:
            store.import_cohort(
                USER, cohort(PEOPLE), search_name="INT Proactive Care Cohort", run_date=date(2026, 11, 1)
            )
        floor = bare(path)
        refresh, typed, idle = asyncio.run(measure(path))
    return [
        Result(
            "cohort filter 10k: refresh p95 (ms)",
            p95(refresh),
            p95(floor),
            "ms",
            "bare SELECT … LIMIT 100 of a page, p95",
            "≤ 50 ms",
        ),
        Result(
            "cohort filter 10k: keystroke to painted p95",
            p95(typed),
            p95(idle),
            "ms",
            "a keystroke that changes nothing, p95",
            "report",
        ),
    ]


if __name__ == "__main__":
    from common import print_table

    print_table(run())
