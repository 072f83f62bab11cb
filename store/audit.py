"""The append-only audit trail: who did what, when, and the before → after of each change."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import sqlite_utils

from mdt_tui.models import User


def to_json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, default=str, sort_keys=True, ensure_ascii=False)


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
    db.execute(
        "INSERT INTO audit (at, user_name, user_role, action, entity, entity_id, before, after)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (at.isoformat(timespec="seconds"), user.name, user.role.value, action, entity, entity_id,
         to_json(before), to_json(after)),
    )
