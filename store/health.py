"""The app's background health check: SQLite's quick check, at most once a day, remembered in ``meta``.

Opening a store no longer reads the whole file (at 3 GB that took 5 s before anything showed); `mdt check`
runs the full integrity check, and the app runs this quick one after the home screen is drawn."""

from __future__ import annotations

import contextlib
from datetime import date

import sqlite_utils

from mdt_tui.errors import StoreError
from mdt_tui.store import connection
from mdt_tui.store.base import _StoreBase

LAST_CHECK_KEY = "last_quick_check"


class HealthChecks(_StoreBase):
    """Mixed into Store; relies on ``db``, ``transaction()``, ``clock`` and ``snapshot``."""

    def last_quick_check(self) -> date | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [LAST_CHECK_KEY]).fetchone()
        return date.fromisoformat(row[0]) if row else None

    def quick_check_if_due(self) -> str | None:
        """Run the quick check unless one passed today; None when it passed or was not due, else what is wrong.

        A passed check is remembered; if that write cannot be made (the file busy or read-only) the check
        simply runs again next time. Only a failed verdict is worth telling anyone about."""
        today = self.clock().date()
        if self.last_quick_check() == today:
            return None
        self._checking: sqlite_utils.Database | None = self.db
        try:
            verdict = connection.quick_check(self.db)  # interrupted: StoreError, and it runs again next time
        finally:
            self._checking = None
        if verdict != "ok":
            return verdict
        if not self.snapshot:
            with contextlib.suppress(StoreError):
                with self.transaction() as db:
                    db.execute(
                        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE"
                        " SET value = excluded.value",
                        [LAST_CHECK_KEY, today.isoformat()],
                    )
        return None

    def stop_health_check(self) -> None:
        """Interrupt a quick check still running (the app is closing: at 3 GB it takes seconds, and the app
        would wait for it before exiting). Safe from any thread."""
        db = getattr(self, "_checking", None)
        if db is not None:
            db.conn.interrupt()
