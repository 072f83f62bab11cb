"""What the Pilot tests share: the app at a fixed size, waiting for workers, reading what is shown and
notified, and opening a screen by its key. Test modules import helpers from here, never from each other."""

from __future__ import annotations

import io

from rich.console import Console
from textual.notifications import Notification

from mdt_tui.pathway import Stage
from mdt_tui.screens.app import make_app
from mdt_tui.screens.cohort.review import CohortReviewScreen
from mdt_tui.screens.cohort.table import CohortTable, ListTable
from mdt_tui.screens.consent.contact import ConsentScreen
from mdt_tui.screens.plan.care_plan import PlanScreen
from tests.conftest import TODAY

SIZE = (80, 24)


def app_for(db, settings, config=None):
    """The app on a test database, today fixed to the demo's day; ``config`` is the settings file, if any."""
    return make_app(db, settings, settings_file=config, today=TODAY)


def text_of(widget, width: int = 120) -> str:
    """What a Static shows, as plain text."""
    console = Console(width=width, file=io.StringIO(), record=True)
    console.print(widget.content)
    return console.export_text()


def notifications(app) -> list[Notification]:
    """Every notice the app has shown and not yet dismissed, oldest first.
    Textual has no public reader, so this is the one place that reads its private list."""
    return list(app._notifications)


def notification_texts(app) -> list[str]:
    """The words of every notice shown, oldest first."""
    return [str(n.message) for n in notifications(app)]


async def settle(app, pilot) -> None:
    """Let pending messages and thread workers finish, then the redraw they cause."""
    await pilot.pause()
    # A DirectoryTree's loader waits for folders to open for as long as the tree is shown.
    finishing = [w for w in app.workers if w.name != "_loader"]
    if finishing:  # (an empty list would mean every worker)
        await app.workers.wait_for_complete(finishing)
    await pilot.pause()


async def snap_settle(pilot) -> None:
    """``settle`` shaped for snap_compare's ``run_before`` (which is given only the pilot)."""
    await settle(pilot.app, pilot)


async def open_person_step(app, pilot, person_id: int, key: str, screen_type: type):
    """Open the person, press the step key (a CGA, l plan…), and return the screen it opened."""
    app.open_person(person_id)
    await pilot.pause()
    await pilot.press(key)
    await settle(app, pilot)
    assert isinstance(app.screen, screen_type)
    return app.screen


async def open_plan(app, pilot, person_id: int) -> PlanScreen:
    return await open_person_step(app, pilot, person_id, "l", PlanScreen)


def assessed_with_suggestions(app):
    """An assessed person of the demo with at least two suggested problems."""
    return next(p for p in app.store.people([Stage.ASSESSED]) if len(app.store.suggested_problems(p.id)) >= 2)


async def open_cohort(app, pilot, filter: str = "") -> CohortTable:
    """From home, open the cohort review (and type a filter, then back to the table)."""
    await pilot.press("c")
    await settle(app, pilot)
    assert isinstance(app.screen, CohortReviewScreen)
    if filter:
        await pilot.press("slash", *filter, "enter")
        await settle(app, pilot)
    return app.screen.query_one("#cohort", CohortTable)


def ids_in(table: CohortTable) -> list[int]:
    """The people on the first page: everyone matching when fewer than a page match."""
    return [row.id for row in table.pages[0]]


async def open_consent(app, pilot) -> ListTable:
    """From home, open consent and first contact; the waiting list."""
    await pilot.press("n")
    await settle(app, pilot)
    assert isinstance(app.screen, ConsentScreen)
    return app.screen.query_one("#waiting-table", ListTable)
