"""Documents written from the app (w on the agenda, X on the plan) go to the owner-only `exports` folder
beside the database, and a second one never overwrites the first."""

from __future__ import annotations

import stat

from mdt_tui.export_folder import write_new_export
from mdt_tui.pathway import Stage
from mdt_tui.screens.meeting.agenda import AgendaScreen
from tests.pilot_helpers import SIZE, app_for, notification_texts, open_plan, settle


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_w_writes_the_agenda_beside_the_database_and_never_over_an_earlier_one(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        assert isinstance(app.screen, AgendaScreen)
        meeting = app.screen.meeting_id
        await pilot.press("w")
        await pilot.pause()
        first = demo_db.parent / "exports" / f"agenda-meeting-{meeting}.md"
        assert first.read_text().startswith("# MDT agenda")
        first.write_text("kept: written by hand since")
        await pilot.press("w")
        await pilot.pause()
        second = first.with_name(f"agenda-meeting-{meeting}-2.md")
        assert first.read_text() == "kept: written by hand since"
        assert second.read_text().startswith("# MDT agenda")
        assert mode(first.parent) == 0o700 and mode(second) == 0o600
        assert any(str(second) in t for t in notification_texts(app))


async def test_x_writes_the_plan_beside_the_database_as_a_new_file_each_time(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        person = app.store.people([Stage.PLANNED])[0]
        await open_plan(app, pilot, person.id)
        await pilot.press("X", "X")
        await pilot.pause()
        folder = demo_db.parent / "exports"
        written = sorted(p.name for p in folder.iterdir())
        stem = f"care-plan-{app.store.patient(person.id).nhs_number}"
        assert written == [f"{stem}-2.html", f"{stem}.html"]


def test_a_folder_that_cannot_be_written_is_one_sentence(tmp_path):
    db = tmp_path / "mdt.db"
    (tmp_path / "exports").write_text("a file where the folder should be")
    try:
        write_new_export(db, "agenda", ".md", "text")
    except Exception as exc:  # noqa: BLE001 — the kind matters: it must be one the screens refuse with
        from mdt_tui.errors import MdtError

        assert isinstance(exc, MdtError) and "nothing was written" in str(exc)
    else:
        raise AssertionError("written into a file as if it were a folder")
