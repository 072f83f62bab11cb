"""Two people at once (issue 19): two Store objects on one file model two laptops. A save based on an outdated
version of a plan, problem list, CGA answer or agenda is refused with who changed it and when; nothing is
overwritten, and after a reload the same save goes through."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mdt_tui.errors import StaleEdit
from mdt_tui.models import User
from mdt_tui.plan.records import ProblemDraft
from mdt_tui.roles import Role
from mdt_tui.store.store import Store
from tests.conftest import COORDINATOR
from tests.helpers.cga_records import person  # noqa: F401 — fixture
from tests.helpers.plan_records import assessed, member  # noqa: F401 — fixtures

A = COORDINATOR  # saved first, at 10:00 UTC (the ``store`` fixture's clock)
B = User(name="Dr Amara Okafor", role=Role.GP)
AT_A = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def stale_sentence(name: str = A.name, at: datetime = AT_A) -> str:
    return f"Changed by {name} at {at.astimezone():%H:%M} — reload."


@pytest.fixture
def other(store):
    """Someone else's laptop: a second Store on the same file."""
    with Store.open(store.path, clock=lambda: datetime(2026, 11, 23, 10, 5, tzinfo=UTC)) as second:
        yield second


def audit_count(store, action: str) -> int:
    return store.db.execute("SELECT count(*) FROM audit WHERE action = ?", [action]).fetchone()[0]


def test_a_stale_plan_save_is_refused_with_who_and_when_and_nothing_is_overwritten(store, other, assessed):
    seen_by_a, seen_by_b = store.edit_version("plan", assessed), other.edit_version("plan", assessed)
    assert seen_by_a == seen_by_b == 0
    store.save_plan(A, assessed, based_on=seen_by_a, crisis_plan="A: call the daughter first")
    with pytest.raises(StaleEdit) as refused:
        other.save_plan(B, assessed, based_on=seen_by_b, crisis_plan="B: call 111")
    assert str(refused.value) == stale_sentence()
    assert other.current_plan(assessed).crisis_plan == "A: call the daughter first"
    assert audit_count(other, "save_plan") == 1  # B's refused save left no trace but the refusal
    reloaded = other.edit_version("plan", assessed)
    assert reloaded == 1
    other.save_plan(B, assessed, based_on=reloaded, crisis_plan="B: call 111")
    assert store.current_plan(assessed).crisis_plan == "B: call 111"
    with pytest.raises(StaleEdit, match=r"^Changed by Dr Amara Okafor at \d\d:\d\d — reload\.$"):
        store.save_plan(A, assessed, based_on=seen_by_a + 1, crisis_plan="A again")


def test_a_write_that_tracks_no_version_still_makes_older_screens_stale(store, other, assessed, member):
    seen = other.edit_version("plan", assessed)
    store.save_plan(A, assessed, lead_member_id=member)  # e.g. the CLI or a meeting: no based_on
    with pytest.raises(StaleEdit):
        other.save_plan(B, assessed, based_on=seen, monitoring_level=2)
    assert other.current_plan(assessed).monitoring_level != 2


def test_a_save_that_changes_nothing_is_not_a_conflict(store, other, assessed):
    store.save_plan(A, assessed, crisis_plan="same words")
    other.save_plan(B, assessed, based_on=0, crisis_plan="same words")  # nothing overwritten, nothing refused
    assert other.edit_version("plan", assessed) == 1


def test_the_problem_list_refuses_stale_adds_edits_moves_and_dismissals(store, other, assessed):
    first = store.add_problem(A, assessed, ProblemDraft(title="Falls"))
    second = store.add_problem(A, assessed, ProblemDraft(title="Low mood"))
    seen_by_b = other.edit_version("problems", assessed)
    store.update_problem(A, first, ProblemDraft(title="Falls — two this month"), based_on=seen_by_b)
    stale = [
        lambda: other.update_problem(B, first, ProblemDraft(title="Falls (B)"), based_on=seen_by_b),
        lambda: other.add_problem(B, assessed, ProblemDraft(title="Carer strain"), based_on=seen_by_b),
        lambda: other.move_problem(B, second, "top", based_on=seen_by_b),
        lambda: other.resolve_problem(B, second, based_on=seen_by_b),
        lambda: other.dismiss_suggested_problem(B, assessed, "nutrition", reason="stable", based_on=seen_by_b),
        lambda: other.accept_suggested_problem(B, assessed, "falls", based_on=seen_by_b),
    ]
    for save in stale:
        with pytest.raises(StaleEdit, match=stale_sentence()):
            save()
    assert [(p.title, p.status) for p in other.problems(assessed)] == [
        ("Falls — two this month", "active"),
        ("Low mood", "active"),
    ]
    assert other.db.execute("SELECT count(*) FROM dismissed_suggestions").fetchone()[0] == 0
    other.move_problem(B, second, "top", based_on=other.edit_version("problems", assessed))
    assert [p.title for p in store.problems(assessed)] == ["Low mood", "Falls — two this month"]


def test_cga_answers_are_versioned_one_by_one(store, other, person):
    store.save_cga_answer(A, person, "phq9", "q1", 1)
    seen_by_b = other.cga_entry_versions(person)
    assert seen_by_b[("answer", "phq9", "q1")] > 0
    store.save_cga_answer(A, person, "phq9", "q1", 2, based_on=seen_by_b[("answer", "phq9", "q1")])
    with pytest.raises(StaleEdit, match=stale_sentence()):
        other.save_cga_answer(B, person, "phq9", "q1", 3, based_on=seen_by_b[("answer", "phq9", "q1")])
    assert other.cga_draft(person).answers["phq9"]["q1"] == 2
    # Another answer of the same CGA is not held up by A's: two people can fill in different tabs.
    other.save_cga_answer(B, person, "phq9", "q2", 1, based_on=seen_by_b.get(("answer", "phq9", "q2"), 0))
    # An answer B never saw is refused once A has given it.
    store.save_cga_answer(A, person, "cfs", "level", 5)
    with pytest.raises(StaleEdit):
        other.save_cga_answer(B, person, "cfs", "level", 6, based_on=0)
    now = other.cga_entry_versions(person)
    version = other.save_cga_answer(B, person, "phq9", "q1", 3, based_on=now[("answer", "phq9", "q1")])
    assert version == other.cga_entry_versions(person)[("answer", "phq9", "q1")] > now[("answer", "phq9", "q1")]
    assert store.cga_draft(person).answers["phq9"]["q1"] == 3


def test_cga_lists_refuse_a_stale_whole_list(store, other, person):
    store.save_cga_list(A, person, "goals", [{"text": "Stay at home"}])
    seen = other.cga_entry_versions(person)[("list", "goals", "")]
    store.save_cga_list(A, person, "goals", [{"text": "Stay at home"}, {"text": "Garden again"}], based_on=seen)
    with pytest.raises(StaleEdit):
        other.save_cga_list(B, person, "goals", [{"text": "Fewer admissions"}], based_on=seen)
    assert [g.text for g in other.cga_draft(person).goals] == ["Stay at home", "Garden again"]


def test_the_agenda_refuses_stale_moves_removals_and_additions(demo_db):
    from tests.helpers.meeting_records import three_case_meeting

    with Store.open(demo_db) as first, Store.open(demo_db) as second:
        meeting_id, people = three_case_meeting(first)
        seen = second.edit_version("agenda", meeting_id)
        first.move_on_agenda(A, meeting_id, people[2], -1, based_on=first.edit_version("agenda", meeting_id))
        order = [c.person_id for c in second.meeting(meeting_id).cases]
        with pytest.raises(StaleEdit, match=rf"^Changed by {A.name} at \d\d:\d\d — reload\.$"):
            second.move_on_agenda(B, meeting_id, people[0], 1, based_on=seen)
        with pytest.raises(StaleEdit):
            second.remove_from_agenda(B, meeting_id, people[1], based_on=seen)
        assert [c.person_id for c in first.meeting(meeting_id).cases] == order
        second.remove_from_agenda(B, meeting_id, people[1], based_on=second.edit_version("agenda", meeting_id))
        assert [c.person_id for c in first.meeting(meeting_id).cases] == [people[0], people[2]]


def test_nobody_agrees_a_plan_they_have_not_seen(store, other, assessed, member):
    from tests.helpers.plan_records import ready

    ready(store, A, assessed, member)
    shown_to_b = (other.edit_version("plan", assessed), other.edit_version("problems", assessed))
    store.save_plan(A, assessed, crisis_plan="A: changed after B looked")
    with pytest.raises(StaleEdit, match=stale_sentence()):
        other.complete_mdt_review(B, assessed, on=AT_A.date(), based_on=shown_to_b)
    assert other.plan_versions(assessed) == []
    store.add_problem(A, assessed, ProblemDraft(title="Carer strain"))
    stale_problems = (other.edit_version("plan", assessed), shown_to_b[1])
    with pytest.raises(StaleEdit):
        other.complete_mdt_review(B, assessed, on=AT_A.date(), based_on=stale_problems)
    now = (other.edit_version("plan", assessed), other.edit_version("problems", assessed))
    assert other.complete_mdt_review(B, assessed, on=AT_A.date(), based_on=now) == 1
    assert other.plan_version(assessed, 1).plan.crisis_plan == "A: changed after B looked"
