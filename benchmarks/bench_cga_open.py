"""Opening the CGA screen to interactive for a person with ten earlier CGAs vs the person screen and a minimal screen.

All run headless in the same app on the demo. "Interactive" is the last frame the screen paints
while opening: by then it is mounted and laid out, the focus is placed (for the CGA: the form, at
the question where the draft was left), the footer shows its keys and every message is handled.
The first frame is reported too: it already shows the form with the focus in place.
The clock stops at the last frame, not when the harness notices the app is idle: Textual's idle check
polls in 20 ms steps and needs a quiet step, which would add 40 ms or more to every figure.
Each is the median of eleven openings after one warm-up round, each from a collected heap.
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from common import Result

from mdt_tui.models import User
from mdt_tui.pathway import Stage
from mdt_tui.settings import Settings
from mdt_tui.store.demo.loader import load_demo
from mdt_tui.store.store import Store

TODAY = date(2026, 11, 23)
USER = User(name="Bench", role="care_coordinator")


def ten_earlier_cgas(store: Store, person_id: int) -> None:
    """Ten completed CGAs, a month apart, each with PHQ-9, CFS, MUST, FRAT and medicines; then a draft."""
    for n in range(10):
        day = TODAY - timedelta(days=30 * (10 - n))
        store.clock = lambda day=day: datetime(day.year, day.month, day.day, 10, tzinfo=timezone.utc)
        for item in range(1, 10):
            store.save_cga_answer(USER, person_id, "phq9", f"q{item}", (n + item) % 4 if item < 9 else 0)
        store.save_cga_answer(USER, person_id, "cfs", "level", 4 + n % 4)
        for item, value in (("bmi", 19.5 + n), ("weight_loss_percent", 3.0), ("acute_disease_effect", False)):
            store.save_cga_answer(USER, person_id, "must", item, value)
        for item, value in (
            ("recent_falls", "3_12m"),
            ("medications", "two"),
            ("psychological", "mild"),
            ("cognitive_status", "intact"),
            ("auto_high_functional_change", False),
            ("auto_high_dizziness", n % 3 == 0),
        ):
            store.save_cga_answer(USER, person_id, "frat", item, value)
        store.save_cga_list(USER, person_id, "medicines", [{"name": d} for d in ("oxybutynin", "furosemide")])
        store.complete_cga(USER, person_id, on=day)
    store.clock = lambda: datetime(2026, 11, 23, 10, tzinfo=timezone.utc)
    for item in range(1, 5):
        store.save_cga_answer(USER, person_id, "phq9", f"q{item}", 1)


async def _measure(db: Path, person_id: int, repeat: int) -> dict[str, float]:
    from textual._wait import wait_for_idle

    from mdt_tui.screens.app import make_app
    from mdt_tui.screens.cga.assessment import CgaScreen
    from mdt_tui.screens.kit.coming import ComingScreen
    from mdt_tui.screens.people.person import PersonScreen

    screens = {
        "cga": lambda: CgaScreen(person_id),
        "person": lambda: PersonScreen(person_id),
        "minimal": lambda: ComingScreen("Minimal", "One line of text."),
    }

    app = make_app(db, Settings(user=USER), today=TODAY)
    frames: list[tuple[float, object]] = []
    display = app._display

    def timed_display(screen, renderable) -> None:  # every frame the app paints passes through here
        display(screen, renderable)
        frames.append((time.perf_counter(), screen))

    app._display = timed_display
    timings: dict[str, list[float]] = {name: [] for name in [*screens, "cga first frame"]}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(repeat + 1):  # the first round warms imports and caches
            for name, make in screens.items():
                gc.collect()  # so one opening's garbage is not collected in the next one's time
                frames.clear()
                screen = make()
                start = time.perf_counter()
                await app.push_screen(screen)
                await pilot._wait_for_screen()
                await wait_for_idle(0)
                painted = [at - start for at, shown in frames if shown is screen]
                timings[name].append(painted[-1])
                if name == "cga":
                    timings["cga first frame"].append(painted[0])
                await app.pop_screen()
                await pilot.pause()
    return {name: statistics.median(times[1:]) * 1000 for name, times in timings.items()}


def run(repeat: int = 11) -> list[Result]:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.db"
        with Store.open(db, create=True) as store:
            load_demo(store, TODAY)
            person_id = store.people([Stage.PLANNED])[0].id
            ten_earlier_cgas(store, person_id)
            assert len(store.previous_cga_results(person_id)) == 5
        ms = asyncio.run(_measure(db, person_id, repeat))
    name = "open CGA screen, 10 earlier CGAs (interactive)"
    return [
        Result(name, ms["cga"], ms["person"], "ms", "open the person screen", "≤ 100 ms"),
        Result(name, ms["cga"], ms["minimal"], "ms", "open a one-line screen", "≤ 100 ms"),
        Result(
            "open CGA screen: first frame (focused)",
            ms["cga first frame"],
            ms["minimal"],
            "ms",
            "open a one-line screen",
            "report",
        ),
    ]
