"""Privacy mode: the notice after exporting a plan never shows the NHS number its file is named by."""

from mdt_tui.pathway import Stage
from tests.pilot_helpers import SIZE, app_for, notification_texts, open_plan


async def test_exporting_a_plan_in_privacy_mode_names_no_nhs_number(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        person = app.store.people([Stage.PLANNED])[0]
        await open_plan(app, pilot, person.id)
        await pilot.press("p", "X")
        await pilot.pause()
        shown = " ".join(notification_texts(app))
        assert "Care and Support Plan written to the exports folder" in shown
        assert person.nhs_number not in shown.replace(" ", "")
        assert list((demo_db.parent / "exports").iterdir())  # written all the same
