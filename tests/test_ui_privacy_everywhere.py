"""Privacy mode on a shared screen: visiting the demo's screens at 80×24 with privacy on shows no NHS
number, date of birth or full name of anyone in the demo."""

import html
import re

from textual.binding import Binding

from tests.helpers.cga_screen import caseload_person
from tests.pilot_helpers import app_for, settle

SIZE = (80, 24)


def screen_text(app) -> str:
    svg = app.export_screenshot()
    rows: dict[str, list[tuple[float, str]]] = {}
    for m in re.finditer(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg, re.S):
        rows.setdefault(m.group(2), []).append((float(m.group(1)), re.sub(r"<[^>]+>", "", m.group(3))))
    lines = ["".join(t for _, t in sorted(parts)) for _, parts in sorted(rows.items(), key=lambda r: float(r[0]))]
    return html.unescape("\n".join(lines)).replace("\xa0", " ")


def leaks(app, shown: str) -> list[str]:
    found = []
    digits = re.sub(r"[ \-]", "", shown)
    for person_id, family, given, nhs in app.store.finder_candidates():
        person = app.store.person(person_id)
        if nhs in digits:
            found.append(f"NHS number of person {person_id}")
        if f"{family}, {given}" in shown or f"{given} {family}" in shown:
            found.append(f"full name of person {person_id}")
        dob = person.date_of_birth
        if any(text in shown for text in (f"{dob:%d/%m/%Y}", f"{dob:%d %b %Y}", dob.isoformat())):
            found.append(f"date of birth of person {person_id}")
    return found


async def test_no_identifier_on_any_screen_with_privacy_on(demo_db, settings):
    app = app_for(demo_db, settings)
    seen: dict[str, list[str]] = {}

    async def look(where: str, *keys: str) -> None:
        await pilot.press(*keys)
        await settle(app, pilot)
        seen[where] = leaks(app, screen_text(app))

    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        person = caseload_person(app)
        await look("home")
        await look("cohort review", "c")
        await look("consent", "h", "n")
        await look("reviews", "h", "r")
        await look("agenda", "h", "m")
        await look("meeting", "s")
        await pilot.press("escape")
        await look("finder", "h", "ctrl+f", *person.family_name[:3])
        await pilot.press("escape")
        app.open_person(person.id)
        await look("person")
        await look("plan", "l")
        await pilot.press("escape")
        await look("cga", "a")
        await pilot.press("h")
        await settle(app, pilot)
        await look("overdue actions", "tab", "down", "down", "enter")
        app.open_person(person.id)
        await settle(app, pilot)
        await pilot.press("p")  # the control: with privacy off the same check finds the person's identifiers
        await settle(app, pilot)
        assert leaks(app, screen_text(app)), "the check cannot see identifiers even with privacy off"
    assert len(seen) >= 10 and all(not found for found in seen.values()), {k: v[:3] for k, v in seen.items() if v}


def key_of(screen, action: str) -> str:
    """The key a screen binds to one of its actions (keys are kept in one registry and may move)."""
    return next(b.key for b in type(screen).BINDINGS if isinstance(b, Binding) and b.action == action)


def in_household(app):
    """A demo person with a household member in the cohort (Sunita Patel: her husband Ramesh)."""
    from mdt_tui.pathway import Stage
    from mdt_tui.privacy import household_names

    person = next(p for p in app.store.people([Stage.ASSESSED]) if household_names(app.store.household_view(p.id)))
    given = [n.split(", ")[-1] for n in household_names(app.store.household_view(person.id))]
    return person, next(name for name in given if name != person.given_name)


async def test_names_typed_into_free_text_are_masked_on_screen_with_privacy_on(demo_db, settings):
    """An action typed on the plan and one typed in the meeting name the person and their husband; with privacy
    on every screen showing them shows initials, and the record keeps the words as typed."""
    app = app_for(demo_db, settings)
    async with app.run_test(size=(160, 70)) as pilot:
        await settle(app, pilot)
        person, partner = in_household(app)
        typed = f"{partner} willing; {person.given_name}'s {person.family_name.upper()}"  # short: never wrapped
        app.open_person(person.id)
        await settle(app, pilot)
        await pilot.press("l")
        await settle(app, pilot)
        mine = str(1 + [m.name for m in app.store.team()].index(settings.user.name))  # so it is on my actions
        await pilot.press(key_of(app.screen, "add_action"), mine, "2", *typed, "enter")
        await settle(app, pilot)
        assert [a.description for a in app.store.actions(person_id=person.id)] == [typed]  # stored as typed
        assert typed in screen_text(app)  # privacy off: as typed
        await pilot.press("p")
        await settle(app, pilot)
        shown = screen_text(app)
        initials = f"{partner[0]}. willing; {person.given_name[0]}.'s {person.family_name[0]}."
        assert initials in shown and partner not in shown and person.given_name not in shown
        await pilot.press("p")  # off again: the words come back
        await settle(app, pilot)
        assert typed in screen_text(app)
        await pilot.press("p", "h", "y")  # my actions (everyone's list: masked row by row)
        await settle(app, pilot)
        shown = screen_text(app)
        assert initials in shown and partner not in shown, shown
        await pilot.press("h", "m", "s")  # the meeting: an action typed there names the case's person
        await settle(app, pilot)
        case = app.screen.case
        case_person = app.store.person(case.person_id)
        said = f"{case_person.given_name} to bring {case_person.given_name.lower()}'s own list"
        await pilot.press(key_of(app.screen, "action"), "1", "enter", "2", *said, "enter")
        await settle(app, pilot)
        shown = screen_text(app)
        assert f"{case_person.given_name[0]}. to bring {case_person.given_name[0]}.'s own list" in shown
        assert case_person.given_name not in shown and not leaks(app, shown)
        assert any(said in d.text for d in app.store.meeting(app.screen.meeting_id).cases[app.screen.index].decisions)


async def test_names_in_the_plans_changes_are_masked_with_privacy_on(demo_db, settings):
    """The plan's changes since the last review (plan text before and after) show names as initials."""
    from mdt_tui.pathway import Stage
    from mdt_tui.privacy import household_names

    app = app_for(demo_db, settings)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        person = next(p for p in app.store.people([Stage.PLANNED]) if household_names(app.store.household_view(p.id)))
        typed = f"{person.given_name} rings {person.family_name.lower()}'s daughter first"
        app.store.save_plan(settings.user, person.id, crisis_plan=typed)
        app.open_person(person.id)
        await settle(app, pilot)
        await pilot.press("l")
        await settle(app, pilot)
        await pilot.press(key_of(app.screen, "changes"))
        await settle(app, pilot)
        assert typed in screen_text(app)
        await pilot.press("p")
        await settle(app, pilot)
        shown = screen_text(app)
        assert f"{person.given_name[0]}. rings {person.family_name[0]}.'s daughter first" in shown, shown
        assert person.given_name not in shown and not leaks(app, shown)


async def test_names_in_the_cgas_goals_are_masked_with_privacy_on(demo_db, settings):
    """The CGA's "what matters to me" rows, in the person's words, show names as initials with privacy on; the
    row kept for editing is as typed."""
    from textual.widgets import DataTable

    from mdt_tui.pathway import Stage
    from tests.helpers.cga_screen import NEXT_TAB, open_cga

    app = app_for(demo_db, settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        person = app.store.people([Stage.ON_CASELOAD])[0]
        typed = f"{person.given_name} wants to stay at home"
        app.store.save_cga_list(settings.user, person.id, "goals", [{"text": typed}])
        screen = await open_cga(app, pilot, person.id)
        for _ in range(8):
            if screen.query("#sec-goals"):
                break
            await pilot.press(NEXT_TAB)
            await settle(app, pilot)
        goals = screen.query_one("#sec-goals")
        table = goals.query_one(DataTable)
        assert [str(c) for c in table.get_row_at(0)] == [typed]
        table.focus()  # not the entry box: there p is a letter
        await pilot.press("p")
        await settle(app, pilot)
        assert app.privacy
        assert [str(c) for c in table.get_row_at(0)] == [f"{person.given_name[0]}. wants to stay at home"]
        assert goals.rows[0]["text"] == typed  # what enter would edit
