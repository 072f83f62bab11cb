"""Defects found walking the new user's journey at 80×24 (issue 14): each test drives the real app."""

from mdt_tui.meeting.agenda import AgendaItem, Source
from mdt_tui.pathway import Stage
from mdt_tui.screens.meeting.in_progress import MeetingScreen
from tests.conftest import COORDINATOR, TODAY
from tests.helpers.meeting_records import FakeClock
from tests.pilot_helpers import app_for, notification_texts, settle


async def test_plan_agreed_for_a_case_whose_cga_is_due_is_refused_in_the_screens_words(demo_db, settings):
    """`1` on a case still waiting for its CGA said "the person is on caseload, cga due; this step starts from
    assessed, mdt due, review needed": lower-cased stage names run together by commas. The refusal now names
    the stages as the screens show them, and nothing changes."""
    app = app_for(demo_db, settings)
    async with app.run_test(size=(80, 24)) as pilot:
        app.meeting_clock = FakeClock()
        person = app.store.people([Stage.ON_CASELOAD])[0].id
        team = app.store.team()
        meeting_id = app.store.create_meeting(
            COORDINATOR,
            held_on=TODAY,
            session_minutes=60,
            chair_id=team[0].id,
            attendance={m.id: "in_person" for m in team[:6]},
            agenda=[AgendaItem(person_id=person, source=Source.ADDED, minutes=15, new_case=True)],
        )
        app.push_screen(MeetingScreen(meeting_id))
        await settle(app, pilot)
        await pilot.press("1")
        await settle(app, pilot)
        shown = " ".join(notification_texts(app))
        assert (
            "Cannot complete the MDT review: the person is at 'On caseload, CGA due'; "
            "this step starts from 'Assessed, MDT due' or 'Review needed'." in shown
        ), shown
    assert app.store.person(person).stage is Stage.ON_CASELOAD
    assert app.store.meeting(meeting_id).case_of(person).outcome is None


def test_a_new_databases_agenda_and_minutes_have_no_empty_title_part(tmp_path):
    """A new database has no neighbourhood name: the documents were titled 'MDT minutes —  — 01 Dec 2026'."""
    from mdt_tui.meeting.minutes import agenda_document, minutes_document
    from mdt_tui.store.store import Store

    with Store.open(tmp_path / "new.db", create=True) as store:
        meeting_id = store.create_meeting(COORDINATOR, held_on=TODAY, session_minutes=60)
        agenda = agenda_document(store, meeting_id).render("md")
        minutes = minutes_document(store, meeting_id).render("md")
    day = f"{TODAY:%d %b %Y}"
    assert agenda.splitlines()[0] == f"# MDT agenda and pre-read — {day}"
    assert minutes.splitlines()[0] == f"# MDT minutes — {day}"


async def test_a_new_database_asks_for_the_team_first_also_when_already_signed_in(tmp_path, settings, demo_db):
    """README's order: `mdt demo` first (signing in), then `mdt` on a new file. The sign-in is kept, so the
    first-run screen does not show, and the roster did not open either: the new team started with nobody."""
    from mdt_tui.screens.app import make_app
    from mdt_tui.screens.home import HomeScreen
    from mdt_tui.screens.meeting.roster import RosterScreen

    assert settings.user is not None
    app = make_app(tmp_path / "mdt.db", settings, today=TODAY, open_in_background=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)
        assert any("No team yet" in text for text in notification_texts(app))
    # A file that exists already opens on home as before: the demo's (with its team), and this one, still with
    # no team (the roster asked once; it is `t` from home).
    for existing in (demo_db, tmp_path / "mdt.db"):
        app = make_app(existing, settings, today=TODAY, open_in_background=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
