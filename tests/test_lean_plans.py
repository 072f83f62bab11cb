"""New plan versions store in full only the actions open or changed since the version before; every version
still reads back exactly as it was agreed, and versions frozen before in the old (full) form read as they were."""

from __future__ import annotations

import json
from datetime import date, timedelta

from mdt_tui.models import User
from mdt_tui.pathway import Stage
from mdt_tui.plans import ProblemDraft
from mdt_tui.roles import Role
from mdt_tui.store.plans import version_items
from mdt_tui.store.store import Store

GP = User(name="Dr Asha Patel", role=Role.GP)


def review(store: Store, person_id: int, day: date) -> tuple[list[dict], list[dict]]:
    """A review: one action done and one new, one problem resolved and one new, the plan agreed again; returns
    the actions and problems it was agreed with."""
    store.trigger_review(GP, person_id, trigger="Review date reached", on=day)
    active = [p for p in store.problems(person_id) if p.status == "active"]
    store.add_problem(GP, person_id, ProblemDraft(title=f"New concern {day}", domain="social"))
    if active:
        store.resolve_problem(GP, active[0].id)
    open_actions = store.actions(person_id=person_id)
    if open_actions:
        store.complete_action(GP, open_actions[0].id)
    owner = store.team()[0].id
    store.add_action(GP, person_id, description=f"Follow up {day}", owner_id=owner, due=day + timedelta(weeks=2))
    store.save_plan(GP, person_id, next_review=day + timedelta(weeks=8), next_review_reason="Set at review")
    agreed = [a.model_dump(mode="json") for a in store.actions(person_id=person_id, open_only=False)]
    problems = [p.model_dump(mode="json") for p in store.problems(person_id)]
    store.complete_mdt_review(GP, person_id, on=day)
    return agreed, problems


def test_versions_read_back_exactly_and_store_less(demo_db):
    with Store.open(demo_db) as store:
        person = next(p.id for p in store.people([Stage.PLANNED]) if store.plan_versions(p.id))
        before = {v.number: [a.model_dump(mode="json") for a in v.actions] for v in store.plan_versions(person)}
        expected = dict(before)
        expected_problems = {
            v.number: [p.model_dump(mode="json") for p in v.problems] for v in store.plan_versions(person)
        }
        first = max(before) + 1
        for n in range(6):
            expected[first + n], expected_problems[first + n] = review(
                store, person, date(2026, 12, 1) + timedelta(weeks=8 * n)
            )
        versions = store.plan_versions(person)
        assert {v.number: [a.model_dump(mode="json") for a in v.actions] for v in versions} == expected
        assert {v.number: [p.model_dump(mode="json") for p in v.problems] for v in versions} == expected_problems
        assert sum(p["status"] == "resolved" for p in expected_problems[first + 5]) >= 5
        for number, actions in expected.items():  # one version read on its own
            alone = store.plan_version(person, number)
            assert [a.model_dump(mode="json") for a in alone.actions] == actions
            assert [p.model_dump(mode="json") for p in alone.problems] == expected_problems[number]
        stored = dict(
            store.db.execute(
                "SELECT version, actions FROM care_plans WHERE patient_id = ? AND version IS NOT NULL", [person]
            ).fetchall()
        )
        last = json.loads(stored[first + 5])
        assert set(last) == {"carried_from", "ids", "changed"} and len(last["ids"]) == len(expected[first + 5])
        closed = [a for a in expected[first + 5] if a["status"] != "open"]
        assert len(closed) >= 5 and len(last["changed"]) < len(expected[first + 5])  # closed ones are carried
        assert len(stored[first + 5]) < len(json.dumps(expected[first + 5])) / 2
        problems = json.loads(
            store.db.execute(
                "SELECT problems FROM care_plans WHERE patient_id = ? AND version = ?", [person, first + 5]
            ).fetchone()[0]
        )
        assert len(problems["ids"]) == len(expected_problems[first + 5]) > len(problems["changed"])


def test_the_old_full_form_reads_as_it_was():
    old = [{"id": 1, "status": "done"}, {"id": 2, "status": "open"}]
    assert version_items(json.dumps(old), []) == old
    lean = {"carried_from": 1, "ids": [1, 2, 3], "changed": [{"id": 2, "status": "done"}, {"id": 3, "status": "open"}]}
    assert version_items(json.dumps(lean), old) == [old[0], *lean["changed"]]
