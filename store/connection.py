"""Opening the SQLite file: owner-only permissions, durable pragmas, a health check."""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from pathlib import Path
from urllib.parse import quote

import sqlite_utils

from mdt_tui.errors import DatabaseDamaged
from mdt_tui.locations import ensure_private_dir
from mdt_tui.store.db_errors import is_damage, translate

# Dates are stored as ISO text. Python's built-in date adapter does the same but is deprecated
# (3.12); registering it here keeps the behaviour explicit and future-proof.
sqlite3.register_adapter(date, date.isoformat)

PRAGMAS = (
    # FULL: a write that returned survives power loss, not just a crash of the app.
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    # 64 MiB of page cache (the default is 2 MiB): a 100,000-person import updates indexes on
    # random keys (NHS number, names) and would otherwise re-read the same pages again and again.
    "PRAGMA cache_size = -65536",
    # An import stages its rows in a temporary table: kept in memory, not spilled to a temp file.
    "PRAGMA temp_store = MEMORY",
)


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only. SQLite gives -wal/-shm the same mode."""
    ensure_private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


BUSY_TIMEOUT = 10.0
"""Seconds a write waits for another process's lock before the user is told the database is busy."""


def connect(path: Path, *, busy_timeout: float = BUSY_TIMEOUT, snapshot: bool = False) -> sqlite_utils.Database:
    """Open an existing file with the project's pragmas; transactions are managed by the store.

    ``snapshot`` opens it read-only and immutable (no -shm, no locks): for reading a file whose folder
    or disk cannot take the -shm file SQLite's WAL mode needs. Only safe when no -wal is pending.
    ``check_same_thread=False`` only so ``Store.close`` can close worker threads' connections: each
    connection is still used by the one thread that opened it.
    """
    target, uri = (f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1", True) if snapshot else (str(path), False)
    try:
        conn = sqlite3.connect(target, uri=uri, isolation_level=None, check_same_thread=False, timeout=busy_timeout)
        for pragma in PRAGMAS:
            conn.execute(pragma)
    except sqlite3.DatabaseError as exc:
        error = translate(exc)
        if is_damage(exc):
            error = DatabaseDamaged(f"{path} is not a readable mdt-tui database ({exc}).")
        raise error from exc
    return sqlite_utils.Database(conn)


def enable_wal(db: sqlite_utils.Database) -> None:
    """Switch the file to WAL (persistent); done only once the file is known to be ours."""
    db.execute("PRAGMA journal_mode = WAL")


def is_foreign(db: sqlite_utils.Database) -> bool:
    """True for an SQLite file that holds tables but was not made by mdt-tui."""
    names = set(db.table_names())
    return bool(names) and "_sqlite_migrations" not in names


def quick_check(db: sqlite_utils.Database) -> str:
    """'ok' or SQLite's description of the first problem found."""
    try:
        rows = db.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):  # busy, unreadable: not a verdict on the file's health
            raise
        return str(exc)
    result = "; ".join(str(r[0]) for r in rows)
    return result


def integrity_check(db: sqlite_utils.Database) -> str:
    try:
        rows = db.execute("PRAGMA integrity_check").fetchall()
        fk = db.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        return str(exc)
    result = "; ".join(str(r[0]) for r in rows)
    if fk:
        result = f"{len(fk)} broken foreign key reference(s)" if result == "ok" else result
    return result


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The id of the row the INSERT on ``cursor`` just added (sqlite3 types ``lastrowid`` as optional: it is
    None only on a cursor that has inserted nothing)."""
    rowid = cursor.lastrowid
    if rowid is None:
        raise TypeError("inserted_id is for the cursor of an INSERT")
    return rowid
