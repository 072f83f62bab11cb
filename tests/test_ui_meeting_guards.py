"""Meeting guards: m never makes a second meeting on a day that has one; ending a meeting with nobody
present, or without a quorum, says so before it is ended."""

from mdt_tui.meeting.agenda import ending_warnings
from mdt_tui.roles import Role
from mdt_tui.screens.kit.confirm import ConfirmDialog
from mdt_tui.screens.meeting.agenda import AgendaScreen
from mdt_tui.screens.meeting.in_progress import MeetingScreen
from mdt_tui.store.store import Store
from tests.conftest import COORDINATOR, TODAY
from tests.pilot_helpers import app_for, settle, text_of

REQUIRED = (Role.GP, Role.NURSE)


def test_ending_warnings_name_nobody_present_then_the_missing_disciplines():
    assert "Nobody is marked present" in ending_warnings([(Role.GP, "apologies"), (Role.NURSE, "")], REQUIRED)[0]
    assert ending_warnings([(Role.GP, "remote"), (Role.NURSE, "apologies")], REQUIRED) == [
        "! not quorate — missing: Community nurse: the minutes will say so."
    ]
    assert ending_warnings([(Role.GP, "remote"), (Role.NURSE, "in_person")], REQUIRED) == []


def confirm_text(app) -> str:
    assert isinstance(app.screen, ConfirmDialog)
    return " ".join(text_of(s) for s in app.screen.query("Static"))


async def test_ending_with_nobody_present_warns_first_and_n_keeps_it_open(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        await settle(app, pilot)
        meeting_id = app.screen.meeting_id
        for member in app.store.team():
            app.store.set_attendance(COORDINATOR, meeting_id, member.id, None)
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("e")
        await settle(app, pilot)
        assert "Nobody is marked present" in confirm_text(app)
        await pilot.press("n")
        await settle(app, pilot)
        assert app.store.meeting(meeting_id).status == "in_progress"
        for member in app.store.team():
            app.store.set_attendance(COORDINATOR, meeting_id, member.id, "in_person")
        await pilot.press("escape", "s")
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        shown = confirm_text(app)
        assert "Nobody" not in shown and "not quorate" not in shown and "carry over" in shown


async def test_m_after_todays_meeting_is_held_opens_it_rather_than_making_a_second(tmp_path, settings):
    db = tmp_path / "new.db"
    with Store.open(db, create=True) as store:
        held = store.create_meeting(COORDINATOR, held_on=TODAY, session_minutes=60)
        store.start_meeting(COORDINATOR, held)
        store.close_meeting(COORDINATOR, held)
    app = app_for(db, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        assert isinstance(app.screen, AgendaScreen) and app.screen.meeting_id == held
    assert [m.meeting_id for m in app.store.meetings()] == [held]


async def test_adding_a_name_not_on_the_caseload_refuses_rather_than_adding_a_similar_name(demo_db, settings):
    from mdt_tui.screens.people.finder import FinderScreen

    app = app_for(demo_db, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        await settle(app, pilot)
        meeting_id = app.screen.meeting_id
        before = [c.person_id for c in app.store.meeting(meeting_id).cases]
        family = app.store.person(before[0]).family_name
        await pilot.press("plus", *family[:-1] + "x", "enter")  # one letter wrong: similar names are shown
        await settle(app, pilot)
        assert isinstance(app.screen, FinderScreen)
        assert "No one here matches that as typed" in text_of(app.screen.query_one("#finder-count"))
        await pilot.press("escape")
        await settle(app, pilot)
    assert [c.person_id for c in app.store.meeting(meeting_id).cases] == before


def test_what_stops_a_plan_is_said_in_words_never_field_names():
    from mdt_tui.meeting.agenda import missing_in_words
    from mdt_tui.plan.gate import missing_for_completion
    from mdt_tui.plan.records import CarePlan

    lines = missing_in_words(missing_for_completion([], CarePlan(), []))
    assert lines[:2] == [
        "Add at least one active problem to the problem list — l opens the plan: + adds a problem",
        "Name the lead professional — l opens the plan: o names the lead",
    ]
    assert len(lines) == 5 and not any("_id" in line or "next_review" in line or "consent_to" in line for line in lines)
