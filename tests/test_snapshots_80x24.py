"""Snapshots at 80×24 of the meeting agenda and the reviews list (the screens shared in the room)."""

import re

from tests.pilot_helpers import app_for, snap_settle

SIZE = (80, 24)


async def to_agenda(pilot) -> None:
    await snap_settle(pilot)
    await pilot.press("m")
    await snap_settle(pilot)


async def to_reviews(pilot) -> None:
    await snap_settle(pilot)
    await pilot.press("r")
    await snap_settle(pilot)


def test_agenda(snap_compare, demo_db, settings):
    """Must show: the meeting line, quorum and fit, and in the attendance panel each member's status
    (in person / remote / apologies) and roster number before the name — status never cut off."""
    assert snap_compare(app_for(demo_db, settings), terminal_size=SIZE, run_before=to_agenda)


def test_reviews_list(snap_compare, demo_db, settings):
    """Must show: the reviews list (overdue, review needed, due within 7 days) with each column header
    once, and the footer keys t d g +."""
    assert snap_compare(app_for(demo_db, settings), terminal_size=SIZE, run_before=to_reviews)


async def test_attendance_status_is_visible_at_80_columns(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await to_agenda(pilot)
        screen = re.sub(r"<[^>]+>", "", app.export_screenshot()).replace("&#160;", " ")
    assert "Here" in screen and screen.count("in person") + screen.count("apologies") + screen.count("remote") >= 5
