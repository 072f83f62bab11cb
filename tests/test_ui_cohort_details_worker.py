"""Cohort review's detail pane is read in a worker: cursor moves never wait for it, and the newest request wins
(issue 20: at L each pane read took 1.6 s on the UI thread)."""

from __future__ import annotations

import threading
import time

from mdt_tui.screens.cohort import review as cohort_review
from mdt_tui.screens.people.details import load_person_file
from tests.pilot_helpers import SIZE, app_for, ids_in, open_cohort, settle, text_of


async def test_moving_quickly_ends_on_the_last_rows_person_even_when_an_earlier_read_is_slow(
    demo_db, settings, monkeypatch
):
    slow_for: set[int] = set()
    released = threading.Event()

    def read(store, person_id):  # the real read, held back for the people in slow_for
        if person_id in slow_for:
            released.wait(5)
        return load_person_file(store, person_id)

    monkeypatch.setattr(cohort_review, "load_person_file", read)
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_cohort(app, pilot)
        ids = ids_in(table)
        second = app.store.person(ids[1])
        slow_for.add(second.id)
        started = time.perf_counter()
        await pilot.press("down")  # the second person's read is held back…
        await pilot.press("down", "down", "down")  # …while the cursor moves on, never waiting for it
        await pilot.pause()
        assert (
            time.perf_counter() - started < 2
            and table.cursor == 4
            and "row 5" in text_of(app.screen.query_one("#cohort-status"))
        )
        released.set()  # the held read now finishes last: it must not replace the newer person's details
        await settle(app, pilot)
        last = app.store.person(ids[4])
        shown = text_of(app.screen.query_one("#details-who"))
        assert app.screen.current.id == last.id
        assert f"{last.family_name}, {last.given_name}" in shown or last.family_name in shown
        assert second.family_name not in shown or second.family_name == last.family_name


async def test_privacy_masks_the_pane_at_once_without_a_new_read(demo_db, settings, monkeypatch):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_cohort(app, pilot)
        person = app.store.person(ids_in(table)[0])
        assert person.family_name in text_of(app.screen.query_one("#details-who"))
        monkeypatch.setattr(cohort_review, "load_person_file", lambda *a: threading.Event().wait(5))
        await pilot.press("p")  # no pause for a worker: masked by the same keystroke
        assert person.family_name not in text_of(app.screen.query_one("#details-who"))


async def test_consent_opens_with_the_first_waiting_persons_details_read_with_the_lists(demo_db, settings, monkeypatch):
    from mdt_tui.screens.consent.contact import ConsentScreen
    from tests.pilot_helpers import open_consent

    asked: list[int] = []
    read_person = ConsentScreen.read_person

    def counted(self, request: int, person_id: int) -> None:
        asked.append(person_id)
        read_person(self, request, person_id)

    monkeypatch.setattr(ConsentScreen, "read_person", counted)
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        waiting = await open_consent(app, pilot)
        first = app.store.person(waiting.current.id)
        assert first.family_name in text_of(app.screen.query_one("#details-who"))
        assert asked == []  # painted with the lists: no second read
        await pilot.press("down")
        await settle(app, pilot)
        assert asked == [waiting.current.id] and first.id != waiting.current.id
