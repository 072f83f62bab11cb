"""Snapshots of the meeting screen at 100×30 on the demo's upcoming meeting, with a fixed clock and date."""

from mdt_tui.screens.meeting.in_progress import MeetingScreen
from tests.helpers.meeting_records import FakeClock
from tests.pilot_helpers import app_for

SIZE = (100, 30)


def meeting_app(demo_db, settings):
    app = app_for(demo_db, settings)
    app.meeting_clock = FakeClock()
    return app


async def open_case(pilot) -> None:
    app = pilot.app
    app.push_screen(MeetingScreen(app.store.next_meeting_id()))
    await pilot.pause()
    app.meeting_clock.now += 11 * 60 + 40  # 11:40 into a 10-minute review: the timer shows "! over"
    app.screen.show_clock()
    await pilot.pause()


def test_meeting_screen(snap_compare, demo_db, settings):
    """Must show: "Case 1 of 12", the case timer "⏱ 11:40 / 10:00 ! over" and the session clock, the
    person's full name, age and NHS number, "carried over (not discussed on 09 Nov)", scores, goals,
    problems, open actions, next review, the decisions box, and the outcome keys [1]…[e]."""
    assert snap_compare(meeting_app(demo_db, settings), terminal_size=SIZE, run_before=open_case)


def test_meeting_screen_privacy_on(snap_compare, demo_db, settings):
    """Must show: the red "PRIVACY MODE — identifiers hidden" banner, the person as initials and age only
    (no name, no NHS number), and otherwise the same case, timer and keys as the unmasked snapshot."""

    async def private(pilot):
        await open_case(pilot)
        await pilot.press("p")
        await pilot.pause()

    assert snap_compare(meeting_app(demo_db, settings), terminal_size=SIZE, run_before=private)
