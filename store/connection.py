"""Opening the SQLite file: owner-only permissions, durable pragmas, a health check."""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from pathlib import Path

import sqlite_utils

from mdt_tui.errors import StoreError
from mdt_tui.locations import ensure_private_dir

# Dates are stored as ISO text. Python's built-in date adapter does the same but is deprecated
# (3.12); registering it here keeps the behaviour explicit and future-proof.
sqlite3.register_adapter(date, date.isoformat)

PRAGMAS = (
    # FULL: a write that returned survives power loss, not just a crash of the app.
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 10000",
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


def connect(path: Path) -> sqlite_utils.Database:
    """Open an existing file with the project's pragmas; transactions are managed by the store."""
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=True, timeout=10)
        for pragma in PRAGMAS:
            conn.execute(pragma)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a readable mdt-tui database ({exc}).") from exc
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
        return str(exc)
    result = "; ".join(str(r[0]) for r in rows)
    return result


def integrity_check(db: sqlite_utils.Database) -> str:
    try:
        rows = db.execute("PRAGMA integrity_check").fetchall()
        fk = db.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    result = "; ".join(str(r[0]) for r in rows)
    if fk:
        result = f"{len(fk)} broken foreign key reference(s)" if result == "ok" else result
    return result
