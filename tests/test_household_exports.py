"""mdt export agenda / plan name each person's household and carers; with --private, initials only."""

from __future__ import annotations

from mdt_tui.cli import main
from mdt_tui.households.records import CarerDetails, shown_name
from mdt_tui.meeting.minutes import minutes_document
from mdt_tui.store.store import Store
from tests.conftest import COORDINATOR


def upcoming(store: Store) -> int:
    return store.db.execute("SELECT id FROM meetings WHERE status = 'upcoming'").fetchone()[0]


def test_agenda_names_the_carer_of_every_case_that_has_one(demo_db, capsys):
    with Store.open(demo_db) as store:
        meeting = upcoming(store)
        carers = {c.person_id: [x.name for x in store.carers_of(c.person_id)] for c in store.meeting(meeting).cases}
    assert any(carers.values())  # the demo's Patels are on it
    assert main(["export", "agenda", str(meeting), "--db", str(demo_db)]) == 0
    text = capsys.readouterr().out
    for names in carers.values():
        for name in names:
            assert any(line.startswith("- Household and carer: Carer:") and name in line for line in text.splitlines())
    assert main(["export", "agenda", str(meeting), "--db", str(demo_db), "--private"]) == 0
    private = capsys.readouterr().out
    for names in carers.values():
        for name in names:
            assert name not in private and shown_name(name, private=True) in private


def test_printed_plan_has_the_household_and_carer_section(demo_db, capsys):
    with Store.open(demo_db) as store:
        albert = store.db.execute(
            "SELECT nhs_number FROM patients WHERE given_name = 'Albert' AND family_name = 'Carter'"
        ).fetchone()[0]
    assert main(["export", "plan", albert, "--db", str(demo_db)]) == 0
    text = capsys.readouterr().out
    section = text[text.index("## Household and carer") : text.index("## Named lead")]
    assert "wife Carter, Edna — in cohort" in section and "daughter Jane Hughes" in section
    assert 'strain high "at the end of my tether"' in section and "assessment offered" in section
    assert main(["export", "plan", albert, "--db", str(demo_db), "--private"]) == 0
    private = capsys.readouterr().out
    assert "Carter" not in private and "Jane Hughes" not in private and "J.H." in private and "E.C." in private


def test_minutes_show_the_household_of_a_discussed_case(demo_db):
    with Store.open(demo_db) as store:
        held = store.db.execute("SELECT id FROM meetings WHERE status = 'held'").fetchone()[0]
        person = store.meeting(held).cases[0].person_id
        store.add_carer(COORDINATOR, CarerDetails(name="Sam Okoro", relationship="son"), cared_for_id=person)
        text = minutes_document(store, held).render("md")
        private = minutes_document(store, held, private=True).render("md")
    assert "Household and carer: Carer: son Sam Okoro" in text
    assert "Sam Okoro" not in private and "S.O." in private


def test_an_action_for_the_carer_says_so_in_the_agenda_and_minutes(demo_db):
    from mdt_tui.meeting.minutes import agenda_document

    with Store.open(demo_db) as store:
        upcoming_id = upcoming(store)
        person = store.meeting(upcoming_id).cases[0].person_id
        carer = store.add_carer(COORDINATOR, CarerDetails(name="Sam Okoro", relationship="son"), cared_for_id=person)
        store.add_carer_action(COORDINATOR, carer, description="Respite for Sam", owner_id=None, due=None)
        text = agenda_document(store, upcoming_id).render("md")
        private = agenda_document(store, upcoming_id, private=True).render("md")
    assert "Respite for Sam — unassigned (for the carer, Sam Okoro)" in text
    assert "(for the carer, S.O.)" in private


def test_the_plan_names_an_action_for_the_carer():
    from mdt_tui.plan.document import _for_carer

    assert _for_carer(7, {7: "Jane Hughes"}, False) == " (for the carer, Jane Hughes)"
    assert _for_carer(7, {7: "Jane Hughes"}, True) == " (for the carer, J.H.)"
    assert _for_carer(8, {7: "Jane Hughes"}, False) == ""
