"""The append-only audit trail: who did what, when, and the before → after of each change.

Each row carries a hash of its own content and the previous row's hash (a chain), so a row
rewritten or removed after the fact no longer matches: `mdt check` names the first one.

The hash is the same SHA-256 over the same text it always was; rows written since issue 20 store its 32 bytes as
43 characters of URL-safe base64 instead of 64 hexadecimal ones (a fifth of an audit row's fixed cost), and the
next row chains on the hexadecimal form as before. Rows written earlier keep their hexadecimal hash; both verify.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from datetime import datetime
from typing import Any

import sqlite_utils

from mdt_tui.models import User


def to_json(value: Any) -> str | None:
    return None if value is None else json_text(value)


def json_text(value: Any) -> str:
    """``value`` as the JSON text the store keeps (keys sorted; dates and other objects as text)."""
    return json.dumps(value, default=str, sort_keys=True, ensure_ascii=False)


def audit_json(value: Any) -> str | None:
    """An audit row's before or after: the same JSON as ``to_json`` with no space after a comma or colon (an audit
    row is written for every change, so a third of the file at five years' size is audit). Rows written before
    kept their spaced text: the chain hashes the stored text, so both verify, and both read back with json."""
    if value is None:
        return None
    return json.dumps(value, default=str, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def write_audit(
    db: sqlite_utils.Database,
    user: User,
    at: datetime,
    action: str,
    entity: str,
    entity_id: int | None,
    before: Any = None,
    after: Any = None,
) -> None:
    # Callers hold the write transaction (BEGIN IMMEDIATE), so no other writer can slip in between.
    last = db.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    row = (
        last[0] + 1 if last else 1,
        at.isoformat(timespec="seconds"),
        user.name,
        user.role.value,
        action,
        entity,
        None if entity_id is None else int(entity_id),
        audit_json(before),
        audit_json(after),
    )
    db.execute(
        "INSERT INTO audit (id, at, user_name, user_role, action, entity, entity_id, before, after, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*row, compact_hash(chain_hash(chain_link(last[1]) if last else None, row))),
    )


AUDIT_COLUMNS = ("id", "at", "user_name", "user_role", "action", "entity", "entity_id", "before", "after")
GENESIS = ""


def chain_hash(previous: str | None, row: tuple) -> str:
    """SHA-256 of the previous row's hash and this row's columns (AUDIT_COLUMNS, in order). Never change
    this: every stored hash was made with it."""
    text = json.dumps([previous or GENESIS, *row], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def compact_hash(digest: str) -> str:
    """How a row's hash is stored from issue 20 on: the 32 bytes of ``chain_hash``'s hexadecimal digest as
    URL-safe base64 without padding (43 characters instead of 64). The information is the same."""
    return base64.urlsafe_b64encode(bytes.fromhex(digest)).rstrip(b"=").decode("ascii")


def chain_link(stored: str | None) -> str | None:
    """The hexadecimal digest a stored hash stands for, which the next row chains on: stored as it is by rows
    written before issue 20, as base64 (``compact_hash``) since. A value that is neither is passed on unchanged
    (the chain is broken there already, and `mdt check` says so); writing goes on as it always did."""
    if stored is None or len(stored) == 64:
        return stored
    try:
        return base64.urlsafe_b64decode(stored + "=" * (-len(stored) % 4)).hex()
    except (binascii.Error, ValueError):
        return stored


def first_broken_link(db: sqlite_utils.Database) -> str | None:
    """The first audit row that does not match the chain, described in one sentence; None if all do. A row's
    stored hash matches when it is the digest of the previous row's digest and its own columns, in hexadecimal
    (rows before issue 20) or compact (``compact_hash``) form."""
    previous: str | None = None
    cursor = db.execute(f"SELECT {', '.join(AUDIT_COLUMNS)}, hash FROM audit ORDER BY id")
    for *row, stored in cursor:
        if stored is None:
            return f"audit row {row[0]} has no hash: it was added outside mdt-tui"
        expected = chain_hash(previous, tuple(row))
        if stored != expected and stored != compact_hash(expected):
            return (
                f"audit row {row[0]} ({row[4]}, {row[1]}) does not match its hash: it, or the row before it, "
                "was changed or removed after it was written"
            )
        previous = expected
    return None
