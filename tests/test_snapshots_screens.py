"""Snapshots at 80×24 of the screens used most, on the demo with a fixed date."""

from mdt_tui.pathway import Stage
from tests.pilot_helpers import app_for, snap_settle

SIZE = (80, 24)


def test_home(snap_compare, demo_db, settings):
    """Must show: the title with the neighbourhood and the user, every pipeline row with its count
    (180 identified, caseload of 150 capacity), "This week" with reviews due and overdue and overdue
    actions, the step-key hint line, and the footer keys ? ^f h p ^q."""
    assert snap_compare(app_for(demo_db, settings), terminal_size=SIZE, run_before=snap_settle)


def test_cohort_review_filtered(snap_compare, demo_db, settings):
    """Must show: the filter "status:awaiting", the count "showing N of 180", the table columns with ✔,
    Name, Age, Status, Risk, NHS no., the detail pane of the highlighted person, and the review keys."""

    async def filtered(pilot):
        await snap_settle(pilot)
        await pilot.press("c")
        await snap_settle(pilot)
        await pilot.press("slash", *"status:awaiting", "enter")
        await snap_settle(pilot)

    assert snap_compare(app_for(demo_db, settings), terminal_size=SIZE, run_before=filtered)


def test_cga_mental_tab(snap_compare, demo_db, settings):
    """Must show: the step bar with [CGA] marked, the person line, the tab line with Mental selected and
    ○/◐/✔ marks, PHQ-9 question 1 of 10 (the tenth is the optional, unscored difficulty question) with its
    four numbered options, "Previous: none recorded", and
    the PHQ attribution line."""

    async def mental(pilot):
        await snap_settle(pilot)
        person = pilot.app.store.people([Stage.ON_CASELOAD])[0]
        pilot.app.open_step("cga", person.id)
        await snap_settle(pilot)
        await pilot.press("right_square_bracket")
        await snap_settle(pilot)

    assert snap_compare(app_for(demo_db, settings), terminal_size=SIZE, run_before=mental)
