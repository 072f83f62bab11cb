"""Cold start: mdt-tui (as `mdt` starts it) vs a minimal Textual app, measured in the same run.

Each child writes a marker straight to its stdout when its first screen has been displayed (Textual
starts the auto-pilot right after the first frame); the parent times from spawning the process to
the marker. mdt-tui also reports when the home screen's
counts are filled in (the store opens in a worker behind the first screen).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import date
from pathlib import Path

from common import Result

MINIMAL = textwrap.dedent("""
    import os
    from textual.app import App
    from textual.widgets import Static

    class Minimal(App):
        def compose(self):
            yield Static("hello")

    async def watch(pilot):
        os.write(1, b"shown\\n")
        pilot.app.exit()

    Minimal().run(headless=True, size=(80, 24), auto_pilot=watch)
""")

MDT = textwrap.dedent("""
    import asyncio, os, sys
    from mdt_tui.screens.app import make_app

    def counted(app):
        pipeline = app.screen.query_one("#pipeline")
        return app.is_ready and pipeline.option_count and pipeline.get_option_at_index(0).id != "opening"

    async def watch(pilot):
        assert type(pilot.app.screen).__name__ == "HomeScreen"
        os.write(1, b"shown\\n")
        # Until the counts are in (not until every worker is done: the daily health check runs behind them).
        while not counted(pilot.app):
            await asyncio.sleep(0.002)
        await pilot.pause()
        os.write(1, b"complete\\n")
        pilot.app.exit()

    make_app(sys.argv[1], open_in_background=True).run(headless=True, size=(80, 24), auto_pilot=watch)
""")


def timed_markers(script: Path, *args: str, cwd: Path, env: dict) -> dict[str, float]:
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, str(script), *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    marks = {}
    for line in child.stdout:
        marks[line.strip()] = time.perf_counter() - start
    child.wait()
    return marks


def run(repeat: int = 7) -> list[Result]:
    import os

    from mdt_tui.models import User
    from mdt_tui.settings import Settings, save_settings
    from mdt_tui.store.demo.loader import load_demo
    from mdt_tui.store.store import Store

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        (tmp / "minimal.py").write_text(MINIMAL)
        (tmp / "mdt.py").write_text(MDT)
        with Store.open(tmp / "demo.db", create=True) as store:
            load_demo(store, date.today())
        save_settings(Settings(user=User(name="Bench", role="care_coordinator")), tmp / "settings.json")
        env = {**os.environ, "MDT_CONFIG": str(tmp / "settings.json")}
        minimal, shown, complete = [], [], []
        for _ in range(repeat):
            minimal.append(timed_markers(tmp / "minimal.py", cwd=tmp, env=env)["shown"])
            marks = timed_markers(tmp / "mdt.py", str(tmp / "demo.db"), cwd=tmp, env=env)
            shown.append(marks["shown"])
            complete.append(marks["complete"])
    base = statistics.median(minimal)
    return [
        Result(
            "cold start to first screen (home)", statistics.median(shown), base, "s", "minimal Textual app", "≤ 1.5x"
        ),
        Result(
            "cold start to home with its counts",
            statistics.median(complete),
            base,
            "s",
            "minimal Textual app",
            "report",
        ),
    ]
