"""Opening reads no more than the schema; the whole-file quick check runs in the app's background, at most daily,
and is heard of only when it fails. Damage here is real: bytes of an index page overwritten in the file."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

from mdt_tui.screens.home import HomeScreen
from mdt_tui.store.health import LAST_CHECK_KEY
from mdt_tui.store.store import Store
from tests.pilot_helpers import SIZE, app_for, notification_texts, settle


def damage_an_index(path) -> None:
    """Scribble over the b-tree page of an index no screen reads at start (events by recorded time)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'coded_events_recorded'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * page_size + 8)
        f.write(b"\x7f" * 200)


def clock_on(day: int):
    return lambda: datetime(2026, 11, day, 9, 0, tzinfo=timezone.utc)


def test_the_quick_check_runs_once_a_day_and_is_remembered(demo_db):
    with Store.open(demo_db, clock=clock_on(23)) as store:
        assert store.last_quick_check() is None
        assert store.quick_check_if_due() is None
        assert str(store.last_quick_check()) == "2026-11-23"
        seen: list[str] = []
        store.db.conn.set_trace_callback(seen.append)
        assert store.quick_check_if_due() is None  # done today: not run again
        store.db.conn.set_trace_callback(None)
        assert not any("PRAGMA quick_check" in s for s in seen)
    with Store.open(demo_db, clock=clock_on(24)) as store:
        seen = []
        store.db.conn.set_trace_callback(seen.append)
        assert store.quick_check_if_due() is None  # a new day: run again
        store.db.conn.set_trace_callback(None)
        assert any("PRAGMA quick_check" in s for s in seen) and str(store.last_quick_check()) == "2026-11-24"


def test_a_damaged_index_opens_and_the_quick_check_names_it(demo_db):
    damage_an_index(demo_db)
    with Store.open(demo_db, clock=clock_on(23)) as store:  # opening reads the schema only
        assert store.person(store.people()[0].id)
        verdict = store.quick_check_if_due()
        assert verdict and verdict != "ok"
        assert store.last_quick_check() is None  # a failed check is not remembered: it runs (and says) again
        assert "integrity" in store.first_problem()  # `mdt check` names it too


def test_a_file_that_is_not_ours_is_still_refused_at_open(tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    try:
        Store.open(other)
    except Exception as error:  # noqa: BLE001 - the sentence is what matters
        assert "not an mdt-tui one" in str(error)
    else:
        raise AssertionError("a foreign file was opened")


async def test_the_app_says_so_only_when_the_check_fails(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert not [t for t in notification_texts(app) if "health check" in t]
    with Store.open(demo_db) as store:
        assert store.db.execute("SELECT value FROM meta WHERE key = ?", [LAST_CHECK_KEY]).fetchone()
    damage_an_index(demo_db)
    with Store.open(demo_db) as store:  # today's check passed before the damage: not due again today
        store.db.execute("DELETE FROM meta WHERE key = ?", [LAST_CHECK_KEY])
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen) and app.screen.query_one("#pipeline").option_count > 3
        notices = [t for t in notification_texts(app) if "health check" in t]
        assert len(notices) == 1 and "Run 'mdt check'" in notices[0]


def test_a_check_interrupted_as_the_app_closes_is_not_remembered(demo_db):
    with Store.open(demo_db, clock=clock_on(23)) as store:
        # As if the app closed mid-check: the interrupt arrives while SQLite is reading the file.
        store.db.conn.set_progress_handler(lambda: store.stop_health_check() or 0, 100)
        try:
            store.quick_check_if_due()
        except Exception as error:  # noqa: BLE001 - the sentence is what matters
            assert "interrupt" in str(error).lower()
        else:
            raise AssertionError("the check was not interrupted")
        store.db.conn.set_progress_handler(None, 0)
        assert store.last_quick_check() is None
        store.stop_health_check()  # nothing running: nothing happens
        assert store.quick_check_if_due() is None and store.last_quick_check() is not None
