"""The consent screen's declined tab reads everyone's latest decline in one query: the same answer as each
person's history, which it used to read once per person (3.6 s at five years' size)."""

from __future__ import annotations

from datetime import date

from mdt_tui.consent.records import Decline, LatestDecline
from mdt_tui.models import User
from mdt_tui.pathway import Stage
from mdt_tui.roles import Role
from mdt_tui.screens.consent.contact import read_lists
from mdt_tui.store.store import Store
from tests.conftest import TODAY

COORDINATOR = User(name="Sam Clarke", role=Role.CARE_COORDINATOR)


def from_history(store: Store, person_id: int) -> LatestDecline | None:
    step = next((h for h in reversed(store.history(person_id)) if h.step == "record_decline"), None)
    return LatestDecline(step.effective_date, step.details.get("reason") or "") if step else None


def test_latest_declines_match_each_history_and_the_list_reads_no_history(demo_db):
    with Store.open(demo_db) as store:
        waiting = store.people([Stage.AWAITING_CONTACT])
        store.decline(COORDINATOR, waiting[0].id, Decline(on=date(2026, 11, 1), reason="first no"))
        store.reapproach(COORDINATOR, waiting[0].id, note="asked again")
        store.decline(COORDINATOR, waiting[0].id, Decline(on=date(2026, 11, 20), reason="second no"))
        declined = store.people([Stage.DECLINED])
        assert len(declined) >= 2
        found = store.latest_declines()
        assert found == {p.id: from_history(store, p.id) for p in declined}
        assert found[waiting[0].id] == LatestDecline(date(2026, 11, 20), "second no")
        seen: list[str] = []
        store.db.conn.set_trace_callback(seen.append)
        lists = read_lists(store, TODAY, 150)
        store.db.conn.set_trace_callback(None)
        reads = [s for s in seen if s.lstrip().startswith("SELECT")]
        assert len(reads) <= 5 and not any(
            "pathway_transitions t\n" in s or "FROM pathway_transitions t LEFT" in s for s in reads
        )  # a few queries, no history, whatever the numbers
        cells = {i.id: i.cells(False, TODAY) for i in lists.declined}
        assert cells[waiting[0].id][3:] == ("20 Nov 2026", "second no")
