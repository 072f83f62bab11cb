"""Audit rows written from now on are compact JSON (issue 20); rows written before keep their spaced text, and the
hash chain verifies both, one after the other, as `mdt check` does."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from mdt_tui.store.audit import chain_hash, chain_link, first_broken_link, to_json, write_audit
from tests.conftest import COORDINATOR, make_entry, make_patient


def _old_style_row(store, action: str, after: dict) -> None:
    """An audit row as releases before issue 20 wrote it: ``to_json``'s spaced separators, chained the same way."""
    last = store.db.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    row = (
        last[0] + 1,
        "2026-11-22T09:00:00+00:00",
        "Jo Bennett",
        "care_coordinator",
        action,
        "patient",
        1,
        None,
        to_json(after),
    )
    store.db.execute(
        "INSERT INTO audit (id, at, user_name, user_role, action, entity, entity_id, before, after, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*row, chain_hash(chain_link(last[1]), row)),
    )


def test_old_spaced_and_new_compact_rows_verify_in_one_chain_and_read_back_alike(store, user):
    store.add_person(user, make_patient(), make_entry())
    details = {"stage": "on_caseload", "note": "Daughter — Irène — present", "attempts": [1, 2]}
    with store.transaction() as db:
        _old_style_row(store, "old_style", details)
        write_audit(
            db,
            COORDINATOR,
            datetime(2026, 11, 23, 10, tzinfo=timezone.utc),
            "new_style",
            "patient",
            1,
            {"stage": "awaiting_contact"},
            details,
        )
    old, new = store.db.execute("SELECT after FROM audit WHERE action IN ('old_style', 'new_style') ORDER BY id")
    assert old[0] == '{"attempts": [1, 2], "note": "Daughter — Irène — present", "stage": "on_caseload"}'
    assert new[0] == '{"attempts":[1,2],"note":"Daughter — Irène — present","stage":"on_caseload"}'
    assert json.loads(old[0]) == json.loads(new[0]) == details  # nothing lost: the same facts, fewer bytes
    assert first_broken_link(store.db) is None and store.first_problem() is None


def test_a_compact_row_changed_afterwards_still_breaks_the_chain(store, user):
    store.add_person(user, make_patient("9990000107"), make_entry())
    store.add_person(user, make_patient("9990000115"), make_entry())
    triggers = [
        r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'")
    ]
    for name in triggers:  # as someone editing the file by hand would
        store.db.execute(f"DROP TRIGGER {name}")
    store.db.execute("UPDATE audit SET after = replace(after, '9990000107', '9990000115') WHERE id = 1")
    assert "audit row 1" in first_broken_link(store.db)
