"""The theograph draws imported, dated contacts month by month (caseload entry and MDT reviews marked) when
they exist, and the search-run totals otherwise."""

from __future__ import annotations

from datetime import date

from mdt_tui.impact.activity import ActivityRow, Contact
from mdt_tui.impact.activity_timeline import month_grid
from mdt_tui.models import HistoryEntry
from mdt_tui.pathway import Stage
from mdt_tui.screens.impact.theograph import TheographDialog
from mdt_tui.store.store import Store
from tests.conftest import COORDINATOR, TODAY
from tests.pilot_helpers import app_for, settle, text_of


def _step(step: str, on: date) -> HistoryEntry:
    return HistoryEntry(
        step=step,
        from_stage=None,
        to_stage=Stage.PLANNED,
        effective_date=on,
        recorded_at=f"{on.isoformat()}T10:00:00+00:00",
        by_name="A",
        by_role="gp",
        details={},
    )


def test_month_grid_counts_each_setting_by_month_and_marks_the_pathway():
    contacts = [
        Contact(date(2026, 3, 2), "ae", None),
        Contact(date(2026, 3, 9), "ae", None),
        Contact(date(2026, 4, 1), "emergency_admission", 6),
        Contact(date(2024, 1, 1), "gp", None),
    ]
    grid = month_grid(
        contacts,
        [_step("record_consent", date(2026, 4, 20)), _step("complete_mdt_review", date(2026, 6, 3))],
        date(2026, 11, 23),
        months=12,
    )
    march, april, june = (grid.months.index(date(2026, m, 1)) for m in (3, 4, 6))
    assert grid.rows["ae"][march] == 2 and grid.rows["emergency_admission"][april] == 1
    assert "gp" not in grid.rows  # before the months shown
    assert grid.bed_days[april] == 6
    assert (grid.marks[april], grid.marks[june]) == ("C", "R")


async def test_t_draws_dated_contacts_when_imported(demo_db, settings):
    with Store.open(demo_db) as store:
        person = store.people([Stage.PLANNED])[0]
        store.import_activity(
            COORDINATOR, [ActivityRow(person.nhs_number, date(TODAY.year, TODAY.month, 1), "ae", None)], source="test"
        )
    app = app_for(demo_db, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_person(person.id)
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, TheographDialog)
        shown = "\n".join(text_of(w) for w in app.screen.query("Static"))
        assert "Service use by month" in str(app.screen.query_one(".panel-title").content)
        assert "A&E 1" in shown
        pathway = next(line for line in shown.splitlines() if line.startswith("Pathway"))
        assert "R" in pathway.removeprefix("Pathway")  # the MDT review that planned them
        a_and_e = next(line for line in shown.splitlines() if line.startswith("A&E"))
        assert a_and_e.rstrip().endswith("1")  # this month, the last column
