"""New plan versions store only the plan fields, actions and problems changed since the version before; every version
still reads back exactly as it was agreed, and versions frozen before in the old (full) form read as they were."""

from __future__ import annotations

import json
from datetime import date, timedelta

from mdt_tui.models import User
from mdt_tui.pathway import Stage
from mdt_tui.plan.records import ProblemDraft
from mdt_tui.roles import Role
from mdt_tui.store.plan.writes import lean_items, lean_plan, version_items, version_plan
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
        assert set(last) <= {"carried_from", "ids", "changed", "patched"} and last["carried_from"] == first + 4
        assert len(last["changed"]) == 1 and len(last["patched"]) == 1  # the new action; the one done: what changed
        assert set(last["patched"][0]) == {"id", "status", "closed_at", "closed_by"}  # the rest are carried
        assert len(stored[first + 5]) < len(json.dumps(expected[first + 5])) / 2
        problems = json.loads(
            store.db.execute(
                "SELECT problems FROM care_plans WHERE patient_id = ? AND version = ?", [person, first + 5]
            ).fetchone()[0]
        )
        assert len(problems["changed"]) == 1 and len(problems["patched"]) == 1  # one new, one resolved


def test_the_old_full_form_reads_as_it_was():
    old = [{"id": 1, "status": "done"}, {"id": 2, "status": "open"}]
    assert version_items(json.dumps(old), []) == old
    lean = {"carried_from": 1, "ids": [1, 2, 3], "changed": [{"id": 2, "status": "done"}, {"id": 3, "status": "open"}]}
    assert version_items(json.dumps(lean), old) == [old[0], *lean["changed"]]


def test_every_field_of_every_version_reads_back_as_agreed(demo_db):
    """Issue 20: a person with many versions, the plan's fields changed between some of them (and not others);
    every field of every version read back equals what was agreed, and a version stores only what changed."""
    with Store.open(demo_db) as store:
        person = next(p.id for p in store.people([Stage.PLANNED]) if store.plan_versions(p.id))
        agreed = {}
        for n in range(8):
            day = date(2026, 12, 1) + timedelta(weeks=8 * n)
            changes = {
                1: {"crisis_plan": "Call 111 out of hours", "consent_to_share": False},
                3: {"acp_status": "in_discussion", "acp_date": day.isoformat(), "monitoring_level": 2},
                4: {"crisis_plan": "", "share_with": "GP practice only", "consent_to_share": True},
                6: {"lead_member_id": store.team()[1].id, "acp_status": "respect"},
            }.get(n, {})
            if changes:
                store.save_plan(GP, person, **changes)
            review(store, person, day)
            last = store.plan_versions(person)[-1]
            agreed[last.number] = last.model_dump(mode="json")
        versions = {v.number: v for v in store.plan_versions(person)}
        assert len(versions) >= 9
        for number, expected in agreed.items():
            for read in (versions[number], store.plan_version(person, number)):
                for field in type(read).model_fields:
                    assert read.model_dump(mode="json")[field] == expected[field], (number, field)
        assert versions[max(versions)].plan.lead_member_id == store.team()[1].id
        stored = json.loads(
            store.db.execute(
                "SELECT data FROM care_plans WHERE patient_id = ? AND version = ?", [person, max(versions)]
            ).fetchone()[0]
        )
        assert set(stored["changed"]) == {"next_review"}  # the last review changed only its date
        assert store.current_plan(person).crisis_plan == "" and store.current_plan(person).consent_to_share is True
        facts = store.dashboard_facts()  # the dashboard rebuilds each version's plan too
        consent = [c for pid, _on, c in facts.plans if pid == person][-len(agreed) :]
        assert consent == [v["plan"]["consent_to_share"] is True for v in agreed.values()]
        reviews = [r for pid, _on, r in facts.next_reviews[: len(facts.plans)] if pid == person][-len(agreed) :]
        assert reviews == [v["plan"]["next_review"] for v in agreed.values()]


def test_lean_forms_round_trip_over_old_full_versions():
    """Versions frozen before (whole plan, every item) read as they were, and lean versions over them rebuild the
    whole: the ids are stored only when the order is not the previous one's followed by the new ones."""
    old_plan = {"crisis_plan": "Call 111", "next_review": "2024-01-01", "monitoring_level": None}
    assert version_plan(json.dumps(old_plan), None) == old_plan
    new_plan = {**old_plan, "next_review": "2024-03-01", "monitoring_level": 1}
    stored = lean_plan(new_plan, old_plan, 1)
    assert json.loads(stored)["changed"] == {"next_review": "2024-03-01", "monitoring_level": 1}
    assert version_plan(stored, old_plan) == new_plan
    old = [{"id": 1, "status": "open"}, {"id": 2, "status": "open"}]
    appended = [{"id": 1, "status": "done"}, old[1], {"id": 3, "status": "open"}]
    lean = json.loads(lean_items(appended, old, 1))
    assert "ids" not in lean and lean["changed"] == [appended[2]] and lean["patched"] == [{"id": 1, "status": "done"}]
    assert version_items(json.dumps(lean), old) == appended
    reordered = [old[1], {"id": 3, "status": "open"}, {"id": 1, "status": "done"}]
    lean = json.loads(lean_items(reordered, appended, 2))
    assert lean["ids"] == [2, 3, 1] and lean["changed"] == []
    assert version_items(json.dumps(lean), appended) == reordered
    removed = [old[1]]
    assert version_items(lean_items(removed, appended, 2), appended) == removed
    reshaped = [{"id": 2, "status": "open", "owner": "Jo"}, appended[2]]  # a field added: stored whole
    lean = json.loads(lean_items(reshaped, appended, 2))
    assert lean["changed"] == [reshaped[0]] and "patched" not in lean
    assert version_items(json.dumps(lean), appended) == reshaped
    earlier_lean = {"carried_from": 1, "changed": [{"id": 1, "status": "done"}], "ids": [1, 2]}  # written before
    assert version_items(json.dumps(earlier_lean), old) == [{"id": 1, "status": "done"}, old[1]]
