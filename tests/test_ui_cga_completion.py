"""Completing a CGA by keys as a GP: PHQ-2 asks item 9, a date given is typed, the frailty diagnosis confirmed
with f."""

from datetime import date

from mdt_tui.models import User
from mdt_tui.roles import Role
from mdt_tui.screens.cga.complete import AdministeredDialog, CompletionDialog
from mdt_tui.screens.cga.forms import QuestionForm
from tests.conftest import TODAY
from tests.helpers.cga_screen import NEXT_TAB, SIZE, app_for, caseload_person, text_of
from tests.pilot_helpers import settle

GIVEN = date(2026, 11, 16)


async def test_a_gp_types_when_the_cfs_was_given_and_confirms_the_frailty_diagnosis_with_one_key(demo_db, settings):
    app = app_for(demo_db, settings.model_copy(update={"user": User(name="Dr Asha Patel", role=Role.GP)}))
    async with app.run_test(size=SIZE) as pilot:
        person = caseload_person(app)
        app.open_step("cga", person.id)
        await settle(app, pilot)
        screen = app.screen
        await pilot.press(NEXT_TAB, "down", "enter")  # Mental: PHQ-9 › PHQ-2
        form = app.focused
        assert isinstance(form, QuestionForm) and form.item.id == "phq2"
        assert [q.id for q in form.form_view.questions] == ["q1", "q2", "q9"]  # item 9 asked on this route too
        await pilot.press("2", "1", "1")  # 1, 0 and item 9 "not at all"
        await pilot.press(NEXT_TAB, NEXT_TAB, "enter", "6")  # Functional: CFS 6
        await pilot.press(NEXT_TAB, "enter", *"ramipril", "enter", "escape")  # Medication: one medicine
        await pilot.press(NEXT_TAB, NEXT_TAB)  # Summary
        await settle(app, pilot)
        body = text_of(screen.query_one("#summary-body"))
        assert "✔ mental: PHQ-2" in body and "✔ functional: CFS" in body and "✔ medication: ACB" in body
        await pilot.press("d")
        assert isinstance(app.screen, AdministeredDialog)
        await pilot.press("down", *"16/11/2026", "enter")  # PHQ-2 › CFS: given a week earlier
        await settle(app, pilot)
        await pilot.press("d", "down", "down", *"24/11/2026", "enter")  # ACB: tomorrow is refused
        await settle(app, pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, CompletionDialog)
        assert "Moderate frailty" in text_of(app.screen.query_one("#cga-complete-frailty"))
        await pilot.press("f")
        await settle(app, pilot)

    bundle = app.store.latest_completed_cga(person.id)
    assert bundle.administered == {"cfs": GIVEN}
    assert bundle.answers["phq2"] == {"q1": 1, "q2": 0, "q9": 0}
    events = {e.snomed_code: e for e in app.store.coded_events(person_id=person.id)}
    for code in ("763264000", "1129381000000102", "925831000000107"):  # score, level finding, diagnosis
        assert events[code].effective_date == GIVEN
    assert events["836541000000100"].effective_date == events["836131000000104"].effective_date == TODAY
    assert app.store.self_harm_pending() == []
