"""The theograph: service use run by run, the pathway between the runs, and the trend, in the core and on screen."""

from datetime import date, datetime

from mdt_tui.impact.service_use import bar, since_latest_run, timeline, trend
from mdt_tui.models import CohortEntry, HistoryEntry
from mdt_tui.pathway import Stage
from mdt_tui.screens.app import make_app
from mdt_tui.screens.cohort.review import CohortReviewScreen
from mdt_tui.screens.impact.theograph import TheographDialog
from mdt_tui.screens.people.person import PersonScreen
from tests.conftest import TODAY, make_patient
from tests.pilot_helpers import settle, text_of


def run(day: date, admissions: int | None, attendances: int | None) -> CohortEntry:
    return CohortEntry(
        search_name="S",
        run_date=day,
        emergency_admissions_12m=admissions,
        ae_attendances_12m=attendances,
        risk_grade="High",
        efi=0.3,
    )


def step(name: str, day: date) -> HistoryEntry:
    return HistoryEntry(
        step=name,
        from_stage=None,
        to_stage=Stage.IDENTIFIED,
        effective_date=day,
        recorded_at=datetime(2026, 1, 1),
        by_name="x",
        by_role="gp",
        details={},
    )


def test_bars_are_in_proportion_and_say_when_nothing_or_not_reported():
    assert [bar(n, 4, width=8) for n in (None, 0, 1, 2, 4)] == ["?", "·", "■■", "■■■■", "■■■■■■■■"]
    assert bar(1, 100, width=8) == "■"  # never less than one block for a real count
    assert bar(3, 0) == "■" * 8 * 3  # an empty scale counts as one


def test_each_run_with_the_milestones_reached_since_the_run_before():
    runs = [run(date(2026, 8, 1), 1, 4), run(date(2026, 5, 1), None, 2), run(date(2026, 11, 1), 3, 1)]
    history = [
        step("identify", date(2026, 5, 1)),
        step("mark_suitable", date(2026, 5, 3)),
        step("record_consent", date(2026, 6, 1)),
        step("complete_cga", date(2026, 7, 1)),
        step("complete_mdt_review", date(2026, 9, 1)),
        step("complete_mdt_review", date(2026, 10, 1)),
        step("step_down", date(2026, 11, 20)),
    ]
    lines = timeline(runs, history)
    assert [line.run_date for line in lines] == [date(2026, 5, 1), date(2026, 8, 1), date(2026, 11, 1)]
    assert [line.since_last for line in lines] == [("identified",), ("consented", "CGA"), ("MDT plan ×2",)]
    assert since_latest_run(runs, history) == ("stepped down",)
    assert trend(lines) == (
        "Since 01 May 2026: emergency admissions not reported in both runs; A&E attendances ↓ down from 2 to 1."
    )
    assert (
        trend(lines[1:])
        == "Since 01 Aug 2026: emergency admissions ↑ up from 1 to 3; A&E attendances ↓ down from 4 to 1."
    )
    assert trend(lines[:1]) == "One search run so far: nothing to compare yet."
    same = timeline([run(date(2026, 8, 1), 2, 2), run(date(2026, 11, 1), 2, 2)], [])
    assert trend(same) == "Since 01 Aug 2026: emergency admissions unchanged at 2; A&E attendances unchanged at 2."


def test_earlier_runs_are_kept_as_history_and_the_newest_stays_the_latest(store, user):
    person = store.add_person(
        user,
        make_patient(),
        run(date(2026, 11, 1), 3, 5),
        earlier=[run(date(2026, 8, 1), 2, 4), run(date(2026, 5, 1), 1, 2)],
    )
    assert [e.run_date for e in store.cohort_entries(person)] == [date(2026, 11, 1), date(2026, 8, 1), date(2026, 5, 1)]
    latest = store.db.execute(
        "SELECT e.run_date FROM patients p JOIN cohort_entries e ON e.id = p.latest_entry_id WHERE p.id = ?", [person]
    ).fetchone()[0]
    assert latest == "2026-11-01"


async def test_t_shows_the_theograph_from_the_person_and_from_cohort_review(demo_db, settings):
    app = make_app(demo_db, settings, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        person = next(p for p in app.store.people([Stage.PLANNED]) if len(app.store.cohort_entries(p.id)) > 1)
        app.open_person(person.id)
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen)
        details = " ".join(text_of(app.screen.query_one("#service-use")).split())
        assert f"Since {app.store.cohort_entries(person.id)[-1].run_date:%d %b %Y}:" in details  # the trend, briefly
        await pilot.press("t")
        assert isinstance(app.screen, TheographDialog)
        shown = " ".join(text_of(w) for w in app.screen.query("Static"))
        runs = app.store.cohort_entries(person.id)
        assert all(f"{e.run_date:%d %b %Y}" in shown for e in runs)
        assert f"Since {runs[-1].run_date:%d %b %Y}:" in shown and "identified" in shown
        await pilot.press("t", "p", "t")  # closed, privacy mode on, open again: the name is hidden
        assert isinstance(app.screen, TheographDialog)
        assert person.family_name not in str(app.screen.query_one(".panel-title").content)
        await pilot.press("escape", "p", "escape", "c")
        await settle(app, pilot)
        assert isinstance(app.screen, CohortReviewScreen)
        first = app.screen.current
        await pilot.press("t")
        assert isinstance(app.screen, TheographDialog) and app.screen.person_id == first.id
