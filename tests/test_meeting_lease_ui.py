"""One minute-taker per meeting (issue 19), driven by keys in two apps on one database file: the second opens
the meeting read-only with one line naming who takes the minutes, its recording keys are refused, it
redraws as the minute-taker records outcomes, and once the minutes are let go it can take them."""

from __future__ import annotations

from mdt_tui.meeting.agenda import Outcome
from mdt_tui.models import User
from mdt_tui.roles import Role
from mdt_tui.screens.kit.confirm import ConfirmDialog
from mdt_tui.screens.meeting.in_progress import MeetingScreen
from mdt_tui.settings import Settings
from tests.helpers.meeting_records import three_case_meeting
from tests.pilot_helpers import app_for, notification_texts, settle, text_of

WATCHER = User(name="Priya Raman", role=Role.CARE_COORDINATOR)


async def _open(app, pilot, meeting_id: int) -> MeetingScreen:
    # Through the app's own message loop: two apps share this test's coroutine, and a screen pushed from
    # here would take the app started last as its own.
    app.call_later(app.push_screen, MeetingScreen(meeting_id))
    await settle(app, pilot)
    assert isinstance(app.screen, MeetingScreen)
    return app.screen


async def test_the_meeting_is_read_only_to_others_and_refreshes_as_outcomes_are_recorded(demo_db, settings):
    taker, watcher = app_for(demo_db, settings), app_for(demo_db, Settings(user=WATCHER))
    meeting_id, people = three_case_meeting(taker.store)
    async with taker.run_test(size=(100, 30)) as pilot_t, watcher.run_test(size=(100, 30)) as pilot_w:
        mine = await _open(taker, pilot_t, meeting_id)
        theirs = await _open(watcher, pilot_w, meeting_id)
        assert mine.lease.state == "mine" and not mine.query_one("#meeting-lease").display
        assert theirs.lease.state == "watching" and theirs.query_one("#meeting-lease").display
        line = text_of(theirs.query_one("#meeting-lease")).strip()
        assert line.startswith(f"Minutes are being taken by {settings.user.name} since ") and line.endswith(
            " — read-only"
        )

        await pilot_w.press("2")  # a recording key: refused before any dialog opens
        await settle(watcher, pilot_w)
        assert watcher.screen is theirs and any("read-only" in n for n in notification_texts(watcher))

        await pilot_t.press("2", *"awaiting bloods", "enter")  # the minute-taker defers case 1
        await settle(taker, pilot_t)
        assert taker.store.meeting(meeting_id).cases[0].outcome is Outcome.DEFERRED
        assert theirs.meeting.cases[0].outcome is None  # not yet seen there

        theirs.lease._poll()  # what its timer does every few seconds
        await settle(watcher, pilot_w)
        assert theirs.meeting.cases[0].outcome is Outcome.DEFERRED
        assert "awaiting bloods" in text_of(theirs.query_one("#case-decisions"))

        await pilot_t.press("escape")  # the minute-taker leaves the meeting screen: the lease is let go
        await settle(taker, pilot_t)
        theirs.lease._poll()
        await settle(watcher, pilot_w)
        assert "No one is taking the minutes now" in text_of(theirs.query_one("#meeting-lease"))
        await pilot_w.press("T")
        await settle(watcher, pilot_w)
        assert theirs.lease.state == "mine" and not theirs.query_one("#meeting-lease").display
        assert watcher.store.minute_taker(meeting_id).holder == WATCHER.name

        # Back in the meeting, the first minute-taker now watches; T asks before taking over, and only the
        # chair may: they are told so, and the minutes stay with the one taking them.
        mine = await _open(taker, pilot_t, meeting_id)
        assert mine.lease.state == "watching" and WATCHER.name in text_of(mine.query_one("#meeting-lease"))
        await pilot_t.press("T")
        await settle(taker, pilot_t)
        assert isinstance(taker.screen, ConfirmDialog)
        await pilot_t.press("y")
        await settle(taker, pilot_t)
        chair = taker.store.meeting(meeting_id).chair
        assert any(f"Only the chair ({chair})" in n for n in notification_texts(taker))
        assert mine.lease.state == "watching" and taker.store.minute_taker(meeting_id).holder == WATCHER.name


async def test_the_same_person_in_a_second_window_watches_and_leaving_it_keeps_the_first_windows_lease(
    demo_db, settings
):
    """Issue 14: the lease belongs to the window, not the name. The same person's second window opens
    read-only (saying the minutes are theirs in another window), its keys are refused, and leaving it never
    frees the lease the first window holds."""
    first, second = app_for(demo_db, settings), app_for(demo_db, settings)
    meeting_id, people = three_case_meeting(first.store)
    async with first.run_test(size=(100, 30)) as pilot_1, second.run_test(size=(100, 30)) as pilot_2:
        mine = await _open(first, pilot_1, meeting_id)
        other = await _open(second, pilot_2, meeting_id)
        assert mine.lease.state == "mine" and other.lease.state == "watching"
        line = text_of(other.query_one("#meeting-lease")).strip()
        assert line.startswith("You are taking the minutes in another window") and line.endswith("read-only here")
        await pilot_2.press("2")  # refused before any dialog opens
        await settle(second, pilot_2)
        assert second.screen is other and any("read-only" in n for n in notification_texts(second))
        await pilot_2.press("escape")  # the second window leaves the meeting
        await settle(second, pilot_2)
        lease = first.store.minute_taker(meeting_id)
        assert lease is not None and lease.session == first.store.session
        await pilot_1.press("2", *"awaiting bloods", "enter")  # the first window still records
        await settle(first, pilot_1)
        assert first.store.meeting(meeting_id).cases[0].outcome is Outcome.DEFERRED
