"""Two people on one plan (issue 19), driven by keys: two apps on one database file. A and B open the same
plan, A saves, B saves: B is refused with who changed it and when, on one line, and the store holds A's
plan; B presses R, their change comes back over A's, and saving it now goes through."""

from __future__ import annotations

from textual.widgets import Input

from mdt_tui.models import User
from mdt_tui.roles import Role
from mdt_tui.screens.plan.care_plan import PlanScreen
from mdt_tui.screens.plan.dialogs import PlanFieldsDialog
from mdt_tui.settings import Settings
from tests.conftest import COORDINATOR
from tests.helpers.cga_screen import SIZE, app_for, text_of
from tests.pilot_helpers import assessed_with_suggestions, settle

OTHER = User(name="Priya Raman", role=Role.CARE_COORDINATOR)


async def _open_plan(app, pilot, person_id: int) -> PlanScreen:
    # Through the app's own message loop: two apps share this test's coroutine, and a screen opened from
    # here would take the app started last as its own.
    app.call_later(app.open_person, person_id)
    await settle(app, pilot)
    await pilot.press("l")
    await settle(app, pilot)
    assert isinstance(app.screen, PlanScreen)
    return app.screen


async def _type_in_plan(app, pilot, field: str, words: str) -> None:
    await pilot.press("e")
    await settle(app, pilot)
    assert isinstance(app.screen, PlanFieldsDialog)
    app.screen.query_one(f"#{field}", Input).value = words
    await pilot.press("ctrl+s")
    await settle(app, pilot)


async def test_a_stale_plan_save_is_refused_kept_and_saved_after_reload(demo_db):
    app_a, app_b = app_for(demo_db, Settings(user=COORDINATOR)), app_for(demo_db, Settings(user=OTHER))
    async with app_a.run_test(size=SIZE) as pilot_a, app_b.run_test(size=SIZE) as pilot_b:
        person = assessed_with_suggestions(app_a).id
        await _open_plan(app_a, pilot_a, person)
        screen_b = await _open_plan(app_b, pilot_b, person)

        await _type_in_plan(app_a, pilot_a, "crisis_plan", "A: daughter first, then 111")
        assert app_b.store.current_plan(person).crisis_plan == "A: daughter first, then 111"

        await _type_in_plan(app_b, pilot_b, "escalation_plan", "B: admit only if the family agree")
        assert audit_users(app_a, person) == [COORDINATOR.name]  # B's refused save wrote nothing
        line = text_of(screen_b.query_one("#stale")).strip()
        assert line.startswith("✘ Changed by Jo Bennett at ") and " — reload." in line and "\n" not in line
        held = app_a.store.current_plan(person)
        assert held.crisis_plan == "A: daughter first, then 111" and held.escalation_plan == ""

        await pilot_b.press("R")  # reload: A's plan shown, B's typed change reopened over it
        await settle(app_b, pilot_b)
        assert isinstance(app_b.screen, PlanFieldsDialog)
        assert app_b.screen.query_one("#escalation_plan", Input).value == "B: admit only if the family agree"
        assert app_b.screen.query_one("#crisis_plan", Input).value == "A: daughter first, then 111"
        await pilot_b.press("ctrl+s")
        await settle(app_b, pilot_b)
        assert text_of(screen_b.query_one("#stale")).strip() == ""
        both = app_a.store.current_plan(person)
        assert both.crisis_plan == "A: daughter first, then 111"
        assert both.escalation_plan == "B: admit only if the family agree"
        assert audit_users(app_a, person) == [COORDINATOR.name, OTHER.name]


def audit_users(app, person_id: int) -> list[str]:
    return [
        r[0]
        for r in app.store.db.execute(
            "SELECT user_name FROM audit WHERE action = 'save_plan' AND entity_id = ? ORDER BY id", [person_id]
        )
    ]


async def _open_agenda(app, pilot):
    from mdt_tui.screens.meeting.agenda import AgendaScreen

    await pilot.press("m")  # a key: handled in the app's own message loop
    await settle(app, pilot)
    assert isinstance(app.screen, AgendaScreen)
    app.screen.query_one("#agenda-cases").focus()
    await settle(app, pilot)
    return app.screen


async def test_a_stale_agenda_move_is_refused_on_one_line_and_goes_through_after_reload(demo_db):
    from tests.helpers.meeting_records import three_case_meeting

    app_a, app_b = app_for(demo_db, Settings(user=COORDINATOR)), app_for(demo_db, Settings(user=OTHER))
    meeting_id, people = three_case_meeting(app_a.store)
    async with app_a.run_test(size=(100, 30)) as pilot_a, app_b.run_test(size=(100, 30)) as pilot_b:
        await _open_agenda(app_a, pilot_a)
        screen_b = await _open_agenda(app_b, pilot_b)
        assert screen_b.meeting_id == meeting_id and not screen_b.query_one("#agenda-stale").display

        await pilot_a.press("shift+down")  # A moves the first case down
        await settle(app_a, pilot_a)
        order = [c.person_id for c in app_a.store.meeting(meeting_id).cases]
        assert order == [people[1], people[0], people[2]]

        await pilot_b.press("shift+down")  # B, still showing the old order, moves its first case down
        await settle(app_b, pilot_b)
        assert screen_b.query_one("#agenda-stale").display
        line = text_of(screen_b.query_one("#agenda-stale")).strip()
        assert line.startswith(f"✘ Changed by {COORDINATOR.name} at ") and " — reload." in line
        assert [c.person_id for c in app_b.store.meeting(meeting_id).cases] == order  # nothing of A's undone

        await pilot_b.press("R", "shift+down")  # reload (A's order shown), then the move goes through
        await settle(app_b, pilot_b)
        assert not screen_b.query_one("#agenda-stale").display
        assert [c.person_id for c in app_a.store.meeting(meeting_id).cases] == [people[0], people[1], people[2]]


async def test_a_refused_review_date_reopens_on_the_date_typed_not_the_suggestion(demo_db):
    """Issue 14 (H12 D12): B picks 12 weeks, A saved first; R reopens the review dialog on B's 12 weeks."""
    from datetime import timedelta

    from mdt_tui.screens.meeting.dialogs import ReviewDialog
    from tests.conftest import TODAY

    app_a, app_b = app_for(demo_db, Settings(user=COORDINATOR)), app_for(demo_db, Settings(user=OTHER))
    async with app_a.run_test(size=SIZE) as pilot_a, app_b.run_test(size=SIZE) as pilot_b:
        person = assessed_with_suggestions(app_a).id
        await _open_plan(app_a, pilot_a, person)
        screen_b = await _open_plan(app_b, pilot_b, person)
        await _type_in_plan(app_a, pilot_a, "crisis_plan", "A: daughter first, then 111")

        twelve = app_b.today + timedelta(weeks=12)
        await pilot_b.press("r")
        await settle(app_b, pilot_b)
        assert isinstance(app_b.screen, ReviewDialog)
        option = [i for i, (o, _) in enumerate(app_b.screen.options) if o[1] == "12 weeks"][0]
        await pilot_b.press(str(option + 1), "ctrl+s")  # 12 weeks, by its number
        await settle(app_b, pilot_b)
        assert text_of(screen_b.query_one("#stale")).strip().startswith("✘ Changed by")
        assert app_a.store.current_plan(person).next_review is None  # refused: nothing written

        await pilot_b.press("R")
        await settle(app_b, pilot_b)
        assert isinstance(app_b.screen, ReviewDialog)
        assert app_b.screen.query_one("#day", Input).value == f"{twelve:%d/%m/%Y}"
        await pilot_b.press("ctrl+s")
        await settle(app_b, pilot_b)
        plan = app_a.store.current_plan(person)
        assert plan.next_review == twelve and plan.next_review_reason == "12 weeks"
        assert plan.crisis_plan == "A: daughter first, then 111" and TODAY <= app_b.today
