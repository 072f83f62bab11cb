"""Reviews for anyone on the caseload: on a person's screen r asks which review step (triggered review,
step down, GSF) for that person, even when no review is due; stored with its reason."""

from mdt_tui.pathway import Stage
from mdt_tui.screens.people.person import PersonScreen
from mdt_tui.screens.reviews.person import ReviewStepDialog
from tests.pilot_helpers import app_for, notification_texts, settle


def not_due(app, stage: Stage) -> int:
    due = {p.id for p in [*app.store.reviews_due(app.today), *app.store.reviews_overdue(app.today)]}
    due |= {t.person.id for t in app.store.triggered_reviews()}
    return next(p.id for p in app.store.people([stage]) if p.id not in due)


async def test_r_on_a_person_not_due_records_a_triggered_review_and_a_step_down(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        planned = not_due(app, Stage.PLANNED)
        app.open_person(planned)
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewStepDialog)
        await pilot.press("1")  # review needed: what happened?
        await settle(app, pilot)
        await pilot.press("1", "ctrl+s")  # the first trigger
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen)
        assert app.store.person(planned).stage is Stage.REVIEW_DUE
        other = not_due(app, Stage.PLANNED)
        app.open_person(other)
        await settle(app, pilot)
        await pilot.press("r", "2")
        await settle(app, pilot)
        await pilot.press(*"Goals met, family coping", "enter")
        await settle(app, pilot)
        assert app.store.person(other).stage is Stage.STEPPED_DOWN


async def test_r_on_someone_not_on_the_caseload_says_why_and_changes_nothing(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        person = app.store.people([Stage.IDENTIFIED])[0].id
        app.open_person(person)
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen)
        assert any("not on it" in t for t in notification_texts(app))
    assert app.store.person(person).stage is Stage.IDENTIFIED


async def test_plus_on_the_reviews_list_reaches_anyone_on_the_caseload(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        person = app.store.person(not_due(app, Stage.PLANNED))
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("plus", *person.nhs_number, "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewStepDialog)
        await pilot.press("3", *"Last weeks of life", "enter")
        await settle(app, pilot)
    assert app.store.person(person.id).stage is Stage.PALLIATIVE_GSF
