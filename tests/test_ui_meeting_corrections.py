"""Correcting mistakes by keys, on the demo: a wrong meeting outcome (u), a wrong step on the person screen (u),
and an addendum (+) on a held meeting. Each asserts what the store now holds and what the next export says."""

import csv

from mdt_tui.cli import main
from mdt_tui.codes import ASSESSMENT_NOT_APPROPRIATE
from mdt_tui.pathway import Stage
from mdt_tui.screens.consent.dialogs import ReasonDialog
from mdt_tui.screens.meeting.agenda import AgendaScreen
from mdt_tui.screens.meeting.in_progress import MeetingScreen
from mdt_tui.screens.people.person import PersonScreen
from tests.helpers.meeting_records import FakeClock, three_case_meeting
from tests.pilot_helpers import app_for, settle


def _export(db, out):
    assert main(["export", "codes", "--db", str(db), "--include-unsigned", "--out", str(out)]) == 0
    with out.open(newline="") as handle:
        return [(int(r["event_id"]), r["action"]) for r in csv.DictReader(handle)]


async def test_a_wrong_not_appropriate_is_undone_from_the_meeting_in_two_keys(demo_db, settings, tmp_path):
    app = app_for(demo_db, settings)
    app.meeting_clock = FakeClock()
    meeting_id, (first, *_) = three_case_meeting(app.store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("3", *"Known to CMHT", "enter")  # the wrong person's outcome
        await settle(app, pilot)
        assert app.store.person(first).stage is Stage.NOT_APPROPRIATE
        [wrong] = app.store.meeting(meeting_id).case_of(first).decisions[-1:]
        delivered = _export(demo_db, tmp_path / "monday.csv")  # sent to the practice before anyone noticed
        assert (wrong.coded_event_id, "add") in delivered
        await pilot.press("u")
        assert isinstance(app.screen, ReasonDialog)
        await pilot.press(*"Wrong person", "enter")  # u + enter: two keys plus the reason
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingScreen)
    store = app.store
    assert store.person(first).stage is Stage.ASSESSED
    assert store.meeting(meeting_id).case_of(first).outcome is None
    assert store.coded_event(wrong.coded_event_id).reason == "Wrong person"
    assert _export(demo_db, tmp_path / "tuesday.csv") == [(wrong.coded_event_id, "remove")]


async def test_the_highlighted_step_is_marked_entered_in_error_on_the_person_screen(demo_db, settings, tmp_path):
    app = app_for(demo_db, settings)
    person = app.store.people([Stage.ASSESSED])[0].id
    async with app.run_test(size=(100, 30)) as pilot:
        app.store.mark_not_appropriate(app.user, person, reason="Needs met by current care")
        event = [e for e in app.store.coded_events(person_id=person)][-1]
        assert event.snomed_code == ASSESSMENT_NOT_APPROPRIATE.code
        _export(demo_db, tmp_path / "first.csv")
        app.open_person(person)
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen)
        await pilot.press("down", "u", *"older step", "enter")  # not the latest step: refused, nothing changes
        await settle(app, pilot)
        assert app.store.person(person).stage is Stage.NOT_APPROPRIATE
        await pilot.press("up", "u", *"Wrong person", "enter")  # the newest step, at the top
        await settle(app, pilot)
        assert app.store.person(person).stage is Stage.ASSESSED
        await pilot.press("u")  # the top row is now the correction itself: refused without a dialog
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen)
    history = app.store.history(person)
    assert [h.step for h in history[-2:]] == ["mark_not_appropriate", "correction"]
    assert history[-2].corrected_reason == "Wrong person"
    assert _export(demo_db, tmp_path / "second.csv") == [(event.event_id, "remove")]


async def test_a_held_meeting_opens_read_only_and_takes_an_addendum(demo_db, settings):
    app = app_for(demo_db, settings)
    held = next(m.meeting_id for m in app.store.meetings() if m.status == "held")
    before = app.store.meeting(held)
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(AgendaScreen(held))
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingScreen)
        for key in ("k", "x", "d", "r", "u", "1", "3"):  # every change is refused before a dialog opens
            await pilot.press(key)
            await settle(app, pilot)
            assert isinstance(app.screen, MeetingScreen), key
        await pilot.press("plus")
        assert isinstance(app.screen, ReasonDialog)
        await pilot.press(*"Bloods normal since", "enter")
        await settle(app, pilot)
    after = app.store.meeting(held)
    assert after.cases == before.cases and after.attendees == before.attendees
    assert [a.text for a in after.addenda] == ["Bloods normal since"]
