"""Keystrokes for the minute-taker to record "plan agreed, one action with owner and date, review in 8 weeks".

Drives the real meeting screen with Textual's Pilot on the demo data and counts every key pressed,
leaving out the letters of the typed words (the action's description). The baseline is the number of
distinct things recorded (outcome, action description, owner, due date, review date): one key each
would be the floor.

Two measurements: a plan already set up in the plan screen (problem and lead), and a new case with a
completed CGA and nothing in its plan, agreed in place (issue 14): `1` asks the missing parts by number
(the CGA's suggested problems, the named lead, the next review, one action; consent to share is taken
from consent to the caseload) — floor 7 (those five, the outcome and the action's words).
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import date
from pathlib import Path

from common import Result

from mdt_tui.meeting.agenda import AgendaItem, Outcome, Source
from mdt_tui.models import User
from mdt_tui.roles import Role
from mdt_tui.settings import Settings
from mdt_tui.store.demo.loader import load_demo
from mdt_tui.store.demo.meetings import ready_plan
from mdt_tui.store.store import Store

TODAY = date(2026, 11, 23)
USER = User(name="Sam Clarke", role=Role.ADMIN)
FIELDS = 5
NEW_CASE_FIELDS = 7
WORDS = "Refer to falls service"


def _meeting(store: Store) -> tuple[int, int]:
    person = next(c.person_id for c in store.agenda_candidates(TODAY) if c.source is Source.NEW)
    ready_plan(store, USER, person, lead_id=store.team()[2].id, problem="Falls")  # set in the plan beforehand
    meeting_id = store.create_meeting(
        USER,
        held_on=TODAY,
        session_minutes=120,
        attendance={m.id: "in_person" for m in store.team()[:6]},
        agenda=[AgendaItem(person_id=person, source=Source.NEW, minutes=15, new_case=True)],
    )
    store.start_meeting(USER, meeting_id)
    return meeting_id, person


async def _count(db: Path) -> tuple[int, bool]:
    from mdt_tui.screens.app import make_app
    from mdt_tui.screens.meeting.in_progress import MeetingScreen

    app = make_app(db, Settings(user=USER), today=TODAY)
    meeting_id, person = _meeting(app.store)
    presses = 0
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(MeetingScreen(meeting_id))
        await pilot.pause()

        async def keys(*names: str) -> None:
            nonlocal presses
            presses += len(names)
            await pilot.press(*names)
            await pilot.pause()

        await keys("x", "1", "2")  # action…, owner 1, due +2w
        await pilot.press(*WORDS)  # the typed words: not counted
        await keys("enter")  # save the action
        await keys("r", "3", "enter")  # review…, 8 weeks, save
        await keys("1")  # plan agreed
        await app.workers.wait_for_complete()
    case = app.store.meeting(meeting_id).case_of(person)
    done = case.outcome is Outcome.PLAN_AGREED and len(case.decisions) >= 3
    app.store.close()
    return presses, done


async def _count_new_case(db: Path) -> tuple[int, bool]:
    """A new case with a completed CGA, nothing in its plan: agreed in place with a lead, one action, 8 weeks."""
    from mdt_tui.screens.app import make_app
    from mdt_tui.screens.meeting.agree import AgreePlanDialog
    from mdt_tui.screens.meeting.in_progress import MeetingScreen

    app = make_app(db, Settings(user=USER), today=TODAY)
    store = app.store
    person = next(c.person_id for c in store.agenda_candidates(TODAY) if c.source is Source.NEW)
    meeting_id = store.create_meeting(
        USER,
        held_on=TODAY,
        session_minutes=120,
        chair_id=store.team()[0].id,
        attendance={m.id: "in_person" for m in store.team()[:6]},
        agenda=[AgendaItem(person_id=person, source=Source.NEW, minutes=15, new_case=True)],
    )
    store.start_meeting(USER, meeting_id)
    presses = 0
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(MeetingScreen(meeting_id))
        await pilot.pause()

        async def keys(*names: str) -> None:
            nonlocal presses
            presses += len(names)
            await pilot.press(*names)
            await app.workers.wait_for_complete()
            await pilot.pause()

        await keys("1")  # plan agreed: incomplete, so the missing parts are asked in place
        dialog = app.screen
        if isinstance(dialog, AgreePlanDialog):
            eight = next(i for i, (_, label) in enumerate(dialog.review_options, 1) if label.startswith("8 weeks"))
            await keys("1")  # accept the CGA's suggested problems
            await keys("3")  # lead: roster number 3
            await keys(str(eight))  # next review in 8 weeks
            await keys("3", "2")  # action: owner 3, due +2w
            await pilot.press(*WORDS)  # the typed words: not counted
            await keys("enter")  # agreed
    case = store.meeting(meeting_id).case_of(person)
    done = case.outcome is Outcome.PLAN_AGREED and len(case.decisions) >= 3
    store.close()
    return presses, done


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        with Store.open(db, create=True) as store:
            load_demo(store, TODAY)
        fresh = Path(folder) / "fresh.db"
        with Store.open(fresh, create=True) as store:
            load_demo(store, TODAY)
        presses, done = asyncio.run(_count(db))
        new_presses, new_done = asyncio.run(_count_new_case(fresh))
    name = "meeting keys: agreed + action + 8w review" + ("" if done else " (INCOMPLETE)")
    new_name = "meeting keys: new case, agreed in place" + ("" if new_done else " (INCOMPLETE)")
    return [
        Result(name, presses, FIELDS, " keys", "one key per field recorded (5)", "≤ 15 keys"),
        Result(new_name, new_presses, NEW_CASE_FIELDS, " keys", "one key per part agreed (7)", "≤ 15 keys"),
    ]
