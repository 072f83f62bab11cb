"""Two people on one CGA (issue 19): an answer someone else changed after the CGA screen read it is refused
with who and when on one line, the typed answer stays on screen until ctrl+r shows theirs, and the answer
given again then is saved. Another laptop is modelled by a second Store on the same file."""

from __future__ import annotations

from datetime import datetime

from mdt_tui.models import User
from mdt_tui.roles import Role
from mdt_tui.screens.cga.forms import QuestionForm
from mdt_tui.settings import Settings
from mdt_tui.store.store import Store
from tests.helpers.cga_screen import NEXT_TAB, SIZE, app_for, caseload_person, open_cga, text_of
from tests.pilot_helpers import settle

OTHER = User(name="Dr Amara Okafor", role=Role.GP)


async def test_a_stale_cga_answer_is_refused_kept_on_screen_and_answered_again_after_reload(demo_db, settings):
    app = app_for(demo_db, Settings(user=settings.user))
    async with app.run_test(size=SIZE) as pilot:
        person = caseload_person(app).id
        screen = await open_cga(app, pilot, person)
        await pilot.press(NEXT_TAB, "enter")  # Mental: PHQ-9
        assert isinstance(app.focused, QuestionForm) and app.focused.item.id == "phq9"

        with Store.open(demo_db) as other:  # someone else answers PHQ-9 item 1 meanwhile
            other.save_cga_answer(OTHER, person, "phq9", "q1", 2)
            their_time = datetime.fromisoformat(
                other.db.execute("SELECT max(updated_at) FROM cga_entries").fetchone()[0]
            ).astimezone()

        await pilot.press("2")  # "Several days" (1 point), on a screen that never saw their answer
        await settle(app, pilot)
        line = text_of(screen.query_one("#cga-stale")).strip()
        assert screen.query_one("#cga-stale").display
        assert f"Changed by {OTHER.name} at {their_time:%H:%M} — reload." in line and "\n" not in line
        assert app.store.cga_draft(person).answers["phq9"]["q1"] == 2  # theirs kept
        assert screen.bundle.answers["phq9"]["q1"] == 1  # ours still on screen

        await pilot.press("ctrl+r")  # theirs shown; the next answer is based on it
        await settle(app, pilot)
        assert not screen.query_one("#cga-stale").display and screen.bundle.answers["phq9"]["q1"] == 2
        await pilot.press("up", "2")
        await settle(app, pilot)
        assert app.store.cga_draft(person).answers["phq9"]["q1"] == 1
        assert not screen.query_one("#cga-stale").display
