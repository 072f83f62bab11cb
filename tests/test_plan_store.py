"""Problem list, care plan draft, the completion gate and plan versions, on a real SQLite store."""

from datetime import date

import pytest

from mdt_tui.errors import IllegalTransition, MdtError, NotFound
from mdt_tui.pathway import Stage
from mdt_tui.plan.records import ProblemDraft, ReviewIncomplete
from tests.conftest import make_entry, make_patient
from tests.helpers.plan_records import ON, assessed, member, ready  # noqa: F401 — fixtures


def test_suggestions_are_accepted_with_their_source_and_dismissed_with_a_reason(store, user, assessed):
    keys = [s.rule for s in store.suggested_problems(assessed)]
    assert {"frailty", "falls", "nutrition", "anticholinergic_burden"} <= set(keys)
    falls = store.accept_suggested_problem(user, assessed, "falls")
    store.accept_suggested_problem(user, assessed, "anticholinergic_burden", title="Oxybutynin: ACB 3")
    store.dismiss_suggested_problem(user, assessed, "nutrition", reason="Weight stable on dietitian review")
    problems = store.problems(assessed)
    assert [p.title for p in problems] == ["Falls risk", "Oxybutynin: ACB 3"]
    assert problems[0].id == falls and problems[0].source.startswith("FRAT") and problems[0].domain == "physical"
    assert problems[1].domain == "medication"
    left = {s.rule for s in store.suggested_problems(assessed)}
    assert not left & {"falls", "anticholinergic_burden", "nutrition"}
    with pytest.raises(IllegalTransition):
        store.accept_suggested_problem(user, assessed, "falls")
    with pytest.raises(MdtError, match="Say why"):
        store.dismiss_suggested_problem(user, assessed, "frailty", reason=" ")
    dismissed = store.db.execute("SELECT source, reason FROM dismissed_suggestions").fetchall()
    assert dismissed[0][0].startswith("MUST") and dismissed[0][1] == "Weight stable on dietitian review"


def test_priority_moves_up_down_and_to_top_and_resolved_problems_go_last(store, user, assessed):
    a, b, c = (store.add_problem(user, assessed, ProblemDraft(title=t)) for t in ("A", "B", "C"))
    store.move_problem(user, c, "top")
    assert [p.title for p in store.problems(assessed)] == ["C", "A", "B"]
    store.move_problem(user, a, "down")
    store.move_problem(user, c, "up")  # already top: nothing changes
    assert [p.title for p in store.problems(assessed)] == ["C", "B", "A"]
    store.resolve_problem(user, b)
    assert [(p.title, p.status) for p in store.problems(assessed)] == [
        ("C", "active"),
        ("A", "active"),
        ("B", "resolved"),
    ]
    assert store.db.execute("SELECT count(*) FROM audit WHERE action = 'move_problem'").fetchone()[0] == 2


def test_save_plan_is_partial_validated_and_audited(store, user, assessed, member):
    store.save_plan(user, assessed, crisis_plan="Call 111 out of hours; daughter first")
    store.save_plan(user, assessed, lead_member_id=member, monitoring_level=2)
    plan = store.current_plan(assessed)
    assert plan.crisis_plan.startswith("Call 111") and plan.lead_member_id == member and plan.consent_to_share is None
    with pytest.raises(MdtError, match="monitoring level"):
        store.save_plan(user, assessed, monitoring_level=4)
    with pytest.raises(MdtError, match="not part of the care plan"):
        store.save_plan(user, assessed, favourite_colour="blue")
    with pytest.raises(NotFound):
        store.save_plan(user, assessed, lead_member_id=999)
    rows = store.db.execute("SELECT after FROM audit WHERE action = 'save_plan' ORDER BY id").fetchall()
    assert len(rows) == 2 and "monitoring_level" in rows[1][0]


@pytest.mark.parametrize(
    "skip, field",
    [
        ("problems", "problems"),
        ("lead_member_id", "lead_member_id"),
        ("actions", "actions"),
        ("next_review", "next_review"),
        ("consent_to_share", "consent_to_share"),
    ],
)
def test_the_gate_names_each_missing_element(store, user, assessed, member, skip, field):
    ready(store, user, assessed, member, skip=skip)
    with pytest.raises(ReviewIncomplete) as refused:
        store.complete_mdt_review(user, assessed, on=ON)
    assert [m.field for m in refused.value.missing] == [field]
    assert store.person(assessed).stage is Stage.ASSESSED
    assert store.plan_versions(assessed) == []


def test_an_empty_plan_lists_everything_missing(store, user, assessed):
    with pytest.raises(ReviewIncomplete) as refused:
        store.complete_mdt_review(user, assessed, on=ON)
    assert [m.field for m in refused.value.missing] == [
        "problems",
        "lead_member_id",
        "actions",
        "next_review",
        "consent_to_share",
    ]
    assert "name the lead professional" in str(refused.value)


def test_no_actions_needed_with_a_reason_stands_in_for_actions(store, user, assessed, member):
    ready(store, user, assessed, member, skip="actions")
    store.save_plan(user, assessed, no_actions_reason="All in hand with the GP; review only")
    assert store.complete_mdt_review(user, assessed, on=ON) == 1


def test_completion_freezes_a_version_codes_it_and_moves_the_person_to_planned(store, user, assessed, member):
    ready(store, user, assessed, member)
    assert store.complete_mdt_review(user, assessed, on=ON, meeting_id=None) == 1
    person = store.person(assessed)
    assert person.stage is Stage.PLANNED and person.next_review == date(2027, 1, 18)
    assert [e.snomed_code for e in store.coded_events(person_id=assessed)][-1] == "1026051000000106"
    version = store.plan_version(assessed, 1)
    assert version.plan.lead_member_id == member and [p.title for p in version.problems] == ["Falls risk"]
    assert [a.description for a in version.actions] == ["Refer to falls service"]
    assert store.history(assessed)[-1].details["plan_version"] == 1
    # the next draft carries the plan forward, but each review sets its own date
    draft = store.current_plan(assessed)
    assert draft.lead_member_id == member and draft.consent_to_share is True and draft.next_review is None
    with pytest.raises(Exception, match="cannot be changed"):
        store.db.execute("UPDATE care_plans SET data = '{}' WHERE version = 1")


def test_a_second_review_makes_version_two_and_keeps_version_one(store, user, assessed, member):
    ready(store, user, assessed, member)
    store.complete_mdt_review(user, assessed, on=ON)
    store.trigger_review(user, assessed, trigger="Hospital admission", on=date(2026, 12, 10))
    store.save_plan(user, assessed, next_review=date(2027, 1, 7), crisis_plan="Hospital at Home first")
    assert store.complete_mdt_review(user, assessed, on=date(2026, 12, 14)) == 2
    versions = store.plan_versions(assessed)
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].plan.crisis_plan == "" and versions[1].plan.crisis_plan == "Hospital at Home first"
    assert versions[0].plan.next_review == date(2027, 1, 18)


def test_completion_refused_from_the_wrong_stage_before_the_gate(store, user, member):
    person_id = store.add_person(user, make_patient(), make_entry())
    with pytest.raises(IllegalTransition):
        store.complete_mdt_review(user, person_id, on=ON)


def test_actions_link_to_problems_and_record_who_closed_them(store, user, assessed, member):
    problem = store.add_problem(user, assessed, ProblemDraft(title="Falls", domain="physical"))
    done = store.add_action(user, assessed, description="OT visit", owner_id=member, due=ON, problem_id=problem)
    gone = store.add_action(user, assessed, description="Bloods", owner_id=member, due=ON)
    store.complete_action(user, done)
    store.cancel_action(user, gone, reason="Done at the practice last week")
    items = {a.id: a for a in store.actions(person_id=assessed, open_only=False)}
    assert items[done].problem_id == problem and items[done].closed_by == user.name and items[done].status == "done"
    assert items[gone].cancel_reason == "Done at the practice last week"
    with pytest.raises(NotFound):
        store.add_action(user, assessed, description="x", owner_id=member, due=ON, problem_id=problem + 99)
