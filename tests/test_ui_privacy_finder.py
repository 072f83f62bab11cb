"""Privacy mode in the finder (issue 14): with names as initials and NHS numbers hidden, every result still
shows age and practice, so two people with the same initials are told apart (the demo has such pairs)."""

from collections import Counter

from textual.widgets import OptionList

from mdt_tui.privacy import initials
from tests.pilot_helpers import SIZE, app_for, settle


async def test_people_with_the_same_initials_are_told_apart_by_age_and_practice(demo_db, settings):
    app = app_for(demo_db, settings)
    people = {pid: app.store.person(pid) for pid, *_ in app.store.finder_candidates()}
    same = Counter(initials(p.family_name, p.given_name) for p in people.values())
    shared = next(i for i, n in same.most_common() if n > 1)  # initials more than one person has
    family = next(p.family_name for p in people.values() if initials(p.family_name, p.given_name) == shared)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("p", "ctrl+f", *family[:1])
        await settle(app, pilot)
        options = app.screen.query_one("#results", OptionList).options
        lines = {int(o.id): " ".join(str(o.prompt).split()) for o in options}
    alike = {pid: line for pid, line in lines.items() if line.startswith(shared)}
    assert len(alike) >= 2, lines
    for pid, line in alike.items():
        person = people[pid]
        assert line.endswith(f"{person.age_on(app.today)} · {person.practice_code}")
        assert person.family_name not in line and person.nhs_number[-4:] not in line.replace(" ", "")
    assert len(set(alike.values())) == len(alike), alike  # no two of them look the same
