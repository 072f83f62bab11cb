"""The scale benchmark (issue 20): a neighbourhood built week by week (scale_build.py), then every screen opened,
cursor moves and filter keystrokes in cohort review, CLI commands and one audited write timed on it, each beside a
same-run baseline (a one-line screen; a bare SELECT). Prints rows like
``scale S open consent: 87 ms (one-line screen 44 ms)``.

    python benchmarks/run.py scale                      # S
    MDT_SCALE_SIZES=S,M python benchmarks/run.py scale  # M builds in ~35 s here; L (hours) only on request
    MDT_SCALE_DIR=/tmp/scale ...                         # keep the built files and measure them again
"""

from __future__ import annotations

import asyncio
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from scale_build import SIZES, build

REPEAT = 5


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 0.01 else f"{seconds * 1000:.0f} ms"


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) >= 2 else samples[0]


async def _screens(db: Path, today: date, person: int, meeting: int | None, running: int | None) -> list[str]:
    from textual.screen import Screen
    from textual.widgets import Static

    from mdt_tui.models import User
    from mdt_tui.roles import Role
    from mdt_tui.screens.app import make_app
    from mdt_tui.screens.cga.assessment import CgaScreen
    from mdt_tui.screens.cohort.review import CohortReviewScreen
    from mdt_tui.screens.consent.contact import ConsentScreen
    from mdt_tui.screens.meeting.agenda import AgendaScreen
    from mdt_tui.screens.meeting.in_progress import MeetingScreen
    from mdt_tui.screens.people.person import PersonScreen
    from mdt_tui.screens.plan.actions import ActionsScreen
    from mdt_tui.screens.plan.care_plan import PlanScreen
    from mdt_tui.screens.reviews.due import ReviewsScreen
    from mdt_tui.settings import Settings

    class OneLine(Screen):
        def compose(self):
            yield Static("one line")

    app = make_app(db, Settings(user=User(name="Bench", role=Role.CARE_COORDINATOR)), today=today)
    rows = []
    async with app.run_test(size=(120, 40)) as pilot:
        # Timed to the screen settled with its reads done and painted; animations (the tab bar's underline
        # slides for ~300 ms) are switched off, since they never hold up a key.
        app.animation_level = "none"

        async def settle() -> None:
            await pilot.pause()
            busy = [w for w in app.workers if w.name != "_loader"]
            if busy:
                await app.workers.wait_for_complete(busy)
            await pilot.pause()

        async def opened(make) -> float:  # noqa: ANN001
            times = []
            for _ in range(REPEAT):
                start = time.perf_counter()
                app.push_screen(make())
                await settle()
                times.append(time.perf_counter() - start)
                app.pop_screen()
                await settle()
            return statistics.median(times)

        await settle()
        base = await opened(OneLine)
        app.push_screen(OneLine())
        await settle()
        idle = []
        for _ in range(10):  # a key nothing is bound to, on a one-line screen: the floor for a keystroke
            start = time.perf_counter()
            await pilot.press("f12")
            await settle()
            idle.append(time.perf_counter() - start)
        key_base = statistics.median(idle)
        app.pop_screen()
        await settle()
        screens = {
            "person": lambda: PersonScreen(person),
            "CGA": lambda: CgaScreen(person),
            "plan": lambda: PlanScreen(person),
            "cohort review": CohortReviewScreen,
            "consent": ConsentScreen,
            "reviews": ReviewsScreen,
            "actions": lambda: ActionsScreen("Open actions", by_owner=True),
        }
        if meeting is not None:
            screens |= {"agenda": lambda: AgendaScreen(meeting), "meeting": lambda: MeetingScreen(meeting)}
        for name, make in screens.items():
            try:
                rows.append(f"open {name}: {ms(await opened(make))} (one-line screen {ms(base)})")
            except Exception as error:  # noqa: BLE001 - one screen failing must not hide the others' numbers
                rows.append(f"open {name}: not measured ({type(error).__name__})")
        if running is not None:  # a meeting in progress: the minute-taker's next case
            app.push_screen(MeetingScreen(running))
            await settle()
            nexts = []
            for _ in range(5):
                start = time.perf_counter()
                await pilot.press("n")
                await settle()
                nexts.append(time.perf_counter() - start)
            rows.append(
                f"meeting next case: median {ms(statistics.median(nexts))}, p95 {ms(p95(nexts))}"
                f" (key on a one-line screen {ms(key_base)})"
            )
            app.pop_screen()
            await settle()
        app.push_screen(CohortReviewScreen())
        await settle()
        moves = []
        for _ in range(30):
            start = time.perf_counter()
            await pilot.press("down")
            await settle()
            moves.append(time.perf_counter() - start)
        rows.append(
            f"cohort cursor move: median {ms(statistics.median(moves))}, p95 {ms(p95(moves))}"
            f" (key on a one-line screen {ms(key_base)})"
        )
        await pilot.press("slash")
        keys = []
        for char in "roberts":
            start = time.perf_counter()
            await pilot.press(char)
            await settle()
            keys.append(time.perf_counter() - start)
        rows.append(
            f"cohort filter keystroke: median {ms(statistics.median(keys))}, p95 {ms(p95(keys))}"
            f" (key on a one-line screen {ms(key_base)})"
        )
    return rows


# A process's own peak memory in KiB: VmHWM, which starts afresh at exec (ru_maxrss on Linux keeps the peak of the
# process that forked it, so every child of a large benchmark process would report the benchmark's own peak).
_PEAK = (
    "def _peak():\n"
    "    try:\n"
    "        return next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:'))\n"
    "    except (OSError, StopIteration):\n"
    "        import resource\n"
    "        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
)
_CLI = _PEAK + (
    "import sys; from mdt_tui.cli import main; rc = main(sys.argv[1:]); print(_peak(), file=sys.stderr); sys.exit(rc)"
)


def _cli(db: Path, *args: str) -> tuple[float, int]:
    """Seconds and peak memory (KiB) of one `mdt` command in its own process."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _CLI, *args, "--db", str(db)], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    peak = int(done.stderr.strip().splitlines()[-1]) if done.returncode == 0 else -1
    return elapsed, peak


_BARE_CODES = (
    _PEAK
    + """
import csv, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
writer = csv.writer(sys.stdout, lineterminator="\\n")
for row in db.execute(
    "SELECT e.id, p.nhs_number, p.practice_code, e.effective_date, e.snomed_code, e.term, e.value, e.recorded_by,"
    " e.recorded_at FROM coded_events e JOIN patients p ON p.id = e.patient_id ORDER BY e.effective_date, e.id"
):
    writer.writerow(row)
print(_peak(), file=sys.stderr)
"""
)


def _export_codes_all(db: Path) -> str:
    """`mdt export codes --all` (every code ever recorded, to a pipe read as it comes) beside the bare SELECT of the
    same columns written straight to CSV by the csv module, each in its own process, with its peak memory."""
    runs = []
    for argv in (
        [sys.executable, "-c", _CLI, "export", "codes", "--all", "--db", str(db)],
        [sys.executable, "-c", _BARE_CODES, str(db)],
    ):
        start = time.perf_counter()
        done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
        runs.append((time.perf_counter() - start, int(done.stderr.strip().splitlines()[-1])))
    (mdt, mdt_peak), (bare, bare_peak) = runs
    return (
        f"mdt export codes --all: {ms(mdt)} (bare SELECT to CSV {ms(bare)}), peak {mdt_peak / 1024:.0f} MB"
        f" (bare {bare_peak / 1024:.0f} MB)"
    )


def _bare_python() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import sqlite3"], check=True)
    return time.perf_counter() - start


def _start_to_home(db: Path, folder: Path) -> tuple[float, float]:
    """Seconds from spawning `mdt`'s app to the home screen with its counts, and a minimal Textual app's."""
    from bench_startup import MDT, MINIMAL, timed_markers

    from mdt_tui.models import User
    from mdt_tui.roles import Role
    from mdt_tui.settings import Settings, save_settings

    (folder / "minimal.py").write_text(MINIMAL)
    (folder / "mdt.py").write_text(MDT)
    save_settings(Settings(user=User(name="Bench", role=Role.CARE_COORDINATOR)), folder / "settings.json")
    env = {**os.environ, "MDT_CONFIG": str(folder / "settings.json")}
    home = [timed_markers(folder / "mdt.py", str(db), cwd=folder, env=env)["complete"] for _ in range(3)]
    minimal = [timed_markers(folder / "minimal.py", cwd=folder, env=env)["shown"] for _ in range(3)]
    return statistics.median(home), statistics.median(minimal)


def _meeting_in_progress(store, today: date) -> int | None:  # noqa: ANN001
    """Next week's meeting, started, with up to six people on its agenda (for the next-case key)."""
    from mdt_tui.meeting.agenda import AgendaItem
    from mdt_tui.models import User
    from mdt_tui.roles import Role

    user = User(name="Bench", role=Role.CARE_COORDINATOR)
    on = today + timedelta(days=7)
    candidates = list({c.person_id: c for c in store.agenda_candidates(on)}.values())[:6]
    if len(candidates) < 2:
        return None
    agenda = [
        AgendaItem(person_id=c.person_id, source=c.source, detail=c.detail, new_case=c.new_case, minutes=10)
        for c in candidates
    ]
    meeting = store.create_meeting(user, held_on=on, session_minutes=90, agenda=agenda)
    store.start_meeting(user, meeting)
    return meeting


def measure(size_name: str, folder: Path) -> list[str]:
    from mdt_tui.models import User
    from mdt_tui.roles import Role
    from mdt_tui.store.store import Store

    size = SIZES[size_name]
    built = folder / f"scale-{size_name}.db"
    rows = []
    if not built.exists():  # MDT_SCALE_DIR keeps built files between runs
        start = time.perf_counter()
        build(built, size)
        rows.append(f"build: {time.perf_counter() - start:.1f} s for {size.people:,} people over {size.weeks} weeks")
    work = Path(tempfile.mkdtemp())
    db = work / "measured.db"  # the measurements write (an action, a meeting): never to the kept file
    with Store.open(built) as store:
        store.backup_to(db)
    with Store.open(db) as store:
        counts = {
            t: store.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("coded_events", "audit", "care_plans", "cga_entries", "meetings", "actions")
        }
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        today = store.db.execute("SELECT max(held_on) FROM meetings").fetchone()[0]
        meeting = store.db.execute("SELECT max(id) FROM meetings").fetchone()[0]
        person = store.db.execute(
            "SELECT patient_id FROM care_plans WHERE version IS NOT NULL GROUP BY patient_id"
            " ORDER BY count(*) DESC, patient_id LIMIT 1"
        ).fetchone()[0]  # the longest history
        bare = statistics.median(
            _timed(lambda: store.db.execute("SELECT * FROM coded_events").fetchall()) for _ in range(3)
        )
        write = statistics.median(
            _timed(
                lambda: store.add_action(
                    User(name="Bench", role=Role.CARE_COORDINATOR),
                    person,
                    description="Benchmark action",
                    owner_id=None,
                    due=date.fromisoformat(today) + timedelta(days=7),
                )
            )
            for _ in range(REPEAT)
        )
        running = _meeting_in_progress(store, date.fromisoformat(today))
    rows.append("rows: " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))
    home, minimal = _start_to_home(db, work)
    rows.append(f"start to home with counts: {ms(home)} (minimal Textual app {ms(minimal)})")
    rows.append(f"file size: {db.stat().st_size / 1e6:.1f} MB")
    rows.append(_largest_tables(db))
    rows.append(f"one audited write (add an action): {ms(write)} (bare SELECT of every coded event {ms(bare)})")
    python = _bare_python()
    for args in (["check"], ["export", "codes"], ["cohort"], ["meetings"]):
        seconds, peak = _cli(db, *args)
        rows.append(f"mdt {' '.join(args)}: {ms(seconds)}, peak memory {peak / 1024:.0f} MB (bare python {ms(python)})")
    rows.append(_export_codes_all(db))
    try:
        rows.extend(asyncio.run(_screens(db, date.fromisoformat(today), person, meeting, running)))
    except Exception as error:  # noqa: BLE001 - the screens failing must not hide the other numbers
        rows.append(f"screens: not measured ({type(error).__name__}: {error})")
    shutil.rmtree(work, ignore_errors=True)
    rows.append(f"benchmark process peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return [f"scale {size_name} {row}" for row in rows]


def _largest_tables(db: Path, top: int = 6) -> str:
    """The tables (and indexes) taking most of the file, from SQLite's dbstat (issue 20: what makes it large)."""
    try:
        with sqlite3.connect(db) as conn:
            sizes = conn.execute(
                "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT ?", [top]
            ).fetchall()
    except sqlite3.Error as error:  # dbstat is compiled into most SQLite builds, not all
        return f"largest tables: not measured ({error})"
    return "largest tables: " + ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in sizes)


def _timed(fn) -> float:  # noqa: ANN001
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    sizes = [s.strip().upper() for s in os.environ.get("MDT_SCALE_SIZES", "S").split(",") if s.strip()]
    keep = os.environ.get("MDT_SCALE_DIR")
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            for row in measure(size, Path(keep or folder)):
                print(row, flush=True)
    return 0
