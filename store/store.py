"""The Store: one object per database file, safe to share between threads.

Threading rule: every thread gets its own SQLite connection (thread-local, opened on first
use with the same pragmas). Connections are never shared, so Textual thread workers may call
any method; WAL lets readers carry on while a worker writes. Every write method is a single
``BEGIN IMMEDIATE`` transaction that also writes its coded events and audit rows.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import sqlite_utils

from mdt_tui.errors import StoreError
from mdt_tui.locations import is_sqlite_file, not_sqlite_message
from mdt_tui.store import connection, migrations
from mdt_tui.store.actions import ActionWrites
from mdt_tui.store.cga_writes import CgaWrites
from mdt_tui.store.cohort_import import CohortImport
from mdt_tui.store.code_exports import CodeExports
from mdt_tui.store.cohort_queries import CohortQueries
from mdt_tui.store.consent_writes import ConsentWrites
from mdt_tui.store.meeting_reads import MeetingReads
from mdt_tui.store.meeting_writes import MeetingWrites
from mdt_tui.store.pathway_writes import PathwayWrites
from mdt_tui.store.plans import PlanWrites
from mdt_tui.store.problems import ProblemWrites
from mdt_tui.store.queries import Queries
from mdt_tui.store.roster_writes import RosterWrites
from mdt_tui.store.reviews import ReviewWrites
from mdt_tui.store.team import TeamWrites


def _now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


class Store(PathwayWrites, ConsentWrites, CohortImport, ActionWrites, TeamWrites, CgaWrites, Queries,
            CohortQueries, MeetingWrites, MeetingReads, CodeExports, ProblemWrites, PlanWrites, ReviewWrites,
            RosterWrites):
    def __init__(self, path: Path, *, clock: Callable[[], datetime] = _now) -> None:
        self.path = Path(path)
        self.clock = clock
        self._local = threading.local()
        self._all: list[sqlite_utils.Database] = []
        self._lock = threading.Lock()

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str, *, create: bool = False, **kwargs) -> Store:
        """Open (or with ``create``, create) a store, migrate it and check it is healthy."""
        path = Path(path).expanduser()
        if not path.exists():
            if not create:
                raise StoreError(f"No database at {path}. Run 'mdt demo --db {path}' or give another --db.")
            connection.create_private_file(path)
        elif path.is_dir():
            raise StoreError(f"{path} is a folder, not a database file.")
        elif not is_sqlite_file(path):
            raise StoreError(not_sqlite_message(path))
        store = cls(path, **kwargs)
        db = store.db
        verdict = connection.quick_check(db)
        if verdict != "ok":
            store.close()
            raise StoreError(f"{path} failed its health check: {verdict}. Restore it from a backup.")
        if connection.is_foreign(db):
            store.close()
            raise StoreError(f"{path} is an SQLite database but not an mdt-tui one; nothing was changed.")
        try:
            migrations.ensure_not_newer(db)
            connection.enable_wal(db)
            migrations.migrate(db)
        except StoreError:
            store.close()
            raise
        except sqlite3.DatabaseError as exc:
            store.close()
            raise StoreError(f"{path} could not be prepared: {exc}.") from exc
        return store

    @property
    def db(self) -> sqlite_utils.Database:
        """This thread's connection."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = connection.connect(self.path)
            self._local.db = db
            with self._lock:
                self._all.append(db)
        return db

    def close(self) -> None:
        with self._lock:
            for db in self._all:
                with contextlib.suppress(sqlite3.Error):
                    db.close()
            self._all.clear()
        self._local = threading.local()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ----------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """One atomic write. Nested calls join the outer transaction through a savepoint."""
        db = self.db
        if db.conn.in_transaction:
            with db.atomic():
                yield db
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.conn.rollback()
            raise
        db.execute("COMMIT")

    # -- health and backup -----------------------------------------------------------------
    def schema_version(self) -> int:
        return migrations.schema_version(self.db)

    def integrity(self) -> str:
        return connection.integrity_check(self.db)

    def backup_to(self, out: Path) -> None:
        """A consistent online copy through SQLite's backup API, readable by its owner only."""
        out = Path(out).expanduser()
        if out.exists():
            raise StoreError(f"{out} already exists; choose a new file name for the backup.")
        if out.resolve() == self.path.resolve():
            raise StoreError("The backup must go to a different file from the database.")
        connection.create_private_file(out)
        target = sqlite3.connect(str(out))
        try:
            self.db.conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
