"""Snapshots at 80×24 of the meeting and the plan (issue 14), beside the agenda and reviews list ones, and a check
that the plan's values show at 80 and 120 columns, never cut."""

import re

import pytest

from mdt_tui.plan.records import FIELD_LABELS, describe
from mdt_tui.screens.meeting.in_progress import MeetingScreen
from mdt_tui.screens.plan.care_plan import PlanScreen
from tests.helpers.meeting_records import FakeClock
from tests.pilot_helpers import app_for, settle

SIZE = (80, 24)


def first_case(app) -> int:
    """The first person on the demo's upcoming agenda (a review with a full plan and open actions)."""
    return app.store.meeting(app.store.next_meeting_id()).cases[0].person_id


async def to_meeting(pilot) -> None:
    app = pilot.app
    app.meeting_clock = FakeClock()
    app.push_screen(MeetingScreen(app.store.next_meeting_id()))
    await settle(app, pilot)


async def to_plan(pilot) -> None:
    app = pilot.app
    app.push_screen(PlanScreen(first_case(app)))
    await settle(app, pilot)


def test_meeting(snap_compare, demo_db, settings):
    """Must show: "Case 1 of 12" with the case and session clocks, the person's name, age and NHS number, why
    they are on the agenda, their scores, goals, problems, open actions and next review, each wrapped whole
    (no score or code cut), the Decisions box and the outcome keys [1]…[e]."""
    assert snap_compare(app_for(demo_db, settings), terminal_size=SIZE, run_before=to_meeting)


def test_plan(snap_compare, demo_db, settings):
    """Must show: the step bar and the person; the problems with their domain and source; the plan's rows each
    with its value beside its label (named lead, care coordinator, advance care plan…), long values wrapped,
    never cut; the actions with due date, owner and status."""
    assert snap_compare(app_for(demo_db, settings), terminal_size=SIZE, run_before=to_plan)


def _screen_text(app) -> str:
    return re.sub(r"<[^>]+>", "", app.export_screenshot()).replace("&#160;", " ")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_plan_values_show_whole_beside_their_labels(demo_db, settings, size):
    app = app_for(demo_db, settings)
    async with app.run_test(size=size) as pilot:
        await to_plan(pilot)
        screen = app.screen
        plan = screen.plan
        members = {m.id: m.name for m in app.store.team(include_inactive=True)}
        table = screen.query_one("#plan")
        shown = " ".join(_screen_text(app).split())
        for row, name in enumerate(FIELD_LABELS):
            cells = [str(c) for c in table.get_row_at(row)]
            assert cells[1] == (describe(plan, name, members) or "—")
        lead = describe(plan, "lead_member_id", members)
        assert lead and f"Named lead {lead}" in shown  # the value beside its label, on the screen
        label, value = table.ordered_columns
        assert label.width + value.width + 4 <= table.size.width  # no column runs off the edge
        assert value.width >= 12
        for row in table.ordered_rows:  # each row tall enough to show its whole value, wrapped
            words = str(table.get_row(row.key)[1])
            assert row.height * value.width >= len(words), words
