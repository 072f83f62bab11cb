"""Editing the agenda by keys on the demo data: add anyone on the caseload (`+`), and plan a new meeting (`N`)."""

from contextlib import asynccontextmanager
from datetime import date

import pytest

from mdt_tui.errors import IllegalTransition
from mdt_tui.meeting.agenda import Source, next_meeting_date
from mdt_tui.pathway import Stage
from mdt_tui.screens.meeting.agenda import AgendaScreen
from mdt_tui.screens.meeting.dialogs import NewMeetingDialog
from mdt_tui.screens.meeting.in_progress import MeetingScreen
from mdt_tui.screens.people.finder import FinderScreen
from mdt_tui.settings import Settings
from tests.conftest import COORDINATOR, TODAY
from tests.pilot_helpers import app_for, notification_texts, settle, text_of

# Allotments no other setting shares, so the minutes show which rule was used.
SETTINGS = Settings(user=COORDINATOR, minutes_per_new_case=17, minutes_per_review=8)


def off_agenda(store, stage: Stage, meeting_id: int) -> int:
    taken = {c.person_id for c in store.meeting(meeting_id).cases}
    return next(p.id for p in store.people([stage]) if p.id not in taken)


def messages(app) -> list[str]:
    return notification_texts(app)


@asynccontextmanager
async def on_the_agenda(demo_db):
    """The app on the demo, `m` pressed: the agenda screen of the upcoming meeting."""
    app = app_for(demo_db, SETTINGS)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        await settle(app, pilot)
        assert isinstance(app.screen, AgendaScreen)
        yield app, pilot


async def find_and_choose(app, pilot, person_id: int) -> None:
    """`+`, type the person's NHS number into the finder, enter."""
    await pilot.press("plus")
    await settle(app, pilot)
    assert isinstance(app.screen, FinderScreen)
    await pilot.press(*app.store.person(person_id).nhs_number, "enter")
    await settle(app, pilot)
    assert isinstance(app.screen, AgendaScreen)


async def test_add_people_by_keys_with_the_allotment_for_a_new_case_or_a_review(demo_db):
    async with on_the_agenda(demo_db) as (app, pilot):
        meeting_id = app.screen.meeting_id
        before = app.store.meeting(meeting_id).cases
        fit_before = text_of(app.screen.query_one("#agenda-checks"))
        new_case = off_agenda(app.store, Stage.ON_CASELOAD, meeting_id)  # consented, no MDT review yet
        review = off_agenda(app.store, Stage.PLANNED, meeting_id)  # reviewed before
        await find_and_choose(app, pilot, new_case)
        await find_and_choose(app, pilot, review)
        fit_after = text_of(app.screen.query_one("#agenda-checks"))
    cases = app.store.meeting(meeting_id).cases
    assert [c.person_id for c in cases] == [c.person_id for c in before] + [new_case, review]
    added = {c.person_id: c for c in cases[-2:]}
    assert (added[new_case].source, added[new_case].minutes, added[new_case].new_case) == (Source.ADDED, 17, True)
    assert (added[review].source, added[review].minutes, added[review].new_case) == (Source.ADDED, 8, False)
    assert cases[-1].position > cases[-2].position > max(c.position for c in before)
    total = sum(c.minutes for c in cases)
    assert f"{total // 60}h{total % 60:02d}m" in fit_after and fit_after != fit_before
    audited = app.store.db.execute("SELECT count(*) FROM audit WHERE action = 'add_to_agenda'").fetchone()[0]
    assert audited == 2


async def test_someone_already_on_the_agenda_is_refused_and_no_one_off_the_caseload_is_offered(demo_db):
    async with on_the_agenda(demo_db) as (app, pilot):
        meeting_id = app.screen.meeting_id
        before = app.store.meeting(meeting_id).cases
        await find_and_choose(app, pilot, before[2].person_id)
        assert f"That person is already on the agenda, as case 3 of {len(before)}." in messages(app)
        waiting = app.store.person(off_agenda(app.store, Stage.IDENTIFIED, meeting_id))
        await pilot.press("plus")
        await settle(app, pilot)
        await pilot.press(*waiting.nhs_number, "enter")  # not on the caseload, so not offered
        await settle(app, pilot)
        assert isinstance(app.screen, FinderScreen)
        assert "0 matches" in str(app.screen.query_one("#finder-count").content)
        await pilot.press("escape")
    assert app.store.meeting(meeting_id).cases == before


async def test_new_meeting_by_keys_has_its_agenda_and_the_cases_carried_over(demo_db):
    async with on_the_agenda(demo_db) as (app, pilot):
        upcoming = app.screen.meeting_id
        undiscussed = [c.person_id for c in app.store.meeting(upcoming).cases]
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("e", "y")  # end it with nothing discussed: every case is to carry over
        await settle(app, pilot)
        assert isinstance(app.screen, AgendaScreen) and app.store.meeting(upcoming).status == "held"
        await pilot.press("N")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, NewMeetingDialog)
        assert dialog.query_one("#held_on").value == "27/11/2026"  # the Friday after Thursday's meeting
        await pilot.press("ctrl+u", *"20/11/2026", "enter")
        assert "20/11/2026 is in the past" in text_of(dialog.query_one("#form-error"))
        await pilot.press("ctrl+u", *"26/11/2026", "enter")
        assert f"already a meeting on 26/11/2026 (meeting {upcoming})" in text_of(dialog.query_one("#form-error"))
        await pilot.press("ctrl+u", *"30/11/2026", "tab", "ctrl+u", *"9:30", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AgendaScreen)
        shown = app.screen.meeting_id
        title = str(app.screen.query_one("#agenda-title").content)
    rows = app.store.meetings()
    assert len(rows) == 3 and (rows[-1].date, rows[-1].status) == (date(2026, 11, 30), "upcoming")
    meeting = app.store.meeting(rows[-1].meeting_id)
    assert shown == meeting.id and "Mon 30 Nov 2026 09:30" in title and meeting.starts_at == "09:30"
    carried = [c.person_id for c in meeting.cases if c.source is Source.CARRIED_OVER]
    assert sorted(carried) == sorted(undiscussed)
    assert all(c.source is Source.CARRIED_OVER for c in meeting.cases[: len(carried)])  # carried over come first
    others = [c.source for c in meeting.cases[len(carried) :]]
    assert others and Source.NEW in others and len(set(c.person_id for c in meeting.cases)) == len(meeting.cases)
    assert meeting.session_minutes == app.store.team_policy().session_minutes == 120  # the default


def test_plan_meeting_refuses_a_second_meeting_on_a_date(demo_db):
    from mdt_tui.store.store import Store

    with Store.open(demo_db) as store:
        taken = store.meetings()[-1].date
        with pytest.raises(IllegalTransition, match="already a meeting on"):
            store.plan_meeting(COORDINATOR, held_on=taken, starts_at="13:00", session_minutes=60, agenda=())
        assert len(store.meetings()) == 2


def test_next_meeting_date_is_the_next_weekday_and_never_past():
    assert next_meeting_date(date(2026, 11, 26), TODAY) == date(2026, 11, 27)  # Thu → Fri
    assert next_meeting_date(date(2026, 11, 27), TODAY) == date(2026, 11, 30)  # Fri → Mon
    assert next_meeting_date(date(2026, 1, 5), TODAY) == TODAY  # long ago: today (a Monday)
    assert next_meeting_date(None, date(2026, 11, 28)) == date(2026, 11, 30)  # none, on a Saturday
