"""Cold start to the first screen: mdt-tui on the demo vs a minimal Textual app, same run."""

from __future__ import annotations

import tempfile
import textwrap
from pathlib import Path

from common import Result, median_seconds, run_python

MINIMAL = textwrap.dedent("""
    from textual.app import App
    from textual.widgets import Static

    class Minimal(App):
        def compose(self):
            yield Static("hello")

    async def stop(pilot):
        await pilot.pause()
        pilot.app.exit()

    Minimal().run(headless=True, size=(80, 24), auto_pilot=stop)
""")

MDT = textwrap.dedent("""
    import sys
    from mdt_tui.models import User
    from mdt_tui.screens.app import make_app
    from mdt_tui.settings import Settings

    async def stop(pilot):
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "HomeScreen"
        pilot.app.exit()

    app = make_app(sys.argv[1], Settings(user=User(name="Bench", role="care_coordinator")))
    app.run(headless=True, size=(80, 24), auto_pilot=stop)
""")


def run(repeat: int = 5) -> list[Result]:
    from mdt_tui.store.demo_loader import load_demo
    from mdt_tui.store.store import Store
    from datetime import date

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        (tmp / "minimal.py").write_text(MINIMAL)
        (tmp / "mdt.py").write_text(MDT)
        with Store.open(tmp / "demo.db", create=True) as store:
            load_demo(store, date.today())
        minimal = median_seconds(lambda: run_python(tmp / "minimal.py", cwd=tmp), repeat)
        mdt = median_seconds(lambda: run_python(tmp / "mdt.py", str(tmp / "demo.db"), cwd=tmp), repeat)
    return [Result("cold start to first screen (demo)", mdt, minimal, "s", "minimal Textual app", "≤ 1.5x")]
