"""Review dates from complexity, triggered reviews, step-down and GSF transfer, due/overdue lists, the plan diff."""

from datetime import date, timedelta

import pytest

from mdt_tui.errors import MissingRequirement
from mdt_tui.pathway import CASELOAD_STAGES, Stage
from mdt_tui.plan.diff import diff_versions
from mdt_tui.reviews.dates import suggest_next_review
from mdt_tui.team_policy import TeamPolicy
from tests.helpers.plan_records import ON, assessed, member, ready  # noqa: F401 — fixtures

TODAY = date(2026, 11, 23)


def test_with_no_cfs_no_interval_is_suggested_and_the_user_is_asked():
    """Revision 2: no CFS is not the longest interval; the plan says so and asks for a choice."""
    assert suggest_next_review(None, False, TeamPolicy(), TODAY) == (
        None,
        "CFS missing — record it or choose the interval",
    )


@pytest.mark.parametrize(
    "cfs, eol, weeks, why",
    [
        (4, False, 12, "CFS 4"),
        (5, False, 8, "CFS 5"),
        (6, False, 8, "CFS 6"),
        (7, False, 4, "CFS 7"),
        (9, False, 4, "CFS 9"),
        (3, True, 4, "end of life"),
        (None, True, 4, "end of life"),
    ],
)
def test_review_date_follows_each_boundary(cfs, eol, weeks, why):
    day, reason = suggest_next_review(cfs, eol, TeamPolicy(), TODAY)
    assert day == TODAY + timedelta(weeks=weeks)
    assert reason.startswith(f"{weeks} weeks") and why in reason


def test_review_weeks_come_from_the_settings():
    settings = TeamPolicy(review_weeks_severe=2, review_weeks_moderate=6, review_weeks_default=26)
    assert suggest_next_review(8, False, settings, TODAY)[0] == TODAY + timedelta(weeks=2)
    assert suggest_next_review(5, False, settings, TODAY)[0] == TODAY + timedelta(weeks=6)
    assert suggest_next_review(2, False, settings, TODAY)[0] == TODAY + timedelta(weeks=26)


def test_suggested_review_uses_the_latest_cga_cfs(store, user, assessed):
    assert store.suggested_review(assessed, TeamPolicy(), TODAY) == (TODAY + timedelta(weeks=4), "4 weeks: CFS 7 (7–9)")


@pytest.fixture
def planned(store, user, assessed, member):
    ready(store, user, assessed, member)
    store.complete_mdt_review(user, assessed, on=ON)
    return assessed


def test_a_triggered_review_marks_review_needed_with_the_trigger(store, user, planned):
    store.trigger_review(user, planned, trigger="A&E attendance", on=date(2026, 12, 1), note="fall at home")
    assert store.person(planned).stage is Stage.REVIEW_DUE
    entry = store.history(planned)[-1]
    assert entry.step == "mark_review_due" and entry.details == {"trigger": "A&E attendance", "note": "fall at home"}
    [triggered] = store.triggered_reviews()
    assert triggered.person.id == planned and triggered.trigger == "A&E attendance"
    assert triggered.since == date(2026, 12, 1)
    with pytest.raises(MissingRequirement, match="trigger"):
        store.trigger_review(user, planned, trigger=" ", on=date(2026, 12, 1))


def test_step_down_needs_a_reason_and_keeps_the_person_on_the_caseload(store, user, planned):
    with pytest.raises(MissingRequirement):
        store.step_down(user, planned, reason="", on=ON)
    store.step_down(user, planned, reason="Stable for 6 months; goals met", on=date(2027, 1, 18))
    person = store.person(planned)
    assert person.stage is Stage.STEPPED_DOWN and person.stage in CASELOAD_STAGES
    assert planned in [p.id for p in store.people(CASELOAD_STAGES)]
    assert person.next_review is None  # no longer in the review lists, but not gone
    assert store.history(planned)[-1].details["reason"] == "Stable for 6 months; goals met"
    store.trigger_review(user, planned, trigger="Deterioration", on=date(2027, 2, 1))  # can come back
    assert store.person(planned).stage is Stage.REVIEW_DUE


def test_transfer_to_gsf(store, user, planned):
    store.transfer_to_gsf(user, planned, reason="Last months of life", on=date(2026, 12, 2))
    assert store.person(planned).stage is Stage.PALLIATIVE_GSF


def test_reviews_due_within_7_days_and_overdue(store, user, planned):
    store.db.execute("UPDATE patients SET next_review = ? WHERE id = ?", ["2027-01-18", planned])
    assert [p.id for p in store.reviews_due(date(2027, 1, 11))] == []  # 7 days ahead: not yet
    assert [p.id for p in store.reviews_due(date(2027, 1, 12))] == [planned]
    assert [p.id for p in store.reviews_due(date(2027, 1, 18))] == [planned]
    assert store.reviews_overdue(date(2027, 1, 18)) == []
    assert [p.id for p in store.reviews_overdue(date(2027, 1, 19))] == [planned]


def test_the_diff_shows_what_changed_between_versions(store, user, planned):
    store.trigger_review(user, planned, trigger="Carer crisis", on=date(2026, 12, 1))
    store.save_plan(user, planned, next_review=date(2027, 1, 5), crisis_plan="Respite bed via social care")
    store.move_problem(user, store.add_problem(user, planned, _draft("Carer strain")), "top")
    store.complete_mdt_review(user, planned, on=date(2026, 12, 8))
    one, two = store.plan_versions(planned)
    changes = {c.label: c for c in diff_versions(one, two, changed_only=True)}
    assert changes["Crisis plan"].before == "" and changes["Crisis plan"].after == "Respite bed via social care"
    assert changes["Problems (priority order)"].after.startswith("1. Carer strain")
    assert "Named lead professional" not in changes
    assert len(diff_versions(one, two)) > len(changes)


def _draft(title):
    from mdt_tui.plan.records import ProblemDraft

    return ProblemDraft(title=title, domain="social")


async def test_plan_with_no_cfs_says_so_and_asks_for_the_interval(tmp_path, user, settings):
    """Pressing r on the plan of someone with no CFS: no date is filled in; enter alone is refused; 2 picks 8 weeks."""
    from mdt_tui.screens.app import make_app
    from mdt_tui.screens.plan.care_plan import PlanScreen
    from mdt_tui.store.store import Store
    from tests.conftest import make_entry, make_patient
    from tests.helpers.cga_screen import SIZE
    from tests.pilot_helpers import settle

    path = tmp_path / "mdt.db"
    with Store.open(path, create=True) as store:
        person = store.add_person(user, make_patient(), make_entry())  # the search gave no CFS
        store.mark_suitable(user, person)
        store.record_consent(user, person, consent_by="patient", share_records=True)
    app = make_app(path, settings, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(PlanScreen(person))
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        shown = " ".join(str(label.render()) for label in app.screen.query("Label"))
        assert "CFS missing — record it or choose the interval" in shown
        await pilot.press("ctrl+s")  # nothing chosen: refused, nothing stored
        assert app.store.current_plan(person).next_review is None
        await pilot.press("2", "enter")  # 8 weeks
        await settle(app, pilot)
        plan = app.store.current_plan(person)
        assert plan.next_review == TODAY + timedelta(weeks=8) and plan.next_review_reason == "8 weeks"
