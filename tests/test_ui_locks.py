"""Another process holds the write lock: keys that write are refused in a sentence, the app stays up and
nothing is shown as saved unless it was stored. The store waits 0.2 s for the lock here (10 s in use)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from textual.widgets import DataTable, OptionList

from mdt_tui.errors import StoreError
from mdt_tui.pathway import Stage
from mdt_tui.screens.app import MdtApp
from mdt_tui.screens.cga.assessment import CgaScreen
from mdt_tui.screens.cohort.importing import ImportScreen
from mdt_tui.screens.cohort.review import CohortReviewScreen
from mdt_tui.screens.cohort.table import ListTable
from mdt_tui.screens.home import HomeScreen
from mdt_tui.screens.kit.base import MdtScreen
from mdt_tui.screens.kit.confirm import ConfirmDialog
from mdt_tui.screens.kit.saving import save_later, write_queue
from mdt_tui.screens.meeting.agenda import AgendaScreen
from mdt_tui.screens.meeting.in_progress import MeetingScreen
from mdt_tui.store.store import Store
from tests.conftest import COORDINATOR, TODAY
from tests.helpers.cga_screen import NEXT_TAB, caseload_person, open_cga, text_of
from tests.helpers.import_screen import downloads, people, report  # noqa: F401 — downloads is a fixture
from tests.helpers.meeting_records import FakeClock, three_case_meeting
from tests.pilot_helpers import (
    SIZE,
    assessed_with_suggestions,
    ids_in,
    notification_texts,
    open_cohort,
    open_consent,
    open_plan,
    settle,
)

BUSY = "busy"


def app_with_short_wait(db: Path, settings) -> MdtApp:
    return MdtApp(Store.open(db, busy_timeout=0.2), settings, db_path=db, today=TODAY)


@contextlib.contextmanager
def write_lock_held(db: Path) -> Iterator[None]:
    """Another connection (as another mdt-tui would) holds the write lock until the block ends."""
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def notices(app: MdtApp) -> list[str]:
    return notification_texts(app)


async def test_cohort_review_suitable_is_refused_while_another_holds_the_lock(demo_db, settings):
    app = app_with_short_wait(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_cohort(app, pilot, "status:desktop")
        first = ids_in(table)[0]
        with write_lock_held(demo_db):
            await pilot.press("s")
            await settle(app, pilot)
        assert app.is_running and isinstance(app.screen, CohortReviewScreen)
        assert any(BUSY in n for n in notices(app))
        assert app.store.person(first).stage is Stage.IDENTIFIED
        assert ids_in(table)[0] == first  # still listed: nothing is shown as done
        assert (app.screen.sub_title or "").endswith("not saved")  # the header says so too
        await pilot.press("s")  # the lock has gone: the same key now works
        await settle(app, pilot)
        assert app.store.person(first).stage is Stage.AWAITING_CONTACT


class _Refusing(MdtScreen):
    """A screen whose key, handler and dialog callback each raise what a refused write raises."""

    BINDINGS = [("x", "refused", "refused"), ("y", "ask", "ask")]

    def action_refused(self) -> None:
        raise StoreError("The database is busy: another mdt-tui is saving. Try again in a moment.")

    def action_ask(self) -> None:
        def answered(yes: bool | None) -> None:
            raise StoreError("The disk is full: nothing was saved.")

        self.app.push_screen(ConfirmDialog("Sure?", "really"), answered)


async def test_a_refused_write_from_a_key_or_a_dialog_callback_never_ends_the_app(demo_db, settings):
    app = app_with_short_wait(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _Refusing()
        await app.push_screen(screen)
        await pilot.press("x")
        await pilot.pause()
        assert app.is_running and app.screen is screen
        assert any("database is busy" in n for n in notices(app))
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("y")  # the dialog's yes
        await pilot.pause()
        assert app.is_running and app.screen is screen
        assert any("disk is full" in n for n in notices(app))
        await pilot.press("x")  # the screen still answers keys
        await pilot.pause()
        assert sum("database is busy" in n for n in notices(app)) == 2


async def test_escape_while_the_consent_lists_or_cohort_load_leaves_quietly(demo_db, settings):
    app = app_with_short_wait(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for key in ("n", "c") * 3:
            await pilot.press(key, "escape")  # the lists are still being read as the screen closes
            await settle(app, pilot)
            assert app.is_running and isinstance(app.screen, HomeScreen)


async def test_an_import_refused_by_the_lock_keeps_the_user_on_the_import_screen_until_it_ends(
    demo_db, settings, downloads
):
    app = app_with_short_wait(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        await settle(app, pilot)
        await pilot.press("enter", "down", "enter")  # enter in the empty File field: the list; emis_export.csv
        await settle(app, pilot)
        before = people(app)
        with write_lock_held(demo_db):
            await pilot.press("ctrl+s", "y", "h")  # import, then try to go home while it is written
            assert isinstance(app.screen, ImportScreen)
            await settle(app, pilot)
        assert app.is_running and isinstance(app.screen, ImportScreen)
        assert "Not imported, nothing changed" in report(app) and BUSY in report(app)
        assert people(app) == before
        await pilot.press("ctrl+s", "y")  # the lock has gone: the same keys import it
        await settle(app, pilot)
        assert "✔ Imported" in report(app) and people(app) == before + 3
        await pilot.press("h")
        assert isinstance(app.screen, HomeScreen)


async def wait_until(pilot, condition, *, tries: int = 100) -> None:
    """Let the app run (the writer retries every 0.05 s here) until ``condition()`` holds."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the app never reached the expected state")


def stored_phq9(app, person_id: int) -> dict:
    draft = app.store.cga_draft(person_id)
    return draft.answers.get("phq9", {}) if draft else {}


async def test_cga_answers_typed_behind_the_lock_are_marked_unsaved_until_stored(demo_db, settings):
    app = app_with_short_wait(demo_db, settings)
    write_queue(app).retry_delay = 0.05
    async with app.run_test(size=SIZE) as pilot:
        person = caseload_person(app)
        screen = await open_cga(app, pilot, person.id)
        await pilot.press(NEXT_TAB, "enter")  # Mental: PHQ-9
        with write_lock_held(demo_db):
            await pilot.press("3", "3", "3")  # three answers while another mdt-tui holds the lock
            await wait_until(pilot, lambda: "not saved — retrying" in text_of(screen.query_one("#cga-person")))
            assert stored_phq9(app, person.id) == {}  # nothing stored, and the screen says so
            sections = screen.query_one("#sections-mental", OptionList)
            assert "not saved" in str(sections.get_option("phq9").prompt)  # beside the answers themselves
            assert any("busy" in n for n in notices(app))
            for leave in (("escape", "escape"), ("h",)):  # back, or home: asked first either way
                await pilot.press(*leave)
                await pilot.pause()
                assert isinstance(app.screen, ConfirmDialog)
                await pilot.press("n")
                assert app.screen is screen
        await wait_until(pilot, lambda: len(stored_phq9(app, person.id)) == 3)
        await settle(app, pilot)
        assert "saved" in text_of(screen.query_one("#cga-person"))
        assert "not saved" not in text_of(screen.query_one("#cga-person"))
        assert "not saved" not in str(sections.get_option("phq9").prompt)
        await pilot.press("escape")  # everything stored: leaves without asking
        await pilot.pause()
        assert not isinstance(app.screen, (ConfirmDialog, CgaScreen))


async def test_a_cga_answer_the_store_refuses_is_not_shown_as_given(demo_db, settings):
    app = app_with_short_wait(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        person = caseload_person(app)
        screen = await open_cga(app, pilot, person.id)
        await pilot.press(NEXT_TAB, "enter")
        await pilot.press("3")
        await settle(app, pilot)
        assert stored_phq9(app, person.id) == {"q1": 2} == screen.bundle.answers["phq9"]
        other = sqlite3.connect(demo_db)  # from now on the database refuses every CGA answer (not a busy lock)
        for event in ("INSERT", "UPDATE"):
            other.execute(
                f"CREATE TRIGGER refuse_{event.lower()} BEFORE {event} ON cga_entries "
                "BEGIN SELECT RAISE(ABORT, 'refused for this test'); END"
            )
        other.commit()
        await pilot.press("3")
        await settle(app, pilot)
        assert any("Not saved" in n and "refused for this test" in n for n in notices(app))
        assert stored_phq9(app, person.id) == {"q1": 2} == screen.bundle.answers["phq9"]  # item 2 not shown
        assert "not saved" not in text_of(screen.query_one("#cga-person"))
        other.close()


async def refused_then_done(app, pilot, db, keys: tuple[str, ...], stored) -> None:
    """Press ``keys`` with the lock held (refused: the busy sentence, nothing stored, same screen), then
    again once it has gone (stored)."""
    screen = app.screen
    with write_lock_held(db):
        await pilot.press(*keys)
        await settle(app, pilot)
    assert app.is_running and app.screen is screen
    assert any(BUSY in n for n in notices(app)) and not stored()
    assert (screen.sub_title or "").endswith("not saved")
    await pilot.press(*keys)
    await settle(app, pilot)
    assert stored() and app.screen is screen and "saved" in screen.sub_title, "\n".join(notices(app))


async def test_consent_actions_and_reviews_refuse_writes_behind_the_lock(demo_db, settings):
    app = app_with_short_wait(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_consent(app, pilot)
        person = app.screen.current.id
        await refused_then_done(
            app, pilot, demo_db, ("t", "1", "3", "enter"), lambda: app.store.contact_attempts(person)
        )
        await pilot.press("escape", "h", "tab", "down", "down", "down", "enter")  # open actions, by owner
        await settle(app, pilot)
        action_id = app.screen.query_one(ListTable).current.id
        still_open = {a.id for a in app.store.actions()}
        await refused_then_done(
            app, pilot, demo_db, ("d",), lambda: action_id not in {a.id for a in app.store.actions()}
        )
        assert action_id in still_open and table is not None
        await pilot.press("h", "r")
        await settle(app, pilot)
        reviews = app.screen.query_one(DataTable)
        stages = [
            app.store.person(int(reviews.coordinate_to_cell_key((i, 0)).row_key.value)).stage
            for i in range(reviews.row_count)
        ]
        await pilot.press(*["down"] * stages.index(Stage.PLANNED))  # a planned person: a review can be triggered
        first = int(reviews.coordinate_to_cell_key(reviews.cursor_coordinate).row_key.value)
        assert app.store.person(first).stage is Stage.PLANNED, (stages, reviews.cursor_row, app.focused)
        before = len(app.store.history(first))
        screen = app.screen
        with write_lock_held(demo_db):
            await pilot.press("t", "1", "ctrl+s")
            await settle(app, pilot)
        assert app.screen is screen and len(app.store.history(first)) == before
        assert app.store.person(first).stage is Stage.PLANNED and notices(app)[-1].startswith("The database is busy")
        keys = [reviews.coordinate_to_cell_key((i, 0)).row_key.value for i in range(reviews.row_count)]
        await pilot.press(*["up"] * reviews.cursor_row, *["down"] * keys.index(str(first)))  # back to them
        await pilot.press("t", "1", "ctrl+s")
        await settle(app, pilot)
        assert app.store.person(first).stage is Stage.REVIEW_DUE


async def test_plan_accept_is_refused_behind_the_lock_and_nothing_is_shown_as_added(demo_db, settings):
    app = app_with_short_wait(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        person = assessed_with_suggestions(app)
        screen = await open_plan(app, pilot, person.id)
        suggestions = screen.query_one("#suggestions", DataTable)
        offered = suggestions.row_count
        await refused_then_done(app, pilot, demo_db, ("enter",), lambda: app.store.problems(person.id))
        assert screen.query_one("#problems", DataTable).row_count == 1 and suggestions.row_count == offered - 1


async def test_meeting_writes_are_refused_behind_the_lock_and_land_on_their_own_case(demo_db, settings):
    app = app_with_short_wait(demo_db, settings)
    app.meeting_clock = FakeClock()
    meeting_id, (first, second, _) = three_case_meeting(app.store)
    app.store.start_meeting(COORDINATOR, meeting_id)

    def decisions(person_id: int) -> list[str]:
        case = next(c for c in app.store.meeting(meeting_id).cases if c.person_id == person_id)
        return [d.text for d in case.decisions]

    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(MeetingScreen(meeting_id))
        await settle(app, pilot)
        await refused_then_done(app, pilot, demo_db, ("d", *"ask the GP", "enter"), lambda: decisions(first))
        # A decision, then straight on to the next case: it is recorded for the case it was made on.
        await pilot.press("d", *"bloods first", "enter", "2", *"awaiting bloods", "enter", "n")
        await settle(app, pilot)
        assert "bloods first" in decisions(first) and "bloods first" not in decisions(second)


async def test_agenda_reorder_is_refused_behind_the_lock(demo_db, settings):
    app = app_with_short_wait(demo_db, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        await settle(app, pilot)
        meeting_id = app.screen.meeting_id
        before = [c.person_id for c in app.store.meeting(meeting_id).cases]
        await refused_then_done(
            app,
            pilot,
            demo_db,
            ("shift+down",),
            lambda: [c.person_id for c in app.store.meeting(meeting_id).cases] != before,
        )
        assert [c.person_id for c in app.store.meeting(meeting_id).cases][:2] == [before[1], before[0]]


async def test_a_refusal_for_a_screen_already_left_is_shown_where_the_user_is(demo_db, settings):
    app = app_with_short_wait(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "down", "down", "down", "enter")  # open actions, by owner
        await settle(app, pilot)
        open_before = {a.id for a in app.store.actions()}
        with write_lock_held(demo_db):
            await pilot.press("d", "escape")  # mark done, and leave at once
            await settle(app, pilot)
        assert app.is_running and isinstance(app.screen, HomeScreen)
        assert any("The database is busy" in n for n in notices(app)), notices(app)
        assert {a.id for a in app.store.actions()} == open_before


async def test_roster_add_is_refused_behind_the_lock(demo_db, settings):
    app = app_with_short_wait(demo_db, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        team = len(app.store.team())
        await refused_then_done(
            app,
            pilot,
            demo_db,
            ("plus", *"Sam Lock", "tab", "3", *"Hospice", "enter"),
            lambda: len(app.store.team()) > team,
        )


async def test_m_with_no_meeting_planned_makes_one_for_today_or_says_why_not(tmp_path, settings):
    db = tmp_path / "new.db"
    Store.open(db, create=True).close()
    app = app_with_short_wait(db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        home = app.screen
        with write_lock_held(db):
            await pilot.press("m")
            await settle(app, pilot)
        assert app.screen is home and app.store.next_meeting_id() is None
        assert notices(app)[-1].startswith("The database is busy")
        await pilot.press("m")
        await settle(app, pilot)
        assert isinstance(app.screen, AgendaScreen) and app.screen.meeting_id == app.store.next_meeting_id()
        assert any("one for today, with 0 cases" in n for n in notices(app))


async def test_an_unexpected_error_in_a_write_is_one_sentence_without_patient_data(demo_db, settings):
    app = app_with_short_wait(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen

        def broken() -> None:
            raise ValueError("Wilson, Mohammed 999 517 8532 is not valid")  # as a validation error would say

        save_later(screen, broken, "never")
        await settle(app, pilot)
        assert app.is_running and app.screen is screen
        [notice] = [n for n in notices(app) if "unexpected error" in n]
        assert "Wilson" not in notice and "999" not in notice and "crash-" in notice
