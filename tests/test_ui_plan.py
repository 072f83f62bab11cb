"""The plan screen driven by keys with Pilot on the demo database: problems, lead, action, review, consent, complete."""

from datetime import timedelta

from mdt_tui.pathway import Stage
from mdt_tui.plan.records import ReviewIncomplete  # noqa: F401 — the refusal the screen shows
from tests.helpers.cga_screen import SIZE, app_for, text_of
from tests.pilot_helpers import assessed_with_suggestions, open_plan


async def test_an_incomplete_review_lists_what_is_missing_and_goes_there(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        person = assessed_with_suggestions(app)
        screen = await open_plan(app, pilot, person.id)
        await pilot.press("C")
        shown = text_of(screen.query_one("#missing"))
        for words in (
            "add at least one active problem",
            "name the lead professional",
            "add an action",
            "set the next review date",
            "consents to sharing",
        ):
            assert words in shown
        assert app.focused.id == "suggestions"  # taken to the first thing missing
        assert app.store.person(person.id).stage is Stage.ASSESSED and app.store.plan_versions(person.id) == []


async def test_accept_reorder_lead_action_review_consent_then_complete(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        person = assessed_with_suggestions(app)
        first, second = [s.title for s in app.store.suggested_problems(person.id)[:2]]
        screen = await open_plan(app, pilot, person.id)
        await pilot.press("enter", "enter")  # accept the first two suggestions
        assert [p.title for p in app.store.problems(person.id)] == [first, second]
        screen.query_one("#problems").focus()
        await pilot.press("down", "shift+up")  # the second becomes top priority
        assert [p.title for p in app.store.problems(person.id)] == [second, first]
        for order in ([first, second], [second, first]):  # shift+home: the highlighted one to the top (was t)
            await pilot.press("down", "shift+home")
            assert [p.title for p in app.store.problems(person.id)] == order
        await pilot.press(
            "L", "1", "enter", "0", "ctrl+s"
        )  # lead: the first on the roster (enter: not 10…); no coordinator
        lead = app.store.team()[0]
        assert app.store.current_plan(person.id).lead_member_id == lead.id
        await pilot.press("x", "2", "2")  # owner 2, due +2 weeks; focus moves to the description
        await pilot.press(*"Refer to falls service", "enter")
        [action] = app.store.actions(person_id=person.id)
        assert action.due_date == app.today + timedelta(weeks=2) and action.owner_id is not None
        assert action.problem_id == app.store.problems(person.id)[0].id  # linked to the highlighted problem
        await pilot.press("r", "1", "enter")  # the suggested date is option 1, already filled in: pick it, save
        suggested = app.store.suggested_review(person.id, app.policy, app.today)
        assert app.store.current_plan(person.id).next_review == suggested[0]
        await pilot.press("y", "1", "ctrl+s")  # y: consent, as on the consent list
        assert app.store.current_plan(person.id).consent_to_share is True
        await pilot.press("C")
        assert "Review completed: plan version 1" in text_of(screen.query_one("#missing"))
        version = app.store.plan_version(person.id, 1)
        assert [p.title for p in version.problems] == [second, first]
        assert version.plan.lead_member_id == lead.id and version.plan.next_review_reason == suggested[1]
        assert app.store.person(person.id).stage is Stage.PLANNED
        last = list(app.store.coded_events(person_id=person.id))[-1]
        assert last.snomed_code == "1026051000000106" and last.effective_date == app.today


async def test_a_plan_save_says_saved_once_and_privacy_leaves_no_stray_separator(demo_db, settings):
    """Issue 14 (H12 D5, D17): "Saved HH:MM", not "saved — saved HH:MM"; the private header is "M.T." alone."""
    from textual.widgets import Input

    from mdt_tui.privacy import initials
    from mdt_tui.screens.plan.dialogs import PlanFieldsDialog
    from tests.pilot_helpers import notification_texts, settle

    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        person = assessed_with_suggestions(app)
        screen = await open_plan(app, pilot, person.id)
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, PlanFieldsDialog)
        app.screen.query_one("#crisis_plan", Input).value = "Daughter first, then 111"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.store.current_plan(person.id).crisis_plan == "Daughter first, then 111"
        notices = notification_texts(app)
        assert any(n.startswith("Saved ") for n in notices) and not any("saved — saved" in n for n in notices)

        await pilot.press("p")
        await settle(app, pilot)
        header = text_of(screen.query_one("#plan-person")).strip()
        assert header.startswith(initials(person.family_name, person.given_name))
        assert not header.endswith("·") and "· ·" not in header and person.nhs_number[-4:] not in header
