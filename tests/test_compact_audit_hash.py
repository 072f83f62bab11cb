"""Audit rows written from issue 20 on store their chain hash in 43 characters of base64 instead of 64 hex: the same
SHA-256 over the same columns, so the chain still covers everything, rows written before (hex) still verify, the
two kinds chain on each other in either order, and any change to a new row, or its hash, is still found."""

from __future__ import annotations

import base64
import hashlib

import pytest

from mdt_tui.store.audit import (
    AUDIT_COLUMNS,
    chain_hash,
    chain_link,
    compact_hash,
    first_broken_link,
    write_audit,
)
from tests.conftest import COORDINATOR


def _write(store, n: int) -> None:
    with store.transaction() as db:
        for i in range(n):
            write_audit(db, COORDINATOR, store.clock(), "test", "thing", i, {"n": i}, {"n": i + 1, "note": "Irène"})


def _hex_row(store, entity_id: int) -> None:
    """A row as releases before issue 20 wrote it: the hex digest stored as it is."""
    last = store.db.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    row = (last[0] + 1, "2026-11-22T09:00:00+00:00", "Jo Bennett", "care_coordinator", "old", "thing", entity_id)
    row = (*row, None, '{"n": 1}')
    store.db.execute(
        f"INSERT INTO audit ({', '.join(AUDIT_COLUMNS)}, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*row, chain_hash(chain_link(last[1]), row)),
    )


def _unlock(store) -> None:
    for (name,) in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'"):
        store.db.execute(f"DROP TRIGGER {name}")


def test_new_rows_store_the_same_digest_in_43_characters_and_verify(store):
    _write(store, 4)
    previous = None
    for *row, stored in store.db.execute(f"SELECT {', '.join(AUDIT_COLUMNS)}, hash FROM audit ORDER BY id"):
        digest = chain_hash(previous, tuple(row))
        assert len(stored) == 43 and base64.urlsafe_b64decode(stored + "=").hex() == digest == chain_link(stored)
        assert len(bytes.fromhex(digest)) == hashlib.sha256().digest_size
        previous = digest
    assert first_broken_link(store.db) is None and store.first_problem() is None


def test_old_hex_rows_and_new_rows_chain_on_each_other_in_either_order(store):
    _write(store, 2)
    _hex_row(store, 10)
    _hex_row(store, 11)
    _write(store, 2)  # chains on the hex row before it
    _hex_row(store, 12)  # and a hex row on a compact one
    lengths = [r[0] for r in store.db.execute("SELECT length(hash) FROM audit ORDER BY id")]
    assert 64 in lengths and 43 in lengths
    assert first_broken_link(store.db) is None and store.first_problem() is None


@pytest.mark.parametrize("column", ["at", "user_name", "user_role", "action", "entity", "entity_id", "before", "after"])
def test_changing_any_column_of_a_compact_row_breaks_the_chain(store, column):
    _write(store, 3)
    _unlock(store)
    value = 99 if column == "entity_id" else "changed"
    store.db.execute(f"UPDATE audit SET {column} = ? WHERE id = 2", (value,))
    assert first_broken_link(store.db).startswith("audit row 2 ")


def test_a_compact_hash_changed_or_a_row_removed_breaks_the_chain(store):
    _write(store, 4)
    _unlock(store)
    stored = store.db.execute("SELECT hash FROM audit WHERE id = 2").fetchone()[0]
    other = compact_hash(hashlib.sha256(b"something else").hexdigest())
    for forged in (other, stored[:-1] + ("A" if stored[-1] != "A" else "B"), "not base64 at all!", ""):
        store.db.execute("UPDATE audit SET hash = ? WHERE id = 2", (forged,))
        assert first_broken_link(store.db).startswith("audit row 2 "), forged
    store.db.execute("UPDATE audit SET hash = ? WHERE id = 2", (chain_link(stored),))  # the same digest in hex
    assert first_broken_link(store.db) is None  # is the same information, so it still verifies
    store.db.execute("UPDATE audit SET hash = ? WHERE id = 2", (stored,))
    store.db.execute("DELETE FROM audit WHERE id = 3")
    assert first_broken_link(store.db).startswith("audit row 4 ")


def test_a_row_rewritten_with_a_recomputed_hash_still_breaks_the_next_link(store):
    """Rewriting a row and recomputing its own hash is caught by the row after it, as with hex rows."""
    _write(store, 3)
    _unlock(store)
    rows = store.db.execute(f"SELECT {', '.join(AUDIT_COLUMNS)}, hash FROM audit ORDER BY id").fetchall()
    changed = (*rows[1][:8], '{"n":1000}')
    forged = compact_hash(chain_hash(chain_link(rows[0][-1]), changed))
    store.db.execute("UPDATE audit SET after = ?, hash = ? WHERE id = 2", (changed[-1], forged))
    assert first_broken_link(store.db).startswith("audit row 3 ")
