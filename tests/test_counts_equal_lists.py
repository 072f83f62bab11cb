"""One definition per count: every number on the home screen equals the length of the list it opens."""

from mdt_tui.pipeline import pipeline_rows
from mdt_tui.store.store import Store
from tests.conftest import TODAY


def test_every_pipeline_count_equals_its_list(demo_db):
    with Store.open(demo_db) as store:
        rows = pipeline_rows(store.pipeline(TODAY, 150))
        lists = {row.key: (row.count, len(store.people(row.stages))) for row in rows}
    assert all(count == shown for count, shown in lists.values()), lists


def test_the_week_counts_equal_their_lists(demo_db):
    with Store.open(demo_db) as store:
        counts = store.pipeline(TODAY, 150)
        assert counts.reviews_due_this_week == len(store.reviews_due(TODAY))
        assert counts.reviews_overdue == len(store.reviews_overdue(TODAY))
        assert counts.actions_open == len(store.actions())
        assert counts.actions_overdue == len(store.actions(due_before=TODAY))
        assert counts.reviews_due_this_week > 0 and counts.reviews_overdue > 0  # the demo has both: this can fail


def test_each_step_due_count_on_home_reads_the_step_registry_and_equals_its_list(demo_db):
    """Issue 18: the pathway step registry is the one place that knows whom a step is due for."""
    from mdt_tui.pathway_steps import STEPS

    with Store.open(demo_db) as store:
        rows = {row.step: row for row in pipeline_rows(store.pipeline(TODAY, 150)) if row.step}
        assert set(rows) == {"cohort", "consent", "cga", "plan"}
        for step_id, row in rows.items():
            step = STEPS[step_id]
            assert (row.label, row.stages) == (step.due_title, step.due_stages)
            assert row.count == len(store.people(step.due_stages)) > 0, step_id  # the demo has some: can fail


def test_the_caseload_rows_are_its_parts_and_mdt_review_due_is_the_plan_pickers_list(demo_db):
    """Issue 14: the home row under the caseload that says MDT review is due counts the plan step's list (assessed,
    or review needed), the people l offers, not the assessed alone; review needed sits below it as one part of it,
    and the caseload's own parts still add up to the caseload."""
    from mdt_tui.pathway import Stage
    from mdt_tui.pathway_steps import STEPS

    with Store.open(demo_db) as store:
        rows = pipeline_rows(store.pipeline(TODAY, 150))
        by_key = {row.key: row for row in rows}
        mdt, review = by_key["mdt_due"], by_key["review_due"]
        assert (mdt.step, mdt.label, mdt.stages) == ("plan", STEPS["plan"].due_title, STEPS["plan"].due_stages)
        assert (
            mdt.count
            == len(store.people(STEPS["plan"].due_stages))
            == len(store.people([Stage.ASSESSED])) + len(store.people([Stage.REVIEW_DUE]))
        )
        assert review.stages < mdt.stages and review.depth == mdt.depth + 1 and review.count > 0  # the demo has some
        assert [r.key for r in rows].index("review_due") == [r.key for r in rows].index("mdt_due") + 1
        parts = [r for r in rows[rows.index(by_key["caseload"]) + 1 :] if r.depth == 1]
        assert sum(r.count for r in parts) == by_key["caseload"].count
        assert frozenset().union(*(r.stages for r in parts)) == by_key["caseload"].stages


def test_the_step_registry_is_whole_and_the_navigation_and_keys_read_it():
    from mdt_tui.pathway import TRANSITIONS, Stage
    from mdt_tui.pathway_steps import STEPS
    from mdt_tui.screens.kit.keys import ACTIONS
    from mdt_tui.screens.kit.navigation import STEP_BINDINGS
    from mdt_tui.screens.kit.navigation import STEPS as NAVIGATION

    assert list(STEPS) == ["cohort", "consent", "cga", "plan", "reviews", "meeting"]
    assert all(isinstance(stage, Stage) for step in STEPS.values() for stage in step.due_stages)
    assert STEPS["plan"].due_stages == TRANSITIONS["complete_mdt_review"].sources  # whom the MDT review is for
    assert STEPS["consent"].due_stages == TRANSITIONS["record_consent"].sources
    assert STEPS["cohort"].due_stages == TRANSITIONS["mark_suitable"].sources
    assert NAVIGATION == {s.id: (s.title, s.explanation) for s in STEPS.values()}
    assert {b.id: b.key for b in STEP_BINDINGS} == {f"step_{s.id}": s.key for s in STEPS.values()}
    assert all(ACTIONS[f"step_{s.id}"].key == s.key for s in STEPS.values())
    assert len({s.key for s in STEPS.values()}) == len(STEPS)


async def test_the_step_pickers_and_home_counts_open_the_registry_lists(demo_db, settings):
    """What a step key opens with no person (the people it is due for) is the registry's list, and the home count
    of the same step (CGA due, MDT review due) is its length and opens the same people."""
    from textual.widgets import DataTable, OptionList

    from mdt_tui.pathway_steps import STEPS
    from mdt_tui.screens.cga import assessment as cga_screens
    from mdt_tui.screens.home import HomeScreen
    from mdt_tui.screens.people.listing import PeopleScreen
    from mdt_tui.screens.plan import care_plan as plan_screens
    from tests.pilot_helpers import app_for, settle

    pickers = {"cga": cga_screens.CgaDueScreen, "plan": plan_screens.PlanDueScreen}
    # One definition: the pickers name their step and nothing else (no stages, no title of their own).
    assert {step_id: picker.step for step_id, picker in pickers.items()} == {s: s for s in pickers}
    assert not any("__init__" in vars(picker) for picker in pickers.values())
    offered: dict[str, list[int]] = {}
    app = app_for(demo_db, settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for step_id, picker in pickers.items():
            app.open_step(step_id)
            await settle(app, pilot)
            assert type(app.screen) is picker and type(app.screen).__name__ != STEPS[step_id].screen
            due = app.store.people(STEPS[step_id].due_stages)
            offered[step_id] = [p.id for p in app.screen.people]
            assert offered[step_id] == [p.id for p in due] and due, step_id
            assert str(app.screen.query_one("#list-title").content).startswith(STEPS[step_id].due_title)
            assert app.screen.query_one(DataTable).row_count == len(due)
            app.pop_screen()
            await settle(app, pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        pipeline = home.query_one("#pipeline", OptionList)
        for index, (key, row) in enumerate(home.rows.items()):
            if not row.step:
                continue
            pipeline.focus()
            pipeline.highlighted = index
            await pilot.press("enter")
            await settle(app, pilot)
            assert isinstance(app.screen, PeopleScreen) and len(app.screen.people) == row.count, key
            assert {p.id for p in app.screen.people} == {p.id for p in app.store.people(STEPS[row.step].due_stages)}
            if row.step in offered:  # the home count of a step with a picker opens the people its picker offers
                assert [p.id for p in app.screen.people] == offered[row.step] and row.count == len(offered[row.step])
            app.pop_screen()
            await settle(app, pilot)


async def test_each_step_key_opens_the_screen_the_registry_names(demo_db, settings):
    """Each step's key opens the screen the step registry names: from home the neighbourhood's steps (cohort,
    consent, reviews, the meeting's agenda), on a person their CGA and plan (from home those two offer the
    people due first; on a person r is their own review step)."""
    from mdt_tui.pathway_steps import STEPS
    from tests.helpers.cga_screen import caseload_person
    from tests.pilot_helpers import app_for, settle

    app = app_for(demo_db, settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        person = caseload_person(app)
        for step in STEPS.values():
            if step.id in ("cga", "plan"):
                app.open_person(person.id)
                await settle(app, pilot)
            await pilot.press(step.key)
            await settle(app, pilot)
            assert type(app.screen).__name__ == step.screen, (step.id, app.screen)
            while len(app.screen_stack) > 2:
                app.pop_screen()
            await settle(app, pilot)
