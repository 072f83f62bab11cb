"""`mdt check`: is the record whole and unchanged? Full integrity and foreign-key checks, every
append-only trigger present, the schema exactly what the migrations build, the audit hash chain intact.
Each check names the first thing wrong in one sentence."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable

import sqlite_utils

from mdt_tui.store import migrations
from mdt_tui.store.audit import first_broken_link

APPEND_ONLY_VERBS = ("UPDATE", "DELETE", "REPLACE")


@functools.lru_cache(maxsize=1)
def reference_schema() -> dict[str, tuple[str, str, str | None]]:
    """name -> (type, table, sql) of every object a fresh database gets from the migrations."""
    db = sqlite_utils.Database(memory=True)
    try:
        migrations.migrate(db)
        return schema_of(db)
    finally:
        db.close()


def schema_of(db: sqlite_utils.Database) -> dict[str, tuple[str, str, str | None]]:
    rows = db.execute("SELECT name, type, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    return {name: (kind, table, _normal(sql)) for name, kind, table, sql in rows}


def _normal(sql: str | None) -> str | None:
    return " ".join(sql.split()) if sql else sql


def full_integrity(db: sqlite_utils.Database) -> str | None:
    rows = db.execute("PRAGMA integrity_check").fetchall()
    verdict = "; ".join(str(r[0]) for r in rows[:3])
    return None if verdict == "ok" else f"SQLite's integrity check failed: {verdict}"


def foreign_keys(db: sqlite_utils.Database) -> str | None:
    broken = db.execute("PRAGMA foreign_key_check").fetchall()
    if not broken:
        return None
    table, rowid, parent, _ = broken[0]
    return f"{len(broken)} broken reference(s), the first in {table} row {rowid} to a missing {parent} row"


def append_only_triggers(db: sqlite_utils.Database) -> str | None:
    expected = reference_schema()
    actual = schema_of(db)
    tables = sorted(t for name, (kind, t, _) in expected.items() if kind == "trigger" and name == f"{t}_no_UPDATE")
    for table in tables:
        for verb in APPEND_ONLY_VERBS:
            name = f"{table}_no_{verb}"
            if name not in actual:
                return (
                    f"the append-only trigger {name} is missing: rows of {table} could be "
                    f"{'replaced' if verb == 'REPLACE' else verb.lower() + 'd'} without trace"
                )
            if actual[name] != expected[name]:
                return f"the append-only trigger {name} has been altered"
    return None


def schema_matches_migrations(db: sqlite_utils.Database) -> str | None:
    expected, actual = reference_schema(), schema_of(db)
    for name, (kind, _table, sql) in sorted(expected.items()):
        if name not in actual:
            return f"the {kind} {name} is missing from the schema the migrations build"
        if actual[name][2] != sql:
            return f"the {kind} {name} differs from what the migrations build"
    extra = sorted(set(actual) - set(expected))
    if extra:
        return f"the {actual[extra[0]][0]} {extra[0]} is not part of the schema the migrations build"
    return None


def audit_chain(db: sqlite_utils.Database) -> str | None:
    return first_broken_link(db)


CHECKS: tuple[Callable[[sqlite_utils.Database], str | None], ...] = (
    full_integrity,
    foreign_keys,
    append_only_triggers,
    schema_matches_migrations,
    audit_chain,
)


def first_problem(db: sqlite_utils.Database) -> str | None:
    """One sentence naming the first thing wrong, or None when every check passes."""
    for check in CHECKS:
        try:
            problem = check(db)
        except sqlite3.DatabaseError as exc:
            return f"{check.__name__.replace('_', ' ')} could not run: {exc}"
        if problem:
            return problem
    return None
