"""The CGA screen driven by keys with Textual's Pilot, on the demo database: what the store holds afterwards."""

from textual.widgets import OptionList

from mdt_tui.pathway import Stage
from mdt_tui.screens.cga.assessment import CgaDueScreen, CgaScreen
from mdt_tui.screens.cga.complete import CompletionDialog, DomainReasonDialog
from mdt_tui.screens.cga.forms import QuestionForm
from mdt_tui.screens.people.person import PersonScreen
from tests.conftest import TODAY
from tests.helpers.cga_screen import NEXT_TAB, SIZE, app_for, caseload_person, open_cga, text_of
from tests.pilot_helpers import settle


async def test_phq9_cfs_and_must_by_keys_then_complete_the_cga(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        person = caseload_person(app)
        screen = await open_cga(app, pilot, person.id)
        await pilot.press(NEXT_TAB, "enter")  # Mental: PHQ-9 is highlighted first
        assert isinstance(app.focused, QuestionForm) and app.focused.item.id == "phq9"
        await pilot.press(*"333333111")  # options 3 = "More than half the days" (2 points), 1 = 0 points
        assert "12 — Moderate" in text_of(screen.query_one("#sec-phq9 #q-head"))
        await pilot.press(NEXT_TAB, NEXT_TAB, "enter", "6")  # Functional: CFS first; level 6
        await pilot.press("escape", "down", "down", "down", "enter")  # CFS › eFI › FRAT › MUST
        assert screen.query_one("#sections-functional", OptionList).highlighted == 3
        # BMI 19, weight loss 6 %, not acutely ill (2 = No), no height, weight or previous weight
        await pilot.press("1", "9", "enter", "6", "enter", "2", "enter", "enter", "enter")
        await pilot.press(NEXT_TAB, NEXT_TAB, NEXT_TAB, "enter")  # Summary: enter completes
        await settle(app, pilot)
        assert not isinstance(app.screen, CompletionDialog)  # refused: the medication domain has nothing
        assert "✘ medication" in text_of(screen.query_one("#summary-body"))
        await pilot.press("r")  # why: the dialog opens on the missing domain; 1 = declined
        assert isinstance(app.screen, DomainReasonDialog)
        await pilot.press("1")
        await settle(app, pilot)
        assert "medication: no instrument — declined" in text_of(screen.query_one("#summary-body"))
        await pilot.press("enter")
        assert isinstance(app.screen, CompletionDialog)
        await pilot.press("f")  # a care coordinator cannot confirm a frailty diagnosis: nothing happens
        assert isinstance(app.screen, CompletionDialog)
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen)

    events = {e.snomed_code: e for e in app.store.coded_events(person_id=person.id)}
    assert events["720433000"].value == "12"
    assert events["763264000"].value == "6"
    assert events["444297006"].value == "2"
    assert "836131000000104" in events
    assert "1129381000000102" in events  # the CFS 6 level finding, beside 763264000
    assert "925831000000107" not in events  # the frailty diagnosis only when a clinician confirms it
    assert {events[c].effective_date for c in ("720433000", "763264000", "444297006", "836131000000104")} == {TODAY}
    assert app.store.latest_completed_cga(person.id).domain_reasons["medication"].reason == "declined"
    bundle = app.store.latest_completed_cga(person.id)
    assert {i: r.total for i, r in bundle.results.items()} == {"phq9": 12, "cfs": 6, "must": 2}
    assert {p.rule for p in bundle.suggested_problems} == {"depression", "frailty", "nutrition"}
    assert app.store.person(person.id).stage is Stage.ASSESSED


async def test_a_draft_survives_closing_the_app_and_continues_where_it_was_left(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        person = caseload_person(app)
        app.open_step("cga", person.id)
        await settle(app, pilot)
        await pilot.press(NEXT_TAB, "enter", "2", "3", "4")  # PHQ-9 q1–q3
        await pilot.press(NEXT_TAB, NEXT_TAB, NEXT_TAB, "enter")  # Medication: the medicines list
        await pilot.press(*"doxepin", "enter", *"atrpine", "enter", *"Fur")
        await pilot.pause()
        acb = text_of(app.screen.query_one("#sec-medicines #list-extra"))
        assert "ACB total 3" in acb and "did you mean atropine" in acb
        await pilot.press("ctrl+q")  # at once: "Fur" is typed but not added, nothing waited for

    again = app_for(demo_db, settings)
    async with again.run_test(size=SIZE) as pilot:
        again.open_step("cga", person.id)
        await settle(again, pilot)
        screen = again.screen
        assert again.focused.id == "entry-name" and again.focused.value == "Fur"  # where it was left
        assert screen.query_one("#sec-medicines #list-rows").row_count == 2
        await pilot.press("escape", *["left_square_bracket"] * 3, "enter")  # back to Mental: PHQ-9
        form = again.focused
        assert isinstance(form, QuestionForm) and form.item.id == "phq9"
        assert form.answers == {"q1": 1, "q2": 2, "q3": 3} and form.q_index == 3  # question 4 is next
        assert "[Mental ◐]" in text_of(screen.query_one("#cga-tabline"))
        await pilot.press("v")  # all at once: every question with its answer, the cursor on question 4
        body = text_of(form.query_one("#q-body"))
        assert "Nearly every day" in body and "▸" in body
        await pilot.press("2")
        await settle(again, pilot)
    draft = again.store.cga_draft(person.id)
    assert draft.answers["phq9"] == {"q1": 1, "q2": 2, "q3": 3, "q4": 1}
    assert [m.name for m in draft.medicines] == ["doxepin", "atrpine"]


async def test_from_home_the_people_whose_cga_is_due_and_the_falls_tool_setting(demo_db, settings):
    app = app_for(demo_db, settings.model_copy(update={"falls_tool": "frat5"}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, CgaDueScreen)
        due = app.store.people([Stage.ON_CASELOAD])
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CgaScreen) and app.screen.person_id == due[0].id
        await pilot.press(NEXT_TAB, NEXT_TAB, NEXT_TAB)
        ids = [o.id for o in app.screen.query_one("#sections-functional", OptionList).options]
        assert "frat5" in ids and "frat" not in ids
        await pilot.press("escape")
        assert isinstance(app.screen, CgaDueScreen)


async def test_a_person_not_on_the_caseload_is_told_why_and_nothing_is_written(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        waiting = app.store.people([Stage.AWAITING_CONTACT])[0]
        app.open_step("cga", waiting.id)
        await settle(app, pilot)
        assert "only for people on the caseload" in text_of(app.screen.query_one("#cga-refused"))
        await pilot.press("1", "right_square_bracket", "escape")
        assert not isinstance(app.screen, CgaScreen)
    assert app.store.cga_draft(waiting.id) is None
