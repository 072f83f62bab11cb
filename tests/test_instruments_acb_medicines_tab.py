"""The CGA medicines tab by keys: a medicine typed as a GP system prints it scores at once; the pharmacist confirms."""

from textual.widgets import DataTable

from mdt_tui.models import User
from mdt_tui.settings import Settings
from tests.helpers.cga_screen import NEXT_TAB, SIZE, app_for, caseload_person, text_of
from tests.pilot_helpers import notification_texts, settle


async def type_medicines(app, pilot, *names: str):
    person = caseload_person(app)
    app.open_step("cga", person.id)
    await settle(app, pilot)
    await pilot.press(*[NEXT_TAB] * 4, "enter")  # Physical › Mental › Social › Functional › Medication
    for name in names:
        await pilot.press(*name, "enter")
    await settle(app, pilot)
    return person, app.screen


def acb_text(screen) -> str:
    return text_of(screen.query_one("#sec-medicines #list-extra"))


async def test_amitriptyline_as_printed_shows_acb_3_at_once_and_is_provisional(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        person, screen = await type_medicines(app, pilot, "Amitriptyline 10mg tablets")
        shown = acb_text(screen)
        assert "ACB total 3 — Clinically relevant" in shown
        assert "ACB provisional: a pharmacist has not confirmed this medicines list" in shown
        assert screen.query_one("#sec-medicines #list-rows", DataTable).get_row_at(0)[-1] == "3"
        assert "not recognised" not in shown
    assert [m.name for m in app.store.cga_draft(person.id).medicines] == ["Amitriptyline 10mg tablets"]


async def test_the_acb_of_a_medicine_shows_while_it_is_typed(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        _, screen = await type_medicines(app, pilot)
        await pilot.press(*"Amitriptyline 10mg tablets")
        await settle(app, pilot)
        assert text_of(screen.query_one("#sec-medicines #acb-preview")).strip() == "→ amitriptyline: ACB 3"
        await pilot.press("enter")
        await settle(app, pilot)
        assert text_of(screen.query_one("#sec-medicines #acb-preview")).strip() == ""
        assert "ACB total 3" in acb_text(screen)


async def test_only_unrecognised_medicines_ask_for_the_pharmacist(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        _, screen = await type_medicines(app, pilot, "Ramipril 5mg capsules", "Zzqxamab 5mg")
        shown = acb_text(screen)
        assert "Not on the ACB list (0): ramipril" in shown
        assert "? Zzqxamab 5mg: not recognised, scored 0 — check with the pharmacist" in shown
        assert "Ramipril 5mg capsules: not" not in shown


async def test_a_pharmacist_confirms_the_list_with_one_key_audited(demo_db):
    app = app_for(demo_db, Settings(user=User(name="Priya Shah", role="pharmacist")))
    async with app.run_test(size=SIZE) as pilot:
        person, screen = await type_medicines(app, pilot, "Amitriptyline 10mg tablets")
        await pilot.press("shift+tab", "c")  # to the rows; c confirms
        await settle(app, pilot)
        assert "✔ Medicines list confirmed by Priya Shah (pharmacist)" in acb_text(screen)
        assert "ACB provisional" not in acb_text(screen)
        await pilot.press("tab", *"Furosemide 40mg", "enter")  # the list changes: provisional again
        await settle(app, pilot)
        assert "ACB provisional: a pharmacist has not confirmed this medicines list (changed" in acb_text(screen)
    confirmation = app.store.medicines_confirmation(person.id)
    assert confirmation.medicines == ("Amitriptyline 10mg tablets",) and confirmation.confirmed_by == "Priya Shah"
    [(who, after)] = app.store.db.execute("SELECT user_name, after FROM audit WHERE action = 'confirm_medicines_list'")
    assert who == "Priya Shah" and "Amitriptyline 10mg tablets" in after


async def test_anyone_but_a_pharmacist_cannot_confirm_the_list(demo_db, settings):
    app = app_for(demo_db, settings)  # a care coordinator
    async with app.run_test(size=SIZE) as pilot:
        person, _ = await type_medicines(app, pilot, "Amitriptyline 10mg tablets")
        await pilot.press("shift+tab", "c")
        await settle(app, pilot)
        assert notification_texts(app)[-1] == (
            "Only a pharmacist can confirm the medicines list; you are signed in as care coordinator."
        )
    assert app.store.medicines_confirmation(person.id) is None


def test_the_store_refuses_a_confirmation_by_anyone_but_a_pharmacist_or_of_an_empty_list(store, user):
    import pytest

    from mdt_tui.cga.bundle import Medicine
    from mdt_tui.errors import MissingRequirement, NotFound, NotPermitted
    from tests.conftest import make_entry, make_patient

    pharmacist = User(name="Priya Shah", role="pharmacist")
    person = store.add_person(user, make_patient(), make_entry())
    store.mark_suitable(user, person)
    store.record_consent(user, person, consent_by="patient", share_records=True)
    with pytest.raises(NotFound):
        store.confirm_medicines_list(pharmacist, person)  # no CGA in progress
    store.save_cga_list(user, person, "medicines", [])
    with pytest.raises(MissingRequirement, match="empty"):
        store.confirm_medicines_list(pharmacist, person)
    store.save_cga_list(user, person, "medicines", [Medicine(name="Amitriptyline 10mg tablets")])
    with pytest.raises(NotPermitted, match="Only a pharmacist"):
        store.confirm_medicines_list(user, person)
    assert store.medicines_confirmation(person) is None
    confirmed = store.confirm_medicines_list(pharmacist, person)
    assert store.medicines_confirmation(person) == confirmed
    assert confirmed.covers(["amitriptyline 10mg  TABLETS"]) and not confirmed.covers([])
