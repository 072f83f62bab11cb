"""Which matches enter may take without a choice: names as typed or NHS digits, never a near spelling."""

from mdt_tui.finder import find, sure_matches

PEOPLE = [
    (1, "Wilson", "Mohammed", "9995178532"),
    (2, "Wilson", "Irene", "9995178541"),
    (3, "Lee", "Siân", "9991058109"),
    (4, "Wilkinson", "Arthur", "9990000001"),
    (5, "Brown", "Wilma", "9990000002"),
]


def test_a_near_spelling_is_shown_but_never_sure():
    assert find("Wilsn", PEOPLE)  # shown, to choose from
    assert sure_matches("Wilsn", PEOPLE) == []
    assert sure_matches("Smith", PEOPLE) == []
    assert sure_matches("ilso", PEOPLE) == []  # inside a name, not its start


def test_names_and_digits_as_typed_are_sure():
    assert sure_matches("wilson mo", PEOPLE) == [1]
    assert sure_matches("wilson", PEOPLE) == [2, 1]
    assert sure_matches("999 517 8532", PEOPLE) == [1]
    assert sure_matches("", PEOPLE) == []


async def test_privacy_mode_finder_results_are_told_apart_by_age_and_practice(demo_db, settings):
    from textual.widgets import OptionList

    from tests.pilot_helpers import app_for, settle

    app = app_for(demo_db, settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        person = app.store.person(app.store.finder_candidates()[0][0])
        await pilot.press("p", "ctrl+f", *person.family_name)
        await settle(app, pilot)
        shown = [str(o.prompt) for o in app.screen.query_one("#results", OptionList).options]
    line = next(s for s in shown if f"· {person.practice_code}" in s and f"{person.age_on(app.today)} ·" in s)
    assert person.family_name not in line and person.nhs_number[-4:] not in line.replace(" ", "")
