"""The pharmacist's ACB override by keys on the demo database: the live total, the dialog, and the completed result."""

from textual.widgets import DataTable

from mdt_tui.models import User
from mdt_tui.screens.cga.assessment import CgaScreen
from mdt_tui.screens.cga.complete import CompletionDialog
from mdt_tui.screens.cga.medicines import AcbOverrideDialog
from mdt_tui.settings import Settings
from tests.helpers.cga_screen import NEXT_TAB, SIZE, app_for, caseload_person, text_of
from tests.pilot_helpers import notification_texts, settle

REASON = "10 mg at night only"


async def open_medicines(app, pilot):
    """The CGA's Medication tab for the first person on the caseload, with amitriptyline (3) and furosemide (1)."""
    person = caseload_person(app)
    app.open_step("cga", person.id)
    await settle(app, pilot)
    await pilot.press(*[NEXT_TAB] * 4, "enter")  # Physical › Mental › Social › Functional › Medication
    await pilot.press(*"amitriptyline", "enter", *"furosemide", "enter", "shift+tab")  # the rows
    await settle(app, pilot)
    assert isinstance(app.focused, DataTable) and app.focused.cursor_row == 0
    return person, app.screen


def acb_text(screen) -> str:
    return text_of(screen.query_one("#sec-medicines #list-extra"))


async def test_a_pharmacist_overrides_a_drugs_acb_score_by_keys_and_the_completed_result_records_it(demo_db):
    app = app_for(demo_db, Settings(user=User(name="Priya Shah", role="pharmacist")))
    async with app.run_test(size=SIZE) as pilot:
        person, screen = await open_medicines(app, pilot)
        assert "ACB total 4" in acb_text(screen)
        await pilot.press("s")
        assert isinstance(app.screen, AcbOverrideDialog)
        await pilot.press("enter", "enter")  # score 0 picked by the cursor; no reason yet: refused
        assert isinstance(app.screen, AcbOverrideDialog) and "reason" in str(
            app.screen.query_one("#form-error").content
        )
        await pilot.press("shift+tab", "1", *REASON, "enter")  # 1, and why
        await settle(app, pilot)
        assert isinstance(app.screen, CgaScreen)
        assert "ACB total 2" in acb_text(screen)
        assert f"amitriptyline: ACB 3 → 1, pharmacist override: {REASON}" in acb_text(screen)
        assert screen.query_one("#sec-medicines #list-rows", DataTable).get_row_at(0)[-1] == "3 → 1 override"

        await pilot.press("down", "s", "0", *"stopped last week", "enter")  # furosemide 1 → 0 …
        await settle(app, pilot)
        assert "ACB total 1" in acb_text(screen)
        await pilot.press("s", "delete")  # … and the override removed again: the dialog opens on the score
        await settle(app, pilot)
        assert "ACB total 2" in acb_text(screen) and "furosemide: ACB" not in acb_text(screen)

        await pilot.press(NEXT_TAB, NEXT_TAB, "r", "1", "r", "1")  # Summary: mental and functional declined
        await settle(app, pilot)
        await pilot.press("enter")  # enter completes
        assert isinstance(app.screen, CompletionDialog)
        await pilot.press("y")
        await settle(app, pilot)

    bundle = app.store.latest_completed_cga(person.id)
    assert bundle.results["acb"].total == 2
    assert app.store.cga_score_result(bundle.id, "acb").acb.overrides_applied == {"amitriptyline": 1}
    assert {d: o.reason for d, o in bundle.acb_overrides.items()} == {"amitriptyline": REASON}
    audit = app.store.db.execute(
        "SELECT user_name, after FROM audit WHERE action = 'save_cga_acb_override' ORDER BY id"
    ).fetchall()
    assert [who for who, _ in audit] == ["Priya Shah"] * 3 and '"value":null' in audit[-1][1]


async def test_anyone_but_a_pharmacist_is_told_why_and_no_dialog_opens(demo_db, settings):
    app = app_for(demo_db, settings)  # a care coordinator
    async with app.run_test(size=SIZE) as pilot:
        person, screen = await open_medicines(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        assert app.screen is screen
        assert notification_texts(app) == [
            "Only a pharmacist can override a drug's ACB score; you are signed in as care coordinator."
        ]
    assert app.store.cga_draft(person.id).acb_overrides == {}
