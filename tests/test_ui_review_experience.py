"""The GP Patient Survey support question in the meeting's review dialog: answered by keys, stored, counted."""

from __future__ import annotations

from datetime import timedelta

from mdt_tui.impact.dashboard import ALL, period_of
from mdt_tui.screens.meeting.agenda import AgendaScreen
from mdt_tui.screens.meeting.dialogs import ReviewDialog
from mdt_tui.screens.meeting.in_progress import MeetingScreen
from tests.conftest import TODAY
from tests.helpers.meeting_records import three_case_meeting
from tests.pilot_helpers import app_for, settle


async def _review(app, pilot, keys: tuple[str, ...]) -> None:
    await pilot.press("r")
    await settle(app, pilot)
    assert isinstance(app.screen, ReviewDialog)
    assert "enough support from local services" in str(app.screen.query_one(".form-heading").content)
    await pilot.press(*keys)
    await settle(app, pilot)
    assert isinstance(app.screen, MeetingScreen)


async def test_the_experience_answer_is_stored_with_the_review_and_counted(demo_db, settings):
    app = app_for(demo_db, settings)
    meeting_id, (first, second, _) = three_case_meeting(app.store)
    month = period_of(TODAY)
    before = app.store.dashboard(month, month, TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        await settle(app, pilot)
        assert isinstance(app.screen, AgendaScreen) and app.screen.meeting_id == meeting_id
        await pilot.press("s")
        await settle(app, pilot)
        await _review(app, pilot, ("3", "tab", "2", "ctrl+s"))  # 8 weeks; yes, to some extent
        await _review(app, pilot, ("4", "enter"))  # changed to 12 weeks; the question left: nothing recorded for it
    assert app.store.experience_answers(first) == [(TODAY, "yes_to_some_extent")]
    assert app.store.experience_answers(second) == []
    assert app.store.person(first).next_review == TODAY + timedelta(weeks=12)
    after = app.store.dashboard(month, month, TODAY)
    for measure in ("experience_asked", "experience_yes"):
        assert after.value(month, ALL, measure) == before.value(month, ALL, measure) + 1
    assert first in after.people[(month, ALL, "experience_yes")]


def test_not_asked_and_dont_know_count_as_they_should(store, user):
    from mdt_tui.impact.dashboard import build

    facts = store.dashboard_facts()
    facts.practice = {1: "A1"}
    facts.experience = [
        (1, "2026-03-02", "yes_definitely"),
        (1, "2026-03-20", "no"),
        (1, "2026-03-21", "dont_know"),
        (1, "2026-03-22", "not_asked"),
    ]
    board = build(facts, "2026-03", "2026-03")
    assert (board.value("2026-03", ALL, "experience_asked"), board.value("2026-03", ALL, "experience_yes")) == (3, 1)
