"""Agree a plan inside the meeting (issue 14): `1` on an incomplete plan asks each missing part in place, by number."""

from datetime import timedelta

from textual.widgets import Label

from mdt_tui.meeting.agenda import Outcome
from mdt_tui.pathway import Stage
from mdt_tui.plan.gate import AgreedInPlace, share_from_consent, still_missing
from mdt_tui.plan.records import Missing
from mdt_tui.screens.meeting.agree import AgreePlanDialog
from mdt_tui.screens.meeting.in_progress import MeetingScreen
from tests.conftest import TODAY
from tests.helpers.meeting_records import FakeClock, three_case_meeting
from tests.pilot_helpers import SIZE, app_for, settle, text_of

MISSING = [
    Missing(field="lead_member_id", message="name the lead professional"),
    Missing(field="actions", message="add an action with an owner and a due date"),
    Missing(field="next_review", message="set the next review date"),
]


def test_what_the_answers_leave_missing():
    answers = AgreedInPlace(lead_member_id=3, next_review=TODAY, action_description="Refer", action_owner_id=3)
    assert [m.field for m in still_missing(MISSING, answers)] == ["actions"]  # an action needs its due date
    assert still_missing(MISSING, answers.model_copy(update={"action_due": TODAY})) == []


def test_consent_to_share_is_taken_only_from_a_yes_given_with_consent():
    assert share_from_consent({"share_records": True}) is True
    assert share_from_consent({"share_records": False}) is None  # asked again, never assumed
    assert share_from_consent(None) is None


async def _second_case(app, pilot):
    """The meeting on its second case: a new case with a completed CGA and nothing in its plan."""
    app.meeting_clock = FakeClock()
    meeting_id, (_, person, _) = three_case_meeting(app.store)
    app.push_screen(MeetingScreen(meeting_id))
    await settle(app, pilot)
    await pilot.press("n")
    await settle(app, pilot)
    return meeting_id, person


async def test_a_new_case_is_agreed_in_place_with_a_lead_an_action_and_an_8_week_review(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        meeting_id, person = await _second_case(app, pilot)
        suggested = [s.title for s in app.store.suggested_problems(person)]
        await pilot.press("1")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, AgreePlanDialog)
        shown = " ".join(text_of(label) for label in dialog.query(Label))
        assert "Named lead professional" in shown and "Consent to share the plan: yes" in shown  # from consent
        assert "_" not in shown  # human words, never field names
        eight_weeks = next(i for i, (_, label) in enumerate(dialog.review_options, 1) if label.startswith("8 weeks"))
        lead = app.store.team()[2]
        await pilot.press("1", "3", str(eight_weeks), "3", "2", *"Refer to falls service", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingScreen)
    store = app.store
    assert store.meeting(meeting_id).case_of(person).outcome is Outcome.PLAN_AGREED
    assert store.person(person).stage is Stage.PLANNED
    version = store.plan_version(person, 1)
    assert [p.title for p in version.problems] == suggested
    assert version.plan.lead_member_id == lead.id and version.plan.consent_to_share is True
    assert version.plan.next_review == TODAY + timedelta(weeks=8) == store.person(person).next_review
    [action] = [a for a in version.actions if a.description == "Refer to falls service"]
    assert action.owner_id == lead.id and action.due_date == TODAY + timedelta(weeks=2)
    assert [e.snomed_code for e in store.coded_events(person_id=person)][-1] == "1026051000000106"


async def test_an_answer_left_out_is_named_and_nothing_is_saved(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        meeting_id, person = await _second_case(app, pilot)
        await pilot.press("1")
        await settle(app, pilot)
        await pilot.press("2", "3", "1", "3", "2", *"Refer", "enter")  # problems: not now
        await settle(app, pilot)
        assert isinstance(app.screen, AgreePlanDialog)
        assert "add at least one active problem" in text_of(app.screen.query_one("#form-error"))
        await pilot.press("escape")
        await settle(app, pilot)
    store = app.store
    assert store.meeting(meeting_id).case_of(person).outcome is None
    assert store.problems(person) == [] and store.actions(person_id=person) == []
    assert store.person(person).stage is Stage.ASSESSED
