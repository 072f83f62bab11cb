"""Words and times on the meeting screens that a new user found wrong (issue 14, H12's walk D6-D8, D10, D14, D16,
D18), driven by keys: what the screen shows and what the store holds."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from mdt_tui.meeting.agenda import Source
from mdt_tui.meeting.case_summary import CaseSummary
from mdt_tui.meeting.models import MeetingCase
from mdt_tui.models import User
from mdt_tui.pathway import Stage
from mdt_tui.roles import Role
from mdt_tui.screens.consent.dialogs import ReasonDialog
from mdt_tui.screens.meeting.agenda import AgendaScreen
from mdt_tui.screens.meeting.agree import AgreePlanDialog
from mdt_tui.screens.meeting.in_progress import MeetingScreen
from mdt_tui.screens.meeting.text import case_text
from mdt_tui.settings import Settings
from mdt_tui.store.store import Store
from tests.conftest import COORDINATOR, TODAY
from tests.helpers.meeting_records import FakeClock, three_case_meeting
from tests.pilot_helpers import app_for, notification_texts, settle, text_of

WATCHER = User(name="Priya Raman", role=Role.CARE_COORDINATOR)


async def test_a_meeting_made_with_one_case_says_one_case(demo_db, settings):
    with Store.open(demo_db) as store:
        store.set_team_policy({"new_cases_per_meeting": 1, "reviews_per_meeting": 0}, by=COORDINATOR)
        # No meeting planned and none held before today (so nothing carried over): today's is made with one case.
        store.db.execute("UPDATE meetings SET status = 'held', held_on = date(held_on, '+60 days')")
    app = app_for(demo_db, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        await settle(app, pilot)
        assert isinstance(app.screen, AgendaScreen)
        assert len(app.store.meeting(app.screen.meeting_id).cases) == 1
        assert any("with 1 case —" in n for n in notification_texts(app))
        assert not any("1 cases" in n for n in notification_texts(app))


async def test_the_case_shows_the_draft_plans_review_date_and_the_defer_dialog_says_to_when(demo_db, settings):
    app = app_for(demo_db, settings)
    app.meeting_clock = FakeClock()
    meeting_id, people = three_case_meeting(app.store)
    proposed = TODAY + timedelta(weeks=4)
    app.store.save_plan(COORDINATOR, people[1], next_review=proposed)  # a draft, not yet agreed
    assert app.store.person(people[1]).next_review is None
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m", "s")
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("n")
        await settle(app, pilot)
        summary = text_of(app.screen.query_one("#case-summary"), width=200)
        assert f"Next review: {proposed:%d %b %Y} (proposed in the plan" in summary
        assert "Next review: not set" not in summary
        await pilot.press("2")
        assert isinstance(app.screen, ReasonDialog)
        assert app.screen.form_title == "Defer to the next meeting — why?"  # where a deferred case goes
        await pilot.press(*"awaiting bloods", "enter")
        await settle(app, pilot)
    assert app.store.meeting(meeting_id).cases[1].outcome_reason == "awaiting bloods"


def test_a_cga_without_scores_is_not_called_missing():
    """A completed CGA that had no scored instrument: the scores line says so, not "no completed CGA"."""
    case = MeetingCase(id=1, person_id=1, position=1, source=Source.NEW, minutes=15)
    summary = CaseSummary(
        person_id=1,
        family_name="Testwood",
        given_name="Margaret",
        nhs_number="9990000026",
        date_of_birth=date(1938, 1, 2),
        stage=Stage.ASSESSED,
        cga_done=True,
    )
    shown = case_text(summary, case, TODAY, private=False).plain
    assert "Scores: none (the CGA had no scored instrument)" in shown and "no completed CGA" not in shown
    assert "no completed CGA" in case_text(summary.model_copy(update={"cga_done": False}), case, TODAY, False).plain


async def test_the_agree_dialog_opening_is_not_a_failed_save(demo_db, settings):
    app = app_for(demo_db, settings)
    app.meeting_clock = FakeClock()
    meeting_id, people = three_case_meeting(app.store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m", "s")
        await settle(app, pilot)
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen)
        await pilot.press("1")  # the plan has no action or review date yet: asked in place
        await settle(app, pilot)
        assert isinstance(app.screen, AgreePlanDialog)
        assert "not saved" not in meeting.sub_title
    assert app.store.meeting(meeting_id).cases[0].outcome is None


async def test_a_window_that_watches_shows_the_meetings_own_start_and_never_says_it_started(demo_db, settings):
    started = datetime.now().astimezone().replace(microsecond=0) - timedelta(minutes=20)
    with Store.open(demo_db, clock=lambda: started) as store:
        meeting_id, people = three_case_meeting(store)
        store.start_meeting(COORDINATOR, meeting_id)
    with Store.open(demo_db) as store:  # someone else's window takes the minutes now
        store.take_minutes(COORDINATOR, meeting_id)
    app = app_for(demo_db, Settings(user=WATCHER))
    app.meeting_clock = FakeClock()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("m")
        await settle(app, pilot)
        assert isinstance(app.screen, AgendaScreen) and app.screen.meeting_id == meeting_id
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingScreen) and app.screen.lease.state == "watching"
        assert not any("Meeting started" in n for n in notification_texts(app))
        bar = text_of(app.screen.query_one("#meeting-bar"), width=200)
        assert "session 20:0" in bar  # the meeting's own twenty minutes, not this window's 0:00
    starts = app.store.db.execute(
        "SELECT count(*) FROM audit WHERE action = 'start_meeting' AND entity_id = ?", [meeting_id]
    ).fetchone()[0]
    assert starts == 1  # the watching window wrote nothing
