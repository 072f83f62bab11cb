"""Privacy mode on a shared screen: visiting the demo's screens at 80×24 with privacy on shows no NHS
number, date of birth or full name of anyone in the demo."""

import re

from tests.helpers.cga_screen import caseload_person
from tests.pilot_helpers import app_for, settle

SIZE = (80, 24)


def screen_text(app) -> str:
    svg = app.export_screenshot()
    rows: dict[str, list[tuple[float, str]]] = {}
    for m in re.finditer(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg, re.S):
        rows.setdefault(m.group(2), []).append((float(m.group(1)), re.sub(r"<[^>]+>", "", m.group(3))))
    lines = ["".join(t for _, t in sorted(parts)) for _, parts in sorted(rows.items(), key=lambda r: float(r[0]))]
    return "\n".join(lines).replace("&#160;", " ").replace("&amp;", "&")


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
