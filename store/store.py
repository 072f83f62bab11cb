"""The Store: one object per database file, safe to share between threads.

Threading rule: every thread gets its own SQLite connection (thread-local, opened on first
use with the same pragmas). Connections are never shared, so Textual thread workers may call
any method; WAL lets readers carry on while a worker writes. Every write method is a single
``BEGIN IMMEDIATE`` transaction that also writes its coded events and audit rows.

Error boundary: every public method raises ``StoreError`` subclasses, never sqlite3 errors
(store/db_errors.py). Opening writes nothing unless a migration is due, so reading works behind
another process's write lock, on a full disk and on a read-only file or folder.
"""

from __future__ import annotations

import contextlib
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import sqlite_utils

from mdt_tui.errors import DatabaseUnavailable, DiskFull, ReadOnlyDatabase, StoreError
from mdt_tui.locations import is_sqlite_file, not_sqlite_message
from mdt_tui.store import connection, migrations
from mdt_tui.store.cga.medicines_review import MedicinesReviewWrites
from mdt_tui.store.cga.self_harm import SelfHarmWrites
from mdt_tui.store.cga.writes import CgaWrites
from mdt_tui.store.cohort.importing import CohortImport
from mdt_tui.store.cohort.practices import PracticeWrites
from mdt_tui.store.cohort.queries import CohortQueries
from mdt_tui.store.consent.writes import ConsentWrites
from mdt_tui.store.db_errors import guard_methods, is_damage, translate
from mdt_tui.store.exports.codes_to_send import CodeExports
from mdt_tui.store.exports.deliveries import DeliveryWrites
from mdt_tui.store.exports.signoff import SignOffWrites
from mdt_tui.store.health import HealthChecks
from mdt_tui.store.households.writes import HouseholdWrites
from mdt_tui.store.impact.activity import ActivityWrites
from mdt_tui.store.impact.dashboard import DashboardReads
from mdt_tui.store.impact.maturity import MaturityWrites
from mdt_tui.store.meeting.agenda_rebuild import AgendaRebuildWrites
from mdt_tui.store.meeting.agree import MeetingAgree
from mdt_tui.store.meeting.authority import MeetingAuthority
from mdt_tui.store.meeting.lease import MeetingLeases
from mdt_tui.store.meeting.reads import MeetingReads
from mdt_tui.store.meeting.roster import RosterWrites
from mdt_tui.store.meeting.team import TeamWrites
from mdt_tui.store.meeting.writes import MeetingWrites
from mdt_tui.store.pathway_writes import PathwayWrites
from mdt_tui.store.plan.actions import ActionWrites
from mdt_tui.store.plan.problems import ProblemWrites
from mdt_tui.store.plan.writes import PlanWrites
from mdt_tui.store.queries import Queries
from mdt_tui.store.reviews.experience import ExperienceWrites
from mdt_tui.store.reviews.writes import ReviewWrites
from mdt_tui.store.saved_views import SavedViews
from mdt_tui.store.team_policy import TeamPolicyStore
from mdt_tui.store.versions import RecordVersions


def _now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


# Errors that mean the file can be read but not written here: worth reading it as an immutable snapshot.
_CANNOT_WRITE_HERE = (ReadOnlyDatabase, DiskFull, DatabaseUnavailable)


class Store(
    PathwayWrites,
    ConsentWrites,
    CohortImport,
    ActionWrites,
    TeamWrites,
    CgaWrites,
    Queries,
    DashboardReads,
    ActivityWrites,
    MaturityWrites,
    ExperienceWrites,
    CohortQueries,
    MeetingWrites,
    MeetingReads,
    MeetingAuthority,
    MeetingAgree,
    AgendaRebuildWrites,
    CodeExports,
    ProblemWrites,
    PlanWrites,
    ReviewWrites,
    RosterWrites,
    SelfHarmWrites,
    PracticeWrites,
    MedicinesReviewWrites,
    HealthChecks,
    SignOffWrites,
    DeliveryWrites,
    HouseholdWrites,
    RecordVersions,
    MeetingLeases,
    TeamPolicyStore,
    SavedViews,
):
    def __init__(
        self,
        path: Path,
        *,
        clock: Callable[[], datetime] = _now,
        busy_timeout: float = connection.BUSY_TIMEOUT,
        snapshot: bool = False,
    ) -> None:
        self.path = Path(path)
        self.clock = clock
        self.busy_timeout = busy_timeout
        self.snapshot = snapshot
        """True when opened read-only as an immutable snapshot (see ``connection.connect``)."""
        self._local = threading.local()
        self._all: list[sqlite_utils.Database] = []
        self._lock = threading.Lock()
        self._wal = True  # set by _prepare from the file's journal mode
        self.session = secrets.token_hex(8)
        """This Store object's own random token (one per app window): a minute-taker lease belongs to the window
        that took it, not to a name, so the same person's second window watches (issue 14)."""

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str, *, create: bool = False, **kwargs) -> Store:
        """Open (or with ``create``, create) a store, migrate it if due and check it is healthy."""
        path = Path(path).expanduser()
        if not path.exists():
            if not create:
                raise StoreError(f"No database at {path}. Run 'mdt demo --db {path}' or give another --db.")
            try:
                connection.create_private_file(path)
            except OSError as exc:
                raise StoreError(f"{path} could not be created ({exc.strerror or exc}).") from exc
        elif path.is_dir():
            raise StoreError(f"{path} is a folder, not a database file.")
        elif not path.is_file():  # a pipe or device: reading its header could wait for ever
            raise StoreError(f"{path} is not a regular file, so it cannot be a database.")
        elif not is_sqlite_file(path):
            raise StoreError(not_sqlite_message(path))
        try:
            return cls._prepared(path, kwargs)
        except _CANNOT_WRITE_HERE as cannot_write:
            if not cls._snapshot_is_safe(path):
                raise
            try:
                return cls._prepared(path, {**kwargs, "snapshot": True})
            except StoreError:
                raise cannot_write from None  # e.g. a migration is due: the first reason is the true one

    @classmethod
    def _prepared(cls, path: Path, kwargs: dict) -> Store:
        store = cls(path, **kwargs)
        try:
            store._prepare()
        except sqlite3.Error as exc:
            store.close()
            raise translate(exc) from exc
        except BaseException:
            store.close()
            raise
        return store

    @staticmethod
    def _snapshot_is_safe(path: Path) -> bool:
        """An immutable read ignores the -wal file, so it is only right when there is none to replay."""
        wal = path.with_name(path.name + "-wal")
        return not wal.exists() or wal.stat().st_size == 0

    def _prepare(self) -> None:
        """Cheap checks only: reading the schema refuses a damaged header or schema, a foreign file and a newer
        one. The whole-file checks are `mdt check`'s (integrity) and the app's daily background quick check."""
        db = self.db
        try:
            foreign = connection.is_foreign(db)
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                raise
            raise StoreError(f"{self.path} failed its health check: {exc}. Restore it from a backup.") from exc
        if foreign:
            raise StoreError(f"{self.path} is an SQLite database but not an mdt-tui one; nothing was changed.")
        migrations.ensure_not_newer(db)
        if self._migration_due(db):
            connection.enable_wal(db)
            migrations.migrate(db)
        # A backup or restored copy (journal_mode DELETE) is left as it is until its first write.
        self._wal = db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    def _switch_to_wal(self, db: sqlite_utils.Database) -> None:
        """Before the first write to a file not yet in WAL mode (a backup, a restored copy): switch it,
        so readers never wait for writers. If that cannot be done now (another connection is reading,
        the file is read-only) the write goes ahead with the rollback journal: still atomic and durable."""
        if self.snapshot:
            return
        try:
            connection.enable_wal(db)
            self._wal = db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        except sqlite3.Error:
            pass

    @staticmethod
    def _migration_due(db: sqlite_utils.Database) -> bool:
        """Read-only: is any migration pending, or user_version behind? (Only then does opening write.)"""
        if migrations.MIGRATIONS.pending(db):
            return True
        return db.execute("PRAGMA user_version").fetchone()[0] != migrations.schema_version(db)

    @property
    def db(self) -> sqlite_utils.Database:
        """This thread's connection."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = connection.connect(self.path, busy_timeout=self.busy_timeout, snapshot=self.snapshot)
            self._local.db = db
            with self._lock:
                self._all.append(db)
        return db

    def close(self) -> None:
        """Close every connection this store opened, worker threads' included."""
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
        """One atomic write. Nested calls join the outer transaction through a savepoint.

        sqlite3 errors leave as StoreError subclasses. A COMMIT that fails (disk full, deferred
        constraint) can leave SQLite's transaction open: it is rolled back, so nothing half-done
        is joined by the next write.
        """
        db = self.db
        if db.conn.in_transaction:
            with db.atomic():
                yield db
            return
        if not self._wal:
            self._switch_to_wal(db)
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise translate(exc) from exc
        try:
            yield db
            db.execute("COMMIT")
        except BaseException as exc:
            if db.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    db.conn.rollback()
            if isinstance(exc, sqlite3.Error):
                raise translate(exc) from exc
            raise

    # -- health and backup -----------------------------------------------------------------
    def schema_version(self) -> int:
        return migrations.schema_version(self.db)

    def integrity(self) -> str:
        return connection.integrity_check(self.db)

    def first_problem(self) -> str | None:
        """The first thing wrong with the record (integrity, foreign keys, append-only triggers, schema,
        audit hash chain) as one sentence, or None. What `mdt check` runs."""
        from mdt_tui.store.integrity import first_problem

        return first_problem(self.db)

    def backup_to(self, out: Path) -> None:
        """A consistent online copy through SQLite's backup API, readable by its owner only."""
        out = Path(out).expanduser()
        if out.exists():
            raise StoreError(f"{out} already exists; choose a new file name for the backup.")
        if out.resolve() == self.path.resolve():
            raise StoreError("The backup must go to a different file from the database.")
        try:
            connection.create_private_file(out)
        except OSError as exc:
            raise StoreError(f"The backup file {out} could not be created ({exc.strerror or exc}).") from exc
        target = sqlite3.connect(str(out))
        try:
            self.db.conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        except sqlite3.Error as exc:
            target.close()
            out.unlink(missing_ok=True)  # never leave a half-written backup that looks like a good one
            raise translate(exc) from exc
        finally:
            target.close()


guard_methods(Store, skip=frozenset({"transaction", "open", "close"}))
