"""Consent and first contact driven by keys: attempts, consent by next of kin, decline and re-approach."""

from datetime import timedelta

from textual.widgets import TabbedContent

from mdt_tui.consent.records import ContactAttempt
from mdt_tui.models import TeamMember
from mdt_tui.pathway import CASELOAD_STAGES, Stage
from mdt_tui.roles import Role
from mdt_tui.screens.cohort.table import ListTable
from mdt_tui.screens.consent.contact import ConsentScreen
from mdt_tui.screens.consent.dialogs import ConsentDialog, ContactAttemptDialog, FirstContactDialog
from mdt_tui.screens.kit.forms import Choice
from mdt_tui.screens.kit.help import key_rows
from mdt_tui.store.store import Store
from tests.conftest import COORDINATOR, TODAY, make_entry, make_patient
from tests.pilot_helpers import SIZE, app_for, open_consent, settle, text_of

ON_PATHWAY, DECLINED = "818241000000105", "877011000000107"


def codes(app, person_id: int) -> list[str]:
    return [e.snomed_code for e in app.store.coded_events(person_id=person_id)]


async def test_contact_attempt_then_consent_by_next_of_kin(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_consent(app, pilot)
        waiting = app.store.waiting_for_contact(TODAY)
        assert table.row_count == len(waiting) == 14
        person = waiting[0].patient_id  # longest waiting first
        assert app.screen.current.id == person and str(table.get_row_at(0)[1]) == f"{waiting[0].days_waiting} d"
        await pilot.press("t")
        assert isinstance(app.screen, ContactAttemptDialog)
        await pilot.press("1", "3", "enter")  # phone, spoke, today's date: saved
        await settle(app, pilot)
        assert app.store.contact_attempts(person) == [ContactAttempt(on=TODAY, method="phone", outcome="spoke")]
        assert str(table.get_row_at(0)[4]) == "1"
        assert "phone call: spoke" in text_of(app.screen.query_one("#details-approach"))
        await pilot.press("y")
        assert isinstance(app.screen, ConsentDialog)
        await pilot.press("2", *"Ann Kaur", "enter")  # next of kin; saving refuses without the why
        await pilot.pause()
        assert "why" in text_of(app.screen.query_one("#form-error"))
        await pilot.press("tab", *"lacks capacity", "tab", "1", "1", "1", "enter")  # share, leaflet, phone; today
        await settle(app, pilot)
        assert app.store.person(person).stage is Stage.ON_CASELOAD
        assert codes(app, person)[-1] == ON_PATHWAY
        consent = app.store.history(person)[-1]
        assert consent.step == "record_consent" and consent.effective_date == TODAY
        assert {
            k: consent.details[k]
            for k in ("consent_by", "given_by_name", "reason", "share_records", "leaflet_given", "method")
        } == {
            "consent_by": "next_of_kin",
            "given_by_name": "Ann Kaur",
            "reason": "lacks capacity",
            "share_records": True,
            "leaflet_given": True,
            "method": "phone",
        }
        assert table.row_count == 13 and "saved" in app.screen.sub_title
        caseload = len(app.store.people(CASELOAD_STAGES))
        tab = app.screen.query_one(TabbedContent).get_tab("caseload")
        assert f"Caseload {caseload} / 150" in str(tab.label)


async def test_decline_then_reapproach_keeps_both_approaches(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_consent(app, pilot)
        person = app.screen.current.id
        nhs = app.store.person(person).nhs_number
        await pilot.press("d", *"coping well", "enter")
        await settle(app, pilot)
        assert app.store.person(person).stage is Stage.DECLINED and codes(app, person)[-1] == DECLINED
        await pilot.press("3", "slash", *nhs[-6:], "enter")
        await pilot.pause()
        assert app.screen.tab == "declined" and app.screen.current.id == person
        await pilot.press("y")  # consent is for people waiting first contact: greyed out on this tab
        assert isinstance(app.screen, ConsentScreen)
        declined = app.screen.query_one("#declined-table", ListTable)
        assert declined.row_count == 1 and str(declined.get_row_at(0)[4]) == "coping well"
        await pilot.press("r", *"son asked", "enter")
        await settle(app, pilot)
        assert app.store.person(person).stage is Stage.AWAITING_CONTACT
        steps = [(h.step, h.details.get("reason") or h.details.get("note")) for h in app.store.history(person)]
        assert steps[-2:] == [("record_decline", "coping well"), ("reapproach", "son asked")]
        await pilot.press("1")  # back on the waiting list, the history shows both approaches
        await settle(app, pilot)  # the detail pane is read in a worker
        assert app.screen.current.id == person
        history = text_of(app.screen.query_one("#details-approach"))
        assert "record decline → Declined" in history and "reapproach → Waiting first contact" in history
        assert DECLINED in history


def test_help_lists_the_consent_keys():
    described = {(where, key) for where, key, _ in key_rows()}
    for key in ("t", "y", "d", "r", "c", "1", "2", "3"):
        assert ("Consent", key) in described
    assert ("Dialogs", "ctrl+s") in described and ("Dialogs", "escape") in described


async def test_opened_from_a_person_it_shows_them(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        declined = app.store.people([Stage.DECLINED])[-1]
        app.open_person(declined.id)
        await pilot.pause()
        await open_consent(app, pilot)
        assert app.screen.tab == "declined" and app.screen.current.id == declined.id


async def test_a_family_name_with_a_comma_and_a_member_picked_by_id(demo_db, settings):
    """Issue 18: the waiting list keeps the name's two parts (privacy initials of 'Smith, Jones' / 'Ann' are
    A.S., not J.S.), and the first-contact dialog opens on the assigned member by id, not the first member
    of the same name."""
    with Store.open(demo_db) as store:
        person = store.add_person(
            COORDINATOR, make_patient("9990000026", family_name="Smith, Jones", given_name="Ann"), make_entry()
        )
        store.mark_suitable(COORDINATOR, person, on=TODAY - timedelta(days=900))  # the longest waiting
        store.add_team_member(COORDINATOR, TeamMember(name="Alex Khan", role=Role.GP))
        nurse = store.add_team_member(COORDINATOR, TeamMember(name="Alex Khan", role=Role.NURSE))
        store.assign_first_contact(COORDINATOR, [person], member_id=nurse.id, method="phone")
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_consent(app, pilot)
        assert app.screen.current.id == person
        assert [str(c) for c in table.get_row_at(0)[:3]] == ["Smith, Jones, Ann", "900 d", "Alex Khan"]
        await pilot.press("p")
        await settle(app, pilot)
        assert str(table.get_row_at(0)[0]) == "A.S."
        await pilot.press("c")
        assert isinstance(app.screen, FirstContactDialog)
        assert app.screen.query_one("#who", Choice).value == nurse.id
        assert app.screen.form_title == "First contact — A.S."
        await pilot.press("escape")
