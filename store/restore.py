"""`mdt restore`: put a backup in place of the database, safely.

The backup is copied beside the database and checked there (so what is checked is what is installed):
a full integrity and foreign-key check, an mdt-tui file, not from a newer version, an intact audit chain.
The current database is never deleted: it is kept as NAME.before-restore-YYYYMMDD-HHMMSS, with its
-wal folded in first, so no stale -wal is left to replay onto the restored file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import sqlite_utils

from mdt_tui.errors import StoreError
from mdt_tui.locations import is_sqlite_file
from mdt_tui.safe_files import database_files, fsync_folder, is_same_file
from mdt_tui.store import migrations
from mdt_tui.store.audit import first_broken_link


class RestoreRefused(StoreError):
    """The restore was refused before anything was changed."""


@dataclass
class RestoreReport:
    backup: Path
    database: Path
    schema_version: int
    kept_as: Path | None = None
    moved_aside: list[Path] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"Checked {self.backup}: integrity ok, schema version {self.schema_version}"
            f"{'' if self.schema_version == len(migrations.known_names()) else ' (migrated when next opened)'}."
        ]
        if self.kept_as:
            out.append(f"Kept the database as it was as {self.kept_as}.")
        out += [f"Moved the stale {p.name.rsplit('-', 1)[-1]} file aside as {p}." for p in self.moved_aside]
        out.append(f"Restored {self.database} from {self.backup}.")
        return out


def restore(backup: Path, database: Path, *, now: datetime) -> RestoreReport:
    backup, database = Path(backup).expanduser(), Path(database).expanduser()
    _refuse_bad_backup_path(backup, database)
    if not database.parent.is_dir():
        raise RestoreRefused(f"There is no folder {database.parent}; nothing was changed.")
    staged = database.with_name(f".{database.name}.restore-{secrets.token_hex(4)}.tmp")
    try:
        _copy_private(backup, staged)
        version = _check_backup(staged, backup)
        report = RestoreReport(backup, database, version)
        with _sole_access(database):
            if database.exists():
                report.kept_as = _keep_current(database, now)
            report.moved_aside = _move_companions_aside(
                database, report.kept_as or database.with_name(f"{database.name}.stale-{_stamp(now)}"), now
            )
            os.link(staged, database)  # never over a file that appeared meanwhile
            fsync_folder(database.parent)
    except FileExistsError:
        raise RestoreRefused(f"{database} appeared while restoring; the backup was not installed.") from None
    finally:
        for path in database_files(staged):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    return report


def _refuse_bad_backup_path(backup: Path, database: Path) -> None:
    if not backup.is_file():
        raise RestoreRefused(f"There is no backup file at {backup}; nothing was changed.")
    if any(is_same_file(backup, f) for f in database_files(database)):
        raise RestoreRefused(f"{backup} is the database itself, not a backup of it; nothing was changed.")
    if not is_sqlite_file(backup) or backup.stat().st_size == 0:
        raise RestoreRefused(f"{backup} is not an SQLite database, so it cannot be a backup; nothing was changed.")
    wal = backup.with_name(backup.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise RestoreRefused(
            f"{backup} has a -wal file beside it, so it is a database in use, not a complete "
            "backup; make one with 'mdt backup'. Nothing was changed."
        )


def _copy_private(source: Path, target: Path) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
        shutil.copyfileobj(src, out, 1024 * 1024)
        out.flush()
        os.fsync(out.fileno())


def _check_backup(staged: Path, backup: Path) -> int:
    """The backup's schema version, or RestoreRefused naming what is wrong with it."""
    try:
        conn = sqlite3.connect(str(staged), isolation_level=None)
    except sqlite3.Error as exc:
        raise RestoreRefused(f"{backup} cannot be opened ({exc}); nothing was changed.") from None
    db = sqlite_utils.Database(conn)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, like the backup itself
        verdict = "; ".join(str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()[:3])
        if verdict != "ok":
            raise RestoreRefused(f"{backup} fails the integrity check ({verdict}); nothing was changed.")
        if conn.execute("PRAGMA foreign_key_check").fetchone():
            raise RestoreRefused(f"{backup} has broken references between its tables; nothing was changed.")
        if "_sqlite_migrations" not in db.table_names():
            raise RestoreRefused(f"{backup} is an SQLite database but not an mdt-tui one; nothing was changed.")
        try:
            migrations.ensure_not_newer(db)
        except StoreError as exc:
            raise RestoreRefused(f"{backup}: {exc} Nothing was changed.") from None
        version = migrations.schema_version(db)
        if "hash" in {c.name for c in db["audit"].columns} and (broken := first_broken_link(db)):
            raise RestoreRefused(f"{backup} has been altered: {broken}. Nothing was changed.")
        return version
    except sqlite3.DatabaseError as exc:
        raise RestoreRefused(f"{backup} fails the integrity check ({exc}); nothing was changed.") from None
    finally:
        conn.close()


@contextlib.contextmanager
def _sole_access(database: Path):
    """Hold the database exclusively while it is swapped, or refuse if anyone else has it open.
    Leaving WAL needs every other connection closed, so it doubles as the test; it also folds the
    -wal (a crashed writer's last commits included) into the file that is kept."""
    if not database.exists():
        yield
        return
    conn = None
    try:
        conn = sqlite3.connect(str(database), isolation_level=None, timeout=0)
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if mode != "delete":
            raise sqlite3.OperationalError("database is locked")
        conn.execute("BEGIN EXCLUSIVE")
    except sqlite3.OperationalError as exc:
        if conn:
            conn.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise RestoreRefused(
                f"{database} is open in another program (mdt-tui or a backup?): close it and "
                "try again. Nothing was changed."
            ) from None
        conn = None  # unreadable (damaged): nothing can have it open usefully; it is kept as it is
    except sqlite3.DatabaseError:
        if conn:
            conn.close()
        conn = None
    try:
        yield
    finally:
        if conn:
            with contextlib.suppress(sqlite3.Error):
                conn.rollback()
            conn.close()


def _stamp(now: datetime) -> str:
    return f"{now:%Y%m%d-%H%M%S}"


def _keep_current(database: Path, now: datetime) -> Path:
    kept = database.with_name(f"{database.name}.before-restore-{_stamp(now)}")
    n = 1
    while kept.exists():
        n += 1
        kept = database.with_name(f"{database.name}.before-restore-{_stamp(now)}-{n}")
    os.rename(database, kept)
    return kept


def _move_companions_aside(database: Path, kept: Path, now: datetime) -> list[Path]:
    """A -wal or -shm left beside the database belongs to the old file: it would replay onto the backup."""
    moved = []
    for companion in database_files(database)[1:]:
        if companion.exists():
            target = kept.with_name(kept.name + companion.name[len(database.name) :])
            if target.exists():
                target = target.with_name(f"{target.name}.{_stamp(now)}")
            os.rename(companion, target)
            moved.append(target)
    return moved
