"""Issue 12: advance care planning (713603004) on agreeing a plan that records an ACP, and the pharmacist's
structured medication review (1239511000000100), on a real SQLite store and by the medicines tab's key."""

from datetime import date

import pytest

from mdt_tui.errors import IllegalTransition, NotPermitted
from mdt_tui.models import User
from mdt_tui.settings import Settings
from tests.conftest import make_entry, make_patient
from tests.helpers.cga_screen import NEXT_TAB, SIZE, app_for, caseload_person
from tests.helpers.plan_records import ON, assessed, member, ready  # noqa: F401 — fixtures
from tests.pilot_helpers import notification_texts, settle

ACP, SMR = "713603004", "1239511000000100"
PHARMACIST = User(name="Priya Shah", role="pharmacist")


def live(store, person_id, code):
    """(effective date, term) of the person's live events with ``code``, oldest first."""
    return [
        (date.fromisoformat(day), term)
        for day, term in store.db.execute(
            "SELECT e.effective_date, e.term FROM coded_events e WHERE e.patient_id = ? AND e.snomed_code = ?"
            " AND e.status = 'final' AND NOT EXISTS (SELECT 1 FROM coded_events c WHERE c.corrects_event_id = e.id)"
            " ORDER BY e.id",
            (person_id, code),
        )
    ]


async def type_medicines(app, pilot, *names: str):
    person = caseload_person(app)
    app.open_step("cga", person.id)
    await settle(app, pilot)
    await pilot.press(*[NEXT_TAB] * 4, "enter")  # Physical › Mental › Social › Functional › Medication
    for name in names:
        await pilot.press(*name, "enter")
    await settle(app, pilot)
    return person, app.screen


def agree_again(store, user, person_id, on, **plan):
    store.trigger_review(user, person_id, trigger="Hospital admission", on=date(2026, 12, 10))
    store.save_plan(user, person_id, next_review=date(2027, 3, 1), **plan)
    store.complete_mdt_review(user, person_id, on=on)


def test_an_agreed_respect_plan_is_coded_once_on_its_own_date(store, user, assessed, member):
    ready(store, user, assessed, member)
    store.save_plan(user, assessed, acp_status="respect", acp_date=date(2026, 10, 2))
    store.complete_mdt_review(user, assessed, on=ON)
    assert live(store, assessed, ACP) == [(date(2026, 10, 2), "Advance care planning")]
    agree_again(store, user, assessed, date(2026, 12, 14), crisis_plan="Hospital at Home first")  # same ACP
    assert live(store, assessed, ACP) == [(date(2026, 10, 2), "Advance care planning")]
    [(after,)] = store.db.execute(
        "SELECT after FROM audit WHERE action = 'complete_mdt_review' AND after LIKE '%acp_coded_event_id%'"
    )
    assert '"plan_version":1' in after  # audit JSON is compact (issue 20)


def test_a_changed_acp_is_coded_again_and_no_date_means_the_agreement(store, user, assessed, member):
    ready(store, user, assessed, member)
    store.save_plan(user, assessed, acp_status="in_discussion")
    store.complete_mdt_review(user, assessed, on=ON)
    assert live(store, assessed, ACP) == [(ON, "Advance care planning")]
    agree_again(store, user, assessed, date(2026, 12, 14), acp_status="peace", acp_date=date(2026, 11, 20))
    assert live(store, assessed, ACP) == [(ON, "Advance care planning"), (date(2026, 11, 20), "Advance care planning")]


def test_a_future_acp_date_is_never_the_effective_date(store, user, assessed, member):
    ready(store, user, assessed, member)
    store.save_plan(user, assessed, acp_status="other", acp_date=date(2027, 2, 1))
    store.complete_mdt_review(user, assessed, on=ON)
    assert live(store, assessed, ACP) == [(ON, "Advance care planning")]


@pytest.mark.parametrize("status", ["declined", "none", None])
def test_no_acp_no_code(store, user, assessed, member, status):
    ready(store, user, assessed, member)
    if status:
        store.save_plan(user, assessed, acp_status=status)
    store.complete_mdt_review(user, assessed, on=ON)
    assert live(store, assessed, ACP) == []
    assert live(store, assessed, "1026051000000106")  # the review itself is still coded


def test_a_pharmacist_records_a_structured_medication_review_once_a_day_audited(store, user):
    person = store.add_person(user, make_patient(), make_entry())
    with pytest.raises(
        NotPermitted,
        match="^Only a pharmacist can record a structured medication review; you are signed in as care coordinator.$",
    ):
        store.record_structured_medication_review(user, person)
    assert live(store, person, SMR) == []
    event_id = store.record_structured_medication_review(PHARMACIST, person)
    assert live(store, person, SMR) == [(date(2026, 11, 23), "Structured medication review")]
    with pytest.raises(IllegalTransition, match="already recorded"):
        store.record_structured_medication_review(PHARMACIST, person)
    [(who, after)] = store.db.execute(
        "SELECT user_name, after FROM audit WHERE action = 'record_structured_medication_review'"
    )
    assert who == "Priya Shah" and f'"coded_event_id":{event_id}' in after


async def test_the_pharmacist_records_the_medication_review_with_M_after_a_yes(demo_db):
    app = app_for(demo_db, Settings(user=PHARMACIST))
    async with app.run_test(size=SIZE) as pilot:
        person, _ = await type_medicines(app, pilot, "Amitriptyline 10mg tablets")
        await pilot.press("shift+tab", "M")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("y")
        await settle(app, pilot)
        assert any(t.startswith("Structured medication review recorded") for t in notification_texts(app))
    assert len(live(app.store, person.id, SMR)) == 1


async def test_anyone_but_a_pharmacist_is_told_why_not_by_M(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        person, _ = await type_medicines(app, pilot, "Amitriptyline 10mg tablets")
        await pilot.press("shift+tab", "M")
        await settle(app, pilot)
        assert notification_texts(app)[-1] == (
            "Only a pharmacist can record a structured medication review; you are signed in as care coordinator."
        )
    assert live(app.store, person.id, SMR) == []
