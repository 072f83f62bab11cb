"""A three-case meeting on the demo data, run entirely by keys: outcomes, codes, carry-over and minutes."""

from datetime import timedelta

from mdt_tui.meeting.agenda import Outcome, Source
from mdt_tui.meeting.minutes import minutes_document
from mdt_tui.pathway import Stage
from mdt_tui.screens.meeting.agenda import AgendaScreen
from mdt_tui.screens.meeting.agree import AgreePlanDialog
from mdt_tui.screens.meeting.dialogs import ActionDialog, ReviewDialog
from mdt_tui.screens.meeting.in_progress import MeetingScreen
from tests.conftest import TODAY
from tests.helpers.meeting_records import FakeClock, three_case_meeting
from tests.pilot_helpers import app_for, settle

MDT_REVIEW = "1026051000000106"


async def test_three_case_meeting_by_keys(demo_db, settings):
    app = app_for(demo_db, settings)
    clock = app.meeting_clock = FakeClock()
    meeting_id, (first, second, third) = three_case_meeting(app.store)
    upcoming = [m.meeting_id for m in app.store.meetings() if m.status == "upcoming" and m.meeting_id != meeting_id][0]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        await settle(app, pilot)
        assert isinstance(app.screen, AgendaScreen) and app.screen.meeting_id == meeting_id
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingScreen)
        clock.now += 16 * 60
        await pilot.press("1")  # too soon: the plan has no action and no review date yet
        await settle(app, pilot)
        assert isinstance(app.screen, AgreePlanDialog)  # the missing parts asked in place (test_ui_meeting_agree)
        assert app.screen.asked == ["actions", "next_review"]
        await pilot.press("escape", "x")  # or, as here, each with its own key
        assert isinstance(app.screen, ActionDialog)
        await pilot.press("1", "enter", "2", *"Falls referral", "enter")  # owner 1 (not 12…), due +2w, words, save
        await settle(app, pilot)
        await pilot.press("r")
        assert isinstance(app.screen, ReviewDialog)
        await pilot.press("3", "enter")  # 8 weeks
        await settle(app, pilot)
        await pilot.press("n")  # refused: decisions but no outcome yet
        assert app.screen.index == 0
        await pilot.press("1")  # plan agreed
        await settle(app, pilot)
        await pilot.press("n", "2", *"awaiting bloods", "enter")  # defer case 2 with a reason
        await settle(app, pilot)
        await pilot.press("n", "e", "y")  # case 3 left undiscussed; end the meeting
        await settle(app, pilot)
        assert isinstance(app.screen, AgendaScreen)
    store = app.store
    meeting = store.meeting(meeting_id)
    assert meeting.status == "held"
    assert [c.outcome for c in meeting.cases] == [Outcome.PLAN_AGREED, Outcome.DEFERRED, None]
    assert meeting.cases[0].seconds_spent == 16 * 60
    assert store.person(first).stage is Stage.PLANNED
    assert [e.snomed_code for e in store.coded_events(person_id=first)][-1] == MDT_REVIEW
    assert store.meeting_event_ids(meeting_id) == [e.event_id for e in store.coded_events(person_id=first)][-1:]
    action = store.actions(person_id=first)[-1]
    assert action.description == "Falls referral" and action.due_date == TODAY + timedelta(weeks=2)
    assert store.person(first).next_review == TODAY + timedelta(weeks=8)
    assert store.person(second).stage is store.person(third).stage is Stage.ASSESSED
    carried = {c.person_id: c for c in store.meeting(upcoming).cases}
    assert carried[third].source is Source.CARRIED_OVER and "not discussed" in carried[third].detail
    assert carried[second].source is Source.CARRIED_OVER and "deferred" in carried[second].detail
    minutes = minutes_document(store, meeting_id).render("md")
    who = store.person(first)
    assert f"{who.family_name}, {who.given_name}" in minutes and "Outcome: Plan agreed" in minutes
    assert "Falls referral" in minutes and f"{MDT_REVIEW} Multi-agency case management review" in minutes
    assert "Deferred: awaiting bloods" in minutes and "not discussed" in minutes.split("Carried over")[1]


async def test_agenda_attendance_quorum_details_and_roster_by_keys(demo_db, settings):
    from mdt_tui.roles import Role
    from mdt_tui.screens.meeting.roster import MemberDialog, RosterScreen
    from tests.pilot_helpers import text_of

    app = app_for(demo_db, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        await settle(app, pilot)
        screen = app.screen
        meeting_id = screen.meeting_id
        before = [c.person_id for c in app.store.meeting(meeting_id).cases]
        await pilot.press("shift+down")
        await settle(app, pilot)
        assert [c.person_id for c in app.store.meeting(meeting_id).cases][:2] == [before[1], before[0]]
        gps = [m.id for m in app.store.team() if m.role is Role.GP]
        await pilot.press("shift+tab")  # to attendance: the first rows are the GPs
        for _ in gps:
            await pilot.press("3", "down")  # apologies
        await settle(app, pilot)
        assert "✘ not quorate — missing: GP" in text_of(screen.query_one("#agenda-checks"))
        await pilot.press("i")
        await pilot.pause()
        # a team of more than ten: 1 waits for a second digit (13 is a member), enter takes 1 at once
        await pilot.press("tab", *"14:30", "tab", "1", "enter", "3", *"Dr Who (observing)", "enter")
        await settle(app, pilot)
        meeting = app.store.meeting(meeting_id)
        assert (meeting.starts_at, meeting.chair_member_id, meeting.guests) == (
            "14:30",
            app.store.team()[0].id,
            "Dr Who (observing)",
        )
        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, RosterScreen)
        await pilot.press("plus")
        assert isinstance(app.screen, MemberDialog)
        await pilot.press(*"Ann Lee", "tab", "3", *"Hospice", "tab", "2", *"07700 900123", "enter")
        await settle(app, pilot)
        added = [m for m in app.store.team() if m.name == "Ann Lee"][0]
        assert (added.role, added.organisation, added.core, added.contact) == (
            list(Role)[3],
            "Hospice",
            False,
            "07700 900123",
        )
