"""Marking codes exported counts the rows it adds from the insert itself (it used to count the whole
code_exports table twice); events already marked keep their first export and are not counted again."""

from __future__ import annotations

from mdt_tui.store.store import Store
from tests.conftest import COORDINATOR


def test_mark_exported_counts_only_the_rows_it_adds(demo_db):
    with Store.open(demo_db) as store:
        fresh = [
            r[0]
            for r in store.db.execute(
                "SELECT id FROM coded_events WHERE id NOT IN (SELECT event_id FROM code_exports) ORDER BY id LIMIT 6"
            )
        ]
        seen: list[str] = []
        store.db.conn.set_trace_callback(seen.append)
        assert store.mark_exported(COORDINATOR, fresh[:5], batch="first") == 5
        store.db.conn.set_trace_callback(None)
        assert not [s for s in seen if "count(*) FROM code_exports" in s]
        assert store.mark_exported(COORDINATOR, fresh, batch="second") == 1
        assert store.mark_exported(COORDINATOR, [], batch="none") == 0
        batches = dict(
            store.db.execute(
                f"SELECT event_id, batch FROM code_exports WHERE event_id IN ({', '.join(map(str, fresh))})"
            ).fetchall()
        )
        assert batches == {**dict.fromkeys(fresh[:5], "first"), fresh[5]: "second"}
        last = store.db.execute("SELECT after FROM audit ORDER BY id DESC LIMIT 1").fetchone()[0]
        assert '"events":0' in last  # audit JSON is compact (issue 20)
